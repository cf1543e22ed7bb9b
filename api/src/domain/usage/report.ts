import { QueryTypes, type Sequelize } from 'sequelize';
import type { UsageRange } from './range';

export type UsageGroupBy = 'app' | 'api_key' | 'status';

export interface UsageScope {
  accountId: string;
  livemode: boolean;
  /** Only the jobs this key created. */
  apiKeyId?: string | null;
}

export interface UsageRow {
  /** The bucket's first day (UTC). */
  bucket: string;
  /** The group's value (app name, key id, status); null without grouping, or for jobs made without a key. */
  grp: string | null;
  jobs: number;
  charged: number;
  refunded: number;
  held: number;
}

/** A day is sealed once it ended this long ago (no transaction that could still add a job to it is open). */
export const SEAL_AFTER = '1 hour';

/** At most this many days are sealed by one call, so a first report over a long busy range stays quick (the rest are read from the jobs, and sealed by the next calls). */
export const SEAL_BATCH_DAYS = 31;

const GROUP_COLUMN: Record<UsageGroupBy | 'none', string> = { app: 'app', api_key: 'api_key_id', status: 'status', none: 'NULL::text' };

const day = (d: Date) => d.toISOString().slice(0, 10);
/** The range as the SQL takes it: first and last day (inclusive). */
const days = (r: UsageRange) => ({ fromDay: day(r.from), lastDay: day(new Date(r.to.getTime() - 86_400_000)), dayCount: Math.round((r.to.getTime() - r.from.getTime()) / 86_400_000) });

/** Days as integers from the first: the planner then knows how many there are (for a series of timestamps it guesses 1,000). */
const SPAN = `SELECT :fromDay::date + i AS day FROM generate_series(0, :dayCount - 1) i`;

/**
 * Seals the range's days that can be sealed and are not yet, in one statement that marks them and
 * stores their totals per (app, key, status); concurrent callers seal each day once (the marker's
 * primary key decides). In steady state there is nothing to seal: the days left open are today's
 * and those with a job still running. Returns the range's days that are not sealed (as far as this
 * statement knows: a day sealed meanwhile by another caller is read from the jobs, which gives the
 * same figures).
 *
 * JIT is off for it: the planner prices the sealing insert as if every candidate day were sealed
 * (a million-row estimate over a busy account), so PostgreSQL would JIT-compile it on every call
 * (about 50 ms) although in steady state it seals nothing and runs in well under a millisecond.
 */
export async function sealDays(db: Sequelize, scope: Omit<UsageScope, 'apiKeyId'>, range: UsageRange): Promise<string[]> {
  const rows = await db.transaction(async (transaction) => {
    await db.query('SET LOCAL jit = off', { transaction });
    return db.query<{ day: string }>(
      `WITH span AS (${SPAN}),
     candidates AS (
       SELECT day FROM span
        WHERE (day + 1)::timestamp <= (now() AT TIME ZONE 'UTC') - interval '${SEAL_AFTER}'
          AND NOT EXISTS (SELECT 1 FROM usage_sealed_days s WHERE s.account_id = :accountId AND s.livemode = :livemode AND s.day = span.day)
          AND NOT EXISTS (SELECT 1 FROM jobs j WHERE j.account_id = :accountId AND j.livemode = :livemode AND j.status IN ('queued', 'processing')
                             AND j.created_at >= span.day::timestamp AT TIME ZONE 'UTC' AND j.created_at < (span.day + 1)::timestamp AT TIME ZONE 'UTC')
        ORDER BY day LIMIT ${SEAL_BATCH_DAYS}
     ),
     sealed AS (
       INSERT INTO usage_sealed_days (account_id, livemode, day) SELECT :accountId, :livemode, day FROM candidates
       ON CONFLICT DO NOTHING RETURNING day
     ),
     totals AS (
       INSERT INTO usage_day_rollups (account_id, livemode, day, app, api_key_id, status, jobs, credits_charged, credits_refunded)
       SELECT :accountId, :livemode, s.day, j.app, j.api_key_id, j.status, count(*), sum(j.credits_charged), sum(j.credits_refunded)
         FROM sealed s
         JOIN jobs j ON j.account_id = :accountId AND j.livemode = :livemode
                    AND j.created_at >= s.day::timestamp AT TIME ZONE 'UTC' AND j.created_at < (s.day + 1)::timestamp AT TIME ZONE 'UTC'
        GROUP BY s.day, j.app, j.api_key_id, j.status
     )
     -- The statement does not see its own inserts: the days sealed before it, and by it, are left out.
     SELECT day::text FROM span
      WHERE day NOT IN (SELECT day FROM sealed)
        AND NOT EXISTS (SELECT 1 FROM usage_sealed_days s WHERE s.account_id = :accountId AND s.livemode = :livemode AND s.day = span.day)
      ORDER BY day`,
      { replacements: { ...scope, ...days(range) }, type: QueryTypes.SELECT, transaction },
    );
  });
  return rows.map((r) => r.day);
}

/**
 * Jobs, credits charged, refunded and still held, per UTC bucket (and group), for the jobs created
 * in the range: one statement reading the sealed days' totals and, for `openDays` (from
 * `sealDays`), the jobs themselves (one index range per day). Each day is read from exactly one of
 * the two. Only non-empty (bucket, group) pairs are returned.
 */
export async function usageRows(db: Sequelize, scope: UsageScope, range: UsageRange, groupBy: UsageGroupBy | null, openDays: string[]): Promise<UsageRow[]> {
  const q = usageQuery(scope, range, groupBy, openDays);
  return db.query<UsageRow>(q.sql, { replacements: q.replacements, type: QueryTypes.SELECT });
}

/** The statement `usageRows` runs (the benchmark EXPLAINs it). */
export function usageQuery(scope: UsageScope, range: UsageRange, groupBy: UsageGroupBy | null, openDays: string[]): { sql: string; replacements: Record<string, unknown> } {
  const grp = GROUP_COLUMN[groupBy ?? 'none'];
  const keyFilter = (alias: string) => (scope.apiKeyId ? `AND ${alias}.api_key_id = :apiKeyId` : '');
  return {
    // The open days as a constant array: the planner knows how many there are (usually one).
    sql: `WITH facts AS (
       SELECT r.day, r.app, r.api_key_id, r.status, r.jobs, r.credits_charged AS charged, r.credits_refunded AS refunded, 0::bigint AS held
         FROM usage_day_rollups r
        WHERE r.account_id = :accountId AND r.livemode = :livemode AND r.day BETWEEN :fromDay::date AND :lastDay::date
          AND r.day <> ALL (:openDays::date[]) ${keyFilter('r')}
       UNION ALL
       SELECT o.day, j.app, j.api_key_id, j.status, 1, j.credits_charged, j.credits_refunded,
              CASE WHEN j.status IN ('queued', 'processing') THEN j.credits_reserved ELSE 0 END
         FROM unnest(:openDays::date[]) AS o(day)
         JOIN jobs j ON j.account_id = :accountId AND j.livemode = :livemode
                    AND j.created_at >= o.day::timestamp AT TIME ZONE 'UTC' AND j.created_at < (o.day + 1)::timestamp AT TIME ZONE 'UTC' ${keyFilter('j')}
     )
     SELECT date_trunc(:unit, day::timestamp)::date::text AS bucket, ${grp} AS grp,
            sum(jobs)::bigint AS jobs, sum(charged)::bigint AS charged, sum(refunded)::bigint AS refunded, sum(held)::bigint AS held
       FROM facts GROUP BY 1, 2 ORDER BY 1, 2`,
    replacements: { ...scope, apiKeyId: scope.apiKeyId ?? null, ...days(range), openDays: `{${openDays.join(',')}}`, unit: range.granularity },
  };
}

/**
 * The same figures straight from the jobs, without sealed days: what `usageRows` must always equal
 * (tests compare the two), and the benchmark's baseline.
 */
export async function usageRowsFromJobs(db: Sequelize, scope: UsageScope, range: UsageRange, groupBy: UsageGroupBy | null): Promise<UsageRow[]> {
  const grp = GROUP_COLUMN[groupBy ?? 'none'];
  return db.query<UsageRow>(
    `SELECT date_trunc(:unit, created_at AT TIME ZONE 'UTC')::date::text AS bucket, ${grp} AS grp, count(*)::bigint AS jobs,
            sum(credits_charged)::bigint AS charged, sum(credits_refunded)::bigint AS refunded,
            sum(CASE WHEN status IN ('queued', 'processing') THEN credits_reserved ELSE 0 END)::bigint AS held
       FROM jobs
      WHERE account_id = :accountId AND livemode = :livemode AND created_at >= :from AND created_at < :to
        ${scope.apiKeyId ? 'AND api_key_id = :apiKeyId' : ''}
      GROUP BY 1, 2 ORDER BY 1, 2`,
    { replacements: { ...scope, apiKeyId: scope.apiKeyId ?? null, from: range.from, to: range.to, unit: range.granularity }, type: QueryTypes.SELECT },
  );
}

/** Seals what can be sealed, then reads the report. */
export async function usageReport(db: Sequelize, scope: UsageScope, range: UsageRange, groupBy: UsageGroupBy | null): Promise<UsageRow[]> {
  const open = await sealDays(db, { accountId: scope.accountId, livemode: scope.livemode }, range);
  return usageRows(db, scope, range, groupBy, open);
}
