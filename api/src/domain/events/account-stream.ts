import pg from 'pg';
import { QueryTypes, type Sequelize } from 'sequelize';
import { encodeTime } from 'ulid';
import { EVENT_ID_PREFIX, EVENTS_CHANNEL, eventTypes } from './catalogue';
import type { EventRow } from './outbox';

/**
 * An account's events as a live, resumable sequence (what `GET /v1/events/stream` sends). Event ids
 * are ULIDs, so they sort by the time they were made, but not by the time they committed: an event
 * made a moment earlier (in a longer transaction, or by a process whose clock is behind) may commit
 * after a later one was already sent. So each read looks back LOOKBACK_MS before the newest event
 * sent and skips the ids already sent in that window; nothing that commits within it is missed.
 */
export const LOOKBACK_MS = 30_000;
/** Rows per read; a read repeats until a batch comes back short. */
export const BATCH = 200;

/** The smallest event id made at `ms` or later (ids are `evt_` + a lower-case ULID). */
export function eventIdFloor(ms: number): string {
  return `${EVENT_ID_PREFIX}_${encodeTime(Math.max(0, Math.floor(ms)), 10).toLowerCase()}${'0'.repeat(16)}`;
}

export const isEventId = (id: string) => new RegExp(`^${EVENT_ID_PREFIX}_[0-9a-hjkmnp-tv-z]{26}$`).test(id);

/** A type filter: `video_mix.succeeded`, `video_mix.*`, `*.failed`, `*` (`*` stands for any run of characters). */
export interface TypeFilter {
  patterns: string[];
  /** For SQL `LIKE ANY`: `*` as `%`, with `_`, `%` and `\` escaped. */
  like: string[];
  matches(type: string): boolean;
}

/**
 * Reads a comma-separated list of event types and patterns; each must name at least one event
 * type the platform sends. Returns the filter, or the patterns that match nothing.
 */
export function parseTypeFilter(list: string | undefined): { filter: TypeFilter } | { unknown: string[] } {
  const patterns = [...new Set((list ?? '').split(',').map((p) => p.trim()).filter(Boolean))];
  if (!patterns.length) patterns.push('*');
  const regexes = patterns.map((p) => new RegExp(`^${p.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`));
  const known = eventTypes();
  const unknown = patterns.filter((_, i) => !known.some((t) => regexes[i].test(t)));
  if (unknown.length) return { unknown };
  return {
    filter: {
      patterns,
      like: patterns.map((p) => p.replace(/[\\%_]/g, '\\$&').replace(/\*/g, '%')),
      matches: (type) => regexes.some((r) => r.test(type)),
    },
  };
}

/** The account's events of one mode matching `like`, after `afterId`, except `skip`, in id order. */
export async function accountEventsAfter(
  db: Sequelize,
  scope: { accountId: string; livemode: boolean },
  q: { afterId: string; like: string[]; skip: string[]; limit?: number },
): Promise<EventRow[]> {
  return db.query<EventRow>(
    `SELECT * FROM events
      WHERE account_id = :accountId AND livemode = :livemode AND id > :afterId
        AND type LIKE ANY (ARRAY[:like]::text[])
        AND NOT (id = ANY (ARRAY[:skip]::text[]))
      ORDER BY id LIMIT :limit`,
    { replacements: { ...scope, afterId: q.afterId, like: q.like, skip: q.skip.length ? q.skip : [''], limit: q.limit ?? BATCH }, type: QueryTypes.SELECT },
  );
}

/**
 * Where the next read starts and which ids to skip, as events are sent: never below `start` (the
 * resume point), and no further back than the lookback window before the newest event sent.
 */
export class StreamCursor {
  private newest: string;
  private readonly sent = new Set<string>();
  constructor(private readonly start: string) {
    this.newest = start;
  }

  /** The read's lower bound (exclusive) and the ids to skip, as of `now`. */
  window(now = Date.now()): { afterId: string; skip: string[] } {
    const floor = eventIdFloor(now - LOOKBACK_MS);
    for (const id of this.sent) if (id < floor) this.sent.delete(id);
    const lower = this.newest < floor ? this.newest : floor;
    return { afterId: lower > this.start ? lower : this.start, skip: [...this.sent] };
  }

  sentEvent(id: string) {
    this.sent.add(id);
    if (id > this.newest) this.newest = id;
  }
}

/**
 * Wakes readers when an event commits, from PostgreSQL NOTIFY (`recordEvent` notifies after its
 * transaction commits). One connection per process while anyone listens; it is closed with the last
 * listener. Readers poll as well, so a lost connection costs latency, never an event.
 */
export class EventNotifier {
  private readonly listeners = new Set<() => void>();
  private client: pg.Client | null = null;
  private connecting: Promise<void> | null = null;
  private retry: NodeJS.Timeout | undefined;
  constructor(private readonly databaseUrl: string, private readonly onError: (err: Error) => void = () => {}) {}

  listen(fn: () => void): () => void {
    this.listeners.add(fn);
    this.ensureConnected();
    return () => {
      this.listeners.delete(fn);
      if (!this.listeners.size) void this.close();
    };
  }

  private ensureConnected() {
    if (this.client || this.connecting || !this.listeners.size) return;
    this.connecting = this.connect().finally(() => (this.connecting = null));
  }

  private async connect() {
    const client = new pg.Client({ connectionString: this.databaseUrl });
    const lost = (err: Error) => {
      this.onError(err);
      if (this.client === client) this.client = null;
      void client.end().catch(() => {});
      clearTimeout(this.retry);
      this.retry = setTimeout(() => this.ensureConnected(), 1000).unref();
    };
    client.on('notification', () => this.listeners.forEach((fn) => fn()));
    client.on('error', lost);
    try {
      await client.connect();
      await client.query(`LISTEN ${EVENTS_CHANNEL}`);
    } catch (err) {
      return lost(err as Error);
    }
    if (this.listeners.size) this.client = client;
    else await client.end().catch(() => {});
  }

  /** Closes the connection (a listener added later opens a new one). */
  async close() {
    clearTimeout(this.retry);
    await this.connecting;
    if (this.listeners.size) return; // someone started listening again meanwhile
    const client = this.client;
    this.client = null;
    await client?.end().catch(() => {});
  }
}
