import { Component, type ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { getLocale, pick, t } from '../i18n/index.ts';
import type {
  AgendaPage,
  AirDoc,
  KioskDoc,
  KioskPage,
  PlacesPage,
  ServicesPage,
  SpeakerDoc,
} from '../ui/api-types.ts';
import { AirNowPanel } from './air.tsx';
import { MessageBlock } from './home.tsx';
import { Icon } from './icons.tsx';
import { findPage, pageType, sectionsOf } from './model.ts';
import { AgendaView } from './pages/agenda-page.tsx';
import { ContactsView } from './pages/contacts-page.tsx';
import { PlacesView } from './pages/places-page.tsx';
import { ServicesView } from './pages/services-page.tsx';
import { SpeakerView } from './pages/speaker-page.tsx';
import { Sections } from './pages/text-page.tsx';
import { WifiView } from './pages/wifi-page.tsx';
import type { ReadAloud } from './sounds.ts';

export interface PageData {
  doc: KioskDoc;
  air: AirDoc | null;
  speaker: SpeakerDoc | null;
  speakerOut: boolean;
  timeZone: string;
}

/**
 * One content page: a sticky bar with a big Back button, the title and "listen", then
 * the page's body by its type. A page that fails to render shows a polite note instead of
 * taking the whole kiosk down with it.
 */
export function PageView({
  pageId,
  data,
  goHome,
  readAloud,
}: {
  pageId: string;
  data: PageData;
  goHome: () => void;
  readAloud: ReadAloud;
}) {
  const page = findPage(data.doc, pageId);
  return (
    <section class="page-view" data-page={page?.id} data-type={page ? pageType(page) : undefined}>
      <div class="page-bar">
        <button type="button" class="back-button" onClick={goHome}>
          <Icon name="back" class="back-icon" />
          <span>{t('kiosk.back')}</span>
        </button>
        <h1 class="page-title">{page ? pick(page.title) : ''}</h1>
        {page && <ListenButton pageId={page.id} readAloud={readAloud} />}
      </div>
      <div class="page-body">
        {page ? (
          <PageBoundary key={page.id}>
            {page.intro && <p class="page-intro">{pick(page.intro)}</p>}
            <PageBody page={page} data={data} />
          </PageBoundary>
        ) : (
          <p class="page-missing">{t('kiosk.pageMissing')}</p>
        )}
      </div>
    </section>
  );
}

function PageBody({ page, data }: { page: KioskPage; data: PageData }) {
  const images = data.doc.images;
  const sections = <Sections sections={sectionsOf(page)} images={images} />;
  switch (pageType(page)) {
    case 'text':
      return sections;
    case 'services':
      return <ServicesView page={page as ServicesPage} images={images} />;
    case 'places':
      return <PlacesView page={page as PlacesPage} images={images} />;
    case 'agenda':
      return <AgendaView page={page as AgendaPage} images={images} timeZone={data.timeZone} />;
    case 'contacts':
      return <ContactsView doc={data.doc} />;
    case 'wifi':
      return (
        <>
          <WifiView doc={data.doc} />
          {sections}
        </>
      );
    case 'air':
      return (
        <>
          <AirNowPanel air={data.air} timeZone={data.timeZone} />
          {sections}
        </>
      );
    case 'speaker':
      return <SpeakerView speaker={data.speaker} out={data.speakerOut} timeZone={data.timeZone} />;
    default:
      // A type from a newer control room: its sections if it has any, else a polite note.
      return sectionsOf(page).length > 0 ? sections : <MessageBlock text={t('kiosk.pageUnsupported')} />;
  }
}

/** Read the page aloud on the kiosk's own speaker; a second tap stops it. */
function ListenButton({ pageId, readAloud }: { pageId: string; readAloud: ReadAloud }) {
  const [{ state, key }, setState] = useState(readAloud.current);
  useEffect(() => readAloud.onChange((s, k) => setState({ state: s, key: k })), [readAloud]);
  const lang = getLocale();
  const mine = key === `${pageId}|${lang}`;
  const active = mine && (state === 'loading' || state === 'playing');
  const label = !mine
    ? t('kiosk.listen')
    : state === 'loading'
      ? t('kiosk.listen.loading')
      : state === 'playing'
        ? t('kiosk.listen.stop')
        : state === 'failed'
          ? t('kiosk.listen.failed')
          : t('kiosk.listen');
  return (
    <button
      type="button"
      class="listen-button"
      data-state={mine ? state : 'idle'}
      aria-pressed={active}
      onClick={() => (active ? readAloud.stop() : void readAloud.play(pageId, lang))}
    >
      <Icon name={active ? 'stop' : 'listen'} class="listen-icon" />
      <span>{label}</span>
    </button>
  );
}

class PageBoundary extends Component<{ children: ComponentChildren }, { failed: boolean }> {
  override state = { failed: false };

  override componentDidCatch(err: unknown): void {
    console.warn(`kiosk: page could not be shown: ${(err as Error)?.message ?? err}`);
    this.setState({ failed: true });
  }

  override render() {
    return this.state.failed ? <MessageBlock text={t('kiosk.pageUnsupported')} /> : this.props.children;
  }
}
