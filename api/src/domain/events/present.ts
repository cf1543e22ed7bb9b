import type { EventRow } from './outbox';

/** An event as the API returns it and as webhooks carry it. */
export interface EventPayload {
  id: string;
  object: 'event';
  type: string;
  created_at: string;
  livemode: boolean;
  data: { object: Record<string, unknown> };
}

export function presentEventPayload(row: EventRow): EventPayload {
  return { id: row.id, object: 'event', type: row.type, created_at: new Date(row.created_at).toISOString(), livemode: row.livemode, data: row.data };
}
