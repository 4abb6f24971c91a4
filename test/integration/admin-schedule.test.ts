import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AdminSession, adminSession } from '../helpers/admin-session.js';
import { type AgentProcess, startAgent } from '../helpers/agent-process.js';
import { until } from '../helpers/until.js';

const HOUR = 3_600_000;
const DEMO_HOLIDAYS = ['2026-12-25', '2027-01-01'];

let agent: AgentProcess;
let session: AdminSession;

beforeAll(async () => {
  agent = await startAgent();
  session = await adminSession(agent);
}, 30_000);
afterAll(async () => {
  await agent?.dispose();
});

const get: AdminSession['get'] = (...args) => session.get(...args);
const post = (path: string, body: unknown) => session.post(path, body);

interface Item {
  at: number;
  time: string;
  ruleId: string;
  title: { id: string; en: string };
  priority: string;
  volume: number;
  skipped?: { id: string; en: string };
}
interface Agenda {
  timezone: string;
  days: {
    date: string;
    weekday: { id: string; en: string };
    holiday: boolean;
    truncated: boolean;
    items: Item[];
  }[];
}

/** The local date in WIB, by Intl (not the code under test). */
const wibDate = (ms: number) =>
  new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Asia/Jakarta',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(ms);
const wib = (date: string, time: string) => Date.parse(`${date}T${time}:00+07:00`);
const weekdayEn = (date: string) =>
  new Intl.DateTimeFormat('en-US', { timeZone: 'UTC', weekday: 'long' }).format(Date.parse(`${date}T00:00Z`));

describe('admin schedule and statistics routes', () => {
  it('need a session', async () => {
    for (const path of [
      '/api/admin/schedule',
      '/api/admin/stats/plays-per-hour',
      '/api/admin/stats/hotspot-clients',
    ]) {
      expect((await get(path, false)).status, path).toBe(401);
    }
  });

  it('resolves the demo schedule for today and the next 7 days in WIB', async () => {
    const before = Date.now();
    const res = await get('/api/admin/schedule');
    expect(res.status).toBe(200);
    const agenda = (await res.json()) as Agenda;
    expect(agenda.timezone).toBe('Asia/Jakarta');
    expect(agenda.days).toHaveLength(8);
    const first = agenda.days[0]!.date;
    // Midnight WIB may pass between the two readings of the clock.
    expect([wibDate(before), wibDate(Date.now())]).toContain(first);
    for (const [i, day] of agenda.days.entries()) {
      expect(day.date).toBe(wibDate(wib(first, '12:00') + i * 24 * HOUR));
      expect(day.weekday.en).toBe(weekdayEn(day.date));
      expect(day.weekday.id).toBeTruthy();
      expect(day.holiday).toBe(DEMO_HOLIDAYS.includes(day.date));
      expect(day.truncated).toBe(false);

      const greeting = day.items.filter((x) => x.ruleId === 'salam-pagi');
      expect(greeting).toHaveLength(1);
      expect(greeting[0]).toMatchObject({
        at: wib(day.date, '06:30'),
        time: '06:30',
        title: { id: 'Salam pagi', en: 'Morning greeting' },
        priority: 'announcement',
        volume: 70,
      });
      expect(greeting[0]!.skipped).toBeUndefined();

      const wifi = day.items.filter((x) => x.ruleId === 'info-wifi');
      expect(wifi).toHaveLength(14 * 6);
      expect(wifi[0]!.time).toBe('07:00');
      expect(wifi[0]!.at).toBe(wib(day.date, '07:00'));
      expect(wifi.at(-1)!.time).toBe('20:50');
      expect(wifi.every((x) => x.priority === 'program' && x.volume === 70 && !x.skipped)).toBe(true);

      const friday = day.items.filter((x) => x.ruleId === 'jumat-siang');
      if (day.weekday.en === 'Friday') {
        expect(friday).toHaveLength(1);
        expect(friday[0]!.at).toBe(wib(day.date, '11:30'));
        expect(friday[0]!.skipped !== undefined).toBe(day.holiday);
      } else {
        expect(friday).toHaveLength(0);
      }
      // In time order.
      expect(day.items.map((x) => x.at)).toEqual([...day.items.map((x) => x.at)].sort((a, b) => a - b));
    }
    // Today and the next 7 days: two Fridays when today is one.
    const fridays = agenda.days.filter((d) => d.weekday.en === 'Friday');
    expect(fridays).toHaveLength(agenda.days[0]!.weekday.en === 'Friday' ? 2 : 1);
  });

  it('takes days=1..14 and refuses anything else, naming the parameter', async () => {
    const one = (await (await get('/api/admin/schedule?days=14')).json()) as Agenda;
    expect(one.days).toHaveLength(14);
    for (const bad of ['0', '15', 'abc', '2.5']) {
      const res = await get(`/api/admin/schedule?days=${bad}`);
      expect(res.status, bad).toBe(400);
      expect(((await res.json()) as { error: string }).error).toContain('days');
    }
    const res = await get('/api/admin/stats/plays-per-hour?hours=169');
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: string }).error).toContain('hours');
  });

  it('counts an item played now in the current hour', async () => {
    const res = await post('/api/admin/speaker/play', { text: 'Tes', lang: 'id' });
    expect(res.status).toBe(202);
    const { id } = (await res.json()) as { id: string };
    let endedAt = 0;
    await until(async () => {
      const log = (await (await get('/api/admin/playlog?limit=50')).json()) as {
        entries: { itemId: string; result: string; endedAt?: number }[];
      };
      const line = log.entries.find((e) => e.itemId === id && e.result === 'played');
      endedAt = line?.endedAt ?? 0;
      return line !== undefined;
    }, 20_000);

    const stats = (await (await get('/api/admin/stats/plays-per-hour')).json()) as {
      hours: {
        at: number;
        played: number;
        failed: number;
        cut: number;
        stopped: number;
        expired: number;
        missed: number;
      }[];
    };
    expect(stats.hours).toHaveLength(24);
    for (let i = 1; i < stats.hours.length; i++)
      expect(stats.hours[i]!.at - stats.hours[i - 1]!.at).toBe(HOUR);
    const last = stats.hours.at(-1)!;
    expect(last.at % HOUR).toBe(0);
    expect(Date.now() - last.at).toBeLessThan(HOUR);
    const hour = stats.hours.find((h) => h.at === Math.floor(endedAt / HOUR) * HOUR)!;
    expect(hour.played).toBeGreaterThanOrEqual(1);
    expect(Object.keys(hour).sort()).toEqual([
      'at',
      'cut',
      'expired',
      'failed',
      'missed',
      'played',
      'stopped',
    ]);

    const week = (await (await get('/api/admin/stats/plays-per-hour?hours=168')).json()) as {
      hours: unknown[];
    };
    expect(week.hours).toHaveLength(168);
  });

  it('counts hotspot clients per hour: a Connect at the portal shows in the current hour', async () => {
    const chart = async () =>
      (await (await get('/api/admin/stats/hotspot-clients?hours=24')).json()) as {
        points: { at: number; clients: number }[];
      };
    const before = await chart();
    expect(before.points).toHaveLength(24);
    const current = Math.floor(Date.now() / 3_600_000) * 3_600_000;
    expect(before.points.at(-1)?.at).toBe(current);
    const accepted = await fetch(`${agent.portalUrl}/accept`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'accept=yes',
      redirect: 'manual',
    });
    expect(accepted.status).toBe(303);
    const after = await chart();
    expect(after.points.at(-1)?.clients).toBe((before.points.at(-1)?.clients ?? 0) + 1);
    expect((await get('/api/admin/stats/hotspot-clients?hours=0')).status).toBe(400);
  });
});
