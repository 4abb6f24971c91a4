// Sandboxed preload (CommonJS: sandboxed preloads cannot be ES modules). It exposes one
// small object and never the raw ipcRenderer.
import electron = require('electron');

const { contextBridge, ipcRenderer } = electron;

const api = {
  /** Tell the shell someone touched the kiosk (idle timer, night-time wake). */
  touched: (): void => ipcRenderer.send('tiang:activity', { kind: 'touch' }),
  /** Tell the shell an alert fills the screen (never reload or blank under it). */
  alert: (on: boolean): void => ipcRenderer.send('tiang:activity', { kind: on ? 'alert-on' : 'alert-off' }),
  shell: 'electron' as const,
};

contextBridge.exposeInMainWorld('tiangShell', api);
