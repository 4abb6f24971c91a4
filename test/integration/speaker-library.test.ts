import { rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeToneWav } from '../../audio/index.js';
import { startSimPole } from '../helpers/sim-pole.js';
import { tempDir } from '../helpers/temp-dir.js';

const data = tempDir('tiang-speaker-lib-');
afterAll(() => data.remove());

describe('content library at start', () => {
  it('reports content files lost behind its back as a degraded speaker with a fix', async () => {
    const first = await startSimPole({ TIANG_DATA_DIR: data.path });
    const wav = path.join(data.path, 'jingle.wav');
    await writeToneWav(wav, 300, 440);
    const item = await first.pole.speaker.library.import(wav, { source: 'local' });
    await first.dispose();

    // The SD card loses the file while the pole is off.
    rmSync(first.pole.speaker.library.pathOf(item.sha256));
    const second = await startSimPole({ TIANG_DATA_DIR: data.path });
    try {
      const speaker = second.pole.health.get('speaker')!;
      expect(speaker.level).toBe('degraded');
      expect(speaker.cause).toBe(
        `1 content file(s) missing or damaged: "jingle" (${item.sha256.slice(0, 12)}…)`,
      );
      expect(speaker.hint?.en).toContain('resync');
    } finally {
      await second.dispose();
    }
  });
});
