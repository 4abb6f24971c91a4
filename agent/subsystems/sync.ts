import type { HealthReporter, Logger } from '../../core/index.js';
import { ControlRoomLink, EmbeddedBroker } from '../../sync/index.js';
import type { TiangConfig } from '../config/index.js';
import type { Subsystem } from '../lifecycle.js';

/** The control-room side: an embedded broker in the simulator, then the MQTT link. */
export class SyncSubsystem implements Subsystem {
  readonly name = 'control-room';
  broker: EmbeddedBroker | undefined;
  link: ControlRoomLink | undefined;

  constructor(
    private readonly config: TiangConfig,
    private readonly health: HealthReporter,
    private readonly log: Logger,
  ) {}

  get brokerUrl(): string {
    return this.broker ? this.broker.url : this.config.mqtt.url;
  }

  async start(): Promise<void> {
    const { mqtt } = this.config;
    if (mqtt.url === 'embedded') {
      this.broker = new EmbeddedBroker(mqtt.embeddedPort, this.log);
      await this.broker.start();
    }
    this.link = new ControlRoomLink(
      {
        url: this.brokerUrl,
        deviceId: this.config.device.id,
        root: mqtt.root,
        tls: mqtt,
        protocolVersion: this.broker ? 4 : 5,
      },
      this.health,
      this.log,
    );
    this.link.start();
  }

  async stop(): Promise<void> {
    await this.link?.stop();
    await this.broker?.stop();
    this.link = undefined;
    this.broker = undefined;
  }
}
