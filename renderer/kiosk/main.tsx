import { render } from 'preact';
import type { AirDoc, AlertsDoc, HealthDoc, SpeakerDoc } from '../ui/api-types.ts';
import { secondsFromQuery } from '../ui/idle-timer.ts';
import { LiveChannel } from '../ui/live-channel.ts';
import { LiveDoc } from '../ui/live-doc.ts';
import { guardTouchScreen } from '../ui/touch-guard.ts';
import { App, type KioskSources } from './app.tsx';
import { KioskContentSource } from './content.ts';
import { ReadAloud, startTapFeedback } from './sounds.ts';

// The screen tag tells the agent's health model that the kiosk is on screen.
const live = new LiveChannel({ url: '/api/live?screen=kiosk' });
const content = new KioskContentSource();
// First thing: ask for the content, while the rest of the page starts up.
const firstContent = content.refresh();
const query = new URLSearchParams(location.search);
const sources: KioskSources = {
  live,
  content,
  air: new LiveDoc<AirDoc>(live, 'air', '/api/air'),
  speaker: new LiveDoc<SpeakerDoc>(live, 'speaker', '/api/speaker'),
  health: new LiveDoc<HealthDoc>(live, 'health', '/healthz'),
  alerts: new LiveDoc<AlertsDoc>(live, 'alerts', '/api/alerts'),
  readAloud: new ReadAloud(),
  idleOverrideS: query.has('idle') ? secondsFromQuery('idle', 60) : undefined,
};

guardTouchScreen();
// Content may have changed while the agent was away: fetch it again on every (re)connect,
// and whenever a new desired state is applied.
live.onStatus((status) => {
  if (status === 'online') void content.refresh();
});
live.on('desired', () => void content.refresh());
// A technician asked for a fresh start from the admin screen.
live.on('kiosk-reload', () => location.reload());
live.start();

// The first render waits for the content (at most a second; index.html says "loading" until
// then): on a Pi, laying out a loading screen and then the home screen costs twice.
const FIRST_RENDER_WAIT_MS = 1000;
void Promise.race([firstContent, new Promise((r) => setTimeout(r, FIRST_RENDER_WAIT_MS))]).then(() => {
  const root = document.getElementById('app')!;
  root.textContent = '';
  render(<App sources={sources} />, root);
});
// After the first paint: touch sounds are nice, not needed to see the home screen.
requestIdleCallback(() => startTapFeedback(), { timeout: 2000 });
