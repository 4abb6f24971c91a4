#!/usr/bin/env bash
# Installs what Tiang needs on this machine, and skips what is already there.
#   scripts/setup.sh runtime   for `npm start` (the simulated pole)
#   scripts/setup.sh test      for `npm test` (adds Chromium, mosquitto, nft, ...)
# Debian packages need root (or sudo); npm packages come from package-lock.json.
set -euo pipefail
cd "$(dirname "$0")/.."
mode="${1:-runtime}"

# dnsmasq-base: the dnsmasq binary without its system service (installing it starts no DNS
# server on a laptop); the agent checks the hotspot's dnsmasq.conf with `dnsmasq --test`.
runtime_pkgs=(alsa-utils espeak-ng sox nftables dnsmasq-base)
test_pkgs=(chromium mosquitto mosquitto-clients iproute2 openssl)
pkgs=("${runtime_pkgs[@]}")
[ "$mode" = "test" ] && pkgs+=("${test_pkgs[@]}")

missing=()
for p in "${pkgs[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then missing+=("$p"); fi
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing Debian packages: ${missing[*]}"
  sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null; then sudo="sudo"; else
      echo "setup: these Debian packages are missing and this user cannot install them: ${missing[*]}" >&2
      echo "setup: run as root: apt-get install -y ${missing[*]}" >&2
      exit 1
    fi
  fi
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# npm packages: reinstall only when package-lock.json changed since the last install.
lock_sum="$(sha256sum package-lock.json | cut -d' ' -f1)"
stamp=node_modules/.tiang-lock-sha256
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$lock_sum" ]; then
  echo "setup: installing npm packages (npm ci; better-sqlite3 compiles from source, about a minute)"
  # The Electron binary cannot be downloaded here (and is not needed to build or test): typings only.
  ELECTRON_SKIP_BINARY_DOWNLOAD=1 npm ci --no-audit --no-fund
  echo "$lock_sum" > "$stamp"
fi

bash scripts/build.sh --if-stale
