import { UniqueConstraintError } from 'sequelize';
import { findFile } from '../domain/files/repository';
import type { AppName, InputFileInfo, JobApp } from '../domain/jobs/app-contract';
import { cancelQueued, createAndPresent, requestCancel, type LifecycleEnv } from '../domain/jobs/lifecycle';
import { startAutoTopUp } from './billing-auto-top-up';
import { presentJobs } from '../domain/jobs/present';
import { enqueue } from '../domain/jobs/queue';
import { findJob, findJobByExternalId, listJobs as listRows, TERMINAL, type JobRow, type JobStatus } from '../domain/jobs/repository';
import type { Job } from '../domain/jobs/resource';
import { JOB_APPS } from '../domain/jobs/registry';
import { checkWebhookUrl } from '../domain/webhooks/url-policy';
import { newId } from '../domain/ids';
import type { Quote } from '../domain/pricing/pricing';
import { ApiError, conflict, invalidRequest, notFound } from '../errors/api-error';
import type { RequestContext } from '../request-context';
import { pageParams, toList, type List } from './pagination';

// The job resource's types live with its presentation (domain/jobs); controllers name them from here.
export type { Job, JobCredits, JobErrorInfo, JobFields, JobOutput, JobProgress } from '../domain/jobs/resource';

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

const lifecycleEnv = (ctx: RequestContext): LifecycleEnv => ({ db: ctx.deps.db, config: ctx.deps.config, onAutoTopUp: (accountId) => startAutoTopUp(ctx.deps, accountId) });

/** `GET /v1/<app>` resources carry their app's own fields; `GET /v1/jobs` shows the common ones. */
const present = (ctx: RequestContext, rows: JobRow[], appName: AppName | undefined) => presentJobs(ctx.deps, rows, { appFields: appName !== undefined });

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

/** The common fields' rules beyond the schema (also for edits of a job's metadata). */
export function checkCommon(body: Pick<JobRequestCommon, 'metadata'>) {
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
  let created: { row: JobRow; job: Job };
  try {
    created = await createAndPresent(lifecycleEnv(ctx), {
      app,
      id,
      accountId: ctx.principal.accountId,
      livemode: ctx.principal.livemode,
      apiKey: ctx.principal.key ?? null, // a member's session has no key quota (the balance still applies)
      request,
      plan: input,
      quote: q,
      hold: free ? 0 : q.total,
      metadata: metadata ?? {},
      externalId: externalId ?? null,
      webhook: webhookUrl ? { url: webhookUrl, eventTypes: webhookEvents ?? null } : null,
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
  // The job as its `queued` event shows it (presented in the creating transaction, with the app's
  // fields): a new job has no outputs, and its app rows are the ones just written.
  return { job: created.job };
}

export async function getJob(ctx: RequestContext, appName: AppName | undefined, id: string, waitSeconds = 0): Promise<Job> {
  if (!Number.isFinite(waitSeconds) || waitSeconds < 0 || waitSeconds > 60) throw invalidRequest('wait must be 0–60 seconds.', [{ path: 'query.wait', message: 'must be from 0 to 60' }]);
  const scope = { accountId: ctx.principal.accountId, livemode: ctx.principal.livemode, app: appName };
  const deadline = Date.now() + waitSeconds * 1000;
  for (;;) {
    const row = await findJob(ctx.deps.db, scope, id);
    if (!row) throw notFound(appName ?? 'job', id);
    if (TERMINAL.includes(row.status) || Date.now() >= deadline) return (await present(ctx, [row], appName))[0];
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
  return { ...list, data: await present(ctx, list.data, appName) };
}

/**
 * Cancels: a queued job at once (credits released in the same transaction); a processing job is
 * flagged and its worker stops it within ~1 s (the worker releases the credits). Terminal jobs are
 * returned unchanged.
 */
export async function cancelJob(ctx: RequestContext, appName: AppName, id: string): Promise<Job> {
  const existing = await findJob(ctx.deps.db, { ...ctx.principal, app: appName }, id);
  if (!existing) throw notFound(appName, id);
  // A queued job is canceled at once; one a worker runs is flagged (a no-op once it ended).
  if (!TERMINAL.includes(existing.status) && !(await cancelQueued(lifecycleEnv(ctx), id))) await requestCancel(lifecycleEnv(ctx), id);
  return getJob(ctx, appName, id);
}
