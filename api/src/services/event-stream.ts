import type { Response } from 'express';
import type { AppDeps } from '../deps';
import { accountEventsAfter, BATCH, EventNotifier, eventIdFloor, isEventId, parseTypeFilter, StreamCursor } from '../domain/events/account-stream';
import { presentEventPayload } from '../domain/events/present';
import { invalidRequest } from '../errors/api-error';
import type { RequestContext } from '../request-context';

/** The events table is read at least this often while a stream is open, whatever NOTIFY does. */
const SAFETY_POLL_MS = 1_000;
const HEARTBEAT_MS = 15_000;
/** What a client is told to wait before reconnecting (SSE `retry:`). */
const RETRY_MS = 1_000;

const notifiers = new WeakMap<AppDeps, EventNotifier>();
function notifierFor(deps: AppDeps): EventNotifier | null {
  if (!deps.config.databaseUrl) return null;
  let n = notifiers.get(deps);
  if (!n) notifiers.set(deps, (n = new EventNotifier(deps.config.databaseUrl, (err) => deps.logger.warn({ err: err.message }, 'event stream listener'))));
  return n;
}

/** Every open account stream of this process, to end on shutdown. */
const openStreams = new Set<(retryMs: number) => void>();

/**
 * Shutdown: ends every open account event stream with a `retry:` hint; clients reconnect (to
 * whichever API process answers) with `Last-Event-ID` and miss nothing.
 */
export function endEventStreams(retryMs: number): void {
  for (const end of [...openStreams]) end(retryMs);
}

/**
 * `GET /v1/events/stream`: the account's events of the key's mode as server-sent events, as they
 * commit, for as long as the client stays: `id:` is the event id, `event:` its type, `data:` the
 * event object webhooks carry. `types` filters by type (comma-separated; `*` is a wildcard:
 * `video_mix.*`, `*.failed`). Without `Last-Event-ID` it starts with the events committed from now
 * on; with it, it first replays every matching event after that id, in order.
 */
export async function streamAccountEvents(ctx: RequestContext, q: { types?: string; lastEventId?: string }, res: Response): Promise<void> {
  const parsed = parseTypeFilter(q.types);
  if ('unknown' in parsed)
    throw invalidRequest(`No event type matches ${parsed.unknown.map((p) => `'${p}'`).join(', ')}.`, [
      { path: 'query.types', message: `${parsed.unknown.map((p) => `'${p}'`).join(', ')} ${parsed.unknown.length === 1 ? 'matches' : 'match'} no event type (e.g. video_mix.succeeded, video_mix.*, *.failed)` },
    ]);
  const resumeFrom = q.lastEventId?.trim();
  if (resumeFrom && !isEventId(resumeFrom)) throw invalidRequest('Last-Event-ID must be an event id (evt_…) the stream sent.', [{ path: 'header.last-event-id', message: `must be an event id like 'evt_01jf3v8a6q8m2k4c7xw9t5b3nd' (got '${resumeFrom.slice(0, 40)}')` }]);

  const { db, logger } = ctx.deps;
  const scope = { accountId: ctx.principal.accountId, livemode: ctx.principal.livemode };
  const cursor = new StreamCursor(resumeFrom ?? eventIdFloor(Date.now()));
  const { like } = parsed.filter;

  res.status(200);
  res.setHeader('Content-Type', 'text/event-stream; charset=utf-8');
  res.setHeader('Cache-Control', 'no-cache, no-transform');
  res.setHeader('X-Accel-Buffering', 'no');
  res.flushHeaders();
  res.write(`retry: ${RETRY_MS}\n: streaming ${parsed.filter.patterns.join(', ')} (${scope.livemode ? 'live' : 'test'} mode)\n\n`);

  let closed = false;
  let done: () => void = () => {};
  const finished = new Promise<void>((resolve) => (done = resolve));
  const close = () => {
    if (closed) return;
    closed = true;
    done();
  };
  res.on('close', close);
  const endForShutdown = (retryMs: number) => {
    if (closed) return;
    res.end(`retry: ${retryMs}\n\n`);
    close();
  };
  openStreams.add(endForShutdown);

  // One read at a time; a wake-up during a read runs one more after it.
  let reading: Promise<void> | null = null;
  let again = false;
  const read = (): void => {
    if (closed) return;
    if (reading) return void (again = true);
    reading = (async () => {
      do {
        again = false;
        for (;;) {
          const rows = await accountEventsAfter(db, scope, { ...cursor.window(), like });
          for (const row of rows) {
            if (closed) return;
            cursor.sentEvent(row.id);
            res.write(`id: ${row.id}\nevent: ${row.type}\ndata: ${JSON.stringify(presentEventPayload(row))}\n\n`);
          }
          if (rows.length < BATCH || closed) break;
        }
      } while (again && !closed);
    })()
      .catch((err) => logger.warn({ err, account_id: scope.accountId }, 'event stream read failed; retrying on the next poll'))
      .finally(() => (reading = null));
  };

  const unlisten = notifierFor(ctx.deps)?.listen(read);
  read();
  const poll = setInterval(read, SAFETY_POLL_MS);
  const heartbeat = setInterval(() => !closed && res.write(': keep-alive\n\n'), HEARTBEAT_MS);
  try {
    await finished;
  } finally {
    openStreams.delete(endForShutdown);
    clearInterval(poll);
    clearInterval(heartbeat);
    unlisten?.();
    await reading;
  }
}
