import { chmodSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * A stand-in for aplay on a real sound card: reads the WAV stream on stdin at the real byte
 * rate (48 kHz, 16-bit stereo), so a stream lasts as long as its sound. The ALSA null device
 * swallows a stream at once, which is no use for testing a cut or a crash mid-item.
 */
export function writeRealtimeAplay(dir: string): string {
  const file = path.join(dir, 'realtime-aplay');
  writeFileSync(
    file,
    `#!/usr/bin/env python3
import sys, time
inp = sys.stdin.buffer
inp.read(44)
rate = 48000 * 4
start = time.monotonic(); got = 0
while True:
    b = inp.read(1920)
    if not b: break
    got += len(b)
    ahead = got / rate - (time.monotonic() - start)
    if ahead > 0: time.sleep(ahead)
`,
  );
  chmodSync(file, 0o755);
  return file;
}
