import net from 'node:net';
import { Aedes } from 'aedes';
import type { Logger } from '../core/index.js';

/**
 * An in-process MQTT broker (aedes) for the simulator, when the config says
 * `mqtt.url: embedded`. Loopback only: it exists so a laptop can play control room
 * with mosquitto_pub or tiangctl, never as a broker for other machines.
 */
export class EmbeddedBroker {
  private broker: Aedes | undefined;
  private server: net.Server | undefined;
  /** The port asked for; after the first start the one bound, so a restart comes back on it. */
  private port: number;

  constructor(
    port: number,
    private readonly log: Logger,
  ) {
    this.port = port;
  }

  get running(): boolean {
    return this.server !== undefined;
  }

  get url(): string {
    return `mqtt://127.0.0.1:${this.boundPort}`;
  }

  get boundPort(): number {
    const addr = this.server?.address();
    return typeof addr === 'object' && addr ? addr.port : this.port;
  }

  async start(): Promise<void> {
    const broker = await Aedes.createBroker();
    const server = net.createServer(broker.handle);
    try {
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(this.port, '127.0.0.1', () => {
          server.off('error', reject);
          resolve();
        });
      });
    } catch (err) {
      broker.close();
      throw err;
    }
    this.broker = broker;
    this.server = server;
    this.port = this.boundPort;
    this.log.info({ url: this.url }, 'embedded MQTT broker listening');
  }

  async stop(): Promise<void> {
    const { server, broker } = this;
    this.server = undefined;
    this.broker = undefined;
    if (server) {
      // Drop connected clients so close() does not wait for them.
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        broker?.close();
      });
    } else {
      broker?.close();
    }
  }
}
