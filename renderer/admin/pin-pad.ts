import { onLocaleChange, t } from '../i18n/index.ts';
import { h, replaceChildren } from '../ui/dom.ts';

const MAX_DIGITS = 12;

/**
 * A PIN pad with big digit buttons that works by touch and by keyboard (digits,
 * Backspace, Enter). The digits stay in memory only and are shown as dots.
 */
export class PinPad {
  readonly el: HTMLElement;
  private digits = '';
  private enabled = true;
  private readonly display: HTMLElement;
  private readonly count: HTMLElement;
  private readonly buttons: HTMLButtonElement[] = [];
  private readonly detach: (() => void)[] = [];

  constructor(private readonly onSubmit: (pin: string) => void) {
    this.display = h('div', { class: 'pin-dots', attrs: { 'aria-hidden': 'true' } });
    this.count = h('div', { class: 'visually-hidden', attrs: { 'aria-live': 'polite' } });
    const keys = ['1', '2', '3', '4', '5', '6', '7', '8', '9', 'delete', '0', 'submit'] as const;
    const grid = h(
      'div',
      { class: 'pin-grid' },
      keys.map((key) => {
        const button = h('button', {
          class: ['pin-key', key === 'submit' && 'pin-key-submit', key === 'delete' && 'pin-key-delete'],
          attrs: { type: 'button', 'data-key': key },
          on: { click: () => this.press(key) },
        });
        this.buttons.push(button);
        return button;
      }),
    );
    this.el = h('div', { class: 'pin-pad' }, this.display, this.count, grid);
    this.labelButtons();
    this.detach.push(onLocaleChange(() => this.labelButtons()));
    const onKey = (e: KeyboardEvent) => this.onKey(e);
    document.addEventListener('keydown', onKey);
    this.detach.push(() => document.removeEventListener('keydown', onKey));
    this.renderDisplay();
  }

  setEnabled(enabled: boolean): void {
    this.enabled = enabled;
    for (const b of this.buttons) b.disabled = !enabled;
  }

  clear(): void {
    this.digits = '';
    this.renderDisplay();
  }

  /** Remove the keyboard listener; call when the pad leaves the screen. */
  destroy(): void {
    for (const fn of this.detach) fn();
  }

  private labelButtons(): void {
    for (const b of this.buttons) {
      const key = b.dataset.key!;
      if (key === 'delete') b.textContent = t('admin.pin.delete');
      else if (key === 'submit') b.textContent = t('admin.pin.submit');
      else b.textContent = key;
    }
    this.renderDisplay();
  }

  private onKey(e: KeyboardEvent): void {
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    if (/^[0-9]$/.test(e.key)) this.press(e.key);
    else if (e.key === 'Backspace') this.press('delete');
    else if (e.key === 'Enter') this.press('submit');
    else return;
    e.preventDefault();
  }

  private press(key: string): void {
    if (!this.enabled) return;
    if (key === 'delete') this.digits = this.digits.slice(0, -1);
    else if (key === 'submit') this.onSubmit(this.digits);
    else if (this.digits.length < MAX_DIGITS) this.digits += key;
    this.renderDisplay();
  }

  private renderDisplay(): void {
    // Six empty dots to start with: the usual PIN length, so people see how much to type.
    const slots = Math.max(6, this.digits.length);
    replaceChildren(
      this.display,
      Array.from({ length: slots }, (_, i) =>
        h('span', { class: ['pin-dot', i < this.digits.length && 'pin-dot-filled'] }),
      ),
    );
    this.count.textContent = t('admin.pin.entered', { n: this.digits.length });
  }
}
