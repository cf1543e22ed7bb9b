import { encodeTime } from 'ulid';
import { QueryTypes, type Sequelize } from 'sequelize';

/**
 * Events are kept for EVENT_RETENTION_DAYS (30 by default, as `GET /v1/events` promises), then
 * deleted with their delivery messages and attempts. Event ids are ULIDs, so "older than" is a
 * range of the primary key: `id < evt_<cutoff time>`. An event whose delivery is still pending, or
 * that the relay has not handed on yet, is kept whatever its age (nothing is lost to retention).
 * Deletes in batches, each its own short transaction; safe in many processes at once.
 */
export async function purgeOldEvents(db: Sequelize, retentionDays: number, opts: { now?: number; batch?: number } = {}): Promise<number> {
  const cutoff = (opts.now ?? Date.now()) - retentionDays * 24 * 3600_000;
  const bound = `evt_${encodeTime(cutoff, 10).toLowerCase()}`;
  const batch = opts.batch ?? 1000;
  let total = 0;
  for (;;) {
    const deleted = await db.transaction(async (t) => {
      const ids = (
        await db.query<{ id: string }>(
          `SELECT e.id FROM events e
            WHERE e.id < :bound AND e.created_at < to_timestamp(:cutoff / 1000.0) AND e.relayed_at IS NOT NULL
              AND NOT EXISTS (SELECT 1 FROM webhook_messages m WHERE m.event_id = e.id AND m.status = 'pending')
            ORDER BY e.id LIMIT :batch FOR UPDATE SKIP LOCKED`,
          { replacements: { bound, cutoff, batch }, type: QueryTypes.SELECT, transaction: t },
        )
      ).map((r) => r.id);
      if (!ids.length) return 0;
      await db.query(`DELETE FROM webhook_attempts WHERE message_id IN (SELECT id FROM webhook_messages WHERE event_id IN (:ids))`, { replacements: { ids }, transaction: t });
      await db.query(`DELETE FROM webhook_messages WHERE event_id IN (:ids)`, { replacements: { ids }, transaction: t });
      await db.query(`DELETE FROM events WHERE id IN (:ids)`, { replacements: { ids }, transaction: t });
      return ids.length;
    });
    total += deleted;
    if (deleted < batch) return total;
  }
}
