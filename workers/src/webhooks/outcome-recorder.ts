import { QueryTypes, type Sequelize } from 'sequelize';

/** One finished attempt, as it is written to the deliveries log and the message. */
export interface AttemptOutcome {
  attemptId: string;
  messageId: string;
  endpointId: string | null;
  attempt: number;
  at: Date;
  statusCode: number | null;
  latencyMs: number;
  ok: boolean;
  error: string | null;
  excerpt: string | null;
  next: Date | null;
  status: 'pending' | 'succeeded' | 'failed';
}

/** PostgreSQL text cannot hold NUL; a receiver's body might. */
const clean = (s: string | null) => (s === null ? null : s.replace(/\u0000/g, '\uFFFD'));

/**
 * Writes attempt outcomes in batches: while one statement is in flight, outcomes that finish meanwhile
 * wait and go together in the next (group commit, as the credits ledger does for reservations).
 * Each statement inserts the attempts, updates their messages, and moves each endpoint's
 * `failing_since` (set on its first failure, cleared by a success), so the log and the message
 * state never disagree. Resolves each outcome with its endpoint's `failing_since` after the write.
 */
export class OutcomeRecorder {
  private queue: { o: AttemptOutcome; resolve: (failingSince: Date | null) => void; reject: (err: unknown) => void }[] = [];
  private busy = false;
  constructor(private readonly db: Sequelize, private readonly maxBatch = 500) {}

  record(o: AttemptOutcome): Promise<Date | null> {
    return new Promise((resolve, reject) => {
      this.queue.push({ o, resolve, reject });
      if (!this.busy) void this.drain();
    });
  }

  private async drain() {
    this.busy = true;
    try {
      while (this.queue.length) {
        const batch = this.queue.splice(0, this.maxBatch);
        try {
          const failing = await this.write(batch.map((b) => b.o));
          batch.forEach((b) => b.resolve(b.o.endpointId ? (failing.get(b.o.endpointId) ?? null) : null));
        } catch (err) {
          batch.forEach((b) => b.reject(err));
        }
      }
    } finally {
      this.busy = false;
    }
  }

  private async write(os: AttemptOutcome[]): Promise<Map<string, Date | null>> {
    const col = <K extends keyof AttemptOutcome>(k: K, f: (v: AttemptOutcome[K]) => unknown = (v) => v) => os.map((o) => f(o[k]));
    const rows = await this.db.query<{ id: string; failing_since: Date | null }>(
      `WITH x AS (
         SELECT * FROM unnest(ARRAY[:attemptIds]::text[], ARRAY[:messageIds]::text[], ARRAY[:endpointIds]::text[], ARRAY[:attempts]::int[], ARRAY[:ats]::timestamptz[],
                              ARRAY[:codes]::int[], ARRAY[:latencies]::int[], ARRAY[:oks]::boolean[], ARRAY[:errors]::text[], ARRAY[:excerpts]::text[],
                              ARRAY[:nexts]::timestamptz[], ARRAY[:statuses]::text[])
           AS x(attempt_id, message_id, endpoint_id, attempt, at, code, latency, ok, error, excerpt, next, status)
       ), a AS (
         INSERT INTO webhook_attempts (id, message_id, endpoint_id, attempt, attempted_at, status_code, latency_ms, outcome, error, response_excerpt, next_retry_at)
         SELECT attempt_id, message_id, endpoint_id, attempt, at, code, latency, CASE WHEN ok THEN 'succeeded' ELSE 'failed' END, error, excerpt, next FROM x
       ), m AS (
         UPDATE webhook_messages wm SET attempts = x.attempt, status = x.status, next_attempt_at = x.next, locked_until = NULL, updated_at = now()
           FROM x WHERE wm.id = x.message_id
       ), e AS (
         SELECT endpoint_id, bool_or(ok) AS ok FROM x WHERE endpoint_id IS NOT NULL GROUP BY endpoint_id
       ), u AS (
         UPDATE webhook_endpoints w SET failing_since = CASE WHEN e.ok THEN NULL ELSE now() END
           FROM e WHERE w.id = e.endpoint_id AND (CASE WHEN e.ok THEN w.failing_since IS NOT NULL ELSE w.failing_since IS NULL END)
         RETURNING w.id, w.failing_since
       )
       SELECT w.id, COALESCE(u.failing_since, CASE WHEN e.ok THEN NULL ELSE w.failing_since END) AS failing_since
         FROM e JOIN webhook_endpoints w ON w.id = e.endpoint_id LEFT JOIN u ON u.id = e.endpoint_id`,
      {
        replacements: {
          attemptIds: col('attemptId'),
          messageIds: col('messageId'),
          endpointIds: col('endpointId'),
          attempts: col('attempt'),
          ats: col('at'),
          codes: col('statusCode'),
          latencies: col('latencyMs'),
          oks: col('ok'),
          errors: col('error', (v) => clean(v as string | null)),
          excerpts: col('excerpt', (v) => clean(v as string | null)),
          nexts: col('next'),
          statuses: col('status'),
        },
        type: QueryTypes.SELECT,
      },
    );
    return new Map(rows.map((r) => [r.id, r.failing_since]));
  }
}
