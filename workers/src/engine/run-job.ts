import crypto from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { Sequelize } from 'sequelize';
import type { Logger } from 'pino';
import type { Config } from '../../../api/src/config';
import { findFileById } from '../../../api/src/domain/files/repository';
import { newId, ID_PREFIX } from '../../../api/src/domain/ids';
import type { AiGateway } from '../../../api/src/domain/ai/provider';
import { JobError, type InputFileInfo, type ItemUpdate, type RenderedOutput, type AnyRenderer, type RenderResult } from '../../../api/src/domain/jobs/app-contract';
import { upsertItem } from '../../../api/src/domain/jobs/items';
import * as lifecycle from '../../../api/src/domain/jobs/lifecycle';
import { discardUnusedOutputs, recordOutputUpload } from '../../../api/src/domain/jobs/output-uploads';
import { findJobById, TERMINAL, type JobRow } from '../../../api/src/domain/jobs/repository';
import type { JobStream } from '../../../api/src/domain/events/job-stream';
import type { Storage } from '../../../api/src/domain/storage/storage';
import { FfmpegError, withTempDir } from '../media/ffmpeg';
import { contextFromTraceparent, withSpan } from '../../../api/src/infra/tracing';
import { processMetrics } from '../../../api/src/infra/process-metrics';

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
  /** This process's work folder (work-dir.ts); each attempt renders in a temp folder inside it. Default `<dataDir>/work`. */
  workDir?: string;
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
export async function runJob(deps: EngineDeps, jobId: string, opts: { shutdown: AbortSignal; lastAttempt: boolean; traceparent?: string }): Promise<RunOutcome> {
  // One span per attempt, a child of the API's enqueue span when the queue entry carries its context.
  return withSpan('job.run', { 'lumiku.job.id': jobId }, async (span) => {
    const started = process.hrtime.bigint();
    let app = 'unknown';
    const outcome = await attemptJob(deps, jobId, opts, (job) => {
      app = job.app;
      span.setAttributes({ 'lumiku.account.id': job.account_id, 'lumiku.job.app': job.app, 'lumiku.job.livemode': job.livemode });
    });
    // The job has ended (unless this attempt was interrupted): outputs stored for it that are not its
    // files — this attempt's when it lost, or those of an attempt that died mid-upload — go now.
    if (outcome !== 'interrupted')
      await discardUnusedOutputs(deps, jobId).catch((err) => deps.logger.warn({ err, job_id: jobId }, 'could not remove unused outputs; the maintenance sweep will'));
    span.setAttribute('lumiku.job.outcome', outcome);
    // A transient failure (thrown for a retry) is not an outcome: only what the attempt ended with is measured.
    processMetrics.jobDuration.observe({ app, outcome }, Number(process.hrtime.bigint() - started) / 1e9);
    return outcome;
  }, contextFromTraceparent(opts.traceparent));
}

async function attemptJob(deps: EngineDeps, jobId: string, opts: { shutdown: AbortSignal; lastAttempt: boolean }, found: (job: JobRow) => void): Promise<RunOutcome> {
  const { db, logger } = deps;
  const log = logger.child({ job_id: jobId });
  const job = await findJobById(db, jobId);
  if (!job || TERMINAL.includes(job.status)) return 'skipped';
  found(job);
  log.debug({ app: job.app, account_id: job.account_id }, 'job attempt started');
  if (job.cancel_requested_at) return finishCanceled(deps, job);

  // Taking a queued job is the `processing` state change (with its event); a retry keeps it processing.
  if (!(await lifecycle.claim(deps, jobId))) return 'skipped';

  const render = deps.renderers[job.app];
  const abort = new AbortController();
  const onShutdown = () => abort.abort(new Error('shutdown'));
  opts.shutdown.addEventListener('abort', onShutdown, { once: true });
  const deadline = setTimeout(() => abort.abort(new JobError('job_timeout', `The job ran longer than ${deps.config.jobTimeoutMs / 1000} s.`)), deps.config.jobTimeoutMs);
  let canceled = false;
  const watcher = setInterval(() => {
    lifecycle
      .heartbeat(deps, jobId)
      .then(({ cancelRequested }) => {
        if (cancelRequested && !canceled) {
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
    lifecycle.progress(deps, jobId, { fraction: f, stage, eta_seconds: eta }).catch((err) => log.warn({ err }, 'progress update failed'));
  };

  // Item states are written in order (a later state never lands before an earlier one).
  let items: Promise<unknown> = Promise.resolve();
  const item = (index: number, update: ItemUpdate) => {
    items = items.then(() => upsertItem(db, jobId, index, update)).catch((err) => log.warn({ err }, 'item update failed'));
  };

  try {
    const { stored, result } = await withTempDir(`lk-${jobId}`, async (workDir) => {
      const files = await withSpan('job.fetch_inputs', {}, () => fetchInputs(deps, job, workDir));
      progress(0, 'rendering');
      const rendered = await withSpan('job.render', { 'lumiku.job.app': job.app }, async (): Promise<RenderedOutput[] | RenderResult> => render(job.plan, {
        workDir, files, signal: abort.signal, progress, ffmpegPath: deps.config.ffmpegPath, ffprobePath: deps.config.ffprobePath,
        livemode: job.livemode, ai: deps.ai, item,
      }));
      if (abort.signal.aborted) throw abort.signal.reason;
      const result: RenderResult = Array.isArray(rendered) ? { outputs: rendered } : (rendered as RenderResult);
      progress(0.99, 'uploading');
      return { stored: await withSpan('job.store_outputs', { 'lumiku.outputs': result.outputs.length }, () => storeOutputs(deps, job, result.outputs)), result };
    }, deps.workDir ?? path.join(deps.config.dataDir, 'work'));
    await items;
    return await finishSucceeded(deps, job, stored, result);
  } catch (err) {
    await items;
    if (canceled) return finishCanceled(deps, job);
    if (opts.shutdown.aborted) {
      // Put it back: the next worker (or this one after restart) runs it again from the start.
      await lifecycle.requeue(deps, jobId);
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

async function storeOutputs(deps: EngineDeps, job: JobRow, rendered: RenderedOutput[]): Promise<lifecycle.StoredOutput[]> {
  const stored: lifecycle.StoredOutput[] = [];
  for (const out of rendered) {
    const fileId = newId(ID_PREFIX.file);
    const storageKey = `files/${job.account_id}/${fileId}`;
    // Recorded before the bytes go up, so an attempt that dies after the put leaves a trace to clean up.
    await recordOutputUpload(deps.db, { jobId: job.id, fileId, storageKey });
    const hash = crypto.createHash('sha256');
    let bytes = 0;
    for await (const chunk of createReadStream(out.path)) {
      hash.update(chunk as Buffer);
      bytes += (chunk as Buffer).length;
    }
    await deps.storage.putFile(storageKey, out.path, { contentType: out.content_type });
    stored.push({ fileId, storageKey, output: out, sha256: hash.digest('hex'), bytes });
  }
  return stored;
}

async function finishSucceeded(deps: EngineDeps, job: JobRow, outputs: lifecycle.StoredOutput[], result: RenderResult): Promise<RunOutcome> {
  if (await lifecycle.succeed(deps, job.id, { outputs, items: result.items, billableUnits: result.billable_units })) return 'succeeded';
  // Not processing any more, or a cancel was asked: the files stored for nothing go.
  await Promise.all(outputs.map((o) => deps.storage.delete(o.storageKey).catch(() => {})));
  const now = await findJobById(deps.db, job.id);
  return now?.cancel_requested_at ? finishCanceled(deps, job) : 'skipped';
}

async function finishFailed(deps: EngineDeps, job: JobRow, code: string, message: string): Promise<RunOutcome> {
  return (await lifecycle.fail(deps, job.id, { code, message })) ? 'failed' : 'skipped';
}

async function finishCanceled(deps: EngineDeps, job: JobRow): Promise<RunOutcome> {
  return (await lifecycle.acknowledgeCancel(deps, job.id)) ? 'canceled' : 'skipped';
}
