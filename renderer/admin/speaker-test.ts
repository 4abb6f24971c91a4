import { onLocaleChange, pick, t } from '../i18n/index.ts';
import type { SpeakerDoc } from '../ui/api-types.ts';
import { h, replaceChildren } from '../ui/dom.ts';
import { ApiError, requestJson } from '../ui/http.ts';
import type { LiveChannel } from '../ui/live-channel.ts';
import { LiveDoc } from '../ui/live-doc.ts';
import { bilingualLabel, bilingualMessage, commandFailure, type Shown } from './message.ts';

/** What the pole says: short, Indonesian, and easy to recognise from across the street. */
const TEST_SENTENCE = {
  text: 'Ini tes speaker tiang. Satu, dua, tiga.',
  lang: 'id',
  priority: 'test',
} as const;

type Step =
  | { kind: 'ready' }
  | { kind: 'sending' }
  | { kind: 'asking' }
  | { kind: 'answered'; heard: boolean }
  | { kind: 'failed'; shown: Shown; fix?: { id: string; en: string } };

/**
 * "Tes speaker": the pole speaks one sentence (POST /api/admin/speaker/play at test
 * priority), then the screen asks whether it was heard and says the next step in plain
 * words. The answer goes to the audit log (POST /api/admin/speaker/heard), so the visit has a
 * record that the speaker was heard. Works on any pole, not only the simulator.
 */
export function speakerTest(live: LiveChannel): { el: HTMLElement; destroy: () => void } {
  const title = h('h2', { class: 'section-title', attrs: { id: 'speaker-test-title' } });
  const intro = h('div', { class: 'panel-intro' });
  const testButton = h('button', {
    class: 'big-button speaker-test-button',
    attrs: { type: 'button', 'data-action': 'speaker-test' },
  });
  const playing = h('p', { class: 'speaker-now', attrs: { hidden: true } });
  const stepArea = h('div', { class: 'panel-status', attrs: { 'aria-live': 'polite' } });
  const el = h(
    'section',
    { class: 'panel speaker-test', attrs: { 'aria-labelledby': 'speaker-test-title' } },
    title,
    intro,
    h('div', { class: 'speaker-test-actions' }, testButton, playing),
    stepArea,
  );

  const speaker = new LiveDoc<SpeakerDoc>(live, 'speaker', '/api/speaker');
  let step: Step = { kind: 'ready' };

  const answer = (heard: boolean) =>
    h(
      'button',
      {
        class: ['big-button', 'answer-button', heard ? 'answer-yes' : 'answer-no'],
        attrs: { type: 'button', 'data-answer': heard ? 'yes' : 'no' },
        on: {
          click: () => {
            go({ kind: 'answered', heard });
            // The record is a bonus: a failed post does not change what the screen says.
            requestJson('/api/admin/speaker/heard', { method: 'POST', body: { heard } }).catch(
              () => undefined,
            );
          },
        },
      },
      bilingualLabel(heard ? 'admin.speaker.yes' : 'admin.speaker.no'),
    );

  const renderStep = () => {
    testButton.disabled = step.kind === 'sending';
    el.dataset.step = step.kind;
    if (step.kind === 'answered') el.dataset.answer = step.heard ? 'yes' : 'no';
    else delete el.dataset.answer;
    switch (step.kind) {
      case 'ready':
        replaceChildren(stepArea);
        return;
      case 'sending':
        replaceChildren(stepArea, bilingualMessage('admin.speaker.sending'));
        return;
      case 'asking':
        replaceChildren(
          stepArea,
          h(
            'div',
            { class: 'speaker-question' },
            bilingualMessage('admin.speaker.question'),
            h('div', { class: 'answer-buttons' }, answer(true), answer(false)),
          ),
        );
        return;
      case 'answered':
        replaceChildren(
          stepArea,
          bilingualMessage(
            step.heard ? 'admin.speaker.heard' : 'admin.speaker.notHeard',
            undefined,
            step.heard ? 'info' : 'warning',
          ),
        );
        return;
      case 'failed':
        replaceChildren(
          stepArea,
          bilingualMessage(step.shown.key, step.shown.params, step.shown.tone),
          step.fix &&
            h('p', { class: 'message-fix' }, h('strong', {}, t('admin.health.fix')), ' ', pick(step.fix)),
        );
        return;
    }
  };

  const go = (next: Step) => {
    step = next;
    renderStep();
  };

  const runTest = async () => {
    if (step.kind === 'sending') return;
    go({ kind: 'sending' });
    try {
      await requestJson<{ id: string }>('/api/admin/speaker/play', { method: 'POST', body: TEST_SENTENCE });
      go({ kind: 'asking' });
    } catch (err) {
      const body = err instanceof ApiError ? (err.body as { fix?: unknown } | undefined) : undefined;
      const fix = isBilingual(body?.fix) ? body.fix : undefined;
      const shown =
        err instanceof ApiError && err.status === 0
          ? ({ key: 'admin.speaker.unreachable', tone: 'error' } as const)
          : commandFailure(err);
      go(fix ? { kind: 'failed', shown, fix } : { kind: 'failed', shown });
    }
  };
  testButton.addEventListener('click', () => void runTest());

  const renderPlaying = () => {
    const now = speaker.current?.nowPlaying;
    playing.hidden = !now;
    if (now) playing.textContent = t('admin.speaker.nowPlaying', { title: now.title });
  };

  const render = () => {
    title.textContent = t('admin.speaker.title');
    replaceChildren(intro, bilingualMessage('admin.speaker.intro'));
    replaceChildren(testButton, bilingualLabel('admin.speaker.test'));
    renderPlaying();
    renderStep();
  };

  speaker.onChange(renderPlaying);
  const stopLocale = onLocaleChange(render);
  render();

  return {
    el,
    destroy: () => {
      speaker.destroy();
      stopLocale();
    },
  };
}

function isBilingual(v: unknown): v is { id: string; en: string } {
  const b = v as { id?: unknown; en?: unknown } | null | undefined;
  return typeof b?.id === 'string' && typeof b.en === 'string';
}
