/**
 * Follows the agent's live channel (/api/live, Server-Sent Events) from the shell: an
 * alert must wake a blanked screen and stop the memory guard, and a new desired state may
 * change the screen hours. Reconnects by itself while the agent restarts.
 */
export interface LiveWatchOptions {
  url: string;
  onEvent: (event: string, data: unknown) => void;
  retryMs?: number;
  fetch?: typeof fetch;
}

export class LiveWatch {
  private abort: AbortController | undefined;
  private stopped = false;

  constructor(private readonly o: LiveWatchOptions) {}

  start(): void {
    this.stopped = false;
    void this.loop();
  }

  private async loop(): Promise<void> {
    while (!this.stopped) {
      this.abort = new AbortController();
      try {
        const res = await (this.o.fetch ?? fetch)(this.o.url, { signal: this.abort.signal });
        if (res.ok && res.body) await this.read(res.body);
      } catch {
        // Agent down or restarting: try again shortly.
      }
      if (!this.stopped) await new Promise((r) => setTimeout(r, this.o.retryMs ?? 2000));
    }
  }

  private async read(body: ReadableStream<Uint8Array>): Promise<void> {
    const decoder = new TextDecoder();
    let buffer = '';
    for await (const chunk of body as unknown as AsyncIterable<Uint8Array>) {
      buffer += decoder.decode(chunk, { stream: true });
      for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
        const frame = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const event = /^event: (.*)$/m.exec(frame)?.[1];
        const data = /^data: (.*)$/m.exec(frame)?.[1];
        if (!event || data === undefined) continue;
        try {
          this.o.onEvent(event, JSON.parse(data));
        } catch {
          // A frame we cannot read is skipped, never fatal.
        }
      }
    }
  }

  stop(): void {
    this.stopped = true;
    this.abort?.abort();
  }
}
