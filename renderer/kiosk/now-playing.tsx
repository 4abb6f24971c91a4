import { t } from '../i18n/index.ts';
import type { SpeakerDoc } from '../ui/api-types.ts';
import { Icon } from './icons.tsx';

/**
 * A slim line above the ticker while the pole's speaker plays something, so people who
 * hear it can read what it is (and deaf visitors know something is being announced).
 */
export function NowPlaying({ speaker }: { speaker: SpeakerDoc | null }) {
  const playing = speaker?.nowPlaying;
  return (
    <div id="now-playing" class="now-playing" role="status" hidden={!playing}>
      {playing && (
        <>
          <Icon name="speaker" class="now-playing-icon" />
          <span class="now-playing-text">{t('kiosk.nowPlaying', { title: playing.title })}</span>
        </>
      )}
    </div>
  );
}
