#!/usr/bin/env bash
# Speaker-only pole (no screen): installs the agent under plain Node and systemd, from this
# checkout or release tarball. Needs Node 20+ (NodeSource; Bookworm's own node is 18).
#   sudo bash scripts/install-agent.sh
set -euo pipefail
cd "$(dirname "$0")/.."
[ "$(id -u)" -eq 0 ] || { echo "install-agent: run as root (sudo)" >&2; exit 1; }
major="$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)"
[ "$major" -ge 20 ] || { echo "install-agent: Node 20 or newer is needed (found ${major}); see README" >&2; exit 1; }
apt-get install -y --no-install-recommends alsa-utils espeak-ng sox nftables
npm ci --no-audit --no-fund
bash scripts/build.sh
npm prune --omit=dev --no-audit --no-fund
install -d /opt/tiang
cp -a package.json dist node_modules deploy /opt/tiang/
getent passwd tiang >/dev/null || useradd --system --home-dir /var/lib/tiang --shell /usr/sbin/nologin --user-group tiang
for g in gpio audio dialout; do getent group "$g" >/dev/null && usermod -aG "$g" tiang || true; done
install -d -m 0755 /etc/tiang
[ -e /etc/tiang/tiang.yaml ] || install -m 0640 -o root -g tiang deploy/tiang.yaml /etc/tiang/tiang.yaml
install -m 0644 deploy/systemd/tiang-agent.service /etc/systemd/system/tiang-agent.service
systemctl daemon-reload
systemctl enable tiang-agent.service
echo "install-agent: done. Edit /etc/tiang/tiang.yaml (device.id, mqtt, gpio, audio), run"
echo "  sudo -u tiang node /opt/tiang/dist/agent/main.js doctor --config /etc/tiang/tiang.yaml"
echo "then: sudo systemctl start tiang-agent; journalctl -u tiang-agent -f"
