import { type MessageKey, type MessageParams, onLocaleChange, t } from '../i18n/index.ts';
import { h, replaceChildren } from '../ui/dom.ts';
import { bilingualMessage, type MessageTone } from './message.ts';
import { PinPad } from './pin-pad.ts';
import { type LoginOutcome, login } from './session.ts';

const MIN_DIGITS = 6;

interface Shown {
  key: MessageKey;
  params?: MessageParams;
  tone: MessageTone;
}

/**
 * The PIN screen: the pad, and below it what happened to the last attempt. A
 * lockout disables the pad and counts down, so nobody keeps typing into a wall.
 */
export function loginScreen(
  onLoggedIn: () => void,
  initial?: Shown,
): { el: HTMLElement; destroy: () => void } {
  const heading = h('h2', { class: 'login-heading' }, t('admin.pin.prompt'));
  const messageArea = h('div', { class: 'login-message', attrs: { role: 'alert' } });
  let shown: Shown | undefined = initial;
  let countdown: ReturnType<typeof setInterval> | undefined;
  let busy = false;

  const show = (next: Shown | undefined) => {
    shown = next;
    replaceChildren(messageArea, next && bilingualMessage(next.key, next.params, next.tone));
  };
  const stopLocale = onLocaleChange(() => {
    show(shown);
    heading.textContent = t('admin.pin.prompt');
  });

  const lockFor = (seconds: number) => {
    pad.setEnabled(false);
    let left = seconds;
    show({ key: 'admin.pin.locked', params: { s: left }, tone: 'warning' });
    clearInterval(countdown);
    countdown = setInterval(() => {
      left -= 1;
      if (left > 0) {
        show({ key: 'admin.pin.locked', params: { s: left }, tone: 'warning' });
        return;
      }
      clearInterval(countdown);
      pad.setEnabled(true);
      show({ key: 'admin.pin.unlocked', tone: 'info' });
    }, 1000);
  };

  const react = (outcome: LoginOutcome) => {
    switch (outcome.kind) {
      case 'ok':
        onLoggedIn();
        return;
      case 'wrong-pin':
        show(
          outcome.failuresLeft <= 1
            ? { key: 'admin.pin.wrongLast', tone: 'error' }
            : { key: 'admin.pin.wrong', params: { n: outcome.failuresLeft }, tone: 'error' },
        );
        return;
      case 'locked':
        lockFor(outcome.retryAfterS);
        return;
      case 'no-pin':
        show({ key: 'admin.pin.noPin', tone: 'warning' });
        return;
      case 'unreachable':
        show({ key: 'admin.pin.unreachable', tone: 'error' });
        return;
      case 'failed':
        show({ key: 'admin.pin.failed', params: { code: String(outcome.status) }, tone: 'error' });
        return;
    }
  };

  const pad = new PinPad(async (pin) => {
    if (busy) return;
    if (pin.length < MIN_DIGITS) {
      show({ key: 'admin.pin.tooShort', tone: 'error' });
      return;
    }
    busy = true;
    pad.setEnabled(false);
    try {
      const outcome = await login(pin);
      pad.clear();
      pad.setEnabled(true);
      react(outcome);
    } finally {
      busy = false;
    }
  });

  const el = h('section', { class: 'login' }, heading, pad.el, messageArea);
  show(initial);
  return {
    el,
    destroy: () => {
      clearInterval(countdown);
      stopLocale();
      pad.destroy();
    },
  };
}
