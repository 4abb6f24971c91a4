import { afterEach, describe, expect, it, vi } from 'vitest';
import { isTiangError } from '../../../core/index.js';
import { SimGpioDriver } from '../../../hardware/index.js';

function manualClock(start = 1_000) {
  let t = start;
  return { now: () => t, advance: (ms: number) => (t += ms) };
}

describe('SimGpioDriver outputs', () => {
  it('starts outputs at 0 and records each change with the clock time and electrical level', () => {
    const clock = manualClock();
    const gpio = new SimGpioDriver(clock);
    const enable = gpio.output('amp-enable', 17);
    const mute = gpio.output('amp-mute', 27, { activeLow: true });
    expect(enable.read()).toBe(0);
    expect(mute.read()).toBe(0);

    clock.advance(10);
    enable.write(1);
    enable.write(1); // no change, no transition
    clock.advance(200);
    mute.write(1);

    expect(gpio.transitions).toEqual([
      { name: 'amp-enable', bcm: 17, value: 0, level: 0, at: 1_000 },
      { name: 'amp-mute', bcm: 27, value: 0, level: 1, at: 1_000 },
      { name: 'amp-enable', bcm: 17, value: 1, level: 1, at: 1_010 },
      { name: 'amp-mute', bcm: 27, value: 1, level: 0, at: 1_210 },
    ]);
    expect(gpio.value('amp-enable')).toBe(1);
    expect(gpio.value(27)).toBe(1);
  });

  it('drives outputs to 0 on releaseAll and frees the pins for a new claim', () => {
    const gpio = new SimGpioDriver(manualClock());
    const enable = gpio.output('amp-enable', 17);
    enable.write(1);
    gpio.releaseAll();
    expect(gpio.transitions.at(-1)).toMatchObject({ name: 'amp-enable', value: 0 });
    expect(gpio.isClaimed('amp-enable')).toBe(false);
    expect(() => enable.write(1)).toThrow(/amp-enable.*released/);
    expect(() => enable.read()).toThrow(/released/);
    // The pin can be claimed again after a release (agent restart in the same process).
    expect(gpio.output('amp-enable', 17).read()).toBe(0);
  });

  it('refuses a second claim of the same BCM pin with a TiangError naming both lines', () => {
    const gpio = new SimGpioDriver(manualClock());
    gpio.output('amp-enable', 17);
    let caught: unknown;
    try {
      gpio.input('door', 17);
    } catch (err) {
      caught = err;
    }
    expect(isTiangError(caught)).toBe(true);
    expect((caught as Error).message).toMatch(/BCM 17 is already claimed by "amp-enable"; "door"/);
    expect(() => gpio.output('amp-enable', 18)).toThrow(/name "amp-enable" is already used/);
  });

  it('refuses pins that are not BCM numbers and values that are not bits', () => {
    const gpio = new SimGpioDriver(manualClock());
    expect(() => gpio.output('x', 54)).toThrow(/54 is not a BCM GPIO number/);
    expect(() => gpio.output('x', 1.5)).toThrow(/not a BCM GPIO number/);
    const line = gpio.output('relay', 5);
    expect(() => line.write(2 as never)).toThrow(/must be 0 or 1/);
  });

  it('refuses writing to an input and setInput on an output', () => {
    const gpio = new SimGpioDriver(manualClock());
    const door = gpio.input('door', 22);
    gpio.output('relay', 5);
    expect(() => door.write(1)).toThrow(/"door" \(BCM 22\) is an input/);
    expect(() => gpio.setInput('relay', 1)).toThrow(/"relay" \(BCM 5\) is an output/);
    expect(() => gpio.setInput('nothing', 1)).toThrow(/no GPIO line "nothing"/);
  });
});

describe('SimGpioDriver inputs', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('fires watchers on the edges the input was claimed for', () => {
    const gpio = new SimGpioDriver(manualClock());
    const button = gpio.input('button', 23, { edge: 'rising' });
    const door = gpio.input('door', 24); // default edge 'both'
    const pressed: number[] = [];
    const doorSeen: number[] = [];
    button.watch((v) => pressed.push(v));
    door.watch((v) => doorSeen.push(v));

    gpio.setInput('button', 1);
    gpio.setInput('button', 1); // no edge
    gpio.setInput('button', 0); // falling: not watched
    gpio.setInput(23, 1);
    gpio.setInput('door', 1);
    gpio.setInput('door', 0);

    expect(pressed).toEqual([1, 1]);
    expect(doorSeen).toEqual([1, 0]);
    expect(button.read()).toBe(1);
  });

  it('stops calling a watcher after unwatch and refuses to watch an edge-less input', () => {
    const gpio = new SimGpioDriver(manualClock());
    const door = gpio.input('door', 24);
    const seen: number[] = [];
    const unwatch = door.watch((v) => seen.push(v));
    gpio.setInput('door', 1);
    unwatch();
    gpio.setInput('door', 0);
    expect(seen).toEqual([1]);
    const polled = gpio.input('level', 25, { edge: 'none' });
    expect(() => polled.watch(() => {})).toThrow(/edge 'none'/);
  });

  it('debounces: watchers see the settled level once the line was quiet for debounceMs', () => {
    vi.useFakeTimers();
    const gpio = new SimGpioDriver(manualClock());
    const button = gpio.input('button', 23, { edge: 'both', debounceMs: 50 });
    const seen: number[] = [];
    button.watch((v) => seen.push(v));

    gpio.setInput('button', 1);
    vi.advanceTimersByTime(20);
    gpio.setInput('button', 0); // bounce
    vi.advanceTimersByTime(20);
    gpio.setInput('button', 1);
    vi.advanceTimersByTime(49);
    expect(seen).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(seen).toEqual([1]);
    // read() is never debounced: it is the level now.
    gpio.setInput('button', 0);
    expect(button.read()).toBe(0);
  });

  it('drops a pending debounced event when the line is released', () => {
    vi.useFakeTimers();
    const gpio = new SimGpioDriver(manualClock());
    const button = gpio.input('button', 23, { debounceMs: 30 });
    const seen: number[] = [];
    button.watch((v) => seen.push(v));
    gpio.setInput('button', 1);
    button.release();
    vi.advanceTimersByTime(100);
    expect(seen).toEqual([]);
  });

  it('starts inputs at their configured initial level', () => {
    const gpio = new SimGpioDriver(manualClock(), { initialInputs: { door: 1 } });
    expect(gpio.input('door', 24).read()).toBe(1);
    expect(gpio.input('button', 23).read()).toBe(0);
  });
});
