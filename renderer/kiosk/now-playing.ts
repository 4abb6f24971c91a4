import { onLocaleChange, t } from '../i18n/index.ts';
import type { SpeakerDoc } from '../ui/api-types.ts';
import { h, replaceChildren } from '../ui/dom.ts';
import type { LiveDoc } from '../ui/live-doc.ts';
import { speakerIcon } from './icons.ts';

/**
 * A slim line above the ticker while the pole's speaker plays something, so people who
 * hear it can read what it is (and deaf visitors know something is being announced).
 * Hidden whenever nothing plays.
 */
export function followNowPlaying(el: HTMLElement, speaker: LiveDoc<SpeakerDoc>): void {
  const text = h('span', { class: 'now-playing-text' });
  replaceChildren(el, speakerIcon(), text);
  const render = () => {
    const playing = speaker.current?.nowPlaying;
    el.hidden = !playing;
    if (playing) text.textContent = t('kiosk.nowPlaying', { title: playing.title });
  };
  speaker.onChange(render);
  onLocaleChange(render);
  render();
}
