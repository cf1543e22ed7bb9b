/** A minimal server-sent events parser (the WHATWG algorithm: fields, multi-line data, comments). */
export interface ServerSentEvent {
  id: string | undefined;
  event: string;
  data: string;
  /** The last `retry:` the stream sent (milliseconds to wait before reconnecting), if any. */
  retry: number | undefined;
}

/** Parses a `text/event-stream` body into events as they arrive. */
export async function* parseSSE(body: ReadableStream<Uint8Array>): AsyncGenerator<ServerSentEvent> {
  const decoder = new TextDecoder();
  const reader = body.getReader();
  let buffer = '';
  let data: string[] = [];
  let event = '';
  let id: string | undefined;
  let retry: number | undefined;
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) {
        // A final CR is a line end after all (nothing follows it).
        if (!buffer.endsWith('\r')) break;
        buffer += '\n';
      } else buffer += decoder.decode(value, { stream: true });
      let nl: number;
      while ((nl = buffer.search(/\r\n|\r|\n/)) >= 0) {
        // A CR at the end of what has arrived may be the first half of a CRLF: wait for the next byte.
        if (nl === buffer.length - 1 && buffer[nl] === '\r') break;
        const line = buffer.slice(0, nl);
        buffer = buffer.slice(nl + (buffer[nl] === '\r' && buffer[nl + 1] === '\n' ? 2 : 1));
        if (line === '') {
          if (data.length) yield { id, event: event || 'message', data: data.join('\n'), retry };
          data = [];
          event = '';
          // `retry` is not reset: it is the stream's reconnection time from then on.
          continue;
        }
        if (line.startsWith(':')) continue;
        const colon = line.indexOf(':');
        const field = colon < 0 ? line : line.slice(0, colon);
        let val = colon < 0 ? '' : line.slice(colon + 1);
        if (val.startsWith(' ')) val = val.slice(1);
        if (field === 'data') data.push(val);
        else if (field === 'event') event = val;
        else if (field === 'id' && !val.includes('\0')) id = val;
        else if (field === 'retry' && /^\d+$/.test(val)) retry = Number(val);
      }
    }
  } finally {
    reader.releaseLock();
    await body.cancel().catch(() => {});
  }
}
