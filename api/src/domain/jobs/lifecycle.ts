import { QueryTypes, type Sequelize, type Transaction } from 'sequelize';
import type { Config } from '../../config';
import { ApiError } from '../../errors/api-error';
import { recordAutoTopUpIntent } from '../billing/auto-top-up';
import { reserveCredits, settleReservation, type ReserveInput } from '../credits/ledger';
import { jobEventType } from '../events/catalogue';
import type { JobStream, ProgressUpdate } from '../events/job-stream';
import { recordEvent } from '../events/outbox';
import { insertFile } from '../files/repository';
import { defaultSecret } from '../webhooks/endpoints';
import type { ItemUpdate, JobApp, RenderedOutput } from './app-contract';
import { closeOpenItems, upsertItem } from './items';
import { forgetRecordedOutputs } from './output-uploads';
import { presentForEvent } from './present';
import { insertJob, type JobRow } from './repository';
import type { Job } from './resource';
import { processMetrics } from '../../infra/process-metrics';

/*
 * The only writer of a job's state. Every function here is one conditional change of a job row
 * (on the state it expects to find) and, when `status` changes, its `<app>.<status>` event, in ONE
 * transaction (the outbox): the event exists if and only if the change committed, and carries the
 * job as `GET /v1/<app>/{id}` shows it after the change. Services and workers call these; nothing
 * else writes `jobs.status` (test/lifecycle checks the source for it).
 *
 *   create         (none)                → queued      + credits held; `<app>.queued`
 *   claim          queued | processing   → processing  attempts + 1; `<app>.processing` when it was queued
 *   heartbeat      processing            (touch)       tells the worker whether a cancel was asked
 *   progress       processing            (progress)    also published to live streams
 *   succeed        processing, no cancel → succeeded   + outputs, items, capture; `<app>.succeeded`
 *   fail           queued | processing   → failed      + release, open items failed; `<app>.failed`
 *   acknowledgeCancel queued | processing → canceled   + release, open items canceled; `<app>.canceled`
 *   requeue        processing            → queued      (worker shutdown); `<app>.queued`
 *   requestCancel  queued | processing   (flag)        the worker acknowledges it
 *   cancelQueued   queued                → canceled    + release; `<app>.canceled`
 *   sweep          queued | processing, stale (touch)  re-enqueued under their own ids
 *
 * Functions that change `status` return whether they did (false: the job was not in the state they
 * expect, e.g. a duplicate worker or a cancel that won the race), so callers never need to read first.
 *
 * Other writes of a job row that are not its state go through the repository: the metadata a
 * client edits (`updateJobMetadata`); nothing else writes `jobs`.
 */

export interface LifecycleEnv {
  db: Sequelize;
  config: Pick<Config, 'publicBaseUrl' | 'signingSecret' | 'fileUrlTtlSeconds' | 'creditsLowThreshold' | 'outputTtlDays'>;
  /** Live streams (`GET /v1/jobs/{id}/events`): woken after a state change commits, fed progress. Optional. */
  stream?: JobStream;
  /** Called after a creation committed an auto top-up intent (domain/billing/auto-top-up.ts): runs it outside the transaction. */
  onAutoTopUp?: (accountId: string) => void;
}

const NON_TERMINAL = `('queued', 'processing')`;

/** Writes the `<app>.<status>` event of the state change `row` is the result of, in its transaction. */
/** Records the job's state-change event; returns the job as the event shows it. */
async function recordStateEvent(env: LifecycleEnv, row: JobRow, t: Transaction): Promise<Job> {
  const object = await presentForEvent(env, row, t);
  await recordEvent(env.db, { accountId: row.account_id, livemode: row.livemode, type: jobEventType(row.app, row.status), object: object as unknown as Record<string, unknown>, jobId: row.id }, t);
  return object;
}

/** Runs `change` in a transaction; wakes live streams of the job once it committed with a state change. */
async function stateChange<T extends JobRow | null>(env: LifecycleEnv, change: (t: Transaction) => Promise<T>): Promise<T> {
  const row = await env.db.transaction(change);
  if (row) env.stream?.stateChanged(row.id);
  return row;
}

async function lockJob(db: Sequelize, id: string, t: Transaction): Promise<JobRow | null> {
  const rows = await db.query<JobRow>(`SELECT * FROM jobs WHERE id = :id FOR UPDATE`, { replacements: { id }, type: QueryTypes.SELECT, transaction: t });
  return rows[0] ?? null;
}

async function updateReturning(db: Sequelize, sql: string, replacements: Record<string, unknown>, t: Transaction): Promise<JobRow | null> {
  const rows = await db.query<JobRow>(sql, { replacements, type: QueryTypes.SELECT, transaction: t });
  return rows[0] ?? null;
}

// ── create ───────────────────────────────────────────────────────────────────────────────────────

export interface NewJob {
  app: JobApp<any, any>;
  id: string;
  accountId: string;
  livemode: boolean;
  /** The key that created the job; its quota (if any) bounds the hold. */
  apiKey: NonNullable<ReserveInput['apiKey']> | null;
  /** The request as sent (without the common fields). */
  request: Record<string, unknown>;
  /** The app's normalized input (what the renderer does). */
  plan: unknown;
  quote: JobRow['quote'];
  /** Credits to hold now: the quote's total, or 0 (test mode). */
  hold: number;
  metadata: Record<string, string>;
  externalId: string | null;
  /** A per-job webhook (`webhook_url`), signed with the account's default secret. */
  webhook: { url: string; eventTypes: string[] | null } | null;
}

/**
 * Creates a queued job: holds its credits, inserts the row, lets the app write its own rows
 * (`onCreate`), records the per-job webhook, `<app>.queued`, and `credits.low` when the hold takes
 * the balance below the threshold. Throws the ledger's 402s, and the database's unique violation
 * when `external_id` is taken (the caller names the job holding it).
 */
export async function create(env: LifecycleEnv, j: NewJob): Promise<JobRow> {
  return (await createAndPresent(env, j)).row;
}

/**
 * Creates the job (its row, the app's own rows, the `queued` event, the credit hold) in one
 * transaction. Returns the row and the job as its `queued` event shows it (read in the transaction,
 * with the app's fields): what the API answers, without reading it all again after the commit.
 */
export async function createAndPresent(env: LifecycleEnv, j: NewJob): Promise<{ row: JobRow; job: Job }> {
  const { db } = env;
  let topUp = false;
  let job: Job | undefined;
  const created = await stateChange(env, async (t) => {
    await refuseRestricted(db, j.accountId, t);
    const reservation = j.hold > 0 ? await reserveCredits(db, { accountId: j.accountId, apiKey: j.apiKey, amount: j.hold, description: `${j.app.name} ${j.id}` }, t) : null;
    const row = await insertJob(
      db,
      {
        id: j.id,
        app: j.app.name,
        account_id: j.accountId,
        api_key_id: j.apiKey?.id ?? null,
        livemode: j.livemode,
        request: j.request,
        plan: j.plan,
        quote: j.quote,
        reservation_id: reservation?.id ?? null,
        credits_quoted: j.quote.total,
        credits_reserved: j.hold,
        metadata: j.metadata,
        external_id: j.externalId,
      },
      t,
    );
    await j.app.onCreate?.(db, row, j.plan, t);
    if (j.webhook) {
      await defaultSecret(db, { accountId: j.accountId, livemode: j.livemode }, t);
      await db.query(`INSERT INTO job_webhooks (job_id, url, event_types) VALUES (:id, :url, :types::text[])`, {
        replacements: { id: j.id, url: j.webhook.url, types: j.webhook.eventTypes?.length ? `{${j.webhook.eventTypes.join(',')}}` : null },
        transaction: t,
      });
    }
    job = await recordStateEvent(env, row, t);
    if (reservation) await recordCreditsLow(env, j.accountId, reservation.balance_after, j.hold, t);
    if (reservation) topUp = await recordAutoTopUpIntent(db, j.accountId, reservation.balance_after, t);
    return row;
  });
  if (topUp) env.onAutoTopUp?.(j.accountId);
  if (j.hold > 0) processMetrics.creditsReserved.inc({ app: j.app.name, livemode: String(j.livemode) }, j.hold);
  return { row: created, job: job! };
}

/**
 * A refund or dispute that took the balance below zero restricts the organization: no new jobs, in
 * either mode, until a purchase makes the balance positive again (402 `account_restricted`).
 */
async function refuseRestricted(db: Sequelize, accountId: string, t: Transaction) {
  const [row] = await db.query<{ balance: number }>(`SELECT balance FROM accounts WHERE id = :id`, { replacements: { id: accountId }, type: QueryTypes.SELECT, transaction: t });
  if (row && row.balance < 0)
    throw new ApiError(402, 'account_restricted', `The organization is restricted: a refund or dispute left its balance at ${row.balance} credits. Buy credits to make it positive again.`);
}

/** `credits.low` when a live hold takes the balance from at/above the threshold to below it. */
async function recordCreditsLow(env: LifecycleEnv, accountId: string, balanceAfter: number, amount: number, t: Transaction) {
  const threshold = env.config.creditsLowThreshold;
  if (!threshold || balanceAfter >= threshold || balanceAfter + amount < threshold) return;
  await recordEvent(env.db, { accountId, livemode: true, type: 'credits.low', object: { object: 'balance', account_id: accountId, balance: balanceAfter, threshold, livemode: true } }, t);
}

// ── the worker's side ────────────────────────────────────────────────────────────────────────────

/**
 * A worker takes the job: queued or processing → processing, one more attempt. Taking a queued job
 * is the `processing` state change (with its event); a retry or a redelivery of a processing job
 * is not. Null when the job is gone or terminal.
 */
export async function claim(env: LifecycleEnv, id: string): Promise<{ job: JobRow; changed: boolean } | null> {
  const claimed = await env.db.transaction(async (t) => {
    const before = await lockJob(env.db, id, t);
    if (!before || (before.status !== 'queued' && before.status !== 'processing')) return null;
    const job = await updateReturning(
      env.db,
      `UPDATE jobs SET status = 'processing', attempts = attempts + 1, started_at = COALESCE(started_at, now()), progress_stage = 'starting', updated_at = now()
       WHERE id = :id AND status IN ${NON_TERMINAL} RETURNING *`,
      { id },
      t,
    );
    if (!job) return null;
    const changed = before.status === 'queued';
    if (changed) await recordStateEvent(env, job, t);
    return { job, changed };
  });
  if (claimed?.changed) env.stream?.stateChanged(id);
  return claimed;
}

/** A running job shows it is alive (the sweeper leaves it alone) and learns whether a cancel was asked. */
export async function heartbeat(env: LifecycleEnv, id: string): Promise<{ cancelRequested: boolean }> {
  const [row] = await env.db.query<{ cancel_requested_at: Date | null }>(`UPDATE jobs SET updated_at = now() WHERE id = :id AND status = 'processing' RETURNING cancel_requested_at`, {
    replacements: { id },
    type: QueryTypes.SELECT,
  });
  return { cancelRequested: !!row?.cancel_requested_at };
}

/** Stores a running job's progress and publishes it to live streams (callers throttle). */
export async function progress(env: LifecycleEnv, id: string, p: ProgressUpdate): Promise<void> {
  const write = env.db.query(`UPDATE jobs SET progress_fraction = :f, progress_stage = :stage, eta_seconds = :eta, updated_at = now() WHERE id = :id AND status = 'processing'`, {
    replacements: { id, f: p.fraction, stage: p.stage, eta: p.eta_seconds },
  });
  env.stream?.progress(id, p);
  await write;
}

/** An output the worker already put in storage: the lifecycle records its `file_…` row and its place in the job. */
export interface StoredOutput {
  fileId: string;
  storageKey: string;
  sha256: string;
  bytes: number;
  output: RenderedOutput;
}

export interface Success {
  outputs: StoredOutput[];
  /** Final state of every item. */
  items?: (ItemUpdate & { index: number })[];
  /** Partial success: only this many units of the quote are charged, the rest of the hold is released. */
  billableUnits?: number;
}

/**
 * processing (and no cancel asked) → succeeded, with the outputs, the items and the credit capture
 * in the same transaction. False when the job was no longer processing or a cancel was asked: the
 * caller removes the stored bytes (and acknowledges the cancel).
 */
export async function succeed(env: LifecycleEnv, id: string, s: Success): Promise<boolean> {
  const { db } = env;
  const row = await stateChange(env, async (t) => {
    const job = await lockJob(db, id, t);
    if (!job || job.status !== 'processing' || job.cancel_requested_at) return null;
    const expiresAt = new Date(Date.now() + env.config.outputTtlDays * 86400_000);
    for (const [ordinal, o] of s.outputs.entries()) {
      await insertFile(
        db,
        {
          id: o.fileId,
          accountId: job.account_id,
          livemode: job.livemode,
          filename: o.output.filename,
          contentType: o.output.content_type,
          kind: o.output.kind,
          bytes: o.bytes,
          sha256: o.sha256,
          storageKey: o.storageKey,
          source: 'output',
          sourceUrl: null,
          metadata: o.output.metadata,
          expiresAt,
        },
        t,
      );
      await db.query(`INSERT INTO job_outputs (job_id, file_id, ordinal, role, idx, position, metadata) VALUES (:jobId, :fileId, :ordinal, :role, :idx, :position, :metadata::jsonb)`, {
        replacements: { jobId: id, fileId: o.fileId, ordinal, role: o.output.role, idx: o.output.index ?? null, position: o.output.position ?? null, metadata: JSON.stringify(o.output.metadata) },
        transaction: t,
      });
    }
    // Recorded as files now: no longer uploads in transit (output-uploads.ts).
    await forgetRecordedOutputs(db, s.outputs.map((o) => o.fileId), t);
    for (const it of s.items ?? []) await upsertItem(db, id, it.index, it, t);
    const reserved = Number(job.credits_reserved);
    const charge = s.billableUnits === undefined ? reserved : Math.min(reserved, s.billableUnits * Number(job.quote.unit_price));
    const settled = job.reservation_id ? await settleReservation(db, job.reservation_id, charge, t) : null;
    const done = await updateReturning(
      db,
      `UPDATE jobs SET status = 'succeeded', progress_fraction = 1, progress_stage = 'done', eta_seconds = 0, finished_at = now(), updated_at = now(),
              expires_at = :expiresAt, credits_charged = :charged, credits_refunded = :refunded
       WHERE id = :id AND status = 'processing' RETURNING *`,
      { id, expiresAt, charged: settled?.captured ?? 0, refunded: settled?.released ?? 0 },
      t,
    );
    if (done) await recordStateEvent(env, done, t);
    return done;
  });
  if (row && Number(row.credits_charged) > 0) processMetrics.creditsCharged.inc({ app: row.app, livemode: String(row.livemode) }, Number(row.credits_charged));
  return !!row;
}

/** Ends a job that has not ended, without outputs: its hold released, its open items ended with it. */
async function endWithoutOutputs(env: LifecycleEnv, id: string, status: 'failed' | 'canceled', error: { code: string; message: string } | null): Promise<boolean> {
  const { db } = env;
  const row = await stateChange(env, async (t) => {
    const job = await lockJob(db, id, t);
    if (!job || (job.status !== 'queued' && job.status !== 'processing')) return null;
    const settled = job.reservation_id ? await settleReservation(db, job.reservation_id, 0, t) : null;
    await closeOpenItems(db, id, status, error, t);
    const ended = await updateReturning(
      db,
      `UPDATE jobs SET status = :status, progress_stage = :status, eta_seconds = NULL, finished_at = now(), updated_at = now(),
              error_code = :code, error_message = :message, credits_refunded = credits_refunded + :refunded
       WHERE id = :id AND status IN ${NON_TERMINAL} RETURNING *`,
      { id, status, code: error?.code ?? null, message: error?.message ?? null, refunded: settled?.released ?? 0 },
      t,
    );
    if (ended) await recordStateEvent(env, ended, t);
    return ended;
  });
  return !!row;
}

/** queued or processing → failed (credits released). False when the job had already ended. */
export function fail(env: LifecycleEnv, id: string, error: { code: string; message: string }): Promise<boolean> {
  return endWithoutOutputs(env, id, 'failed', error);
}

/** The worker honours a cancel request: queued or processing → canceled (credits released). */
export function acknowledgeCancel(env: LifecycleEnv, id: string): Promise<boolean> {
  return endWithoutOutputs(env, id, 'canceled', null);
}

/**
 * processing → queued: a worker shutting down puts back what it could not finish (the next claim
 * runs it again from the start). The sweeper enqueues it again once it looks idle.
 */
export async function requeue(env: LifecycleEnv, id: string): Promise<boolean> {
  const row = await stateChange(env, async (t) => {
    const r = await updateReturning(env.db, `UPDATE jobs SET status = 'queued', progress_stage = 'requeued', eta_seconds = NULL, updated_at = now() WHERE id = :id AND status = 'processing' RETURNING *`, { id }, t);
    if (r) await recordStateEvent(env, r, t);
    return r;
  });
  return !!row;
}

// ── the API's side ───────────────────────────────────────────────────────────────────────────────

/**
 * Asks a job that has not ended to stop: the flag is not a state change (no event); the worker
 * running (or next claiming) the job acknowledges it within ~1 s. False when the job had ended.
 */
export async function requestCancel(env: LifecycleEnv, id: string): Promise<boolean> {
  const [row] = await env.db.query<{ id: string }>(
    `UPDATE jobs SET cancel_requested_at = COALESCE(cancel_requested_at, now()), updated_at = now() WHERE id = :id AND status IN ${NON_TERMINAL} RETURNING id`,
    { replacements: { id }, type: QueryTypes.SELECT },
  );
  return !!row;
}

/** queued → canceled at once (no worker involved), credits released. False when the job was not queued. */
export async function cancelQueued(env: LifecycleEnv, id: string): Promise<boolean> {
  const { db } = env;
  const row = await stateChange(env, async (t) => {
    const job = await lockJob(db, id, t);
    if (!job || job.status !== 'queued') return null;
    const settled = job.reservation_id ? await settleReservation(db, job.reservation_id, 0, t) : null;
    const canceled = await updateReturning(
      db,
      `UPDATE jobs SET status = 'canceled', cancel_requested_at = now(), finished_at = now(), updated_at = now(),
              progress_stage = 'canceled', credits_refunded = credits_refunded + :refunded
       WHERE id = :id AND status = 'queued' RETURNING *`,
      { id, refunded: settled?.released ?? 0 },
      t,
    );
    if (canceled) await recordStateEvent(env, canceled, t);
    return canceled;
  });
  return !!row;
}

// ── the sweeper ──────────────────────────────────────────────────────────────────────────────────

/**
 * Finds jobs that show no sign of life for `olderThanMs` (queued ones whose queue entry was lost,
 * processing ones whose worker died unnoticed), of `apps` (default: all), and hands each to
 * `enqueue` (which answers whether it did). Each is touched first, on the condition that it still
 * looks lost, so the next passes leave it alone for a while: of several sweepers (one per worker)
 * only one hands it over, and a job that ended or came to life since the SELECT is skipped. When
 * `enqueue` throws (the queue is down), the pass stops there: the rest would fail alike. Not a
 * state change. Returns how many were enqueued.
 */
export async function sweep(
  env: Pick<LifecycleEnv, 'db'>,
  olderThanMs: number,
  enqueue: (job: { id: string; app: string }) => Promise<boolean>,
  opts: { apps?: readonly string[] } = {},
): Promise<number> {
  const apps = opts.apps ? [...opts.apps] : null;
  if (apps && !apps.length) return 0;
  const stale = `status IN ${NON_TERMINAL} AND updated_at < now() - make_interval(secs => :secs)`;
  const rows = await env.db.query<{ id: string; app: string }>(`SELECT id, app FROM jobs WHERE ${stale} ${apps ? 'AND app IN (:apps)' : ''} ORDER BY updated_at LIMIT 500`, {
    replacements: { secs: olderThanMs / 1000, apps },
    type: QueryTypes.SELECT,
  });
  let n = 0;
  for (const row of rows) {
    const [touched] = await env.db.query(`UPDATE jobs SET updated_at = now() WHERE id = :id AND ${stale} RETURNING id`, { replacements: { id: row.id, secs: olderThanMs / 1000 }, type: QueryTypes.SELECT });
    if (!touched) continue;
    if (await enqueue(row)) n++;
  }
  return n;
}
