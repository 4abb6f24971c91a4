#!/bin/sh
# After removing the Tiang .deb: stop and forget the unit; data and config stay (purge removes nothing of ours by design).
set -e
if command -v systemctl >/dev/null && [ -d /run/systemd/system ]; then
  systemctl disable tiang-kiosk.service 2>/dev/null || true
  rm -f /etc/systemd/system/tiang-kiosk.service
  systemctl daemon-reload
fi
