import type { Response } from 'express';
import type { AppDeps } from '../deps';
import { JobStreamSubscriber, type StreamMessage } from '../domain/events/job-stream';
import { jobEventsAfter } from '../domain/events/outbox';
import { presentEventPayload } from '../domain/events/present';
import { findJob, TERMINAL } from '../domain/jobs/repository';
import { createRedis } from '../infra/redis';
import { notFound } from '../errors/api-error';
import type { RequestContext } from '../middleware/request-context';

/** The events table is read at least this often while a stream is open, whatever Redis does. */
const SAFETY_POLL_MS = 2_000;
const HEARTBEAT_MS = 15_000;

const subscribers = new WeakMap<AppDeps, JobStreamSubscriber>();
function subscriberFor(deps: AppDeps): JobStreamSubscriber {
  let s = subscribers.get(deps);
  if (!s) {
    subscribers.set(deps, (s = new JobStreamSubscriber(createRedis(deps.config.redisUrl!, { onError: (err) => deps.logger.warn({ err: err.message }, 'job stream subscriber') }), deps.config.queuePrefix)));
    liveSubscribers.add(s);
  }
  return s;
}

/** Every open stream's way to end itself, and every subscriber connection, for shutdown. */
const openStreams = new Set<(retryMs: number) => void>();
const liveSubscribers = new Set<JobStreamSubscriber>();

/**
 * Shutdown: ends every open stream of this process with a `retry:` hint (when the client should
 * reconnect, to whichever API process then answers; `Last-Event-ID` resumes it), and closes the
 * subscriber connections. An open stream would otherwise hold the server open until it finished.
 */
export async function endJobStreams(retryMs: number): Promise<void> {
  for (const end of [...openStreams]) end(retryMs);
  await Promise.all([...liveSubscribers].map((s) => s.close()));
  liveSubscribers.clear();
}

/**
 * `GET /v1/jobs/{id}/events`: the job's state-change events (from the events table, so none is
 * missed) and its progress (from Redis pub/sub) as server-sent events. Each SSE `id` is the last
 * state-change event id sent, so `Last-Event-ID` resumes right after it. Closes after the terminal
 * event.
 */
export async function streamJobEvents(ctx: RequestContext, id: string, lastEventId: string | undefined, res: Response): Promise<void> {
  const { db } = ctx.deps;
  const job = await findJob(db, ctx.principal, id);
  if (!job) throw notFound('job', id);
  let last = lastEventId && /^evt_[0-9a-z]{26}$/.test(lastEventId) ? lastEventId : null;
  // A finished job with nothing after Last-Event-ID: 204 tells EventSource clients to stop reconnecting.
  if (TERMINAL.includes(job.status) && last && !(await jobEventsAfter(db, id, last)).length) {
    res.status(204).end();
    return;
  }

  res.status(200);
  res.setHeader('Content-Type', 'text/event-stream; charset=utf-8');
  res.setHeader('Cache-Control', 'no-cache, no-transform');
  res.setHeader('X-Accel-Buffering', 'no');
  res.flushHeaders();
  res.write('retry: 1000\n\n');

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

  let reading: Promise<void> = Promise.resolve();
  const readEvents = () =>
    (reading = reading.then(async () => {
      if (closed) return;
      const rows = await jobEventsAfter(db, id, last);
      for (const row of rows) {
        last = row.id;
        res.write(`id: ${row.id}\nevent: ${row.type}\ndata: ${JSON.stringify(presentEventPayload(row))}\n\n`);
        if (TERMINAL.some((s) => row.type.endsWith(`.${s}`))) {
          res.end();
          close();
          return;
        }
      }
    }).catch((err) => ctx.deps.logger.warn({ err, job_id: id }, 'job stream read failed')));

  const onMessage = (m: StreamMessage) => {
    if (closed) return;
    if (m.kind === 'state') void readEvents();
    else void reading.then(() => !closed && res.write(`${last ? `id: ${last}\n` : ''}event: progress\ndata: ${JSON.stringify({ job_id: id, ...m.progress })}\n\n`));
  };

  // Subscribe before the first read, so nothing between the read and the subscription is lost.
  let unsubscribe: (() => void) | undefined;
  try {
    unsubscribe = await subscriberFor(ctx.deps).subscribe(id, onMessage);
  } catch (err) {
    ctx.deps.logger.warn({ err, job_id: id }, 'job stream without Redis: polling only');
  }
  await readEvents();
  if (!closed && job.status === 'processing')
    res.write(`${last ? `id: ${last}\n` : ''}event: progress\ndata: ${JSON.stringify({ job_id: id, fraction: Number(job.progress_fraction), stage: job.progress_stage, eta_seconds: job.eta_seconds })}\n\n`);
  const poll = setInterval(() => void readEvents(), SAFETY_POLL_MS);
  const heartbeat = setInterval(() => !closed && res.write(': keep-alive\n\n'), HEARTBEAT_MS);
  try {
    await finished;
  } finally {
    openStreams.delete(endForShutdown);
    clearInterval(poll);
    clearInterval(heartbeat);
    unsubscribe?.();
  }
}
