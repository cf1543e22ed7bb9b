import { QueryTypes, type Sequelize, type Transaction } from 'sequelize';
import { newId } from '../ids';
import { EVENTS_CHANNEL, TEST_EVENT_TYPE } from '../events/catalogue';
import type { EventRow } from '../events/outbox';
import type { EndpointRow } from './endpoints';

/**
 * Delivery bookkeeping shared by the API (resend, recover, the deliveries log) and the worker
 * (relay, dispatcher). A message is one event for one destination (an endpoint, or a job's
 * `webhook_url`); its id is derived from both, so creating it twice is harmless.
 */

export interface MessageRow {
  id: string;
  event_id: string;
  account_id: string;
  endpoint_id: string | null;
  url: string | null;
  status: 'pending' | 'succeeded' | 'failed';
  attempts: number;
  next_attempt_at: Date | null;
  locked_until: Date | null;
  created_at: Date;
}

export interface AttemptRow {
  id: string;
  message_id: string;
  endpoint_id: string | null;
  attempt: number;
  attempted_at: Date;
  status_code: number | null;
  latency_ms: number;
  outcome: 'succeeded' | 'failed';
  error: string | null;
  response_excerpt: string | null;
  next_retry_at: Date | null;
  event_id?: string;
  event_type?: string;
}

// A test event goes only to the endpoint it carries (whatever that endpoint's filter); every other event to the subscribed endpoints.
const ENDPOINT_MATCH = `we.account_id = ev.account_id AND we.livemode = ev.livemode AND we.enabled AND we.deleted_at IS NULL
  AND CASE WHEN ev.type = '${TEST_EVENT_TYPE}' THEN we.id = ev.data->'object'->>'id'
      ELSE (we.event_types IS NULL OR cardinality(we.event_types) = 0 OR ev.type = ANY(we.event_types)
       OR EXISTS (SELECT 1 FROM unnest(we.event_types) f WHERE f LIKE '%.*' AND starts_with(ev.type, left(f, -1)))) END`;

/**
 * Creates the messages of these events (every subscribed, enabled endpoint unless `endpoints` is
 * false, and the job's own webhook_url). Returns the messages created now.
 */
export async function fanOut(db: Sequelize, eventIds: string[], t: Transaction, opts: { endpoints: boolean }): Promise<Pick<MessageRow, 'id' | 'attempts'>[]> {
  if (!eventIds.length) return [];
  return db.query<Pick<MessageRow, 'id' | 'attempts'>>(
    `INSERT INTO webhook_messages (id, event_id, account_id, endpoint_id, url, next_attempt_at)
     SELECT 'msg_' || md5(ev.id || ':' || we.id), ev.id, ev.account_id, we.id, NULL, now()
       FROM events ev JOIN webhook_endpoints we ON ${ENDPOINT_MATCH}
      WHERE ev.id IN (:ids) AND :endpoints
     UNION ALL
     SELECT 'msg_' || md5(ev.id || ':' || jw.url), ev.id, ev.account_id, NULL, jw.url, now()
       FROM events ev JOIN job_webhooks jw ON jw.job_id = ev.job_id AND (jw.event_types IS NULL OR ev.type = ANY(jw.event_types))
      WHERE ev.id IN (:ids)
     ON CONFLICT DO NOTHING
     RETURNING id, attempts`,
    { replacements: { ids: eventIds, endpoints: opts.endpoints }, type: QueryTypes.SELECT, transaction: t },
  );
}

/** Wakes the relay (which also picks up messages that are due) at commit. */
export async function wakeRelay(db: Sequelize, t?: Transaction): Promise<void> {
  await db.query(`SELECT pg_notify('${EVENTS_CHANNEL}', 'due')`, { transaction: t });
}

/**
 * Sends an event again: a message per current destination (created if the endpoint did not exist
 * then), made due now. One more attempt each; a failure after the schedule is used up stays failed.
 */
export async function resendEvent(db: Sequelize, event: EventRow, opts: { endpoints: boolean }): Promise<number> {
  return db.transaction(async (t) => {
    await fanOut(db, [event.id], t, opts);
    const rows = await db.query(
      `UPDATE webhook_messages m SET status = 'pending', next_attempt_at = now(), updated_at = now()
        WHERE m.event_id = :id AND (m.endpoint_id IS NULL OR EXISTS (SELECT 1 FROM webhook_endpoints we WHERE we.id = m.endpoint_id AND we.enabled AND we.deleted_at IS NULL))
          AND (:endpoints OR m.endpoint_id IS NULL)
        RETURNING m.id`,
      { replacements: { id: event.id, endpoints: opts.endpoints }, type: QueryTypes.SELECT, transaction: t },
    );
    await wakeRelay(db, t);
    return rows.length;
  });
}

/** Every message to this endpoint that failed since `since`, made due now. */
export async function recoverEndpoint(db: Sequelize, endpoint: EndpointRow, since: Date): Promise<number> {
  return db.transaction(async (t) => {
    const rows = await db.query(
      `UPDATE webhook_messages SET status = 'pending', next_attempt_at = now(), updated_at = now()
        WHERE endpoint_id = :id AND status = 'failed' AND created_at >= :since RETURNING id`,
      { replacements: { id: endpoint.id, since }, type: QueryTypes.SELECT, transaction: t },
    );
    await wakeRelay(db, t);
    return rows.length;
  });
}

/** The deliveries log of an endpoint: every attempt, newest first. */
export async function listAttempts(db: Sequelize, endpointId: string, q: { limit: number; startingAfter?: string; eventId?: string }): Promise<AttemptRow[]> {
  return db.query<AttemptRow>(
    `SELECT a.*, m.event_id, e.type AS event_type FROM webhook_attempts a
       JOIN webhook_messages m ON m.id = a.message_id JOIN events e ON e.id = m.event_id
      WHERE a.endpoint_id = :endpointId AND (:after::text IS NULL OR a.id < :after) AND (:eventId::text IS NULL OR m.event_id = :eventId)
      ORDER BY a.id DESC LIMIT :limit`,
    { replacements: { endpointId, after: q.startingAfter ?? null, eventId: q.eventId ?? null, limit: q.limit + 1 }, type: QueryTypes.SELECT },
  );
}

export const ATTEMPT_ID_PREFIX = 'wha';
export const newAttemptId = () => newId(ATTEMPT_ID_PREFIX);
