import { LiveWatch } from '../../electron/live-watch.js';

/** A screen's view of /api/live: every Server-Sent Event received, parsed (the shell's own reader). */
export async function liveClient(base: string) {
  const events: { event: string; data: unknown }[] = [];
  let connected: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => {
    connected = resolve;
  });
  const watch = new LiveWatch({
    url: `${base}/api/live`,
    onEvent: (event, data) => events.push({ event, data }),
    fetch: async (url, init) => {
      const res = await fetch(url, init);
      connected();
      return res;
    },
  });
  watch.start();
  await ready;
  return {
    events,
    of: <T>(name: string) => events.filter((e) => e.event === name).map((e) => e.data as T),
    close: () => watch.stop(),
  };
}
