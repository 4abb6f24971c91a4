import { z } from 'zod';
import { ipv4Subnet, ipv4ToInt } from '../../core/ipv4.js';

const port = z.number().int().min(0).max(65535);
/** BCM GPIO numbers as printed on Raspberry Pi pinout diagrams (not header pin numbers). */
const bcmPin = z.number().int().min(0).max(27);
const deviceId = z
  .string()
  .regex(/^[a-z0-9-]{3,32}$/, 'must be 3 to 32 characters of a-z, 0-9 and "-" (e.g. blt-kanigoro-007)');

function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

const mqttUrl = z.union([
  z.literal('embedded'),
  z
    .string()
    .regex(/^(mqtts?|wss?):\/\/[^\s]+$/, 'must be "embedded" or a URL such as mqtts://broker.example:8883'),
]);

export const configSchema = z
  .strictObject({
    device: z.strictObject({
      id: deviceId,
      /** Where the pole stands, shown on screens (e.g. "Alun-alun Blitar"). */
      name: z.string().max(80).default(''),
      timezone: z.string().refine(isTimeZone, 'is not a known IANA time zone').default('Asia/Jakarta'),
    }),
    /** Use simulated GPIO, serial, sound card and firewall drivers (laptop, tests). */
    simulate: z.boolean().default(false),
    /** Database, content files and run-time state. Relative paths are taken from the config file's folder. */
    dataDir: z.string().min(1).default('/var/lib/tiang'),
    log: z
      .strictObject({
        level: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
      })
      .prefault({}),
    http: z
      .strictObject({
        /** Loopback only: the kiosk, admin and API. Never the hotspot address. */
        host: z
          .union([z.literal('127.0.0.1'), z.literal('::1'), z.literal('localhost')])
          .default('127.0.0.1'),
        port: port.default(8080),
        /** Optional address on the service Ethernet, for a technician's laptop. */
        serviceAddress: z.union([z.ipv4(), z.ipv6()]).optional(),
        bodyLimitBytes: z
          .number()
          .int()
          .min(1024)
          .max(10 * 1024 * 1024)
          .default(64 * 1024),
      })
      .prefault({}),
    portal: z
      .strictObject({
        enabled: z.boolean().default(true),
        /** The hotspot interface (hostapd), e.g. wlan0. */
        interface: z.string().min(1).default('wlan0'),
        /** The pole's address on the hotspot network; the portal listens here only. */
        address: z.union([z.ipv4(), z.ipv6()]).default('10.42.0.1'),
        /**
         * Where the portal listens. Clients' port 80 is redirected here by the ruleset, so the
         * agent can run on an unprivileged port (e.g. 8081) without CAP_NET_BIND_SERVICE.
         */
        port: port.default(80),
        /** Size of the hotspot network: address/prefixLength (IPv4). */
        prefixLength: z.number().int().min(16).max(29).default(24),
        /** Addresses dnsmasq hands out; inside the hotspot network, not the pole's own. */
        dhcpRange: z
          .strictObject({ start: z.ipv4().default('10.42.0.10'), end: z.ipv4().default('10.42.0.250') })
          .prefault({}),
        leaseMinutes: z.number().int().min(2).max(1440).default(120),
        /** The uplink (e.g. eth0, wwan0) that allowed clients are masqueraded out of; any other interface when unset. */
        uplinkInterface: z.string().min(1).max(15).optional(),
        /** Wi-Fi channel: 1–13 on 2.4 GHz, 36–165 on 5 GHz. */
        channel: z.number().int().min(1).max(165).default(6),
        /** Regulatory country for hostapd (ISO 3166-1 alpha-2; Indonesia is ID). */
        country: z
          .string()
          .regex(/^[A-Z]{2}$/, 'must be two capital letters (ISO 3166-1, e.g. ID)')
          .default('ID'),
        /** Upstream DNS servers for dnsmasq; the system resolver when unset. */
        dnsServers: z.array(z.ipv4()).max(4).optional(),
        /** Where hostapd.conf, dnsmasq.conf and the ruleset are written; <dataDir>/hotspot when unset. */
        confDir: z.string().min(1).optional(),
        /** The RFC 8908 API URL announced in DHCP option 114; http://<address>/captive-portal/api when unset. Phones use it only over HTTPS with a trusted certificate. */
        apiUrl: z.url({ protocol: /^https?$/ }).optional(),
        /** Requests per minute one client IP may make to the portal before it answers 429. */
        requestsPerMinute: z.number().int().min(10).max(1_000_000).default(300),
      })
      .superRefine((portal, ctx) => {
        if (!/^\d+\.\d+\.\d+\.\d+$/.test(portal.address)) return; // IPv6 portals have no DHCP range to check
        const { inSubnet } = ipv4Subnet(portal.address, portal.prefixLength);
        const start = ipv4ToInt(portal.dhcpRange.start);
        const end = ipv4ToInt(portal.dhcpRange.end);
        if (!inSubnet(portal.dhcpRange.start))
          ctx.addIssue({
            code: 'custom',
            path: ['dhcpRange', 'start'],
            message: `is outside ${portal.address}/${portal.prefixLength}`,
          });
        if (!inSubnet(portal.dhcpRange.end))
          ctx.addIssue({
            code: 'custom',
            path: ['dhcpRange', 'end'],
            message: `is outside ${portal.address}/${portal.prefixLength}`,
          });
        if (start > end)
          ctx.addIssue({
            code: 'custom',
            path: ['dhcpRange', 'end'],
            message: 'comes before dhcpRange.start',
          });
        const self = ipv4ToInt(portal.address);
        if (self >= start && self <= end)
          ctx.addIssue({
            code: 'custom',
            path: ['dhcpRange'],
            message: `includes the pole's own address ${portal.address}`,
          });
      })
      .prefault({}),
    mqtt: z
      .strictObject({
        url: mqttUrl.default('embedded'),
        /** Port of the embedded broker when url is "embedded". */
        embeddedPort: port.default(1883),
        root: z
          .string()
          .regex(/^[a-z0-9-]+(\/[a-z0-9-]+)*$/, 'must be topic levels of a-z, 0-9 and "-" (e.g. tiang/v1)')
          .default('tiang/v1'),
        ca: z.string().optional(),
        cert: z.string().optional(),
        key: z.string().optional(),
        /** Short enough that a dead link shows on the health screen within a minute. */
        keepaliveS: z.number().int().min(5).max(600).default(30),
        /** Reconnect backoff with full jitter: from base doubling up to max. */
        reconnectBaseMs: z.number().int().min(100).max(60_000).default(1000),
        reconnectMaxMs: z.number().int().min(1000).max(3_600_000).default(60_000),
      })
      .superRefine((mqtt, ctx) => {
        const tls = [mqtt.ca, mqtt.cert, mqtt.key].filter((v) => v !== undefined).length;
        if (tls > 0 && mqtt.url === 'embedded') {
          ctx.addIssue({ code: 'custom', path: ['url'], message: 'is "embedded", which takes no TLS files' });
        }
        if ((mqtt.cert === undefined) !== (mqtt.key === undefined)) {
          ctx.addIssue({ code: 'custom', path: ['cert'], message: 'and mqtt.key must be given together' });
        }
      })
      .prefault({}),
    gpio: z
      .strictObject({
        amplifierEnable: bcmPin.default(17),
        amplifierMute: bcmPin.default(27),
        supplyRelay: bcmPin.optional(),
        statusLed: bcmPin.optional(),
        doorTamper: bcmPin.optional(),
        amplifierFault: bcmPin.optional(),
      })
      .superRefine((gpio, ctx) => {
        const seen = new Map<number, string>();
        for (const [name, pin] of Object.entries(gpio)) {
          if (pin === undefined) continue;
          const other = seen.get(pin);
          if (other)
            ctx.addIssue({
              code: 'custom',
              path: [name],
              message: `uses BCM ${pin}, already used by gpio.${other}`,
            });
          seen.set(pin, name);
        }
      })
      .prefault({}),
    audio: z
      .strictObject({
        /** ALSA PCM by card name, e.g. "hw:CARD=sndrpihifiberry" or "softvol"; indexes shift between boots. */
        device: z.string().min(1).default('default'),
        /** amixer control for volume (a softvol control on I2S amplifiers). */
        mixerControl: z.string().min(1).default('Master'),
      })
      .prefault({}),
    kiosk: z
      .strictObject({
        /** Whether this pole has a kiosk screen (speaker-only poles do not). */
        screen: z.boolean().default(true),
        /** No kiosk page connected for this long makes the kiosk degraded in the health model. */
        missingAfterS: z.number().int().min(5).max(3600).default(60),
      })
      .prefault({}),
    speaker: z
      .strictObject({
        /** Amplifier timings in ms; defaults follow class-D amplifier datasheets (see README). */
        supplyMs: z.number().int().min(0).max(10_000).default(1500),
        warmMs: z.number().int().min(0).max(5000).default(200),
        prerollMs: z.number().int().min(20).max(2000).default(200),
        switchPrerollMs: z.number().int().min(10).max(500).default(40),
        tailMs: z.number().int().min(20).max(3000).default(300),
        holdMs: z.number().int().min(0).max(600_000).default(30_000),
        /** An item missed by less than this (restart, clock jump) still plays; older ones are logged as missed. */
        missedGraceS: z.number().int().min(0).max(3600).default(60),
        /** Disk the content library may use; unreferenced items are removed first. */
        contentQuotaMb: z.number().int().min(16).max(1_000_000).default(2048),
      })
      .prefault({}),
    serial: z
      .strictObject({
        airQuality: z
          .strictObject({
            enabled: z.boolean().default(true),
            /** Prefer /dev/serial/by-id/...: ttyUSB numbers change when a cable is replugged. */
            path: z.string().min(1),
            /** Duty cycle: read for workS every periodS, so the laser lasts (rated ~8000 h). */
            workS: z.number().int().min(5).max(3600).default(30),
            periodS: z.number().int().min(10).max(86_400).default(300),
            /** Keep 1-minute aggregates this long, and 15-minute ones that long. */
            keepMinuteDays: z.number().int().min(1).max(90).default(7),
            keepQuarterDays: z.number().int().min(1).max(3650).default(365),
          })
          .refine((a) => a.workS < a.periodS, { path: ['workS'], message: 'must be shorter than periodS' })
          .optional(),
      })
      .prefault({}),
    sync: z
      .strictObject({
        /**
         * Control-room public keys from provisioning, by key id: raw 32-byte Ed25519 keys in
         * base64url (what `tiangctl keygen` prints). A signed desired document can rotate them.
         */
        trustedKeys: z
          .record(
            z
              .string()
              .regex(
                /^[A-Za-z0-9._-]{1,64}$/,
                'key ids are 1 to 64 characters of A-Z, a-z, 0-9, ".", "_", "-"',
              ),
            z
              .string()
              .regex(
                /^[A-Za-z0-9_-]{43}$/,
                'must be a 32-byte Ed25519 public key in base64url (43 characters)',
              ),
          )
          .default({}),
        /** Messages kept for the control room while offline; telemetry is dropped first when full. */
        outboxCapacity: z.number().int().min(100).max(1_000_000).default(50_000),
        telemetryIntervalS: z.number().int().min(10).max(86_400).default(300),
        /** An active alert is repeated this often (a desired setting can change it). */
        alertRepeatS: z.number().int().min(30).max(86_400).default(300),
        downloads: z
          .strictObject({
            concurrency: z.number().int().min(1).max(8).default(2),
            /** Optional cap for all downloads together, in kilobytes per second (a metered modem). */
            bandwidthKBps: z.number().int().min(8).optional(),
            retries: z.number().int().min(1).max(20).default(5),
            stallTimeoutS: z.number().int().min(5).max(600).default(30),
          })
          .prefault({}),
      })
      .prefault({}),
    firewall: z
      .strictObject({
        table: z
          .string()
          .regex(/^[a-z_][a-z0-9_]{0,30}$/)
          .default('tiang'),
        /** nft (the kernel) or sim (in memory); auto = sim when `simulate` is on. */
        driver: z.enum(['auto', 'nft', 'sim']).default('auto'),
      })
      .prefault({}),
  })
  .superRefine((cfg, ctx) => {
    // The service address serves admin and the API: on the hotspot network, phones would reach it.
    if (cfg.portal.enabled && cfg.http.serviceAddress === cfg.portal.address) {
      ctx.addIssue({
        code: 'custom',
        path: ['http', 'serviceAddress'],
        message: `is the hotspot address (portal.address ${cfg.portal.address}): hotspot users would reach the admin screen`,
      });
    }
    const samePort = cfg.portal.port !== 0 && cfg.portal.port === cfg.http.port;
    if (cfg.portal.enabled && samePort && cfg.portal.address === cfg.http.host) {
      ctx.addIssue({
        code: 'custom',
        path: ['portal', 'port'],
        message: 'collides with http.port on the same address',
      });
    }
  });

export type TiangConfig = z.output<typeof configSchema>;
export type TiangConfigInput = z.input<typeof configSchema>;
