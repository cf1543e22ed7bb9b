import type { JobQuote, JobStatus } from '../gen/types.gen.js';
import type { APIPromise } from './api-promise.js';
import { type Core, type RequestOptions, sleep } from './core.js';
import { APIConnectionError, APIUserAbortError, WaitTimeoutError } from './errors.js';
import type { AppOf, JobStreamEvent } from './events.js';
import type { Input } from './input.js';
import { list, type ListParams, type PagePromise } from './pagination.js';
import { parseSSE } from './sse.js';

export const TERMINAL_STATUSES: readonly JobStatus[] = ['succeeded', 'failed', 'canceled'];

/** True when the job will not change any more. */
export const isTerminal = (job: { status: string }) => (TERMINAL_STATUSES as readonly string[]).includes(job.status);

/** The longest long-poll the server holds (`?wait=` is 0–60 s). */
const MAX_WAIT_SECONDS = 60;
/** A long-poll that returns unfinished sooner than asked (an old server, a proxy) waits this long before the next one. */
const EARLY_RETURN_PAUSE_MS = 1_000;

export interface WaitOptions {
  /** Give up after this many milliseconds (throws `WaitTimeoutError` with the last job). Default 10 minutes. */
  timeoutMs?: number | undefined;
  /** Stops waiting (throws `APIUserAbortError`). */
  signal?: AbortSignal | undefined;
}

export interface StreamOptions {
  /** Resume after this event id (as `Last-Event-ID`). */
  lastEventId?: string | undefined;
  /** Ends the stream. */
  signal?: AbortSignal | undefined;
  /** Reconnections in a row without receiving an event before giving up. Default: the client's `maxRetries`. */
  maxReconnects?: number | undefined;
}

export interface JobListParams extends ListParams {
  /** Only jobs in this status. */
  status?: JobStatus | undefined;
  /** Only the job with this `external_id`. */
  external_id?: string | undefined;
}

/** Reads a job: retrieve, wait (long-poll) and stream (SSE). Shared by `jobs` and every app. */
export class JobReader<TJob extends { id: string; status: string }> {
  constructor(
    protected readonly core: Core,
    /** e.g. `/v1/video_mixes` */
    protected readonly path: string,
  ) {}

  /**
   * A job by id. With `wait` (0–60 s) the server holds the request until the job is finished or the
   * time is up.
   * @example
   * const job = await lumiku.jobs.retrieve('vmix_…');
   */
  retrieve(id: string, params: { wait?: number | undefined } = {}, opts?: RequestOptions): APIPromise<TJob> {
    const timeout = params.wait ? Math.max(opts?.timeout ?? this.core.timeout, params.wait * 1000 + 10_000) : opts?.timeout;
    return this.core.request<TJob>({ method: 'GET', path: `${this.path}/${encodeURIComponent(id)}`, query: params.wait ? { wait: params.wait } : undefined }, { ...opts, timeout });
  }

  /**
   * Whether `err` is the `WaitTimeoutError` of a `wait()`, with `err.job` typed as this resource's
   * job (`VideoMix` for `lumiku.videoMixes`).
   */
  isWaitTimeout(err: unknown): err is WaitTimeoutError<TJob> {
    return err instanceof WaitTimeoutError;
  }

  /**
   * Resolves with the job once it is succeeded, failed or canceled, using the server's long-poll
   * (`?wait=`): a job that is already finished costs one request, a running one one request per
   * minute. A `Retry-After` on an unfinished answer is honoured as the server's poll hint.
   * @throws {@link WaitTimeoutError} `WaitTimeoutError<TJob>` with the last seen job when `timeoutMs` passes first.
   * @example
   * const done = await lumiku.videoMixes.wait(mix.id, { timeoutMs: 5 * 60_000 });
   * if (done.status === 'succeeded') console.log(done.outputs.map((o) => o.url));
   */
  async wait(id: string, options: WaitOptions = {}): Promise<TJob> {
    const deadline = Date.now() + (options.timeoutMs ?? 600_000);
    let job: TJob;
    for (;;) {
      const remaining = deadline - Date.now();
      const waitSeconds = Math.max(0, Math.min(MAX_WAIT_SECONDS, Math.ceil(remaining / 1000)));
      const started = Date.now();
      let hint: string | null = null;
      const res = await this.core.send(
        { method: 'GET', path: `${this.path}/${encodeURIComponent(id)}`, query: { wait: waitSeconds } },
        { signal: options.signal, timeout: Math.max(this.core.timeout, waitSeconds * 1000 + 10_000) },
      );
      hint = res.headers.get('retry-after');
      job = (await res.json()) as TJob;
      if (isTerminal(job)) return job;
      if (Date.now() >= deadline) break;
      const hintMs = hint && Number.isFinite(Number(hint)) ? Number(hint) * 1000 : undefined;
      const returnedEarly = Date.now() - started < waitSeconds * 1000 - 500;
      const pause = hintMs ?? (returnedEarly ? EARLY_RETURN_PAUSE_MS : 0);
      if (pause > 0) await sleep(Math.min(pause, Math.max(0, deadline - Date.now())), options.signal);
      if (Date.now() >= deadline) break;
    }
    throw new WaitTimeoutError<TJob>(`Job ${id} was still ${job.status} after ${options.timeoutMs ?? 600_000} ms.`, job);
  }

  /**
   * The job's progress as server-sent events (`GET /v1/jobs/{id}/events`), as an async iterator that
   * ends after the terminal event (`<app>.succeeded`, `.failed` or `.canceled`). Each state change
   * arrives as its event object (the one webhooks carry), with `progress` updates in between. A
   * dropped connection is resumed with `Last-Event-ID` after the server's `retry` delay, so no state
   * change is missed or repeated. An app's resource yields only its own events
   * (`lumiku.videoMixes.stream()`: `video_mix.*`, with `data.data.object` a `VideoMix`).
   * @example
   * for await (const { event, data } of lumiku.jobs.stream(mix.id)) {
   *   if (event === 'progress') console.log(`${Math.round(data.fraction * 100)}% ${data.stage}`);
   *   else console.log(event, data.data.object.status);
   * }
   */
  async *stream(id: string, options: StreamOptions = {}): AsyncGenerator<JobStreamEvent<AppOf<TJob>>> {
    let lastEventId = options.lastEventId;
    const maxReconnects = options.maxReconnects ?? this.core.maxRetries;
    let failures = 0;
    let retryMs = DEFAULT_RECONNECT_MS;
    for (let attempt = 0; ; attempt++) {
      if (attempt > 0) await sleep(retryMs, options.signal);
      let res: Response;
      try {
        res = await this.core.send(
          { method: 'GET', path: `/v1/jobs/${encodeURIComponent(id)}/events`, accept: 'text/event-stream', headers: lastEventId ? { 'last-event-id': lastEventId } : undefined },
          { signal: options.signal },
        );
      } catch (err) {
        if (err instanceof APIConnectionError && !(err instanceof APIUserAbortError) && failures++ < maxReconnects) continue;
        throw err;
      }
      // 204: the job is finished and nothing follows Last-Event-ID.
      if (res.status === 204 || !res.body) return;
      let finished = false;
      try {
        for await (const message of parseSSE(res.body)) {
          if (message.retry !== undefined) retryMs = message.retry;
          if (message.id !== undefined) lastEventId = message.id;
          let data: unknown = message.data;
          try {
            data = JSON.parse(message.data);
          } catch {
            // not JSON: handed over as text
          }
          failures = 0;
          yield { id: message.id, event: message.event, data } as JobStreamEvent<AppOf<TJob>>;
          if (isTerminalEvent(message.event)) {
            finished = true;
            break;
          }
        }
      } catch (err) {
        if (options.signal?.aborted) throw new APIUserAbortError(undefined, { cause: err });
        // The connection dropped mid-stream: resume from the last event id below.
        if (failures++ >= maxReconnects) throw new APIConnectionError(`Event stream of ${id} dropped.`, { cause: err });
        continue;
      }
      if (finished || options.signal?.aborted) return;
      // The server ended the stream without a terminal event: ask again from where it stopped.
      if (failures++ >= maxReconnects) return;
    }
  }
}

/** Before reconnecting a dropped stream, until the server sends its own `retry:` (it sends 1 s). */
const DEFAULT_RECONNECT_MS = 1_000;

/** A job's last event: its SSE name is `<app>.<terminal status>` (`video_mix.succeeded`). */
function isTerminalEvent(event: string): boolean {
  const dot = event.lastIndexOf('.');
  return dot > 0 && (TERMINAL_STATUSES as readonly string[]).includes(event.slice(dot + 1));
}

/**
 * One app's job resource (`/v1/video_mixes`, `/v1/loops`, …): create, quote, retrieve, list,
 * cancel, wait, stream, createAndWait.
 */
export class JobResource<TJob extends { id: string; status: string }, TCreate, TListParams extends ListParams = JobListParams> extends JobReader<TJob> {
  /**
   * Creates the job (202: queued, credits held). Pass `idempotencyKey` (e.g. your order id) to make
   * retries across processes safe; within one call the SDK's retries always reuse one key.
   * @example
   * const job = await lumiku.carousels.create({ slides, sets: 3 }, { idempotencyKey: 'order-42' });
   */
  create(body: Input<TCreate>, opts?: RequestOptions): APIPromise<TJob> {
    return this.core.request<TJob>({ method: 'POST', path: this.path, body }, opts);
  }

  /**
   * Validates and prices the request without creating anything (`?dry_run=true`).
   * @example
   * const quote = await lumiku.videoMixes.quote({ clips: [{ file_id: a.id }, { file_id: b.id }], variants: 20 });
   * console.log(quote.total, quote.free ? '(test mode: free)' : 'credits');
   */
  quote(body: Input<TCreate>, opts?: RequestOptions): APIPromise<JobQuote> {
    return this.core.request<JobQuote>({ method: 'POST', path: this.path, query: { dry_run: true }, body }, opts);
  }

  /**
   * Newest first; await for one page or `for await` for every job.
   * @example
   * for await (const job of lumiku.loops.list({ status: 'failed' })) console.log(job.id, job.error?.code);
   */
  list(params: TListParams = {} as TListParams, opts?: RequestOptions): PagePromise<TJob> {
    return list<TJob>(this.core, this.path, params as unknown as Record<string, string | number | undefined>, opts);
  }

  /**
   * Cancels the job; its held credits are released. Canceling a finished job changes nothing.
   * @example
   * await lumiku.videoMixes.cancel(mix.id);
   */
  cancel(id: string, opts?: RequestOptions): APIPromise<TJob> {
    return this.core.request<TJob>({ method: 'POST', path: `${this.path}/${encodeURIComponent(id)}/cancel` }, opts);
  }

  /**
   * `create` then `wait`: resolves with the finished job (check its `status`).
   * @example
   * const done = await lumiku.carousels.createAndWait(body, { timeoutMs: 120_000 });
   */
  async createAndWait(body: Input<TCreate>, options: WaitOptions & RequestOptions = {}): Promise<TJob> {
    const job = await this.create(body, options);
    if (isTerminal(job)) return job;
    return this.wait(job.id, options);
  }
}
