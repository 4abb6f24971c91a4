import { type Bilingual, bi, type HealthModel, withTimeout } from '../../core/index.js';
import { CAPTIVE_API_PATH } from '../../hotspot/index.js';
import type { TiangConfig } from '../config/index.js';
import { amplifierPowerCycle, amplifierProblem, sensorProblem } from '../self-tests.js';
import type { HotspotSubsystem } from '../subsystems/hotspot.js';
import type { SensorsSubsystem } from '../subsystems/sensors.js';
import type { SpeakerSubsystem } from '../subsystems/speaker.js';
import type { SyncSubsystem } from '../subsystems/sync.js';

export const TEST_KINDS = ['amplifier', 'sensor', 'link', 'portal'] as const;
export type TestKind = (typeof TEST_KINDS)[number];
export const isTestKind = (kind: string): kind is TestKind =>
  (TEST_KINDS as readonly string[]).includes(kind);

const AMPLIFIER_TIMEOUT_MS = 10_000;
const SENSOR_TIMEOUT_MS = 10_000;
const LINK_TIMEOUT_MS = 5_000;
const PORTAL_TIMEOUT_MS = 3_000;

/** What a technician reads after a test: what happened, and what to do now. */
export interface GuidedTestResult {
  kind: TestKind;
  ok: boolean;
  summary: Bilingual;
  next: Bilingual;
  detail?: Record<string, unknown>;
  ms: number;
}

type Verdict = Omit<GuidedTestResult, 'kind' | 'ms'>;

export interface GuidedTestDeps {
  config: TiangConfig;
  health: HealthModel;
  speaker: SpeakerSubsystem;
  sensors: SensorsSubsystem;
  sync: SyncSubsystem;
  hotspot: HotspotSubsystem;
}

const NOTHING_TO_TEST = bi(
  'Tidak ada yang perlu dites di sini. Lanjutkan ke tes berikutnya.',
  'There is nothing to test here. Go on to the next test.',
);
const AMP_POWER = bi(
  'Periksa kabel daya penguat dan sekring. Bila tetap gagal, ganti penguat.',
  "Check the amplifier's power cable and fuse. If it still fails, replace the amplifier.",
);
const SENSOR_ADVICE: Record<string, { summary: Bilingual; next: Bilingual }> = {
  unplugged: {
    summary: bi(
      'Sensor udara tidak terhubung: kabel USB-nya lepas atau sensornya mati.',
      'The air sensor is not connected: its USB cable is loose or the sensor is dead.',
    ),
    next: bi(
      'Cabut kabel USB sensor udara, lalu pasang lagi dengan kuat, dan ulangi tes. Bila tetap gagal, ganti kabelnya, lalu sensornya.',
      "Unplug the air sensor's USB cable, plug it in again firmly, and run the test again. If it still fails, replace the cable, then the sensor.",
    ),
  },
  stuck: {
    summary: bi(
      'Sensor udara macet: angkanya sama terus.',
      'The air sensor is stuck: it keeps sending the same numbers.',
    ),
    next: bi(
      'Bersihkan lubang udara sensor dari debu atau serangga, cabut lalu pasang lagi kabel USB-nya, dan ulangi tes. Bila tetap macet, ganti sensor.',
      "Clean the sensor's air inlet of dust or insects, unplug and replug its USB cable, and run the test again. If it is still stuck, replace the sensor.",
    ),
  },
  error: {
    summary: bi(
      'Sensor udara terhubung, tetapi tidak menjawab dengan benar.',
      'The air sensor is connected but does not answer properly.',
    ),
    next: bi(
      'Cabut lalu pasang lagi kabel USB sensor udara, dan ulangi tes. Bila tetap gagal, ganti sensor.',
      "Unplug and replug the air sensor's USB cable, and run the test again. If it still fails, replace the sensor.",
    ),
  },
};

/** Decimal comma for Indonesian. */
const idNumber = (n: number) => n.toFixed(1).replace('.', ',');

/** What the link's last error says went wrong, in three kinds a technician can act on. */
export function linkFailureKind(error: string | undefined): 'refused' | 'tls' | 'unreachable' | 'unknown' {
  if (!error) return 'unknown';
  if (
    /connection refused:|not authori[sz]ed|bad user ?name or password|identifier rejected|banned/i.test(error)
  )
    return 'refused';
  if (/certificate|self[- ]signed|\bcert_|tls|ssl|handshake|wrong version number|altnames/i.test(error))
    return 'tls';
  if (
    /ECONNREFUSED|ENOTFOUND|EAI_AGAIN|EHOSTUNREACH|ENETUNREACH|ETIMEDOUT|ECONNRESET|EPIPE|getaddrinfo|timeout|hang up|server unavailable/i.test(
      error,
    )
  )
    return 'unreachable';
  return 'unknown';
}

/**
 * The admin screen's guided tests, for a technician who is not an IT person: each runs one
 * check, says in plain words what happened and what to do next. One run per kind at a time.
 */
export class GuidedTests {
  private readonly running = new Set<TestKind>();

  constructor(private readonly d: GuidedTestDeps) {}

  /** The result, or undefined when a test of this kind is already running. */
  async run(kind: TestKind): Promise<GuidedTestResult | undefined> {
    if (this.running.has(kind)) return undefined;
    this.running.add(kind);
    const t0 = performance.now();
    try {
      const verdict = await this.verdict(kind).catch(
        (err: unknown): Verdict => ({
          ok: false,
          summary: bi(
            'Tes tidak dapat dijalankan karena kesalahan perangkat lunak.',
            'The test could not run because of a software error.',
          ),
          next: bi(
            'Ulangi tes sekali lagi. Bila tetap gagal, unduh log dan kirim ke ruang kontrol.',
            'Run the test once more. If it still fails, download the log and send it to the control room.',
          ),
          detail: { error: (err as Error).message },
        }),
      );
      return { kind, ...verdict, ms: Math.round(performance.now() - t0) };
    } finally {
      this.running.delete(kind);
    }
  }

  private verdict(kind: TestKind): Promise<Verdict> {
    switch (kind) {
      case 'amplifier':
        return this.amplifier();
      case 'sensor':
        return this.sensor();
      case 'link':
        return this.link();
      case 'portal':
        return this.portal();
    }
  }

  private amplifierFault(cause: string): Verdict {
    return {
      ok: false,
      summary: bi(
        'Penguat melaporkan kerusakan (sekring putus, tidak ada daya, terlalu panas, atau korsleting di kabel speaker).',
        'The amplifier reports a fault (blown fuse, no power, overheating, or a short on the speaker cable).',
      ),
      next: AMP_POWER,
      detail: { cause },
    };
  }

  private async amplifier(): Promise<Verdict> {
    const { health, speaker } = this.d;
    const before = amplifierProblem(health);
    if (before) return this.amplifierFault(before);
    const cycle = await amplifierPowerCycle(speaker, AMPLIFIER_TIMEOUT_MS);
    switch (cycle.outcome) {
      case 'busy':
        return {
          ok: false,
          summary: bi(
            'Speaker sedang memutar suara, jadi penguat tidak dites.',
            'The speaker is playing something, so the amplifier was not tested.',
          ),
          next: bi(
            'Tunggu sampai suaranya selesai, lalu ulangi tes.',
            'Wait until the sound has finished, then run the test again.',
          ),
        };
      case 'timeout':
        return {
          ok: false,
          summary: bi(
            'Penguat tidak siap dalam 10 detik, lalu dimatikan lagi.',
            'The amplifier did not become ready within 10 seconds and was switched off again.',
          ),
          next: AMP_POWER,
          detail: { states: cycle.states },
        };
      case 'fault':
        return {
          ok: false,
          summary: bi(
            'Penguat dimatikan paksa oleh pengaman saat dites.',
            'The amplifier was forced off by its safety check during the test.',
          ),
          next: AMP_POWER,
          detail: { cause: cycle.cause, states: cycle.states },
        };
      case 'ok': {
        // The fault output may only trip once the amplifier has power.
        const after = amplifierProblem(health);
        if (after) return this.amplifierFault(after);
        const s = (cycle.readyMs / 1000).toFixed(1);
        return {
          ok: true,
          summary: bi(
            `Penguat menyala, siap dalam ${s.replace('.', ',')} detik, lalu mati lagi dengan normal.`,
            `The amplifier switched on, was ready in ${s} seconds, and switched off again normally.`,
          ),
          next: bi(
            'Penguat bekerja. Lanjutkan ke tes berikutnya.',
            'The amplifier works. Go on to the next test.',
          ),
          detail: { states: cycle.states, readyMs: cycle.readyMs },
        };
      }
    }
  }

  private async sensor(): Promise<Verdict> {
    const { config, sensors } = this.d;
    if (!config.serial.airQuality?.enabled) {
      return {
        ok: false,
        summary: bi('Tiang ini tidak memakai sensor udara.', 'This pole has no air sensor configured.'),
        next: NOTHING_TO_TEST,
      };
    }
    const reading = await sensors.nextReading(SENSOR_TIMEOUT_MS);
    if (reading) {
      return {
        ok: true,
        summary: bi(
          `Sensor udara mengirim data baru: PM2,5 ${idNumber(reading.pm25)} µg/m³, PM10 ${idNumber(reading.pm10)} µg/m³.`,
          `The air sensor sent a new reading: PM2.5 ${reading.pm25.toFixed(1)} µg/m³, PM10 ${reading.pm10.toFixed(1)} µg/m³.`,
        ),
        next: bi('Sensor bekerja. Lanjutkan ke tes berikutnya.', 'The sensor works. Go on to the next test.'),
        detail: { reading: { at: reading.at, pm25: reading.pm25, pm10: reading.pm10 } },
      };
    }
    const air = sensors.status();
    const detail = { status: air.status, cause: air.cause, problem: sensorProblem(air) ?? null };
    const advice = SENSOR_ADVICE[air.status];
    if (advice) return { ok: false, ...advice, detail };
    return {
      ok: false,
      summary: bi(
        'Sensor udara tidak mengirim data baru dalam 10 detik.',
        'The air sensor sent no new reading within 10 seconds.',
      ),
      next: bi(
        'Tunggu satu menit, lalu ulangi tes. Bila tetap gagal, cabut lalu pasang lagi kabel USB sensor.',
        "Wait a minute, then run the test again. If it still fails, unplug and replug the sensor's USB cable.",
      ),
      detail,
    };
  }

  private async link(): Promise<Verdict> {
    const { config, sync } = this.d;
    const status = sync.linkStatus();
    const detail = { broker: status.broker };
    if (!status.connected) {
      const error = sync.link?.lastError;
      const kind = linkFailureKind(error);
      return { ...this.linkDown(kind, config.device.id), detail: { ...detail, kind, error: error ?? null } };
    }
    const t0 = performance.now();
    const sent = await withTimeout(
      sync.publishReportedNow().then(
        () => undefined,
        (err: unknown) => (err as Error).message,
      ),
      LINK_TIMEOUT_MS,
      'no PUBACK within 5 s',
    );
    if (sent !== undefined) {
      return {
        ok: false,
        summary: bi(
          'Tiang tersambung, tetapi ruang kontrol tidak membalas pesan uji dalam 5 detik.',
          'The pole is connected, but the control room did not confirm the test message within 5 seconds.',
        ),
        next: bi(
          'Jaringan lambat atau putus-putus. Periksa sinyal modem di dalam kabinet, lalu ulangi tes.',
          'The network is slow or unstable. Check the signal of the modem in the cabinet, then run the test again.',
        ),
        detail: { ...detail, error: sent },
      };
    }
    const ms = Math.round(performance.now() - t0);
    return {
      ok: true,
      summary: bi(
        `Tersambung ke ruang kontrol; pesan uji dikonfirmasi dalam ${ms} ms.`,
        `Connected to the control room; the test message was confirmed in ${ms} ms.`,
      ),
      next: bi(
        'Sambungan bekerja. Lanjutkan ke tes berikutnya.',
        'The connection works. Go on to the next test.',
      ),
      detail: { ...detail, roundTripMs: ms },
    };
  }

  private linkDown(kind: ReturnType<typeof linkFailureKind>, deviceId: string): Omit<Verdict, 'detail'> {
    switch (kind) {
      case 'refused':
        return {
          ok: false,
          summary: bi(
            'Server ruang kontrol menolak sambungan dari tiang ini.',
            "The control room's server refuses this pole's connection.",
          ),
          next: bi(
            `Hubungi ruang kontrol dan sebutkan kode tiang ${deviceId}: izin atau sertifikat tiang ini perlu diperiksa.`,
            `Call the control room and give them the pole code ${deviceId}: this pole's permission or certificate must be checked.`,
          ),
        };
      case 'tls':
        return {
          ok: false,
          summary: bi(
            'Sambungan aman (TLS) ke ruang kontrol gagal.',
            'The secure (TLS) connection to the control room fails.',
          ),
          next: bi(
            'Periksa tanggal dan jam di layar ini. Bila sudah benar, hubungi ruang kontrol: sertifikatnya perlu diperbarui.',
            'Check the date and time on this screen. If they are right, call the control room: the certificate must be renewed.',
          ),
        };
      case 'unreachable':
        return {
          ok: false,
          summary: bi(
            'Server ruang kontrol tidak dapat dihubungi.',
            "The control room's server cannot be reached.",
          ),
          next: bi(
            'Periksa modem di dalam kabinet: lampunya menyala dan kartu SIM terpasang. Matikan lalu nyalakan modem, tunggu 2 menit, lalu ulangi tes.',
            'Check the modem in the cabinet: its lights are on and the SIM card is in. Switch the modem off and on, wait 2 minutes, then run the test again.',
          ),
        };
      case 'unknown':
        return {
          ok: false,
          summary: bi(
            'Tiang belum tersambung ke ruang kontrol.',
            'The pole is not connected to the control room yet.',
          ),
          next: bi(
            'Tunggu satu menit, lalu ulangi tes. Bila tetap gagal, periksa modem di dalam kabinet.',
            'Wait a minute, then run the test again. If it still fails, check the modem in the cabinet.',
          ),
        };
    }
  }

  private async portal(): Promise<Verdict> {
    const { config, hotspot } = this.d;
    if (!config.portal.enabled) {
      return {
        ok: false,
        summary: bi(
          'Hotspot Wi-Fi tidak diaktifkan di tiang ini.',
          'The Wi-Fi hotspot is not enabled on this pole.',
        ),
        next: NOTHING_TO_TEST,
      };
    }
    const restart = bi(
      'Matikan tiang, tunggu 10 detik, nyalakan lagi, lalu ulangi tes. Bila tetap gagal, unduh log dan kirim ke ruang kontrol.',
      'Switch the pole off, wait 10 seconds, switch it on again, then run the test again. If it still fails, download the log and send it to the control room.',
    );
    const base = hotspot.portalUrl;
    if (!base) {
      return {
        ok: false,
        summary: bi('Halaman hotspot tidak berjalan.', 'The hotspot page is not running.'),
        next: restart,
      };
    }
    const [splash, api] = await Promise.all([
      probe(base, (res, body) =>
        res.status === 200 &&
        res.headers.get('content-type')?.startsWith('text/html') &&
        body.includes('<form')
          ? undefined
          : `answered ${res.status} ${res.headers.get('content-type') ?? ''}, not the splash page`,
      ),
      probe(new URL(CAPTIVE_API_PATH, base).href, (res, body) => {
        if (res.status !== 200 || !res.headers.get('content-type')?.startsWith('application/captive+json'))
          return `answered ${res.status} ${res.headers.get('content-type') ?? ''}, not application/captive+json`;
        let doc: { captive?: unknown; 'user-portal-url'?: unknown };
        try {
          doc = JSON.parse(body) as typeof doc;
        } catch {
          return 'the answer is not JSON';
        }
        return typeof doc.captive === 'boolean' && typeof doc['user-portal-url'] === 'string'
          ? undefined
          : 'no "captive" and "user-portal-url" in the answer';
      }),
    ]);
    const detail = { url: base, splash: splash ?? 'ok', api: api ?? 'ok' };
    if (splash || api) {
      return {
        ok: false,
        summary: bi(
          `Halaman hotspot tidak menjawab dengan benar (${[splash && 'halaman depan', api && 'API portal'].filter(Boolean).join(' dan ')}).`,
          `The hotspot page does not answer properly (${[splash && 'splash page', api && 'portal API'].filter(Boolean).join(' and ')}).`,
        ),
        next: restart,
        detail,
      };
    }
    return {
      ok: true,
      summary: bi(
        'Halaman hotspot dan API portal menjawab dengan benar.',
        'The hotspot page and the portal API answer properly.',
      ),
      next: bi(
        'Hotspot bekerja. Sambungkan sebuah ponsel ke Wi-Fi tiang untuk memastikan halamannya muncul.',
        "The hotspot works. Join the pole's Wi-Fi with a phone to check that the page pops up.",
      ),
      detail,
    };
  }
}

/** GET a URL of the portal listener; undefined when `check` likes the answer, else what was wrong. */
async function probe(
  url: string,
  check: (res: Response, body: string) => string | undefined,
): Promise<string | undefined> {
  try {
    const res = await fetch(url, { redirect: 'manual', signal: AbortSignal.timeout(PORTAL_TIMEOUT_MS) });
    return check(res, await res.text());
  } catch (err) {
    return `no answer: ${(err as Error).message}`;
  }
}
