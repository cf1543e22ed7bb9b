import { QueryTypes, type Sequelize, type Transaction } from 'sequelize';
import { currentTraceparent } from '../../infra/tracing';
import { newId } from '../ids';
import { EVENT_ID_PREFIX, EVENTS_CHANNEL } from './catalogue';

export interface EventRow {
  id: string;
  account_id: string;
  livemode: boolean;
  type: string;
  job_id: string | null;
  data: { object: Record<string, unknown> };
  created_at: Date;
  relayed_at: Date | null;
  /** W3C trace context the event was written in (traces exported only); its deliveries continue that trace. Never shown. */
  traceparent: string | null;
}

export interface NewEvent {
  accountId: string;
  livemode: boolean;
  type: string;
  /** What `data.object` carries: the object as its own GET renders it. */
  object: Record<string, unknown>;
  jobId?: string | null;
}

/**
 * Wakes the event readers (relay, account streams) once the event just committed is visible, with a
 * `pg_notify` of its own after the commit rather than inside the writing transaction: PostgreSQL
 * serializes the commits of transactions that NOTIFY (a global lock held through the commit's WAL
 * flush), which would cap job creation at one disk flush per job whatever the number of cores; a
 * NOTIFY alone writes nothing, so its commit flushes nothing. A wake-up that is lost (the process
 * dies right after its commit, the database drops) costs the readers' poll interval, never an event.
 */
function wakeReadersAfterCommit(db: Sequelize, t: Transaction): void {
  t.afterCommit(() => {
    db.query(`SELECT pg_notify('${EVENTS_CHANNEL}', '')`).catch(() => {}); // the readers' poll covers it
  });
}

/**
 * Writes an event in the caller's transaction (the transactional outbox): it exists if and only if
 * the change it describes committed. The readers are woken after the commit.
 * When traces are exported, the active span's context is kept with it (`traceparent`).
 */
export async function recordEvent(db: Sequelize, e: NewEvent, t: Transaction): Promise<EventRow> {
  const [row] = await db.query<EventRow>(
    `INSERT INTO events (id, account_id, livemode, type, job_id, data, traceparent) VALUES (:id, :accountId, :livemode, :type, :jobId, :data::jsonb, :traceparent) RETURNING *`,
    {
      replacements: { id: newId(EVENT_ID_PREFIX), accountId: e.accountId, livemode: e.livemode, type: e.type, jobId: e.jobId ?? null, data: JSON.stringify({ object: e.object }), traceparent: currentTraceparent() ?? null },
      type: QueryTypes.SELECT,
      transaction: t,
    },
  );
  wakeReadersAfterCommit(db, t);
  return row;
}

export async function findEvent(db: Sequelize, scope: { accountId: string; livemode: boolean }, id: string): Promise<EventRow | null> {
  const rows = await db.query<EventRow>(`SELECT * FROM events WHERE id = :id AND account_id = :accountId AND livemode = :livemode`, {
    replacements: { id, ...scope },
    type: QueryTypes.SELECT,
  });
  return rows[0] ?? null;
}

/** Newest first (ids sort by time). `type` may end in `.*` to match a prefix (`video_mix.*`). */
export async function listEvents(
  db: Sequelize,
  scope: { accountId: string; livemode: boolean },
  q: { limit: number; startingAfter?: string; type?: string; jobId?: string },
): Promise<EventRow[]> {
  const prefix = q.type?.endsWith('.*') ? q.type.slice(0, -1) : null;
  return db.query<EventRow>(
    `SELECT * FROM events WHERE account_id = :accountId AND livemode = :livemode
       AND (:after::text IS NULL OR id < :after)
       AND (:type::text IS NULL OR type = :type)
       AND (:prefix::text IS NULL OR starts_with(type, :prefix))
       AND (:jobId::text IS NULL OR job_id = :jobId)
     ORDER BY id DESC LIMIT :limit`,
    {
      replacements: { ...scope, after: q.startingAfter ?? null, type: prefix ? null : (q.type ?? null), prefix, jobId: q.jobId ?? null, limit: q.limit + 1 },
      type: QueryTypes.SELECT,
    },
  );
}

/** A job's events in order, after `afterId` (for resuming a live stream). */
export async function jobEventsAfter(db: Sequelize, jobId: string, afterId: string | null): Promise<EventRow[]> {
  return db.query<EventRow>(`SELECT * FROM events WHERE job_id = :jobId AND (:after::text IS NULL OR id > :after) ORDER BY id`, {
    replacements: { jobId, after: afterId },
    type: QueryTypes.SELECT,
  });
}
