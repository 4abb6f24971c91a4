import { formatLocalRange, localDateOf, pick, t } from '../../i18n/index.ts';
import type { AgendaEvent, AgendaPage, KioskImage } from '../../ui/api-types.ts';
import { useNow } from '../../ui/hooks.ts';
import { MessageBlock } from '../home.tsx';
import { upcomingEvents } from '../model.ts';
import { Picture } from '../picture.tsx';
import { Fact, FactRow } from './facts.tsx';

/** City events from today on, soonest first, then the regular ones; past events drop off by themselves. */
export function AgendaView({
  page,
  images,
  timeZone,
}: {
  page: AgendaPage;
  images: Record<string, KioskImage> | undefined;
  timeZone: string;
}) {
  const today = localDateOf(useNow(60_000), timeZone);
  const events = upcomingEvents(Array.isArray(page.events) ? page.events : [], today);
  const dated = events.filter((e) => e.start);
  const regular = events.filter((e) => !e.start);
  if (events.length === 0) return <MessageBlock text={t('kiosk.agenda.none')} />;
  return (
    <>
      {dated.length > 0 && <h2 class="page-subtitle">{t('kiosk.agenda.upcoming')}</h2>}
      {dated.map((e, i) => (
        <EventView key={`d${i}`} event={e} images={images} timeZone={timeZone} />
      ))}
      {regular.length > 0 && <h2 class="page-subtitle">{t('kiosk.agenda.regular')}</h2>}
      {regular.map((e, i) => (
        <EventView key={`r${i}`} event={e} images={images} timeZone={timeZone} />
      ))}
    </>
  );
}

function EventView({
  event,
  images,
  timeZone,
}: {
  event: AgendaEvent;
  images: Record<string, KioskImage> | undefined;
  timeZone: string;
}) {
  const when = event.start ? formatLocalRange(event.start, event.end, timeZone) : pick(event.when);
  return (
    <article class="page-section event" data-start={event.start}>
      <h3 class="event-title">{pick(event.title)}</h3>
      <div class="facts">
        <FactRow icon="calendar" label={t('kiosk.when')}>
          <span class="event-when">{when}</span>
        </FactRow>
        <Fact icon="pin" label={t('kiosk.where')} text={event.where} />
      </div>
      <Picture image={event.image} images={images} />
      {event.body && <p>{pick(event.body)}</p>}
    </article>
  );
}
