import { EventEmitter } from 'node:events';

/**
 * A hand-written stand-in for the parts of the `electron` module the shell uses (as
 * electron/fiddle's tests do): records what the shell asked for, and lets a test fire the
 * events Electron would.
 */
export class FakeWebContents extends EventEmitter {
  static nextId = 1;
  readonly id = FakeWebContents.nextId++;
  windowOpenHandler: ((d: { url: string }) => { action: string }) | undefined;
  crashed = 0;
  devToolsClosed = 0;
  zoomLimits: [number, number] | undefined;
  setWindowOpenHandler(fn: (d: { url: string }) => { action: string }) {
    this.windowOpenHandler = fn;
  }
  setVisualZoomLevelLimits(min: number, max: number) {
    this.zoomLimits = [min, max];
    return Promise.resolve();
  }
  closeDevTools() {
    this.devToolsClosed += 1;
  }
  forcefullyCrashRenderer() {
    this.crashed += 1;
  }
  getOSProcessId() {
    return 4242;
  }
  /** Fire an event the way Electron does, returning whether a handler called preventDefault(). */
  fire(event: string, ...args: unknown[]): boolean {
    let prevented = false;
    this.emit(event, { preventDefault: () => (prevented = true) }, ...args);
    return prevented;
  }
}

export class FakeBrowserWindow {
  static all: FakeBrowserWindow[] = [];
  readonly webContents = new FakeWebContents();
  readonly loaded: string[] = [];
  menu: unknown = 'default';
  failLoads = new Set<string>();
  constructor(readonly options: Record<string, unknown>) {
    FakeBrowserWindow.all.push(this);
  }
  setMenu(menu: unknown) {
    this.menu = menu;
  }
  loadURL(url: string) {
    this.loaded.push(url);
    return this.failLoads.has(url) ? Promise.reject(new Error('ERR_CONNECTION_REFUSED')) : Promise.resolve();
  }
}

export class FakeSession extends EventEmitter {
  permissionRequest: ((c: unknown, p: string, cb: (ok: boolean) => void) => void) | undefined;
  permissionCheck: (() => boolean) | undefined;
  devicePermission: (() => boolean) | undefined;
  setPermissionRequestHandler(fn: FakeSession['permissionRequest']) {
    this.permissionRequest = fn;
  }
  setPermissionCheckHandler(fn: () => boolean) {
    this.permissionCheck = fn;
  }
  setDevicePermissionHandler(fn: () => boolean) {
    this.devicePermission = fn;
  }
}

export class FakeChild extends EventEmitter {
  killed = false;
  kill() {
    this.killed = true;
    this.emit('exit', null);
  }
}

export function fakeElectron() {
  const switches: [string, string | undefined][] = [];
  const forks: { entry: string; args: string[]; options: unknown; child: FakeChild }[] = [];
  const blockers = new Set<number>();
  let nextBlocker = 1;
  const app = Object.assign(new EventEmitter(), {
    isPackaged: true,
    requestSingleInstanceLock: () => true,
    quit: () => undefined,
    whenReady: () => Promise.resolve(),
    commandLine: { appendSwitch: (k: string, v?: string) => switches.push([k, v]) },
    getAppMetrics: () => [{ pid: 4242, memory: { workingSetSize: 300 * 1024 } }],
  });
  const session = { defaultSession: new FakeSession() };
  return {
    app,
    session,
    BrowserWindow: FakeBrowserWindow,
    ipcMain: new EventEmitter(),
    Menu: {
      applicationMenu: 'default' as unknown,
      setApplicationMenu(m: unknown) {
        this.applicationMenu = m;
      },
    },
    powerSaveBlocker: {
      start: () => {
        const id = nextBlocker++;
        blockers.add(id);
        return id;
      },
      stop: (id: number) => blockers.delete(id),
    },
    utilityProcess: {
      fork: (entry: string, args: string[], options: unknown) => {
        const child = new FakeChild();
        forks.push({ entry, args, options, child });
        return child;
      },
    },
    switches,
    forks,
    blockers,
  };
}
