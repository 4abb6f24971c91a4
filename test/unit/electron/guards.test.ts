import { describe, expect, it } from 'vitest';
import { screenOpen } from '../../../core/screen-hours.js';
import { DisplaySchedule } from '../../../electron/display-schedule.js';
import { acceptActivity } from '../../../electron/ipc.js';
import { MemoryGuard } from '../../../electron/memory-guard.js';

const WIB = 'Asia/Jakarta';
const at = (hhmm: string) => Date.parse(`2026-11-28T${hhmm}:00+07:00`);

describe('memory guard', () => {
  const rig = (mb: number | undefined, idleMs: number, alert = false) => {
    const reloads: string[] = [];
    const g = new MemoryGuard({
      rendererMb: () => mb,
      idleMs: () => idleMs,
      alertActive: () => alert,
      reload: (r) => reloads.push(r),
      limitMb: 500,
    });
    return { g, reloads };
  };
  it('reloads an oversized renderer only at an idle moment and never under an alert', () => {
    expect(rig(300, 999_999).g.check()).toBe('ok');
    expect(rig(undefined, 999_999).g.check()).toBe('unknown');
    expect(rig(800, 5_000).g.check()).toBe('waiting-for-idle');
    expect(rig(800, 999_999, true).g.check()).toBe('waiting-for-idle');
    const idle = rig(800, 120_000);
    expect(idle.g.check()).toBe('reloaded');
    expect(idle.reloads[0]).toMatch(/800 MB, over the 500 MB limit/);
  });
});

describe('display schedule', () => {
  it('knows opening hours in WIB, also across midnight', () => {
    const day = { on: '05:00', off: '22:00', timezone: WIB };
    expect(screenOpen(at('04:59'), day)).toBe(false);
    expect(screenOpen(at('05:00'), day)).toBe(true);
    expect(screenOpen(at('21:59'), day)).toBe(true);
    expect(screenOpen(at('22:00'), day)).toBe(false);
    const night = { on: '18:00', off: '02:00', timezone: WIB };
    expect(screenOpen(at('23:30'), night)).toBe(true);
    expect(screenOpen(at('01:59'), night)).toBe(true);
    expect(screenOpen(at('12:00'), night)).toBe(false);
    expect(screenOpen(at('03:00'), { timezone: WIB })).toBe(true); // no hours: always on
  });

  it('blanks at night, keeps awake by day, and wakes on a touch for a while', () => {
    let now = at('21:58');
    const calls: string[] = [];
    const d = new DisplaySchedule(
      { on: '05:00', off: '22:00', timezone: WIB },
      {
        blank: (on) => calls.push(on ? 'blank' : 'show'),
        keepAwake: (on) => calls.push(on ? 'awake' : 'sleep'),
      },
      () => now,
      5 * 60_000,
    );
    d.apply();
    expect(calls).toEqual(['show', 'awake']);
    now = at('22:01');
    d.apply();
    expect(calls.slice(2)).toEqual(['blank', 'sleep']);
    d.wake();
    expect(calls.slice(4)).toEqual(['show', 'awake']);
    now = at('22:07');
    d.apply();
    expect(calls.slice(6)).toEqual(['blank', 'sleep']);
    d.apply();
    expect(calls).toHaveLength(8); // no flapping
  });
});

describe('IPC from the kiosk page', () => {
  const trusted = (url: string) => url.startsWith('http://127.0.0.1:8080/');
  const ev = (id: number, url: string, parent: unknown = null) => ({
    sender: { id },
    senderFrame: { url, parent },
  });
  it('accepts only the kiosk window top frame on a trusted page, with a valid message', () => {
    expect(acceptActivity(ev(7, 'http://127.0.0.1:8080/kiosk/'), { kind: 'touch' }, 7, trusted)).toEqual({
      kind: 'touch',
    });
    expect(
      acceptActivity(ev(8, 'http://127.0.0.1:8080/kiosk/'), { kind: 'touch' }, 7, trusted),
    ).toBeUndefined();
    expect(
      acceptActivity(ev(7, 'http://127.0.0.1:8080/kiosk/', {}), { kind: 'touch' }, 7, trusted),
    ).toBeUndefined();
    expect(acceptActivity(ev(7, 'https://evil.example/'), { kind: 'touch' }, 7, trusted)).toBeUndefined();
    expect(
      acceptActivity(ev(7, 'http://127.0.0.1:8080/kiosk/'), { kind: 'reboot' }, 7, trusted),
    ).toBeUndefined();
    expect(
      acceptActivity(ev(7, 'http://127.0.0.1:8080/kiosk/'), { kind: 'touch', x: 1 }, 7, trusted),
    ).toBeUndefined();
    expect(
      acceptActivity({ sender: { id: 7 }, senderFrame: null }, { kind: 'touch' }, 7, trusted),
    ).toBeUndefined();
  });
});
