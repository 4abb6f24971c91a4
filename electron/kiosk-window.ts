import type {
  BrowserWindow,
  BrowserWindowConstructorOptions,
  RenderProcessGoneDetails,
  WebContents,
} from 'electron';
import { type HardeningPolicy, hardenContents, kioskWebPreferences } from './hardening.js';

export type KioskScreen = 'kiosk' | 'offline' | 'service' | 'blank';

export interface KioskWindowOptions {
  /** Creates the window (Electron's BrowserWindow; a mock in tests). */
  create: (options: BrowserWindowConstructorOptions) => BrowserWindow;
  kioskUrl: string;
  pages: Record<Exclude<KioskScreen, 'kiosk'>, string>;
  preload: string;
  policy: HardeningPolicy;
  /** An unresponsive renderer gets this long to recover before it is reloaded. */
  unresponsiveGraceMs?: number;
}

/**
 * The one full-screen kiosk window: hardened, and never left on a browser error page — a
 * crashed or hung renderer is reloaded, a failed load shows the offline page (the shell
 * brings the kiosk back when the agent answers again).
 */
export class KioskWindow {
  readonly window: BrowserWindow;
  screen: KioskScreen = 'offline';
  private unresponsiveTimer: NodeJS.Timeout | undefined;
  crashes = 0;

  constructor(private readonly o: KioskWindowOptions) {
    const production = o.policy.production;
    this.window = o.create({
      show: true,
      kiosk: true,
      fullscreen: true,
      frame: false,
      autoHideMenuBar: true,
      backgroundColor: '#0b3a53',
      webPreferences: kioskWebPreferences(o.preload, production),
    });
    this.window.setMenu(null);
    const contents = this.window.webContents;
    hardenContents(contents, o.policy);
    contents.on('render-process-gone', (_e, details: RenderProcessGoneDetails) => this.onGone(details));
    contents.on('unresponsive', () => this.onUnresponsive(contents));
    contents.on('responsive', () => clearTimeout(this.unresponsiveTimer));
    contents.on('did-fail-load', (_e, code, description, url, isMainFrame) => {
      if (!isMainFrame || code === -3) return; // -3: aborted by a newer navigation
      o.policy.log('load-failed', { code, description, url });
      if (this.screen === 'kiosk') void this.show('offline');
    });
  }

  private onGone(details: RenderProcessGoneDetails): void {
    this.crashes += 1;
    this.o.policy.log('renderer-gone', { reason: details.reason, exitCode: details.exitCode });
    if (details.reason === 'clean-exit') return;
    void this.show(this.screen);
  }

  private onUnresponsive(contents: WebContents): void {
    this.o.policy.log('renderer-unresponsive', {});
    clearTimeout(this.unresponsiveTimer);
    this.unresponsiveTimer = setTimeout(() => {
      this.o.policy.log('renderer-reloaded', { reason: 'unresponsive' });
      contents.forcefullyCrashRenderer();
      void this.show(this.screen);
    }, this.o.unresponsiveGraceMs ?? 10_000);
  }

  /** Load one of the screens. Failures end on the offline page, never a browser error page. */
  async show(screen: KioskScreen): Promise<void> {
    this.screen = screen;
    const url = screen === 'kiosk' ? this.o.kioskUrl : this.o.pages[screen];
    try {
      await this.window.loadURL(url);
    } catch (err) {
      if (screen === 'kiosk') {
        this.o.policy.log('load-failed', { url, error: (err as Error).message });
        this.screen = 'offline';
        await this.window.loadURL(this.o.pages.offline).catch(() => undefined);
      }
    }
  }

  reload(reason: string): void {
    this.o.policy.log('renderer-reloaded', { reason });
    void this.show(this.screen);
  }
}
