import { QueryTypes, type Sequelize } from 'sequelize';
import type { Logger } from 'pino';
import { Webhook } from 'svix';
import type { Config } from '../../../api/src/config';
import { recordEvent, type EventRow } from '../../../api/src/domain/events/outbox';
import { presentEventPayload } from '../../../api/src/domain/events/present';
import { signingSecrets, type EndpointRow } from '../../../api/src/domain/webhooks/endpoints';
import { newAttemptId, type MessageRow } from '../../../api/src/domain/webhooks/messages';
import { nextAttemptDelay } from '../../../api/src/domain/webhooks/schedule';
import { resolveWebhookTarget } from '../../../api/src/domain/webhooks/url-policy';
import { presentEndpoint } from '../../../api/src/services/webhook-endpoints';
import { postWebhook, type DeliveryResult } from './http-delivery';

export interface DispatcherDeps {
  config: Config;
  db: Sequelize;
  logger: Logger;
  /** Delays before attempt 1, 2, … in ms. */
  delays: readonly number[];
}

export type Outcome = { kind: 'skipped' } | { kind: 'delivered' | 'failed' } | { kind: 'retry'; attempt: number; at: Date };

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
 * One delivery attempt of one message, idempotently: the message is claimed only if it is still
 * pending at exactly this attempt number and not locked by another worker, so a duplicated or
 * re-enqueued queue entry does nothing. The attempt and the message's new state are written in one
 * statement; the caller schedules the retry this returns.
 */
export async function deliverMessage(deps: DispatcherDeps, messageId: string, attempt: number): Promise<Outcome> {
  const { db, config } = deps;
  const lockSeconds = Math.ceil(config.webhookTimeoutMs / 1000) + 30;
  const [m] = await db.query<Claimed>(
    `UPDATE webhook_messages m SET locked_until = now() + make_interval(secs => :lock)
      WHERE m.id = :id AND m.status = 'pending' AND m.attempts = :attempt AND (m.locked_until IS NULL OR m.locked_until < now())
      RETURNING m.*,
        (SELECT to_jsonb(e) FROM events e WHERE e.id = m.event_id) AS event,
        (SELECT to_jsonb(w) FROM webhook_endpoints w WHERE w.id = m.endpoint_id) AS endpoint,
        (SELECT s.secret FROM webhook_default_secrets s JOIN events e ON e.id = m.event_id AND s.account_id = e.account_id AND s.livemode = e.livemode) AS default_secret`,
    { replacements: { id: messageId, attempt, lock: lockSeconds }, type: QueryTypes.SELECT },
  );
  if (!m) return { kind: 'skipped' };
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

  const done = m.attempts + 1;
  const gone = result.statusCode === 410 && !!endpoint;
  const delay = result.ok || gone ? null : nextAttemptDelay(deps.delays, done);
  const next = delay === null ? null : new Date(Date.now() + delay);
  const status = result.ok ? 'succeeded' : next ? 'pending' : 'failed';
  const [ep] = await db.query<{ failing_since: Date | null }>(
    `WITH a AS (
       INSERT INTO webhook_attempts (id, message_id, endpoint_id, attempt, attempted_at, status_code, latency_ms, outcome, error, response_excerpt, next_retry_at)
       VALUES (:attemptId, :id, :endpointId, :attempt, :at, :statusCode, :latency, :outcome, :error, :excerpt, :next)
     ), m AS (
       UPDATE webhook_messages SET attempts = :attempt, status = :status, next_attempt_at = :next, locked_until = NULL, updated_at = now() WHERE id = :id
     )
     UPDATE webhook_endpoints SET failing_since = CASE WHEN :ok THEN NULL ELSE now() END
      WHERE id = :endpointId AND (CASE WHEN :ok THEN failing_since IS NOT NULL ELSE failing_since IS NULL END)
     RETURNING failing_since`,
    {
      replacements: {
        attemptId: newAttemptId(),
        id: m.id,
        endpointId: endpoint?.id ?? null,
        attempt: done,
        at: started,
        statusCode: result.statusCode,
        latency: result.latencyMs,
        outcome: result.ok ? 'succeeded' : 'failed',
        error: result.error,
        excerpt: result.excerpt,
        next,
        status,
        ok: result.ok,
      },
      type: QueryTypes.SELECT,
    },
  );
  if (endpoint && !result.ok) {
    const failingSince = ep?.failing_since ?? endpoint.failing_since;
    if (gone) await disableEndpoint(deps, endpoint.id, 'gone');
    else if (failingSince && Date.now() - new Date(failingSince).getTime() >= config.webhookDisableAfterMs) await disableEndpoint(deps, endpoint.id, 'failing');
  }
  if (result.ok) return { kind: 'delivered' };
  return next ? { kind: 'retry', attempt: done, at: next } : { kind: 'failed' };
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
