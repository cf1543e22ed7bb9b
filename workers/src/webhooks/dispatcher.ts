import { QueryTypes, type Sequelize } from 'sequelize';
import type { Logger } from 'pino';
import { Webhook } from 'svix';
import type { Config } from '../../../api/src/config';
import { recordEvent, type EventRow } from '../../../api/src/domain/events/outbox';
import { presentEventPayload } from '../../../api/src/domain/events/present';
import { signingSecrets, type EndpointRow } from '../../../api/src/domain/webhooks/endpoints';
import { newAttemptId, type MessageRow } from '../../../api/src/domain/webhooks/messages';
import { OutcomeRecorder } from './outcome-recorder';
import { nextAttemptDelay } from '../../../api/src/domain/webhooks/schedule';
import { resolveWebhookTarget } from '../../../api/src/domain/webhooks/url-policy';
import { presentEndpoint } from '../../../api/src/domain/webhooks/present';
import { postWebhook, type DeliveryResult } from './http-delivery';
import { contextFromTraceparent, withSpan } from '../../../api/src/infra/tracing';
import { processMetrics } from '../../../api/src/infra/process-metrics';

export interface DispatcherDeps {
  config: Config;
  db: Sequelize;
  logger: Logger;
  /** Delays before attempt 1, 2, … in ms. */
  delays: readonly number[];
}

export type Outcome = { kind: 'skipped' } | { kind: 'delivered' | 'failed' } | { kind: 'retry'; messageId: string; attempt: number; at: Date };

type Claimed = MessageRow & { event: EventRow; endpoint: EndpointRow | null; default_secret: string | null };

const signers = new Map<string, Webhook>();
function signer(secret: string): Webhook {
  let w = signers.get(secret);
  if (!w) {
    if (signers.size > 10_000) signers.clear();
    signers.set(secret, (w = new Webhook(secret)));
  }
  return w;
}

/** Standard Webhooks headers; during a secret's grace period one signature per secret. */
export function signedHeaders(msgId: string, secrets: string[], body: string, at = new Date()): Record<string, string> {
  return {
    'webhook-id': msgId,
    'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
    'webhook-signature': secrets.map((s) => signer(s).sign(msgId, at, body)).join(' '),
  };
}

/**
 * One attempt for each of a batch of messages, idempotently: a message is claimed (one statement
 * for the batch) only if it is still pending at exactly the attempt number the queue entry names
 * and not locked by another worker, so a duplicated or re-enqueued entry does nothing. The
 * deliveries run side by side; each outcome is written (attempt row + message state) through the
 * recorder. Returns each message's outcome; the caller schedules the retries.
 */
export async function deliverBatch(deps: DispatcherDeps & { recorder: OutcomeRecorder }, items: { messageId: string; attempt: number }[]): Promise<Outcome[]> {
  const { db, config } = deps;
  const lockSeconds = Math.ceil(config.webhookTimeoutMs / 1000) + 30;
  const claimed = await db.query<Claimed>(
    `UPDATE webhook_messages m SET locked_until = now() + make_interval(secs => :lock)
       FROM unnest(ARRAY[:ids]::text[], ARRAY[:attempts]::int[]) AS x(id, attempt)
      WHERE m.id = x.id AND m.status = 'pending' AND m.attempts = x.attempt AND (m.locked_until IS NULL OR m.locked_until < now())
      RETURNING m.*,
        (SELECT to_jsonb(e) FROM events e WHERE e.id = m.event_id) AS event,
        (SELECT to_jsonb(w) FROM webhook_endpoints w WHERE w.id = m.endpoint_id) AS endpoint,
        (SELECT s.secret FROM webhook_default_secrets s JOIN events e ON e.id = m.event_id AND s.account_id = e.account_id AND s.livemode = e.livemode) AS default_secret`,
    { replacements: { ids: items.map((i) => i.messageId), attempts: items.map((i) => i.attempt), lock: lockSeconds }, type: QueryTypes.SELECT },
  );
  const skipped = items.length - claimed.length;
  const outcomes = await Promise.all(claimed.map((m) => traced(deps, m)));
  return [...outcomes, ...Array.from({ length: skipped }, () => ({ kind: 'skipped' as const }))];
}

/**
 * One span per delivery attempt (when tracing): the event, its account, the endpoint, the answer; its
 * outcome and latency counted, and one log line inside the span (so it carries the trace id).
 *
 * The span is a CHILD of the context the event was written in (`events.traceparent`: the job's span
 * for a job's events, the API request's for an event an API call wrote), so the request, the job and
 * every delivery of its events are one trace, as a trace view should show them. Retries hours later
 * stay in that trace as further children (attempt n in `lumiku.webhook.attempt`) rather than starting
 * traces of their own with a link back: one message is processed per span, which is the case OTel's
 * messaging conventions parent to the creation context (links are for batches), and the delay only
 * makes the trace long, not wrong. Events written outside any span start a trace per attempt.
 */
function traced(deps: DispatcherDeps & { recorder: OutcomeRecorder }, m: Claimed): Promise<Outcome> {
  const attributes = { 'lumiku.event.id': m.event.id, 'lumiku.event.type': m.event.type, 'lumiku.account.id': m.event.account_id, ...(m.event.job_id ? { 'lumiku.job.id': m.event.job_id } : {}), 'lumiku.webhook.message_id': m.id, 'lumiku.webhook.attempt': m.attempts + 1 };
  return withSpan('webhook.deliver', attributes, async (span) => {
    let answer: DeliveryResult | null = null;
    const outcome = await attempt(deps, m, (r) => {
      answer = r;
      span.setAttributes({ 'http.response.status_code': r.statusCode ?? 0, 'lumiku.webhook.ok': r.ok });
    });
    span.setAttribute('lumiku.webhook.outcome', outcome.kind);
    processMetrics.webhookDeliveries.inc({ outcome: outcome.kind });
    const r = answer as DeliveryResult | null;
    if (r) processMetrics.webhookLatency.observe({ outcome: outcome.kind }, r.latencyMs / 1000);
    // Delivered: debug (one per event and destination); anything else: info, with what went wrong.
    deps.logger[outcome.kind === 'delivered' ? 'debug' : 'info'](
      { event_id: m.event.id, event_type: m.event.type, account_id: m.event.account_id, job_id: m.event.job_id ?? undefined, message_id: m.id, endpoint_id: m.endpoint_id ?? undefined, attempt: m.attempts + 1, outcome: outcome.kind, status_code: r?.statusCode ?? undefined, latency_ms: r?.latencyMs, error: r?.error ?? undefined },
      'webhook delivery attempt',
    );
    return outcome;
  }, contextFromTraceparent(m.event.traceparent ?? undefined));
}

async function attempt(deps: DispatcherDeps & { recorder: OutcomeRecorder }, m: Claimed, answered: (r: DeliveryResult) => void = () => {}): Promise<Outcome> {
  const { db, config } = deps;
  const endpoint = m.endpoint;
  if (endpoint && (!endpoint.enabled || endpoint.deleted_at)) {
    // Disabled endpoints get nothing; `recover` sends these once the endpoint is enabled again.
    await db.query(`UPDATE webhook_messages SET status = 'failed', locked_until = NULL, updated_at = now() WHERE id = :id`, { replacements: { id: m.id } });
    return { kind: 'failed' };
  }
  const secrets = endpoint ? signingSecrets(endpoint) : m.default_secret ? [m.default_secret] : [];
  const body = JSON.stringify(presentEventPayload(m.event));
  const url = new URL(endpoint?.url ?? m.url!);

  let result: DeliveryResult;
  const started = new Date();
  try {
    const target = await resolveWebhookTarget(url, config.webhookUrlAllowlist);
    result = await postWebhook(url, target, signedHeaders(m.event.id, secrets, body, started), body, config.webhookTimeoutMs);
  } catch (err) {
    result = { statusCode: null, latencyMs: Date.now() - started.getTime(), ok: false, error: (err as Error).message.slice(0, 500), excerpt: null };
  }

  answered(result);
  const done = m.attempts + 1;
  const gone = result.statusCode === 410 && !!endpoint;
  const delay = result.ok || gone ? null : nextAttemptDelay(deps.delays, done);
  const next = delay === null ? null : new Date(Date.now() + delay);
  const failingSince = await deps.recorder.record({
    attemptId: newAttemptId(),
    messageId: m.id,
    endpointId: endpoint?.id ?? null,
    attempt: done,
    at: started,
    statusCode: result.statusCode,
    latencyMs: result.latencyMs,
    ok: result.ok,
    error: result.error,
    excerpt: result.excerpt,
    next,
    status: result.ok ? 'succeeded' : next ? 'pending' : 'failed',
  });
  if (endpoint && !result.ok) {
    if (gone) await disableEndpoint(deps, endpoint.id, 'gone');
    else if (failingSince && Date.now() - new Date(failingSince).getTime() >= config.webhookDisableAfterMs) await disableEndpoint(deps, endpoint.id, 'failing');
  }
  if (result.ok) return { kind: 'delivered' };
  return next ? { kind: 'retry', messageId: m.id, attempt: done, at: next } : { kind: 'failed' };
}

/** Disables an endpoint (once) and says so with a `webhook_endpoint.disabled` event, in one transaction. */
export async function disableEndpoint(deps: Pick<DispatcherDeps, 'db' | 'logger'>, endpointId: string, reason: 'gone' | 'failing'): Promise<boolean> {
  const { db } = deps;
  return db.transaction(async (t) => {
    const [row] = await db.query<EndpointRow>(
      `UPDATE webhook_endpoints SET enabled = false, disabled_reason = :reason, updated_at = now() WHERE id = :id AND enabled RETURNING *`,
      { replacements: { id: endpointId, reason }, type: QueryTypes.SELECT, transaction: t },
    );
    if (!row) return false;
    await recordEvent(db, { accountId: row.account_id, livemode: row.livemode, type: 'webhook_endpoint.disabled', object: presentEndpoint(row) as unknown as Record<string, unknown> }, t);
    deps.logger.warn({ endpoint_id: endpointId, reason }, 'webhook endpoint disabled');
    return true;
  });
}
