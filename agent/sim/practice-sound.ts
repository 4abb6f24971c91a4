import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { type ContentItem, type ContentLibrary, writeToneWav } from '../../audio/index.js';
import { bi } from '../../core/index.js';

/**
 * The simulator's one file-based content item. The demo schedule speaks everything with
 * TTS, which the speaker renders again by itself, so practice mode's "content missing"
 * needs a real file to lose: a short tone we generate (no recording, no copyright), stored
 * in the content library like any downloaded sound, and generated again by "content-refetch".
 */
export const PRACTICE_SOUND_TITLE = bi('Nada latihan (simulator)', 'Practice tone (simulator)');

/** Writes the tone (the same bytes every time, so the same sha256) into `dir`; returns the file. */
export async function writePracticeSound(dir: string): Promise<string> {
  await mkdir(dir, { recursive: true });
  const file = path.join(dir, 'practice-tone.wav');
  await writeToneWav(file, 800, 660, { amplitude: 0.3, fadeMs: 20 });
  return file;
}

/** The practice tone in the library, stored (again) if its file is not there. */
export async function ensurePracticeSound(library: ContentLibrary, dir: string): Promise<ContentItem> {
  return library.import(await writePracticeSound(dir), { title: PRACTICE_SOUND_TITLE, source: 'simulator' });
}
