/**
 * Where a service writes a server-sent event stream (`GET /v1/jobs/{id}/events`), without knowing
 * HTTP: the HTTP layer adapts Express's Response to it (http/sse-sink.ts), a test can collect it.
 */
export interface EventSink {
  /** One message: `id:` (what `Last-Event-ID` resumes after), `event:` its type, `data:` as JSON. */
  send(message: { id?: string | null; event: string; data: unknown }): void;
  /** A comment line (`: text`): keeps idle connections open, tells people reading the stream what it is. */
  comment(text: string): void;
  /** How long the client should wait before reconnecting (`retry:`). */
  retry(ms: number): void;
  /**
   * Ends the stream. Ending it before anything was written answers 204 No Content, which tells
   * EventSource clients that there is nothing to stream and to stop reconnecting.
   */
  close(): void;
  /** `fn` runs once when the stream ends, whoever ends it: `close()`, the client leaving, shutdown. */
  onClose(fn: () => void): void;
  readonly closed: boolean;
}

/**
 * The open streams of one process (built by the composition root). Shutdown ends each with a
 * `retry:` hint, so clients reconnect, with `Last-Event-ID`, to whichever process then answers;
 * an open stream would otherwise hold the server open until it finished.
 */
export class OpenStreams {
  private readonly open = new Set<EventSink>();

  track(sink: EventSink): void {
    if (sink.closed) return;
    this.open.add(sink);
    sink.onClose(() => this.open.delete(sink));
  }

  get size(): number {
    return this.open.size;
  }

  endAll(retryMs: number): void {
    for (const sink of [...this.open]) {
      sink.retry(retryMs);
      sink.close();
    }
  }
}
