import { silentLogger } from '../core/index.js';
import { OutboxRepo, openDatabase, SettingsRepo } from '../store/index.js';
import { DisplaySchedule } from './display-schedule.js';
import { type HardeningPolicy, hardenSession } from './hardening.js';
import { ACTIVITY_CHANNEL, acceptActivity } from './ipc.js';
import { KioskWindow } from './kiosk-window.js';
import { LiveWatch } from './live-watch.js';
import { MemoryGuard } from './memory-guard.js';
import { pageUrl, type ShellConfig, shellConfig } from './shell-config.js';
import { type AgentChild, AgentSupervisor, type SupervisorState } from './supervisor.js';

type Electron = typeof import('electron');

const log = (event: string, detail: Record<string, unknown> = {}) =>
  process.stdout.write(`${JSON.stringify({ time: Date.now(), module: 'shell', event, ...detail })}\n`);

/** A crash loop is told to the control room through the agent's outbox: sent when the agent is back. */
function reportCrashLoop(cfg: ShellConfig, state: SupervisorState): void {
  try {
    const clock = { now: () => Date.now() };
    const db = openDatabase(`${cfg.dataDir}/tiang.db`, { clock, log: silentLogger() });
    new OutboxRepo(db, new SettingsRepo(db, clock), clock).enqueue('events', 'fault', {
      subsystem: 'agent',
      level: 'fault',
      cause: `agent crash loop: ${JSON.stringify(state)}`,
    });
    db.close();
  } catch (err) {
    log('crash-loop-report-failed', { error: (err as Error).message });
  }
}

async function probe(url: string): Promise<boolean> {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(2000) });
    await res.body?.cancel();
    return res.status === 200;
  } catch {
    return false;
  }
}

/**
 * The kiosk shell: supervises the agent, keeps one hardened full-screen window on the
 * agent's loopback kiosk page, blanks it at night, and reloads it when it crashes, hangs or
 * grows too big. Takes the Electron module as a parameter so tests can hand it a mock.
 */
export async function startShell(electron: Electron, argv: string[] = process.argv, env = process.env) {
  const { app, BrowserWindow, ipcMain, Menu, powerSaveBlocker, session, utilityProcess } = electron;
  const cfg = shellConfig(argv, env);
  const production = app.isPackaged && !cfg.sim;
  if (!app.requestSingleInstanceLock()) {
    log('second-instance', {});
    app.quit();
    return undefined;
  }
  app.commandLine.appendSwitch('autoplay-policy', 'no-user-gesture-required');
  await app.whenReady();
  Menu.setApplicationMenu(null);

  const pagesPrefix = pageUrl(cfg, '');
  const policy: HardeningPolicy = { origin: cfg.origin, shellPagesPrefix: pagesPrefix, production, log };
  hardenSession(session.defaultSession, policy);
  app.on('web-contents-created', (_e, contents) => {
    // Any other contents (there should be none) gets no window.open either.
    contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  });
  const kiosk = new KioskWindow({
    create: (o) => new BrowserWindow(o),
    kioskUrl: cfg.kioskUrl,
    pages: {
      offline: pageUrl(cfg, 'offline.html'),
      service: pageUrl(cfg, 'service.html'),
      blank: pageUrl(cfg, 'blank.html'),
    },
    preload: cfg.preload,
    policy,
  });
  await kiosk.show('offline');

  let lastTouch = Date.now();
  let alertOn = false;
  let awake: number | undefined;
  const display = new DisplaySchedule(
    { timezone: cfg.timezone },
    {
      blank: (on) => {
        log('display', { blank: on });
        void kiosk.show(on ? 'blank' : agentHealthy ? 'kiosk' : 'offline');
      },
      keepAwake: (on) => {
        if (on && awake === undefined) awake = powerSaveBlocker.start('prevent-display-sleep');
        if (!on && awake !== undefined) {
          powerSaveBlocker.stop(awake);
          awake = undefined;
        }
      },
    },
  );
  ipcMain.on(ACTIVITY_CHANNEL, (event, payload) => {
    const trusted = (url: string) => url.startsWith(`${cfg.origin}/`) || url === pageUrl(cfg, 'blank.html');
    const activity = acceptActivity(event, payload, kiosk.window.webContents.id, trusted);
    if (!activity) {
      log('ipc-dropped', { channel: ACTIVITY_CHANNEL });
      return;
    }
    if (activity.kind === 'touch') {
      lastTouch = Date.now();
      if (display.blanked) display.wake();
    } else alertOn = activity.kind === 'alert-on';
  });

  const refreshHours = async () => {
    try {
      const doc = (await (await fetch(`${cfg.origin}/api/kiosk`)).json()) as {
        device: { timezone: string };
        screen: { screenOn?: string; screenOff?: string } | null;
      };
      display.setHours({
        timezone: doc.device.timezone,
        ...(doc.screen?.screenOn ? { on: doc.screen.screenOn } : {}),
        ...(doc.screen?.screenOff ? { off: doc.screen.screenOff } : {}),
      });
    } catch {
      // Agent not up: keep the hours we have.
    }
  };
  const live = new LiveWatch({
    url: `${cfg.origin}/api/live`,
    onEvent: (event, data) => {
      if (event === 'alerts') {
        alertOn = ((data as { active?: unknown[] }).active ?? []).length > 0;
        // An alert must be seen: wake the screen, however late it is.
        if (alertOn) display.wake();
      }
      if (event === 'desired') void refreshHours();
    },
  });

  const guard = new MemoryGuard({
    limitMb: cfg.memoryLimitMb,
    rendererMb: () => {
      const pid = kiosk.window.webContents.getOSProcessId();
      const metric = app.getAppMetrics().find((m) => m.pid === pid);
      return metric ? metric.memory.workingSetSize / 1024 : undefined;
    },
    idleMs: () => Date.now() - lastTouch,
    alertActive: () => alertOn,
    reload: (reason) => kiosk.reload(reason),
  });

  let agentHealthy = false;
  const onState = (state: SupervisorState) => {
    log('agent', { ...state });
    agentHealthy = state.kind === 'healthy';
    if (state.kind === 'healthy') {
      void refreshHours();
      if (!display.blanked) void kiosk.show('kiosk');
    } else if (state.kind === 'crash-loop') {
      reportCrashLoop(cfg, state);
      void kiosk.show('service');
    } else if (kiosk.screen === 'kiosk') {
      void kiosk.show('offline');
    }
  };
  const supervisor = new AgentSupervisor({
    spawn: (): AgentChild => {
      if (cfg.externalAgent) {
        // systemd runs the agent: "exit" only when it stops answering.
        let exitListener: ((code: number | null) => void) | undefined;
        const watch = setInterval(async () => {
          if (agentHealthy && !(await probe(`${cfg.origin}/healthz`))) exitListener?.(null);
        }, 5000);
        return { onExit: (l) => (exitListener = l), kill: () => clearInterval(watch) };
      }
      const child = utilityProcess.fork(cfg.agentEntry, cfg.agentArgs, {
        serviceName: 'tiang-agent',
        stdio: 'inherit',
      });
      return { onExit: (l) => child.on('exit', l), kill: () => child.kill() };
    },
    healthy: () => probe(`${cfg.origin}/healthz`),
    onState,
  });

  supervisor.start();
  display.start();
  live.start();
  guard.start();
  // The offline page retries by itself: a failed load while the agent is up comes back here.
  const retry = setInterval(() => {
    if (kiosk.screen === 'offline' && agentHealthy && !display.blanked) void kiosk.show('kiosk');
  }, 5000);
  app.on('before-quit', () => {
    clearInterval(retry);
    guard.stop();
    live.stop();
    display.stop();
    supervisor.stop();
  });
  return { cfg, kiosk, supervisor, display, guard, live, onAgentState: onState };
}

// Run when Electron starts this file (not when a test imports it).
if (process.versions.electron && !process.env.VITEST) {
  const electron = await import('electron');
  await startShell(electron.default ?? electron);
}
