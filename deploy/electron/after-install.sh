#!/bin/sh
# After installing the Tiang .deb: a system user, the config, the data folder, the units.
set -e
if ! getent passwd tiang >/dev/null; then
  useradd --system --home-dir /var/lib/tiang --shell /usr/sbin/nologin --user-group tiang
fi
for g in gpio audio dialout video input render; do
  getent group "$g" >/dev/null && usermod -aG "$g" tiang || true
done
install -d -m 0750 -o tiang -g tiang /var/lib/tiang
install -d -m 0755 /etc/tiang
if [ ! -e /etc/tiang/tiang.yaml ]; then
  install -m 0640 -o root -g tiang /opt/Tiang/resources/deploy/tiang.yaml /etc/tiang/tiang.yaml
fi
install -m 0644 /opt/Tiang/resources/deploy/systemd/tiang-kiosk.service /etc/systemd/system/tiang-kiosk.service
# The hotspot: firewall at boot, then hostapd and dnsmasq from the files the agent generates.
for u in tiang-hotspot-firewall.service tiang-hostapd.service tiang-dnsmasq.service \
  tiang-hotspot-reload.path tiang-hotspot-reload.service; do
  install -m 0644 "/opt/Tiang/resources/deploy/systemd/$u" "/etc/systemd/system/$u"
done
install -m 0644 /opt/Tiang/resources/deploy/sysctl/90-tiang-hotspot.conf /etc/sysctl.d/90-tiang-hotspot.conf
if [ -d /etc/NetworkManager/conf.d ]; then
  install -m 0644 /opt/Tiang/resources/deploy/NetworkManager/90-tiang-hotspot.conf \
    /etc/NetworkManager/conf.d/90-tiang-hotspot.conf
fi
install -d -m 0750 -o tiang -g tiang /var/lib/tiang/hotspot
if [ -e /opt/Tiang/resources/deploy/asound.conf ] && [ ! -e /etc/asound.conf ]; then
  install -m 0644 /opt/Tiang/resources/deploy/asound.conf /etc/asound.conf
fi
# The Chromium sandbox helper must be setuid root where user namespaces are off.
chmod 4755 /opt/Tiang/chrome-sandbox 2>/dev/null || true
if command -v systemctl >/dev/null && [ -d /run/systemd/system ]; then
  systemctl daemon-reload
  systemctl enable tiang-kiosk.service
  systemctl enable tiang-hotspot-firewall.service tiang-hostapd.service tiang-dnsmasq.service \
    tiang-hotspot-reload.path
  sysctl -q --system || true
  echo "Tiang installed. Set device.id and mqtt in /etc/tiang/tiang.yaml, then: systemctl start tiang-kiosk"
fi
