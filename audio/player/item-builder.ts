import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { bi, TiangError } from '../../core/index.js';
import { type PcmPart, wavPart } from '../output/program.js';
import { writeToneWav } from '../output/wav-write.js';
import { CANONICAL_FORMAT } from '../pcm.js';

/** What an item plays: content by sha256, or text to speak. */
export type PlayStep = string | { tts: { text: string; lang: 'id' | 'en' } };

export interface ItemSources {
  library: { has(sha256: string): boolean; pathOf(sha256: string): string };
  tts: { render(req: { text: string; lang: 'id' | 'en' }): Promise<{ file: string }> };
}

/**
 * Turns what a rule or a command asks for into ready parts in the canonical format:
 * chime first if asked, then each content file or rendered speech, with a short gap between.
 * A missing content item or failing TTS refuses the whole item with the reason.
 */
export class ItemBuilder {
  private chime: PcmPart[] = [];

  constructor(
    private readonly sources: ItemSources,
    private readonly soundsDir: string,
  ) {}

  /** Makes the two-tone "ding-dong" announcement chime (ours, generated; no recording needed). */
  async init(): Promise<void> {
    mkdirSync(this.soundsDir, { recursive: true });
    const ding = path.join(this.soundsDir, 'chime-ding.wav');
    const dong = path.join(this.soundsDir, 'chime-dong.wav');
    await writeToneWav(ding, 450, 784, { amplitude: 0.35, fadeMs: 30 });
    await writeToneWav(dong, 700, 622, { amplitude: 0.35, fadeMs: 60 });
    this.chime = [
      (await wavPart(ding, CANONICAL_FORMAT, 'chime')).part,
      (await wavPart(dong, CANONICAL_FORMAT, 'chime')).part,
      { kind: 'silence', ms: 300 },
    ];
  }

  async parts(steps: PlayStep[], chime: boolean): Promise<PcmPart[]> {
    if (steps.length === 0)
      throw new TiangError(
        'ITEM_EMPTY',
        'nothing to play',
        bi('Isi daftar putar.', 'Fill in the play list.'),
      );
    const out: PcmPart[] = chime ? [...this.chime] : [];
    for (const [i, step] of steps.entries()) {
      if (i > 0) out.push({ kind: 'silence', ms: 400 });
      if (typeof step === 'string') {
        if (!this.sources.library.has(step)) {
          throw new TiangError(
            'CONTENT_MISSING',
            `content ${step.slice(0, 12)}… is not in the library`,
            bi(
              'Tunggu unduhan dari control room, atau impor berkasnya.',
              'Wait for the download from the control room, or import the file.',
            ),
          );
        }
        out.push((await wavPart(this.sources.library.pathOf(step), CANONICAL_FORMAT, step)).part);
      } else {
        const { file } = await this.sources.tts.render(step.tts);
        out.push((await wavPart(file, CANONICAL_FORMAT, `tts:${step.tts.text.slice(0, 40)}`)).part);
      }
    }
    return out;
  }
}
