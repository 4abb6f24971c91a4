import { describe, expect, it } from 'vitest';
import { Backoff, channelOf, deviceTopics } from '../../../sync/index.js';

describe('Backoff', () => {
  it('doubles its ceiling up to the maximum, with full jitter, and resets', () => {
    const top = new Backoff(1000, 8000, () => 0.999_999);
    expect([1, 2, 3, 4, 5].map(() => top.next())).toEqual([1000, 2000, 4000, 8000, 8000]);
    top.reset();
    expect(top.next()).toBe(1000);
    const low = new Backoff(1000, 8000, () => 0);
    expect(low.next()).toBe(0);
    const spread = new Set(Array.from({ length: 50 }, () => new Backoff(1000, 60_000).next()));
    expect(spread.size).toBeGreaterThan(40);
  });
});

describe('topics', () => {
  it('names the pole topics and classifies what it subscribes to', () => {
    const t = deviceTopics('tiang/v1', 'blt-kanigoro-007');
    expect(t.desired).toBe('tiang/v1/blt-kanigoro-007/desired');
    expect(channelOf('tiang/v1', 'blt-kanigoro-007', t.desired)).toBe('desired');
    expect(channelOf('tiang/v1', 'blt-kanigoro-007', t.cmd)).toBe('cmd');
    expect(channelOf('tiang/v1', 'blt-kanigoro-007', 'tiang/v1/alert')).toBe('alert');
    expect(channelOf('tiang/v1', 'blt-kanigoro-007', 'tiang/v1/group/kanigoro/cmd')).toBe('cmd');
    expect(channelOf('tiang/v1', 'blt-kanigoro-007', 'tiang/v1/group/kanigoro/alert')).toBe('alert');
    expect(channelOf('tiang/v1', 'blt-kanigoro-007', 'tiang/v1/group/kanigoro/alert/x')).toBeUndefined();
    expect(channelOf('tiang/v1', 'blt-kanigoro-007', 'tiang/v1/other-pole/cmd')).toBeUndefined();
    expect(() => deviceTopics('tiang/v1', 'bad/+')).toThrow(/device id/);
  });
});
