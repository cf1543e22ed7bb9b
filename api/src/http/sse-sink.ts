import type { Response } from 'express';
import type { EventSink, OpenStreams } from '../services/event-sink';

/**
 * An `EventSink` on an Express response: the status and `text/event-stream` headers go out with
 * the first write (a stream closed before any is a 204); each message is one SSE block. Tracked
 * by `open` until it ends.
 */
export function sseSink(res: Response, open?: OpenStreams): EventSink {
  let started = false;
  let closed = false;
  const listeners: (() => void)[] = [];
  const ended = () => {
    if (closed) return;
    closed = true;
    for (const fn of listeners.splice(0)) fn();
  };
  res.on('close', ended);
  const write = (block: string) => {
    if (closed) return;
    if (!started) {
      started = true;
      res.status(200);
      res.setHeader('Content-Type', 'text/event-stream; charset=utf-8');
      res.setHeader('Cache-Control', 'no-cache, no-transform');
      res.setHeader('X-Accel-Buffering', 'no');
      res.flushHeaders();
    }
    res.write(block);
  };
  const sink: EventSink = {
    send({ id, event, data }) {
      write(`${id ? `id: ${id}\n` : ''}event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
    },
    comment(text) {
      write(`${text.split('\n').map((line) => `: ${line}`).join('\n')}\n\n`);
    },
    retry(ms) {
      write(`retry: ${Math.max(0, Math.round(ms))}\n\n`);
    },
    close() {
      if (closed) return;
      if (started) res.end();
      else res.status(204).end();
      ended();
    },
    onClose(fn) {
      if (closed) fn();
      else listeners.push(fn);
    },
    get closed() {
      return closed;
    },
  };
  open?.track(sink);
  return sink;
}
