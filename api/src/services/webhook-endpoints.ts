import { eventTypes, TEST_EVENT_TYPE } from '../domain/events/catalogue';
import { recordEvent } from '../domain/events/outbox';
import { presentEventPayload } from '../domain/events/present';
import { defaultSecret, deleteEndpoint, findEndpoint, insertEndpoint, listEndpoints as listRows, rotateEndpointSecret, updateEndpoint, type EndpointRow } from '../domain/webhooks/endpoints';
import { listAttempts, recoverEndpoint, type AttemptRow } from '../domain/webhooks/messages';
import { presentEndpoint, type WebhookEndpoint } from '../domain/webhooks/present';
import { checkWebhookUrl } from '../domain/webhooks/url-policy';
import { ApiError, invalidRequest, notFound } from '../errors/api-error';
import type { RequestContext } from '../request-context';
import { auditRequest } from './audit';
import { callBackend } from './events';
import { iso, pageParams, toList, type List } from './pagination';

export { presentEndpoint, type WebhookEndpoint } from '../domain/webhooks/present';

/** The endpoint with its signing secret: returned only by create and rotate_secret. */
export interface WebhookEndpointWithSecret extends WebhookEndpoint {
  /**
   * Verify deliveries with it (`whsec_…`, Standard Webhooks). Shown once, in the response that
   * made it; keep it. A replay of the same request (same `Idempotency-Key`) answers without it and
   * with `secret_redacted: true`; `rotate_secret` makes a new one.
   */
  secret?: string;
  /** Only on a replayed create or rotate_secret (`Idempotent-Replayed: true`): the secret was shown once and is left out here. */
  secret_redacted?: boolean;
}

export interface CreateWebhookEndpointRequest {
  /** http(s) URL that receives POSTs. @maxLength 2048 */
  url: string;
  /** @maxLength 500 */
  description?: string;
  /** Only these event types (or prefixes such as `video_mix.*`); omit for every type. @maxItems 100 */
  event_types?: string[];
  /** Default true. */
  enabled?: boolean;
}

export interface UpdateWebhookEndpointRequest {
  /** @maxLength 2048 */
  url?: string;
  /** @maxLength 500 */
  description?: string | null;
  /** null or [] for every type. @maxItems 100 */
  event_types?: string[] | null;
  /** Re-enabling an endpoint disabled for failures starts it afresh. */
  enabled?: boolean;
}

/** One delivery attempt, as the deliveries log shows it. */
export interface WebhookDelivery {
  /** @example "wha_01jf3v8a6q8m2k4c7xw9t5b3nd" */
  id: string;
  object: 'webhook_delivery';
  event_id: string;
  event_type: string;
  /** 1 for the first attempt. */
  attempt: number;
  attempted_at: string;
  /** The HTTP status the endpoint answered; null when there was no answer (timeout, refused, reset). */
  status_code: number | null;
  latency_ms: number;
  /** 2xx is `succeeded`; everything else (including redirects) `failed`. */
  outcome: 'succeeded' | 'failed';
  /** Why it failed when there was no HTTP answer (`timeout`, `ECONNREFUSED`, …). */
  error: string | null;
  /** The first 1 KiB of the response body. */
  response_excerpt: string | null;
  /** When the next attempt is due; null when this was the last one. */
  next_retry_at: string | null;
}

export interface RecoverResult {
  object: 'webhook_recovery';
  endpoint_id: string;
  since: string;
  /** Failed deliveries scheduled again (null when the delivery service does not say). */
  scheduled: number | null;
}

export interface WebhookSecret {
  object: 'webhook_secret';
  /** Signs the per-request webhooks of jobs created with `webhook_url` (this mode). */
  secret: string;
}

function presentAttempt(a: AttemptRow): WebhookDelivery {
  return {
    id: a.id,
    object: 'webhook_delivery',
    event_id: a.event_id!,
    event_type: a.event_type!,
    attempt: a.attempt,
    attempted_at: iso(a.attempted_at)!,
    status_code: a.status_code,
    latency_ms: a.latency_ms,
    outcome: a.outcome,
    error: a.error,
    response_excerpt: a.response_excerpt,
    next_retry_at: iso(a.next_retry_at),
  };
}

function checkEventTypes(types: string[] | null | undefined) {
  if (!types) return;
  const known = eventTypes();
  const bad = types.filter((t) => !(known.includes(t) || (t.endsWith('.*') && known.some((k) => k.startsWith(t.slice(0, -1))))));
  if (bad.length) throw invalidRequest(`Unknown event types: ${bad.join(', ')}.`, bad.map((t) => ({ path: 'event_types', message: `unknown event type '${t}'` })));
}

/** A webhook URL as the audit log keeps it: no credentials, query or fragment (they often carry tokens). */
function auditedUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}${u.pathname}${u.search ? '?…' : ''}`;
  } catch {
    return '[unparseable]';
  }
}

const auditedEndpoint = (r: EndpointRow) => ({ url: auditedUrl(r.url), event_types: r.event_types, enabled: r.enabled });

const withSecret = (r: EndpointRow): WebhookEndpointWithSecret => ({ ...presentEndpoint(r), secret: r.secret });

export async function createEndpoint(ctx: RequestContext, body: CreateWebhookEndpointRequest): Promise<WebhookEndpointWithSecret> {
  const { db, config } = ctx.deps;
  await checkWebhookUrl(body.url, config.webhookUrlAllowlist);
  checkEventTypes(body.event_types);
  const backend = ctx.deps.webhooks;
  const row = await db.transaction(async (t) => {
    const r = await insertEndpoint(db, ctx.principal, { url: body.url, description: body.description ?? null, eventTypes: body.event_types?.length ? body.event_types : null, enabled: body.enabled ?? true }, t);
    await auditRequest(ctx, { action: 'webhook_endpoint.created', target: { type: 'webhook_endpoint', id: r.id }, data: auditedEndpoint(r) }, t);
    await callBackend(ctx.deps, () => backend.endpointSaved(r, true));
    return r;
  });
  return withSecret(row);
}

export async function listEndpoints(ctx: RequestContext, q: { limit?: number; starting_after?: string }): Promise<List<WebhookEndpoint>> {
  const page = pageParams(q.limit, q.starting_after, 'we');
  return toList(await listRows(ctx.deps.db, ctx.principal, page), page, presentEndpoint);
}

async function mustFind(ctx: RequestContext, id: string): Promise<EndpointRow> {
  const row = await findEndpoint(ctx.deps.db, ctx.principal, id);
  if (!row) throw notFound('webhook endpoint', id);
  return row;
}

export async function getEndpoint(ctx: RequestContext, id: string): Promise<WebhookEndpoint> {
  return presentEndpoint(await mustFind(ctx, id));
}

export async function patchEndpoint(ctx: RequestContext, id: string, body: UpdateWebhookEndpointRequest): Promise<WebhookEndpoint> {
  const { db, config } = ctx.deps;
  await mustFind(ctx, id);
  if (body.url !== undefined) await checkWebhookUrl(body.url, config.webhookUrlAllowlist);
  checkEventTypes(body.event_types);
  const backend = ctx.deps.webhooks;
  const row = await db.transaction(async (t) => {
    const r = await updateEndpoint(db, ctx.principal, id, { url: body.url, description: body.description, eventTypes: body.event_types === undefined ? undefined : body.event_types?.length ? body.event_types : null, enabled: body.enabled }, t);
    if (!r) throw notFound('webhook endpoint', id);
    const changed = (['url', 'description', 'event_types', 'enabled'] as const).filter((f) => body[f] !== undefined);
    await auditRequest(ctx, { action: 'webhook_endpoint.updated', target: { type: 'webhook_endpoint', id: r.id }, data: { changed, ...auditedEndpoint(r) } }, t);
    await callBackend(ctx.deps, () => backend.endpointSaved(r, false));
    return r;
  });
  return presentEndpoint(row);
}

export interface DeletedWebhookEndpoint {
  id: string;
  object: 'webhook_endpoint';
  deleted: true;
}

export async function removeEndpoint(ctx: RequestContext, id: string): Promise<DeletedWebhookEndpoint> {
  const { db } = ctx.deps;
  const backend = ctx.deps.webhooks;
  await db.transaction(async (t) => {
    const r = await deleteEndpoint(db, ctx.principal, id, t);
    if (!r) throw notFound('webhook endpoint', id);
    await auditRequest(ctx, { action: 'webhook_endpoint.deleted', target: { type: 'webhook_endpoint', id: r.id }, data: { url: auditedUrl(r.url) } }, t);
    await callBackend(ctx.deps, () => backend.endpointDeleted(r));
  });
  return { id, object: 'webhook_endpoint', deleted: true };
}

export async function rotateSecret(ctx: RequestContext, id: string): Promise<WebhookEndpointWithSecret> {
  const { db, config } = ctx.deps;
  const backend = ctx.deps.webhooks;
  const row = await db.transaction(async (t) => {
    const r = await rotateEndpointSecret(db, ctx.principal, id, config.webhookSecretGraceSeconds, t);
    if (!r) throw notFound('webhook endpoint', id);
    await auditRequest(ctx, { action: 'webhook_endpoint.secret_rotated', target: { type: 'webhook_endpoint', id: r.id }, data: { old_signing_ends_at: iso(r.previous_secret_expires_at) } }, t);
    await callBackend(ctx.deps, () => backend.secretRotated(r));
    return r;
  });
  return withSecret(row);
}

export async function listDeliveries(ctx: RequestContext, id: string, q: { limit?: number; starting_after?: string; event_id?: string }): Promise<List<WebhookDelivery>> {
  await mustFind(ctx, id);
  const page = pageParams(q.limit, q.starting_after, 'wha');
  return toList(await listAttempts(ctx.deps.db, id, { ...page, eventId: q.event_id }), page, presentAttempt);
}

export async function recover(ctx: RequestContext, id: string, since: string): Promise<RecoverResult> {
  const endpoint = await mustFind(ctx, id);
  const at = new Date(since);
  if (Number.isNaN(at.getTime()) || at.getTime() > Date.now()) throw invalidRequest('since must be an ISO 8601 time in the past.', [{ path: 'query.since', message: 'must be a past ISO 8601 time' }]);
  const backend = ctx.deps.webhooks;
  const scheduled = backend.kind === 'builtin' ? await recoverEndpoint(ctx.deps.db, endpoint, at) : await callBackend(ctx.deps, () => backend.recover(endpoint, at));
  return { object: 'webhook_recovery', endpoint_id: id, since: at.toISOString(), scheduled };
}

export async function getDefaultSecret(ctx: RequestContext): Promise<WebhookSecret> {
  return { object: 'webhook_secret', secret: await defaultSecret(ctx.deps.db, ctx.principal) };
}

/** A test event (`webhook_endpoint.test`, the endpoint as its object) as the response of send_test_event. */
export interface WebhookEndpointTestEvent {
  /** @example "evt_01jf3v8a6q8m2k4c7xw9t5b3nd" */
  id: string;
  object: 'event';
  type: 'webhook_endpoint.test';
  created_at: string;
  livemode: boolean;
  data: { object: WebhookEndpoint };
}

/**
 * Records a `webhook_endpoint.test` event (the outbox, like any event); the relay delivers it to
 * this endpoint only, whatever its `event_types`. A disabled endpoint is refused.
 */
export async function sendTestEvent(ctx: RequestContext, id: string): Promise<WebhookEndpointTestEvent> {
  const { db } = ctx.deps;
  const endpoint = await mustFind(ctx, id);
  if (!endpoint.enabled) throw new ApiError(409, 'endpoint_disabled', 'The webhook endpoint is disabled; enable it before sending it a test event.');
  const row = await db.transaction((t) => recordEvent(db, { accountId: endpoint.account_id, livemode: endpoint.livemode, type: TEST_EVENT_TYPE, object: presentEndpoint(endpoint) as unknown as Record<string, unknown> }, t));
  return presentEventPayload(row) as unknown as WebhookEndpointTestEvent;
}
