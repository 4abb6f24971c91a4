import type { Logger } from '../../core/index.js';
import type { AckData, CommandBody, CommandType, DesiredBody } from '../../sync/index.js';
import { sensorProblem } from '../self-tests.js';
import type { SensorsSubsystem } from '../subsystems/sensors.js';
import type { SpeakerSubsystem } from '../subsystems/speaker.js';

export interface CommandDeps {
  speaker: SpeakerSubsystem;
  sensors: SensorsSubsystem;
  desired: () => DesiredBody | undefined;
  ack: (corr: string, status: AckData['status'], reason?: string) => void;
  audit: (action: string, detail: Record<string, unknown>) => void;
  resync: () => Promise<void>;
  amplifierProblem: () => string | undefined;
  log: Logger;
}

const SHA256_RE = /^[0-9a-f]{64}$/;
type Steps = Parameters<SpeakerSubsystem['playNow']>[0]['steps'];

/**
 * Runs the control room's commands (MQTT-CONTRACT.md "Commands"): each is answered
 * `accepted` or `rejected` at once, and `done` or `failed` when it has ended.
 */
export class CommandRunner {
  constructor(private readonly d: CommandDeps) {}

  run(id: string, type: CommandType, body: unknown): void {
    const reject = this.precheck(type, body);
    if (reject) {
      this.d.ack(id, 'rejected', reject);
      return;
    }
    this.d.ack(id, 'accepted');
    this.d.audit(type, { id, body });
    this.execute(type, body).then(
      () => this.d.ack(id, 'done'),
      (err: unknown) => this.d.ack(id, 'failed', (err as Error).message),
    );
  }

  /** What can be known to fail before starting: content that is not on the pole. */
  private precheck(type: CommandType, body: unknown): string | undefined {
    if (type !== 'cmd.play') return undefined;
    const b = body as CommandBody<'cmd.play'>;
    try {
      this.steps(b.play);
      return undefined;
    } catch (err) {
      return (err as Error).message;
    }
  }

  private steps(play: CommandBody<'cmd.play'>['play']): Steps {
    const content = this.d.desired()?.content ?? [];
    return play.map((step) => {
      if (typeof step !== 'string') return step;
      const sha = content.find((c) => c.id === step)?.sha256 ?? (SHA256_RE.test(step) ? step : undefined);
      if (!sha || !this.d.speaker.library.has(sha)) throw new Error(`content "${step}" is not on this pole`);
      return sha;
    });
  }

  private async execute(type: CommandType, body: unknown): Promise<void> {
    const { speaker } = this.d;
    switch (type) {
      case 'cmd.play': {
        const b = body as CommandBody<'cmd.play'>;
        const steps = this.steps(b.play);
        for (let i = 0; i < b.repeat; i++) {
          const itemId = await speaker.playNow({
            steps,
            title: b.title?.id ?? 'Pesan dari ruang kontrol',
            priority: b.priority,
            source: 'control-room',
            chime: b.chime ?? b.priority !== 'program',
            ...(b.volume === undefined ? {} : { volume: b.volume }),
          });
          const record = await speaker.whenFinished(itemId);
          if (record.result !== 'played') {
            throw new Error(`${record.result}${record.cause ? `: ${record.cause}` : ''}`);
          }
        }
        return;
      }
      case 'cmd.stop': {
        const b = body as CommandBody<'cmd.stop'>;
        if (b.scope === 'all') speaker.player.stopAll('stopped by the control room');
        else speaker.player.stopCurrent('stopped by the control room');
        return;
      }
      case 'cmd.volume': {
        const b = body as CommandBody<'cmd.volume'>;
        await speaker.mixer.setVolume(b.volume);
        return;
      }
      case 'cmd.test':
        return this.test(body as CommandBody<'cmd.test'>);
      case 'cmd.resync':
        return this.d.resync();
    }
  }

  private async test(b: CommandBody<'cmd.test'>): Promise<void> {
    if (b.kind === 'sensor') {
      const problem = sensorProblem(this.d.sensors.status());
      if (problem) throw new Error(problem);
      return;
    }
    if (b.kind === 'amplifier') {
      const problem = this.d.amplifierProblem();
      if (problem) throw new Error(problem);
    }
    const itemId = await this.d.speaker.playNow({
      steps: [{ tts: { text: 'Tes speaker. Satu, dua, tiga.', lang: 'id' } }],
      title: 'Tes speaker (control room)',
      priority: 'test',
      source: 'test',
      chime: true,
      ...(b.volume === undefined ? {} : { volume: b.volume }),
    });
    const record = await this.d.speaker.whenFinished(itemId);
    if (record.result !== 'played')
      throw new Error(`${record.result}${record.cause ? `: ${record.cause}` : ''}`);
    const problem = this.d.amplifierProblem();
    if (problem) throw new Error(problem);
  }
}
