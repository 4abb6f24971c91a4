/** Wall-clock time in UTC epoch milliseconds; injectable so schedules can be tested. */
export interface Clock {
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };
