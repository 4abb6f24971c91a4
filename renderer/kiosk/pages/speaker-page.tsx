import { formatTime, t } from '../../i18n/index.ts';
import type { SpeakerDoc, SpeakerPriority } from '../../ui/api-types.ts';
import { MessageBlock } from '../home.tsx';

const priorityLabel = (p: SpeakerPriority) => t(`kiosk.speaker.priority.${p}`);

/** What the pole speaker plays now and what comes next, so people who hear it can read it. */
export function SpeakerView({
  speaker,
  out,
  timeZone,
}: {
  speaker: SpeakerDoc | null;
  /** The speaker subsystem is at fault: say so instead of an empty list. */
  out: boolean;
  timeZone: string;
}) {
  if (out) return <MessageBlock text={t('kiosk.speaker.out')} />;
  const playing = speaker?.nowPlaying;
  const next = (speaker?.next ?? []).slice(0, 5);
  return (
    <>
      <article class="page-section speaker-now">
        <h2>{t('kiosk.speaker.now')}</h2>
        {playing ? (
          <p class="speaker-title">
            {playing.title}
            <span class="speaker-meta">
              {' · '}
              {priorityLabel(playing.priority)}
              {playing.startedAt !== null &&
                ` · ${t('kiosk.speaker.since', { time: formatTime(playing.startedAt, timeZone) })}`}
            </span>
          </p>
        ) : (
          <p class="speaker-idle">{t('kiosk.speaker.nothing')}</p>
        )}
      </article>
      <article class="page-section speaker-next">
        <h2>{t('kiosk.speaker.next')}</h2>
        {next.length === 0 ? (
          <p>{t('kiosk.speaker.noneNext')}</p>
        ) : (
          <ul class="speaker-list">
            {next.map((n, i) => (
              <li key={`${n.id}${i}`}>
                <span class="speaker-at">{n.at !== null ? formatTime(n.at, timeZone) : '—'}</span>
                <span class="speaker-item">{n.title}</span>
              </li>
            ))}
          </ul>
        )}
      </article>
    </>
  );
}
