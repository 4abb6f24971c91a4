import { describe, expect, it } from 'vitest';
import { bi, HealthModel } from '../../../core/index.js';

describe('health model', () => {
  it('keeps the cause and since of each subsystem, and the worst level overall', () => {
    let now = 1000;
    const model = new HealthModel({ now: () => now });
    const sensor = model.reporter('sensors');
    const audio = model.reporter('audio');
    const changes: string[] = [];
    model.on('change', (h) => changes.push(`${h.name}:${h.level}`));
    expect(model.overall()).toBe('ok');

    now = 2000;
    sensor.report({
      level: 'degraded',
      cause: 'no frame for 60 s',
      hint: bi('Periksa kabel', 'Check the cable'),
    });
    expect(model.overall()).toBe('degraded');
    expect(model.get('sensors')).toMatchObject({
      level: 'degraded',
      since: 2000,
      cause: 'no frame for 60 s',
    });

    now = 3000;
    audio.report({ level: 'fault', cause: 'aplay missing' });
    expect(model.overall()).toBe('fault');

    now = 4000;
    sensor.report({ level: 'ok' });
    const s = model.get('sensors')!;
    expect(s.level).toBe('ok');
    expect(s.since).toBe(4000);
    expect(s.cause).toBeUndefined();
    expect(s.hint).toBeUndefined();
    expect(changes).toEqual(['sensors:degraded', 'audio:fault', 'sensors:ok']);
  });

  it('does not move since when only the detail changes', () => {
    let now = 10;
    const model = new HealthModel({ now: () => now });
    const r = model.reporter('hotspot');
    r.report({ level: 'degraded', cause: 'a' });
    now = 20;
    r.report({ detail: { clients: 3 } });
    expect(model.get('hotspot')).toMatchObject({ since: 10, level: 'degraded', detail: { clients: 3 } });
  });
});
