/** A screen's view of /api/live: every Server-Sent Event received, parsed. */
export async function liveClient(base: string) {
  const abort = new AbortController();
  const res = await fetch(`${base}/api/live`, { signal: abort.signal });
  if (!res.ok || !res.body) throw new Error(`/api/live answered ${res.status}`);
  const events: { event: string; data: unknown }[] = [];
  void (async () => {
    const decoder = new TextDecoder();
    let buffer = '';
    for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
      buffer += decoder.decode(chunk, { stream: true });
      let end = buffer.indexOf('\n\n');
      while (end >= 0) {
        const frame = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const event = /^event: (.*)$/m.exec(frame)?.[1];
        const data = /^data: (.*)$/m.exec(frame)?.[1];
        if (event && data) events.push({ event, data: JSON.parse(data) });
        end = buffer.indexOf('\n\n');
      }
    }
  })().catch(() => undefined);
  return {
    events,
    of: <T>(name: string) => events.filter((e) => e.event === name).map((e) => e.data as T),
    close: () => abort.abort(),
  };
}
