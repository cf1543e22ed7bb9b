/** One server-sent event, as the SSE spec dispatches it. */
export interface SseMessage {
  /** The stream's last event id once this message was read (`id:` of this message or an earlier one). */
  lastEventId: string;
  event: string;
  data: string;
}

/**
 * Reads a `text/event-stream` body (the WHATWG parsing rules: `field: value` lines, `:` comments,
 * a blank line dispatches, `data:` lines joined by newlines). `onRetry` hears each `retry:`.
 */
export async function* readSse(body: AsyncIterable<Uint8Array>, onRetry: (ms: number) => void = () => {}): AsyncGenerator<SseMessage> {
  const decoder = new TextDecoder();
  let buffer = '';
  let lastEventId = '';
  let event = '';
  let data: string[] = [];
  const line = (text: string): SseMessage | null => {
    if (text === '') {
      const message = data.length ? { lastEventId, event: event || 'message', data: data.join('\n') } : null;
      event = '';
      data = [];
      return message;
    }
    if (text.startsWith(':')) return null;
    const colon = text.indexOf(':');
    const field = colon < 0 ? text : text.slice(0, colon);
    const value = colon < 0 ? '' : text.slice(colon + 1).replace(/^ /, '');
    if (field === 'data') data.push(value);
    else if (field === 'event') event = value;
    else if (field === 'id' && !value.includes('\u0000')) lastEventId = value;
    else if (field === 'retry' && /^\d+$/.test(value)) onRetry(Number(value));
    return null;
  };
  for await (const chunk of body) {
    buffer += decoder.decode(chunk, { stream: true });
    for (let m = /\r\n|\n|\r/.exec(buffer); m && !(m[0] === '\r' && m.index === buffer.length - 1); m = /\r\n|\n|\r/.exec(buffer)) {
      const message = line(buffer.slice(0, m.index));
      buffer = buffer.slice(m.index + m[0].length);
      if (message) yield message;
    }
  }
}
