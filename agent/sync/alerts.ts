import type { Clock, Logger } from '../../core/index.js';
import type { CapAlert, CapInfo, CapResource, EventData } from '../../sync/index.js';
import {
  audioResource,
  CapError,
  capExpiry,
  capPriority,
  parseCap,
  pickInfo,
  spokenText,
} from '../../sync/index.js';
import type { LiveHub } from '../http/live.js';
import type { SpeakerSubsystem } from '../subsystems/speaker.js';
import type { StoreSubsystem } from '../subsystems/store.js';

const ACTIVE_KEY = 'sync.activeAlerts';

interface StoredAlert {
  msgId: string;
  cap: string;
  receivedAt: number;
  /** The signed message's own expiry, used when the CAP document has none. */
  expiresAt: number;
}

interface ActiveAlert {
  key: string;
  stored: StoredAlert;
  alert: CapAlert;
  info: CapInfo;
  priority: 'emergency' | 'announcement' | undefined;
  expiresAt: number;
  plays: number;
  itemIds: Set<string>;
  repeatTimer?: NodeJS.Timeout;
  expiryTimer?: NodeJS.Timeout;
}

/** An active alert as screens get it on the live channel (`alerts`). */
export interface AlertView {
  identifier: string;
  sender: string;
  status: string;
  msgType: string;
  /** Not Actual: screens show "LATIHAN / EXERCISE". */
  exercise: boolean;
  event: string;
  severity: string;
  urgency: string;
  certainty: string;
  headline: { id: string; en: string };
  instruction: { id: string; en: string };
  area: string;
  sent: number;
  expires: number;
  sounding: boolean;
}

export interface AlertDeps {
  store: StoreSubsystem;
  speaker: SpeakerSubsystem;
  live: LiveHub;
  clock: Clock;
  log: Logger;
  repeatS: () => number;
  /** Fetch a CAP resource (uri or derefUri), check its SHA-1 digest, import it; the content sha256. */
  fetchResource: (res: CapResource) => Promise<string>;
}

const keyOf = (sender: string, identifier: string) => `${sender},${identifier}`;

/**
 * CAP 1.2 alerts from the control room (MQTT-CONTRACT.md "Alerts"): sounded at a priority
 * from severity and urgency, shown full-screen on the kiosk through the live channel,
 * repeated until they expire or a Cancel references them, each step an event. Active
 * alerts are kept in SQLite so a power cut does not silence a warning.
 */
export class AlertManager {
  private readonly active = new Map<string, ActiveAlert>();
  private stopped = false;

  constructor(private readonly d: AlertDeps) {}

  /** Returns undefined when taken in, or why the alert was refused (nothing was executed). */
  handle(msgId: string, cap: string, messageExpiresAt: number): string | undefined {
    let alert: CapAlert;
    try {
      alert = parseCap(cap);
    } catch (err) {
      return err instanceof CapError ? `CAP ${err.field}: ${err.message}` : `CAP: ${(err as Error).message}`;
    }
    const now = this.d.clock.now();
    this.event('received', alert, `${alert.msgType} ${alert.status}`);
    if (alert.msgType === 'Cancel' || alert.msgType === 'Update') {
      for (const ref of alert.references) {
        const old = this.active.get(keyOf(ref.sender, ref.identifier));
        if (old)
          this.end(
            old,
            'cancelled',
            alert.msgType === 'Update' ? `updated by ${alert.identifier}` : undefined,
          );
      }
      if (alert.msgType === 'Cancel') {
        this.save();
        this.publish();
        return undefined;
      }
    }
    if (alert.msgType !== 'Alert' && alert.msgType !== 'Update') {
      this.save();
      return undefined;
    }
    // Only real alerts, exercises and tests (announced as such) go public; a Draft or a
    // System message must never sound like a warning on the street.
    if (alert.status !== 'Actual' && alert.status !== 'Exercise' && alert.status !== 'Test') {
      return `alert ${alert.identifier} has status ${alert.status}: not for the public`;
    }
    const expiresAt = capExpiry(alert) ?? messageExpiresAt;
    if (expiresAt <= now) return `alert ${alert.identifier} expired at ${new Date(expiresAt).toISOString()}`;
    const stored: StoredAlert = { msgId, cap, receivedAt: now, expiresAt: messageExpiresAt };
    this.activate(stored, alert, true);
    this.save();
    return undefined;
  }

  /** At start: alerts that were active when the pole stopped sound again until they expire. */
  restore(): void {
    const stored = this.d.store.settings.get<StoredAlert[]>(ACTIVE_KEY) ?? [];
    for (const s of stored) {
      try {
        const alert = parseCap(s.cap);
        if ((capExpiry(alert) ?? s.expiresAt) > this.d.clock.now()) this.activate(s, alert, true);
      } catch (err) {
        this.d.log.warn({ err: (err as Error).message }, 'stored alert no longer parses; dropped');
      }
    }
    this.save();
    this.publish();
  }

  private activate(stored: StoredAlert, alert: CapAlert, sound: boolean): void {
    const info = pickInfo(alert, 'id');
    if (!info) return;
    const key = keyOf(alert.sender, alert.identifier);
    const existing = this.active.get(key);
    if (existing) this.end(existing, 'cancelled', 'sent again');
    const a: ActiveAlert = {
      key,
      stored,
      alert,
      info,
      priority: capPriority(info),
      expiresAt: capExpiry(alert) ?? stored.expiresAt,
      plays: 0,
      itemIds: new Set(),
    };
    this.active.set(key, a);
    const ms = Math.max(0, a.expiresAt - this.d.clock.now());
    // setTimeout takes at most ~24.8 days; a longer alert is re-checked when the timer fires.
    a.expiryTimer = setTimeout(() => this.checkExpiry(a), Math.min(ms, 2 ** 31 - 1));
    a.expiryTimer.unref();
    this.publish();
    if (!a.priority) {
      this.event('shown', alert, `severity ${info.severity}, urgency ${info.urgency}: shown, not sounded`);
      return;
    }
    if (sound) void this.sound(a);
  }

  private checkExpiry(a: ActiveAlert): void {
    if (this.active.get(a.key) !== a) return;
    if (a.expiresAt > this.d.clock.now()) {
      a.expiryTimer = setTimeout(
        () => this.checkExpiry(a),
        Math.min(a.expiresAt - this.d.clock.now(), 2 ** 31 - 1),
      );
      a.expiryTimer.unref();
      return;
    }
    this.end(a, 'expired');
    this.save();
    this.publish();
  }

  private async steps(a: ActiveAlert): Promise<Parameters<SpeakerSubsystem['playNow']>[0]['steps']> {
    const res = audioResource(a.info);
    if (res) {
      try {
        return [await this.d.fetchResource(res)];
      } catch (err) {
        this.event('failed', a.alert, `resource not used, speaking instead: ${(err as Error).message}`);
      }
    }
    const lang = a.info.language.toLowerCase().startsWith('id') ? 'id' : 'en';
    return [{ tts: { text: spokenText(a.alert, a.info), lang } }];
  }

  private async sound(a: ActiveAlert): Promise<void> {
    if (this.stopped || this.active.get(a.key) !== a || !a.priority) return;
    const first = a.plays === 0;
    a.plays += 1;
    try {
      const itemId = await this.d.speaker.playNow({
        steps: await this.steps(a),
        title: `${a.alert.status === 'Actual' ? '' : 'LATIHAN: '}${a.info.headline ?? a.info.event}`.slice(
          0,
          120,
        ),
        priority: a.priority,
        source: 'alert',
        chime: true,
      });
      // Kept until the alert ends: a cut item comes back as "<id>~restart", which a Cancel must also stop.
      a.itemIds.add(itemId);
      const record = await this.d.speaker.whenFinished(itemId);
      if (record.result === 'played') this.event(first ? 'played' : 'repeated', a.alert, `play ${a.plays}`);
      else if (this.active.get(a.key) === a) {
        this.event('failed', a.alert, `${record.result}${record.cause ? `: ${record.cause}` : ''}`);
      }
    } catch (err) {
      this.event('failed', a.alert, (err as Error).message);
    }
    if (this.stopped || this.active.get(a.key) !== a) return;
    const delay = this.d.repeatS() * 1000;
    if (this.d.clock.now() + delay >= a.expiresAt) return;
    a.repeatTimer = setTimeout(() => void this.sound(a), delay);
    a.repeatTimer.unref();
  }

  private end(a: ActiveAlert, step: 'cancelled' | 'expired', detail?: string): void {
    clearTimeout(a.repeatTimer);
    clearTimeout(a.expiryTimer);
    this.active.delete(a.key);
    if (a.itemIds.size > 0) {
      const ids = [...a.itemIds];
      // The item itself, or a copy the player requeued after a cut or a retry ("<id>~restart", "<id>~r1").
      this.d.speaker.player.stopWhere(
        (item) => ids.some((id) => item.id === id || item.id.startsWith(`${id}~`)),
        `alert ${step}`,
      );
    }
    this.event(step, a.alert, detail);
  }

  private event(step: EventData<'alert'>['step'], alert: CapAlert, detail?: string): void {
    this.d.store.outbox.enqueue('events', 'alert', {
      step,
      identifier: alert.identifier,
      status: alert.status,
      ...(detail ? { detail } : {}),
    });
  }

  private save(): void {
    this.d.store.settings.set(
      ACTIVE_KEY,
      [...this.active.values()].map((a) => a.stored),
    );
  }

  views(): AlertView[] {
    return [...this.active.values()].map((a) => view(a));
  }

  private publish(): void {
    this.d.live.publish('alerts', { active: this.views() });
  }

  stop(): void {
    this.stopped = true;
    for (const a of this.active.values()) {
      clearTimeout(a.repeatTimer);
      clearTimeout(a.expiryTimer);
    }
  }
}

function view(a: ActiveAlert): AlertView {
  const id = pickInfo(a.alert, 'id') ?? a.info;
  const en = pickInfo(a.alert, 'en') ?? a.info;
  const text = (i: CapInfo) => i.headline ?? i.event;
  return {
    identifier: a.alert.identifier,
    sender: a.alert.sender,
    status: a.alert.status,
    msgType: a.alert.msgType,
    exercise: a.alert.status !== 'Actual',
    event: a.info.event,
    severity: a.info.severity,
    urgency: a.info.urgency,
    certainty: a.info.certainty,
    headline: { id: text(id), en: text(en) },
    instruction: { id: id.instruction ?? id.description ?? '', en: en.instruction ?? en.description ?? '' },
    area: a.info.areas.map((x) => x.areaDesc).join(', '),
    sent: a.alert.sent,
    expires: a.expiresAt,
    sounding: a.priority !== undefined,
  };
}
