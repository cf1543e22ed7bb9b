import type { ProgressUpdate, StreamMessage } from '../domain/events/job-stream';
import { jobEventsAfter } from '../domain/events/outbox';
import { presentEventPayload } from '../domain/events/present';
import { findJob, TERMINAL } from '../domain/jobs/repository';
import { notFound } from '../errors/api-error';
import type { RequestContext } from '../request-context';
import type { EventSink } from './event-sink';

/** The events table is read at least this often while a stream is open, whatever Redis does. */
const SAFETY_POLL_MS = 2_000;
const HEARTBEAT_MS = 15_000;

/**
 * `GET /v1/jobs/{id}/events`: the job's state-change events (from the events table, so none is
 * missed) and its progress (from Redis pub/sub, `deps.jobUpdates`) as server-sent events written
 * to `sink`. Each SSE `id` is the last state-change event id sent, so `Last-Event-ID` resumes right
 * after it. Closes after the terminal event. Resolves when the stream has ended.
 */
export async function streamJobEvents(ctx: RequestContext, id: string, lastEventId: string | undefined, sink: EventSink): Promise<void> {
  const { db, logger, jobUpdates } = ctx.deps;
  const job = await findJob(db, ctx.principal, id);
  if (!job) throw notFound('job', id);
  let last = lastEventId && /^evt_[0-9a-z]{26}$/.test(lastEventId) ? lastEventId : null;
  // A finished job with nothing after Last-Event-ID: closing unwritten is a 204, which tells
  // EventSource clients to stop reconnecting.
  if (TERMINAL.includes(job.status) && last && !(await jobEventsAfter(db, id, last)).length) return sink.close();

  sink.retry(1000);
  const finished = new Promise<void>((resolve) => sink.onClose(resolve));
  const progress = (p: ProgressUpdate) => sink.send({ id: last, event: 'progress', data: { job_id: id, ...p } });

  let reading: Promise<void> = Promise.resolve();
  const readEvents = () =>
    (reading = reading.then(async () => {
      if (sink.closed) return;
      const rows = await jobEventsAfter(db, id, last);
      for (const row of rows) {
        last = row.id;
        sink.send({ id: row.id, event: row.type, data: presentEventPayload(row) });
        if (TERMINAL.some((s) => row.type.endsWith(`.${s}`))) return sink.close();
      }
    }).catch((err) => logger.warn({ err, job_id: id }, 'job stream read failed')));

  const onMessage = (m: StreamMessage) => {
    if (sink.closed) return;
    if (m.kind === 'state') void readEvents();
    else void reading.then(() => !sink.closed && progress(m.progress));
  };

  // Subscribe before the first read, so nothing between the read and the subscription is lost.
  let unsubscribe: (() => void) | undefined;
  try {
    unsubscribe = await jobUpdates.subscribe(id, onMessage);
  } catch (err) {
    logger.warn({ err, job_id: id }, 'job stream without Redis: polling only');
  }
  await readEvents();
  if (!sink.closed && job.status === 'processing') progress({ fraction: Number(job.progress_fraction), stage: job.progress_stage, eta_seconds: job.eta_seconds });
  const poll = setInterval(() => void readEvents(), SAFETY_POLL_MS);
  const heartbeat = setInterval(() => sink.comment('keep-alive'), HEARTBEAT_MS);
  try {
    await finished;
  } finally {
    clearInterval(poll);
    clearInterval(heartbeat);
    unsubscribe?.();
  }
}
