#!/usr/bin/env bash
# Builds the kiosk .deb and AppImage for Raspberry Pi (npm run dist:pi). Run it on an arm64
# machine (a Pi 4/5 with 4 GB or more, or an arm64 server): native modules (better-sqlite3,
# epoll, serialport) are rebuilt for Electron's ABI, which a cross build from x64 cannot do
# without a cross toolchain. armv7l (Pi 3) packages need a 32-bit toolchain: pass --armv7l
# on a machine that has one (or build on a Pi 3/32-bit OS).
set -euo pipefail
cd "$(dirname "$0")/.."
arch="$(uname -m)"
archs=(--arm64)
[ "${1:-}" = "--armv7l" ] && archs=(--armv7l)
if [ "$arch" != "aarch64" ] && [ "$arch" != "armv7l" ] && [ "${TIANG_DIST_FORCE:-}" != "1" ]; then
  echo "dist:pi: this is a $arch machine; build on arm64 (see README, 'Building the Pi packages')." >&2
  echo "dist:pi: TIANG_DIST_FORCE=1 tries anyway (native modules will be wrong)." >&2
  exit 1
fi
npm ci --no-audit --no-fund
bash scripts/build.sh
npx electron-builder --config electron-builder.yml --linux deb AppImage "${archs[@]}" --publish never
ls -l dist-electron/*.deb dist-electron/*.AppImage
