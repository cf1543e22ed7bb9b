import crypto from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { QueryTypes, type Sequelize } from 'sequelize';
import type { Logger } from 'pino';
import type { Config } from '../../../api/src/config';
import { settleReservation } from '../../../api/src/domain/credits/ledger';
import { findFileById, insertFile } from '../../../api/src/domain/files/repository';
import { newId, ID_PREFIX } from '../../../api/src/domain/ids';
import type { AiGateway } from '../../../api/src/domain/ai/provider';
import { JobError, type InputFileInfo, type ItemUpdate, type RenderedOutput, type AnyRenderer, type RenderResult } from '../../../api/src/domain/jobs/app-contract';
import { findJobById, TERMINAL, type JobRow } from '../../../api/src/domain/jobs/repository';
import { recordJobEvent } from '../../../api/src/services/jobs';
import type { JobStream } from '../../../api/src/domain/events/job-stream';
import type { Storage } from '../../../api/src/domain/storage/storage';
import { FfmpegError, withTempDir } from '../media/ffmpeg';

export interface EngineDeps {
  config: Config;
  db: Sequelize;
  storage: Storage;
  logger: Logger;
  renderers: Record<string, AnyRenderer<any>>;
  /** AI providers, for the apps of the `gpu` pool. */
  ai?: AiGateway;
  /** Live progress and state changes for `GET /v1/jobs/{id}/events` (optional: without it, only the events table). */
  stream?: JobStream;
}

/** Progress is written at most this often per job (and on every stage change). */
const PROGRESS_EVERY_MS = 500;
/** How often a running job checks for a cancel request (and heartbeats). */
const CANCEL_POLL_MS = 500;

export type RunOutcome = 'skipped' | 'succeeded' | 'failed' | 'canceled' | 'interrupted';

/**
 * Runs one job, idempotently: a terminal job is skipped; a job is only finished by a conditional
 * update on `status = 'processing'`, in ONE transaction with its outputs and the credit capture (or
 * release), so a crash at any point leaves a job the next attempt can finish, charged once.
 *
 * Throws only for transient failures (bee-queue retries them with backoff); `lastAttempt` turns
 * those into a failed job instead.
 */
export async function runJob(deps: EngineDeps, jobId: string, opts: { shutdown: AbortSignal; lastAttempt: boolean }): Promise<RunOutcome> {
  const { db, logger } = deps;
  const log = logger.child({ job_id: jobId });
  const job = await findJobById(db, jobId);
  if (!job || TERMINAL.includes(job.status)) return 'skipped';
  if (job.cancel_requested_at) return finishCanceled(deps, job);

  // The first claim is the `processing` state change (with its event); later attempts and a requeue
  // after shutdown keep the job `processing` from the client's point of view.
  const claimed = await db.transaction(async (t) => {
    const [row] = await db.query<JobRow & { first: boolean }>(
      `UPDATE jobs SET status = 'processing', attempts = attempts + 1, started_at = COALESCE(started_at, now()),
              progress_stage = 'starting', updated_at = now()
       WHERE id = :id AND status IN ('queued', 'processing') RETURNING *, (attempts = 1) AS first`,
      { replacements: { id: jobId }, type: QueryTypes.SELECT, transaction: t },
    );
    if (row?.first) await recordJobEvent(db, deps.config, row, t);
    return row;
  });
  if (!claimed) return 'skipped';
  if (claimed.first) deps.stream?.stateChanged(jobId);

  const render = deps.renderers[job.app];
  const abort = new AbortController();
  const onShutdown = () => abort.abort(new Error('shutdown'));
  opts.shutdown.addEventListener('abort', onShutdown, { once: true });
  const deadline = setTimeout(() => abort.abort(new JobError('job_timeout', `The job ran longer than ${deps.config.jobTimeoutMs / 1000} s.`)), deps.config.jobTimeoutMs);
  let canceled = false;
  const watcher = setInterval(() => {
    void db
      .query<{ cancel_requested_at: Date | null }>(`UPDATE jobs SET updated_at = now() WHERE id = :id RETURNING cancel_requested_at`, { replacements: { id: jobId }, type: QueryTypes.SELECT })
      .then(([r]) => {
        if (r?.cancel_requested_at && !canceled) {
          canceled = true;
          abort.abort(new Error('canceled'));
        }
      })
      .catch((err) => log.warn({ err }, 'cancel check failed'));
  }, CANCEL_POLL_MS);

  const started = Date.now();
  let lastWrite = 0;
  let lastStage = '';
  const progress = (fraction: number, stage: string) => {
    const now = Date.now();
    if (stage === lastStage && now - lastWrite < PROGRESS_EVERY_MS) return;
    lastWrite = now;
    lastStage = stage;
    const f = Math.max(0, Math.min(1, fraction));
    const eta = f > 0.02 ? Math.round(((now - started) / 1000) * ((1 - f) / f)) : null;
    void db
      .query(`UPDATE jobs SET progress_fraction = :f, progress_stage = :stage, eta_seconds = :eta, updated_at = now() WHERE id = :id AND status = 'processing'`, {
        replacements: { id: jobId, f, stage, eta },
      })
      .catch((err) => log.warn({ err }, 'progress update failed'));
    deps.stream?.progress(jobId, { fraction: f, stage, eta_seconds: eta });
  };

  // Item states are written in order (a later state never lands before an earlier one).
  let items: Promise<unknown> = Promise.resolve();
  const item = (index: number, update: ItemUpdate) => {
    items = items.then(() => upsertItem(db, jobId, index, update)).catch((err) => log.warn({ err }, 'item update failed'));
  };

  try {
    const { stored, result } = await withTempDir(`lk-${jobId}`, async (workDir) => {
      const files = await fetchInputs(deps, job, workDir);
      progress(0, 'rendering');
      const rendered = await render(job.plan, {
        workDir, files, signal: abort.signal, progress, ffmpegPath: deps.config.ffmpegPath, ffprobePath: deps.config.ffprobePath,
        livemode: job.livemode, ai: deps.ai, item,
      });
      if (abort.signal.aborted) throw abort.signal.reason;
      const result: RenderResult = Array.isArray(rendered) ? { outputs: rendered } : (rendered as RenderResult);
      progress(0.99, 'uploading');
      return { stored: await storeOutputs(deps, job, result.outputs), result };
    }, path.join(deps.config.dataDir, 'work'));
    await items;
    return await finishSucceeded(deps, job, stored, result);
  } catch (err) {
    await items;
    if (canceled) return finishCanceled(deps, job);
    if (opts.shutdown.aborted) {
      // Put it back: the next worker (or this one after restart) runs it again from the start.
      await db.query(`UPDATE jobs SET status = 'queued', progress_stage = 'requeued', updated_at = now() WHERE id = :id AND status = 'processing'`, { replacements: { id: jobId } });
      return 'interrupted';
    }
    const reason = abort.signal.aborted && abort.signal.reason instanceof JobError ? abort.signal.reason : err;
    if (reason instanceof JobError && !reason.opts.transient) return finishFailed(deps, job, reason.code, reason.message);
    if (reason instanceof FfmpegError && reason.code !== 'canceled') {
      log.warn({ err: reason.message, stderr: reason.stderrTail }, 'ffmpeg failed');
      return finishFailed(deps, job, 'render_failed', 'The media could not be rendered.');
    }
    log.error({ err }, 'job attempt failed');
    if (!opts.lastAttempt) throw err;
    return finishFailed(deps, job, 'internal_error', 'The job failed after several attempts.');
  } finally {
    clearInterval(watcher);
    clearTimeout(deadline);
    opts.shutdown.removeEventListener('abort', onShutdown);
  }
}

async function fetchInputs(deps: EngineDeps, job: JobRow, workDir: string): Promise<Map<string, { path: string; info: InputFileInfo }>> {
  const ids = new Set<string>();
  collectFileIds(job.request, ids);
  // Files the API resolved itself (an avatar's image) are in the normalized input.
  collectFileIds(job.plan, ids);
  const files = new Map<string, { path: string; info: InputFileInfo }>();
  for (const id of ids) {
    const row = await findFileById(deps.db, id);
    if (!row || row.deleted_at || row.account_id !== job.account_id) throw new JobError('file_not_found', `Input file ${id} is gone.`);
    const dest = path.join(workDir, 'inputs', id);
    await fs.mkdir(path.dirname(dest), { recursive: true });
    await pipeline(await deps.storage.get(row.storage_key), createWriteStream(dest));
    files.set(id, { path: dest, info: { id, kind: row.kind, content_type: row.content_type, bytes: Number(row.bytes), metadata: row.metadata } });
  }
  return files;
}

/** Every `file_id` / `file_ids` / `images` value in the request (the engine does not know each app's shape). */
function collectFileIds(value: unknown, out: Set<string>) {
  if (typeof value === 'string' && /^file_[0-9a-z]{26}$/.test(value)) out.add(value);
  else if (Array.isArray(value)) value.forEach((v) => collectFileIds(v, out));
  else if (value && typeof value === 'object') Object.values(value).forEach((v) => collectFileIds(v, out));
}

interface StoredOutput {
  fileId: string;
  storageKey: string;
  out: RenderedOutput;
  sha256: string;
  bytes: number;
}

async function storeOutputs(deps: EngineDeps, job: JobRow, rendered: RenderedOutput[]): Promise<StoredOutput[]> {
  const stored: StoredOutput[] = [];
  for (const out of rendered) {
    const fileId = newId(ID_PREFIX.file);
    const storageKey = `files/${job.account_id}/${fileId}`;
    const hash = crypto.createHash('sha256');
    let bytes = 0;
    for await (const chunk of createReadStream(out.path)) {
      hash.update(chunk as Buffer);
      bytes += (chunk as Buffer).length;
    }
    await deps.storage.putFile(storageKey, out.path, { contentType: out.content_type });
    stored.push({ fileId, storageKey, out, sha256: hash.digest('hex'), bytes });
  }
  return stored;
}

async function upsertItem(db: Sequelize, jobId: string, index: number, u: ItemUpdate, t?: import('sequelize').Transaction) {
  await db.query(
    `INSERT INTO job_items (job_id, idx, status, error_code, error_message, metadata) VALUES (:jobId, :index, :status, :code, :message, :metadata::jsonb)
     ON CONFLICT (job_id, idx) DO UPDATE SET status = EXCLUDED.status, error_code = EXCLUDED.error_code, error_message = EXCLUDED.error_message,
       metadata = job_items.metadata || EXCLUDED.metadata, updated_at = now()`,
    { replacements: { jobId, index, status: u.status, code: u.error?.code ?? null, message: u.error?.message ?? null, metadata: JSON.stringify(u.metadata ?? {}) }, transaction: t },
  );
}

async function finishSucceeded(deps: EngineDeps, job: JobRow, outputs: StoredOutput[], result: RenderResult = { outputs: [] }): Promise<RunOutcome> {
  const { db } = deps;
  const done = await db.transaction(async (t) => {
    const [row] = await db.query<JobRow>(`SELECT * FROM jobs WHERE id = :id FOR UPDATE`, { replacements: { id: job.id }, type: QueryTypes.SELECT, transaction: t });
    if (row.status !== 'processing' || row.cancel_requested_at) return false;
    const expiresAt = new Date(Date.now() + deps.config.outputTtlDays * 86400_000);
    for (const [ordinal, o] of outputs.entries()) {
      await insertFile(
        db,
        {
          id: o.fileId,
          accountId: job.account_id,
          livemode: job.livemode,
          filename: o.out.filename,
          contentType: o.out.content_type,
          kind: o.out.kind,
          bytes: o.bytes,
          sha256: o.sha256,
          storageKey: o.storageKey,
          source: 'output',
          sourceUrl: null,
          metadata: o.out.metadata,
          expiresAt,
        },
        t,
      );
      await db.query(`INSERT INTO job_outputs (job_id, file_id, ordinal, role, idx, position, metadata) VALUES (:jobId, :fileId, :ordinal, :role, :idx, :position, :metadata::jsonb)`, {
        replacements: { jobId: job.id, fileId: o.fileId, ordinal, role: o.out.role, idx: o.out.index ?? null, position: o.out.position ?? null, metadata: JSON.stringify(o.out.metadata) },
        transaction: t,
      });
    }
    for (const it of result.items ?? []) await upsertItem(db, job.id, it.index, it, t);
    // Partial success: only the units that succeeded are charged, the rest of the hold is released.
    const reserved = Number(row.credits_reserved);
    const charge = result.billable_units === undefined ? reserved : Math.min(reserved, result.billable_units * Number(row.quote.unit_price));
    const settled = row.reservation_id ? await settleReservation(db, row.reservation_id, charge, t) : null;
    const [succeeded] = await db.query<JobRow>(
      `UPDATE jobs SET status = 'succeeded', progress_fraction = 1, progress_stage = 'done', eta_seconds = 0, finished_at = now(), updated_at = now(),
              expires_at = :expiresAt, credits_charged = :charged, credits_refunded = :refunded WHERE id = :id RETURNING *`,
      { replacements: { id: job.id, expiresAt, charged: settled?.captured ?? 0, refunded: settled?.released ?? 0 }, type: QueryTypes.SELECT, transaction: t },
    );
    await recordJobEvent(db, deps.config, succeeded, t);
    return true;
  });
  if (done) deps.stream?.stateChanged(job.id);
  if (!done) {
    await Promise.all(outputs.map((o) => deps.storage.delete(o.storageKey).catch(() => {})));
    const now = await findJobById(db, job.id);
    return now?.cancel_requested_at ? finishCanceled(deps, job) : 'skipped';
  }
  return 'succeeded';
}

async function finishWithoutOutputs(deps: EngineDeps, job: JobRow, status: 'failed' | 'canceled', error: { code: string; message: string } | null): Promise<boolean> {
  const { db } = deps;
  return db.transaction(async (t) => {
    const [row] = await db.query<JobRow>(`SELECT * FROM jobs WHERE id = :id FOR UPDATE`, { replacements: { id: job.id }, type: QueryTypes.SELECT, transaction: t });
    if (!row || TERMINAL.includes(row.status)) return false;
    const settled = row.reservation_id ? await settleReservation(db, row.reservation_id, 0, t) : null;
    // Items still open when the job ends without outputs end with it (an item's own failure keeps its code).
    await db.query(
      `UPDATE job_items SET status = :status, error_code = COALESCE(error_code, :code), error_message = COALESCE(error_message, :message), updated_at = now()
       WHERE job_id = :id AND status IN ('queued', 'processing')`,
      { replacements: { id: job.id, status, code: error?.code ?? null, message: error?.message ?? null }, transaction: t },
    );
    const [finished] = await db.query<JobRow>(
      `UPDATE jobs SET status = :status, progress_stage = :status, eta_seconds = NULL, finished_at = now(), updated_at = now(),
              error_code = :code, error_message = :message, credits_refunded = credits_refunded + :refunded WHERE id = :id RETURNING *`,
      { replacements: { id: job.id, status, code: error?.code ?? null, message: error?.message ?? null, refunded: settled?.released ?? 0 }, type: QueryTypes.SELECT, transaction: t },
    );
    await recordJobEvent(db, deps.config, finished, t);
    return true;
  }).then((changed) => {
    if (changed) deps.stream?.stateChanged(job.id);
    return changed;
  });
}

async function finishFailed(deps: EngineDeps, job: JobRow, code: string, message: string): Promise<RunOutcome> {
  return (await finishWithoutOutputs(deps, job, 'failed', { code, message })) ? 'failed' : 'skipped';
}

async function finishCanceled(deps: EngineDeps, job: JobRow): Promise<RunOutcome> {
  return (await finishWithoutOutputs(deps, job, 'canceled', null)) ? 'canceled' : 'skipped';
}
