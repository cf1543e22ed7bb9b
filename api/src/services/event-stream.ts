import { accountEventsAfter, BATCH, eventIdFloor, isEventId, parseTypeFilter, StreamCursor } from '../domain/events/account-stream';
import { presentEventPayload } from '../domain/events/present';
import { invalidRequest } from '../errors/api-error';
import type { RequestContext } from '../request-context';
import type { EventSink } from './event-sink';

/** The events table is read at least this often while a stream is open, whatever NOTIFY does. */
const SAFETY_POLL_MS = 1_000;
const HEARTBEAT_MS = 15_000;
/** What a client is told to wait before reconnecting (SSE `retry:`). */
const RETRY_MS = 1_000;

/**
 * `GET /v1/events/stream`: the account's events of the key's mode as server-sent events written
 * to `sink`, as they commit, for as long as the client stays: `id:` is the event id, `event:` its
 * type, `data:` the event object webhooks carry. `types` filters by type (comma-separated; `*` is
 * a wildcard: `video_mix.*`, `*.failed`). Without `Last-Event-ID` it starts with the events
 * committed from now on; with it, it first replays every matching event after that id, in order.
 * Resolves when the stream has ended (the client left, or shutdown ended it with a retry hint).
 */
export async function streamAccountEvents(ctx: RequestContext, q: { types?: string; lastEventId?: string }, sink: EventSink): Promise<void> {
  const parsed = parseTypeFilter(q.types);
  if ('unknown' in parsed)
    throw invalidRequest(`No event type matches ${parsed.unknown.map((p) => `'${p}'`).join(', ')}.`, [
      { path: 'query.types', message: `${parsed.unknown.map((p) => `'${p}'`).join(', ')} ${parsed.unknown.length === 1 ? 'matches' : 'match'} no event type (e.g. video_mix.succeeded, video_mix.*, *.failed)` },
    ]);
  const resumeFrom = q.lastEventId?.trim();
  if (resumeFrom && !isEventId(resumeFrom)) throw invalidRequest('Last-Event-ID must be an event id (evt_…) the stream sent.', [{ path: 'header.last-event-id', message: `must be an event id like 'evt_01jf3v8a6q8m2k4c7xw9t5b3nd' (got '${resumeFrom.slice(0, 40)}')` }]);

  const { db, logger, eventNotifier } = ctx.deps;
  const scope = { accountId: ctx.principal.accountId, livemode: ctx.principal.livemode };
  const cursor = new StreamCursor(resumeFrom ?? eventIdFloor(Date.now()));
  const { like } = parsed.filter;

  sink.retry(RETRY_MS);
  sink.comment(`streaming ${parsed.filter.patterns.join(', ')} (${scope.livemode ? 'live' : 'test'} mode)`);
  const finished = new Promise<void>((resolve) => sink.onClose(resolve));

  // One read at a time; a wake-up during a read runs one more after it.
  let reading: Promise<void> | null = null;
  let again = false;
  const read = (): void => {
    if (sink.closed) return;
    if (reading) return void (again = true);
    reading = (async () => {
      do {
        again = false;
        for (;;) {
          const rows = await accountEventsAfter(db, scope, { ...cursor.window(), like });
          for (const row of rows) {
            if (sink.closed) return;
            cursor.sentEvent(row.id);
            sink.send({ id: row.id, event: row.type, data: presentEventPayload(row) });
          }
          if (rows.length < BATCH || sink.closed) break;
        }
      } while (again && !sink.closed);
    })()
      .catch((err) => logger.warn({ err, account_id: scope.accountId }, 'event stream read failed; retrying on the next poll'))
      .finally(() => (reading = null));
  };

  const unlisten = eventNotifier.listen(read);
  read();
  const poll = setInterval(read, SAFETY_POLL_MS);
  const heartbeat = setInterval(() => sink.comment('keep-alive'), HEARTBEAT_MS);
  try {
    await finished;
  } finally {
    clearInterval(poll);
    clearInterval(heartbeat);
    unlisten?.();
    await reading;
  }
}
