import { QueryTypes, type Sequelize } from 'sequelize';
import type { Config } from '../../config';
import type { EventRow } from '../events/outbox';
import { createWebhookBackend, type WebhookBackend } from './backend';
import { resendEvent } from './messages';

/**
 * Sends an account's events from a time window again (operator CLI `replay-events`): each to every
 * destination it has now, one attempt each, in event order. With Svix, endpoints are replayed
 * through Svix and per-request webhooks by the built-in dispatcher. `backend` defaults to the one
 * config chooses (the CLI is a one-shot process: its composition is this call).
 */
export async function replayEvents(
  db: Sequelize,
  config: Config,
  q: { accountId: string; livemode: boolean; since: Date; until: Date; type?: string },
  backend: WebhookBackend = createWebhookBackend(config, db),
): Promise<{ events: number; scheduled: number }> {
  const prefix = q.type?.endsWith('.*') ? q.type.slice(0, -1) : null;
  const events = await db.query<EventRow>(
    `SELECT * FROM events WHERE account_id = :accountId AND livemode = :livemode AND created_at >= :since AND created_at < :until
       AND (:type::text IS NULL OR type = :type) AND (:prefix::text IS NULL OR starts_with(type, :prefix))
     ORDER BY id LIMIT 100000`,
    { replacements: { accountId: q.accountId, livemode: q.livemode, since: q.since, until: q.until, type: prefix ? null : (q.type ?? null), prefix }, type: QueryTypes.SELECT },
  );
  let scheduled = 0;
  for (const ev of events) {
    if (backend.kind === 'builtin') scheduled += await resendEvent(db, ev, { endpoints: true });
    else {
      scheduled += (await backend.resendToEndpoints(ev)) ?? 0;
      scheduled += await resendEvent(db, ev, { endpoints: false });
    }
  }
  return { events: events.length, scheduled };
}
