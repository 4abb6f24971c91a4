import type { Howl } from 'howler';

/**
 * The kiosk's own audio (its screen's speaker or headphone jack), with howler: a soft tap
 * on every button, and page read-aloud made by the agent (/api/kiosk/speech). The pole's
 * public speaker is never driven from here: that stays the agent's.
 *
 * howler is loaded after the first paint (its own chunk), so the home screen never waits
 * for it.
 */

type HowlerModule = typeof import('howler');
let howler: Promise<HowlerModule> | undefined;
const loadHowler = () => {
  howler ??= import('howler');
  return howler;
};

let tap: Howl | undefined;

/** Play the tap sound on every press of a button, from the start (a new press restarts it). */
export function startTapFeedback(): void {
  void loadHowler().then(({ Howl }) => {
    tap = new Howl({ src: ['/api/kiosk/sounds/tap.wav'], format: ['wav'], volume: 0.35, preload: true });
  });
  document.addEventListener(
    'pointerdown',
    (e) => {
      const target = e.target as Element | null;
      if (!tap || !target?.closest('button')) return;
      tap.stop();
      tap.play();
    },
    { passive: true, capture: true },
  );
}

export type ListenState = 'idle' | 'loading' | 'playing' | 'failed';

/**
 * One read-aloud at a time. A new page, language, idle reset or alert stops it: `stop()`
 * also frees the decoded audio, so a thousand visits do not pile up buffers.
 */
export class ReadAloud {
  private howl: Howl | undefined;
  private state: ListenState = 'idle';
  private key = '';
  private readonly listeners = new Set<(state: ListenState, key: string) => void>();

  get current(): { state: ListenState; key: string } {
    return { state: this.state, key: this.key };
  }

  onChange(fn: (state: ListenState, key: string) => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  async play(pageId: string, lang: 'id' | 'en'): Promise<void> {
    this.stop();
    const key = `${pageId}|${lang}`;
    this.set('loading', key);
    const { Howl } = await loadHowler();
    if (this.key !== key || this.state !== 'loading') return; // stopped while loading
    const howl: Howl = new Howl({
      src: [`/api/kiosk/speech?page=${encodeURIComponent(pageId)}&lang=${lang}`],
      format: ['wav'],
      onplay: () => this.howl === howl && this.set('playing', key),
      onend: () => this.howl === howl && this.finish('idle'),
      onloaderror: () => this.howl === howl && this.finish('failed'),
      onplayerror: () => this.howl === howl && this.finish('failed'),
    });
    this.howl = howl;
    howl.play();
  }

  stop(): void {
    if (this.howl) {
      const howl = this.howl;
      this.howl = undefined;
      howl.unload();
    }
    if (this.state !== 'idle') this.set('idle', '');
  }

  private finish(state: ListenState): void {
    const key = this.key;
    this.stop();
    if (state === 'failed') this.set('failed', key);
  }

  private set(state: ListenState, key: string): void {
    this.state = state;
    this.key = key;
    for (const fn of this.listeners) fn(state, key);
  }
}
