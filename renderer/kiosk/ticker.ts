import { type Bilingual, onLocaleChange, pick } from '../i18n/index.ts';
import { h, replaceChildren } from '../ui/dom.ts';

// Long enough to read a line at walking pace, short enough that a passer-by sees two.
const ROTATE_MS = 8000;

/**
 * The ticker line: one message at a time, changing every few seconds with a short
 * fade. Rotating instead of scrolling sideways: easier to read, and a Pi's GPU
 * does not have to animate a long strip all day.
 */
export class Ticker {
  private items: Bilingual[] = [];
  private index = 0;
  private timer: ReturnType<typeof setInterval> | undefined;

  constructor(private readonly el: HTMLElement) {
    onLocaleChange(() => this.render());
  }

  setItems(items: Bilingual[]): void {
    const same = JSON.stringify(items) === JSON.stringify(this.items);
    if (same) return;
    this.items = items;
    this.index = 0;
    clearInterval(this.timer);
    this.timer = items.length > 1 ? setInterval(() => this.next(), ROTATE_MS) : undefined;
    this.render();
  }

  private next(): void {
    this.index = (this.index + 1) % this.items.length;
    this.render();
  }

  private render(): void {
    const item = this.items[this.index];
    this.el.hidden = !item;
    if (!item) return;
    // A new element restarts the CSS fade-in.
    replaceChildren(this.el, h('p', { class: 'ticker-text' }, pick(item)));
  }
}
