import { QueryTypes, UniqueConstraintError } from 'sequelize';
import type { AppDeps } from '../deps';
import { findFile } from '../domain/files/repository';
import type { AppName, InputFileInfo, JobApp } from '../domain/jobs/app-contract';
import { enqueue } from '../domain/jobs/queue';
import { findJob, findJobByExternalId, insertJob, listJobs as listRows, outputsOf, TERMINAL, type JobRow, type JobStatus } from '../domain/jobs/repository';
import { JOB_APPS } from '../domain/jobs/registry';
import { reserveCredits, releaseReservation } from '../domain/credits/ledger';
import { jobEventType } from '../domain/events/catalogue';
import { recordEvent } from '../domain/events/outbox';
import { defaultSecret } from '../domain/webhooks/endpoints';
import { checkWebhookUrl } from '../domain/webhooks/url-policy';
import type { Sequelize, Transaction } from 'sequelize';
import type { Config } from '../config';
import { newId } from '../domain/ids';
import type { Quote } from '../domain/pricing/pricing';
import { ApiError, conflict, invalidRequest, notFound } from '../errors/api-error';
import type { RequestContext } from '../middleware/request-context';
import { appObjects } from './app-objects';
import { presentFile, type FileObject } from './files';
import { iso, pageParams, toList, type List } from './pagination';

export interface JobProgress {
  /** 0..1 */
  fraction: number;
  /** What the worker is doing: `queued`, `normalizing`, `rendering`, `uploading`, `done`, … */
  stage: string;
  /** Estimated seconds to completion while processing; null when unknown. */
  eta_seconds: number | null;
}

export interface JobCredits {
  /** The price of the request (the dry-run quote). */
  quoted: number;
  /** Held from the balance when the job was created (0 in test mode). */
  reserved: number;
  /** Captured on success. */
  charged: number;
  /** Released back to the balance (failure, cancel, or the unused part). */
  refunded: number;
}

export interface JobOutput {
  file_id: string;
  /** Signed, expiring download URL. */
  url: string;
  url_expires_at: string;
  filename: string;
  content_type: string;
  bytes: number;
  /** What this output is in the job: `variant`, `thumbnail`, `zip`, `loop`, `slide`, … */
  role: string;
  /** Variant or set number (0-based), where the app has them. */
  index: number | null;
  /** Slide position within its set (0-based), for carousels. */
  position: number | null;
  /** App-specific facts (clip sequence, duration, frame size, …). */
  metadata: { [key: string]: unknown };
}

export interface JobErrorInfo {
  /** Stable, snake_case. */
  code: string;
  message: string;
}

/** Fields every job resource has, whatever the app. */
export interface JobFields {
  id: string;
  status: JobStatus;
  progress: JobProgress;
  outputs: JobOutput[];
  credits: JobCredits;
  error: JobErrorInfo | null;
  metadata: { [key: string]: string };
  external_id: string | null;
  livemode: boolean;
  created_at: string;
  started_at: string | null;
  finished_at: string | null;
  /** When the outputs are deleted. */
  expires_at: string | null;
}

/** Any app's job, as `GET /v1/jobs` lists them. */
export interface Job extends JobFields {
  /** The app: `video_mix`, `loop`, `carousel`, `avatar` or `pose_generation`. */
  object: AppName;
  input: { [key: string]: unknown };
}

/** What `?dry_run=true` returns: the price, with nothing created or charged. */
export interface JobQuote {
  object: 'quote';
  /** The app the quote is for. */
  product: string;
  unit: string;
  quantity: number;
  unit_price: number;
  total: number;
  lines: { description: string; amount: number }[];
  /** True for test-mode keys: the job would run but charge nothing. */
  free: boolean;
}

/** Fields every create request accepts on top of the app's own. */
export interface JobRequestCommon {
  /** Your own id for this job, unique per account and mode; find the job again with `GET /v1/jobs?external_id=`. @maxLength 200 */
  external_id?: string;
  /** Up to 20 string pairs kept with the job. */
  metadata?: { [key: string]: string };
  /**
   * A URL to send this job's events to, signed with the account's default webhook secret
   * (`GET /v1/webhook_secret`), for callers who do not manage webhook endpoints.
   * @maxLength 2048
   */
  webhook_url?: string;
  /** Which of this job's events go to `webhook_url` (e.g. `["carousel.succeeded", "carousel.failed"]`); default all. */
  webhook_events?: string[];
}

function present(row: JobRow, outputs: Awaited<ReturnType<typeof outputsOf>>, deps: Pick<AppDeps, 'config'>): Job {
  return {
    id: row.id,
    object: row.app,
    status: row.status,
    progress: { fraction: Number(row.progress_fraction), stage: row.progress_stage, eta_seconds: row.eta_seconds },
    input: row.request,
    outputs: (outputs.get(row.id) ?? []).map((o) => {
      const file: FileObject = presentFile(deps, { ...(o.file as any), created_at: new Date(o.file.created_at as string) });
      return {
        file_id: o.file_id,
        url: file.url,
        url_expires_at: file.url_expires_at,
        filename: file.filename,
        content_type: file.content_type,
        bytes: file.bytes,
        role: o.role,
        index: o.idx,
        position: o.position,
        metadata: o.metadata,
      };
    }),
    credits: { quoted: row.credits_quoted, reserved: row.credits_reserved, charged: row.credits_charged, refunded: row.credits_refunded },
    error: row.error_code ? { code: row.error_code, message: row.error_message ?? '' } : null,
    metadata: row.metadata,
    external_id: row.external_id,
    livemode: row.livemode,
    created_at: iso(row.created_at)!,
    started_at: iso(row.started_at),
    finished_at: iso(row.finished_at),
    expires_at: iso(row.expires_at),
  };
}

async function presentOne(ctx: RequestContext, row: JobRow): Promise<Job> {
  return present(row, await outputsOf(ctx.deps.db, [row.id]), ctx.deps);
}

/** Jobs as the API renders them, their outputs read in one query. */
export async function presentJobs(deps: Pick<AppDeps, 'config' | 'db'>, rows: JobRow[]): Promise<Job[]> {
  const outputs = await outputsOf(deps.db, rows.map((r) => r.id));
  return rows.map((r) => present(r, outputs, deps));
}

/**
 * Writes the `<app>.<status>` event of a job state change in the transaction that made it, with the
 * job exactly as `GET /v1/<app>/{id}` renders it (read inside the transaction, so it is the new state).
 */
export async function recordJobEvent(db: Sequelize, config: Config, row: JobRow, t: Transaction): Promise<void> {
  // Only a succeeded job has outputs; the other states skip the read.
  const outputs = row.status === 'succeeded' ? await outputsOf(db, [row.id], t) : new Map();
  const [object] = await appObjects(db, [present(row, outputs, { config })], t);
  await recordEvent(db, { accountId: row.account_id, livemode: row.livemode, type: jobEventType(row.app, row.status), object: object as unknown as Record<string, unknown>, jobId: row.id }, t);
}

/** `credits.low` when a live reservation takes the balance from at/above the threshold to below it. */
async function recordCreditsLow(ctx: RequestContext, balanceAfter: number, amount: number, t: Transaction) {
  const threshold = ctx.deps.config.creditsLowThreshold;
  if (!threshold || balanceAfter >= threshold || balanceAfter + amount < threshold) return;
  await recordEvent(
    ctx.deps.db,
    { accountId: ctx.principal.accountId, livemode: true, type: 'credits.low', object: { object: 'balance', account_id: ctx.principal.accountId, balance: balanceAfter, threshold, livemode: true } },
    t,
  );
}

async function checkJobWebhook(ctx: RequestContext, app: JobApp<any, any>, body: JobRequestCommon) {
  if (body.webhook_url === undefined) {
    if (body.webhook_events !== undefined) throw invalidRequest('webhook_events needs webhook_url.', [{ path: 'webhook_events', message: 'needs webhook_url' }]);
    return;
  }
  await checkWebhookUrl(body.webhook_url, ctx.deps.config.webhookUrlAllowlist, 'webhook_url');
  const allowed = ['queued', 'processing', 'succeeded', 'failed', 'canceled'].map((s) => `${app.name}.${s}`);
  const bad = (body.webhook_events ?? []).filter((e) => !allowed.includes(e));
  if (bad.length) throw invalidRequest(`webhook_events takes ${allowed.join(', ')}.`, bad.map((e) => ({ path: 'webhook_events', message: `unknown event type '${e}'` })));
}

function checkCommon(body: JobRequestCommon) {
  const meta = body.metadata ?? {};
  const entries = Object.entries(meta);
  if (entries.length > 20 || entries.some(([k, v]) => k.length > 40 || typeof v !== 'string' || v.length > 500))
    throw invalidRequest('metadata takes up to 20 string pairs (keys ≤ 40, values ≤ 500 characters).', [{ path: 'metadata', message: 'too many or too long' }]);
}

/** Loads the files a request names: they must exist in this account and mode. */
async function loadInputFiles(ctx: RequestContext, app: JobApp<any, any>, body: unknown): Promise<Map<string, InputFileInfo>> {
  const ids = [...new Set(app.fileIds(body))];
  const files = new Map<string, InputFileInfo>();
  const missing: string[] = [];
  for (const id of ids) {
    const row = await findFile(ctx.deps.db, ctx.principal.accountId, ctx.principal.livemode, id);
    if (!row) missing.push(id);
    else files.set(id, { id: row.id, kind: row.kind, content_type: row.content_type, bytes: Number(row.bytes), metadata: row.metadata });
  }
  if (missing.length)
    throw new ApiError(422, 'file_not_found', `No file ${missing.join(', ')} in this account${ctx.principal.livemode ? '' : ' (test mode)'}.`, {
      errors: missing.map((id) => ({ path: 'file_id', message: `no file ${id}` })),
    });
  return files;
}

/**
 * Creates a job: validate → price → (one transaction: reserve credits + insert the job) → enqueue
 * with bee-queue id = job id. `dryRun` returns the quote and does nothing else. Test-mode keys run
 * the same pipeline and are charged nothing.
 */
export async function createJob(ctx: RequestContext, appName: AppName, body: JobRequestCommon & Record<string, unknown>, opts: { dryRun?: boolean } = {}): Promise<{ job?: Job; quote?: JobQuote }> {
  const app = JOB_APPS[appName];
  checkCommon(body);
  const { external_id: externalId, metadata, webhook_url: webhookUrl, webhook_events: webhookEvents, ...request } = body;
  const files = await loadInputFiles(ctx, app, request);
  const prepared = app.prepare ? await app.prepare(request, { db: ctx.deps.db, config: ctx.deps.config, accountId: ctx.principal.accountId, livemode: ctx.principal.livemode }) : undefined;
  const input = app.normalize(request, files, prepared);
  const q: Quote = app.quote(input, ctx.deps.prices);
  const free = !ctx.principal.livemode;
  if (opts.dryRun) return { quote: { object: 'quote', ...q, product: app.name, free } };
  await checkJobWebhook(ctx, app, body);

  const { db } = ctx.deps;
  const id = newId(app.idPrefix);
  const amount = free ? 0 : q.total;
  let row: JobRow;
  try {
    row = await db.transaction(async (t) => {
      const reservation = amount > 0 ? await reserveCredits(db, { accountId: ctx.principal.accountId, apiKey: ctx.principal.key, amount, description: `${app.name} ${id}` }, t) : null;
      const inserted = await insertJob(
        db,
        {
          id,
          app: app.name,
          account_id: ctx.principal.accountId,
          api_key_id: ctx.principal.key.id,
          livemode: ctx.principal.livemode,
          request,
          plan: input,
          quote: q,
          reservation_id: reservation?.id ?? null,
          credits_quoted: q.total,
          credits_reserved: amount,
          metadata: metadata ?? {},
          external_id: externalId ?? null,
        },
        t,
      );
      await app.onCreate?.(db, inserted, input, t);
      if (webhookUrl) {
        await defaultSecret(db, ctx.principal, t);
        await db.query(`INSERT INTO job_webhooks (job_id, url, event_types) VALUES (:id, :url, :types::text[])`, {
          replacements: { id, url: webhookUrl, types: webhookEvents?.length ? `{${webhookEvents.join(',')}}` : null },
          transaction: t,
        });
      }
      await recordJobEvent(db, ctx.deps.config, inserted, t);
      if (reservation) await recordCreditsLow(ctx, reservation.balance_after, amount, t);
      return inserted;
    });
  } catch (err) {
    if (err instanceof UniqueConstraintError || (err as { original?: { code?: string } })?.original?.code === '23505') {
      const existing = await findJobByExternalId(db, ctx.principal, externalId!);
      throw conflict('external_id_conflict', `external_id '${externalId}' is already used by ${existing?.id ?? 'another job'}.`);
    }
    throw err;
  }
  const queue = ctx.deps.queues[app.pool];
  if (queue) await enqueue(queue, id).catch((err) => ctx.deps.logger.warn({ err, job_id: id }, 'enqueue failed; the sweeper will enqueue the job'));
  return { job: await presentOne(ctx, row) };
}

export async function getJob(ctx: RequestContext, appName: AppName | undefined, id: string, waitSeconds = 0): Promise<Job> {
  if (!Number.isFinite(waitSeconds) || waitSeconds < 0 || waitSeconds > 60) throw invalidRequest('wait must be 0–60 seconds.', [{ path: 'query.wait', message: 'must be from 0 to 60' }]);
  const scope = { accountId: ctx.principal.accountId, livemode: ctx.principal.livemode, app: appName };
  const deadline = Date.now() + waitSeconds * 1000;
  for (;;) {
    const row = await findJob(ctx.deps.db, scope, id);
    if (!row) throw notFound(appName ?? 'job', id);
    if (TERMINAL.includes(row.status) || Date.now() >= deadline) return presentOne(ctx, row);
    await new Promise((r) => setTimeout(r, Math.min(250, Math.max(0, deadline - Date.now()))));
  }
}

export async function listJobs(
  ctx: RequestContext,
  appName: AppName | undefined,
  q: { limit?: number; starting_after?: string; status?: JobStatus; external_id?: string; app?: AppName },
): Promise<List<Job>> {
  const page = pageParams(q.limit, q.starting_after, appName ? JOB_APPS[appName].idPrefix : Object.values(JOB_APPS).map((a) => a.idPrefix));
  const rows = await listRows(ctx.deps.db, ctx.principal, { ...page, app: appName ?? q.app, status: q.status, externalId: q.external_id });
  const list = toList(rows, page, (r) => r);
  return { ...list, data: await presentJobs(ctx.deps, list.data) };
}

/**
 * Cancels: a queued job at once (credits released in the same transaction); a processing job is
 * flagged and its worker stops it within ~1 s (the worker releases the credits). Terminal jobs are
 * returned unchanged.
 */
export async function cancelJob(ctx: RequestContext, appName: AppName, id: string): Promise<Job> {
  const { db } = ctx.deps;
  const existing = await findJob(db, { ...ctx.principal, app: appName }, id);
  if (!existing) throw notFound(appName, id);
  await db.transaction(async (t) => {
    const [row] = await db.query<JobRow>(`SELECT * FROM jobs WHERE id = :id FOR UPDATE`, { replacements: { id }, type: QueryTypes.SELECT, transaction: t });
    if (TERMINAL.includes(row.status)) return;
    if (row.status === 'queued') {
      const settled = row.reservation_id ? await releaseReservation(db, row.reservation_id, t) : null;
      const [canceled] = await db.query<JobRow>(
        `UPDATE jobs SET status = 'canceled', cancel_requested_at = now(), finished_at = now(), updated_at = now(),
                progress_stage = 'canceled', credits_refunded = :refunded WHERE id = :id RETURNING *`,
        { replacements: { id, refunded: settled?.released ?? 0 }, type: QueryTypes.SELECT, transaction: t },
      );
      await recordJobEvent(db, ctx.deps.config, canceled, t);
    } else {
      await db.query(`UPDATE jobs SET cancel_requested_at = COALESCE(cancel_requested_at, now()), updated_at = now() WHERE id = :id`, { replacements: { id }, transaction: t });
    }
  });
  return getJob(ctx, appName, id);
}

