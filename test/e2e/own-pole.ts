import path from 'node:path';
import { type AgentProcess, startAgent } from '../helpers/agent-process.js';
import { ControlRoom } from '../helpers/control-room.js';
import { waitForAirReading } from './fixtures.js';

/** The simulator's device id (deploy/sim/tiang.sim.yaml). */
export const SIM_DEVICE = 'blt-sim-001';

export interface OwnPole {
  agent: AgentProcess;
  /** Signs with the key the simulator made in its data folder, on its embedded broker. */
  controlRoom: ControlRoom;
  dispose: () => Promise<void>;
}

/**
 * A simulated pole of a test's own, with a control room on its embedded broker: for
 * tests that change what the pole shows (alerts, new content), which must not leak into
 * the worker's shared pole.
 */
export async function ownPole(): Promise<OwnPole> {
  const agent = await startAgent();
  try {
    await waitForAirReading(agent.baseUrl);
    const controlRoom = await ControlRoom.connect(
      `mqtt://127.0.0.1:${agent.mqttPort}`,
      { keyFile: path.join(agent.dataDir, 'control-room-sim.key') },
      4,
    );
    return {
      agent,
      controlRoom,
      dispose: async () => {
        await controlRoom.close();
        await agent.dispose();
      },
    };
  } catch (err) {
    await agent.dispose();
    throw err;
  }
}
