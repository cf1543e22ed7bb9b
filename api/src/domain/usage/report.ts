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
const days = (r: UsageRange) => ({ fromDay: day(r.from), lastDay: day(new Date(r.to.getTime() - 86_400_000)) });

/**
 * Seals the range's days that can be sealed and are not yet: one statement that marks them and
 * stores their totals per (app, key, status). Concurrent callers seal each day once (the marker's
 * primary key decides). In steady state it finds nothing to do: the only days left are today's
 * and those with a job still running. Returns how many days it sealed.
 */
export async function sealDays(db: Sequelize, scope: Omit<UsageScope, 'apiKeyId'>, range: UsageRange): Promise<number> {
  const rows = await db.query<{ day: string }>(
    `WITH candidates AS (
       SELECT d::date AS day FROM generate_series(:fromDay::timestamp, :lastDay::timestamp, interval '1 day') d
        WHERE d + interval '1 day' <= (now() AT TIME ZONE 'UTC') - interval '${SEAL_AFTER}'
          AND NOT EXISTS (SELECT 1 FROM usage_sealed_days s WHERE s.account_id = :accountId AND s.livemode = :livemode AND s.day = d::date)
          AND NOT EXISTS (SELECT 1 FROM jobs j WHERE j.account_id = :accountId AND j.livemode = :livemode AND j.status IN ('queued', 'processing')
                             AND j.created_at >= d AT TIME ZONE 'UTC' AND j.created_at < (d + interval '1 day') AT TIME ZONE 'UTC')
        ORDER BY d LIMIT ${SEAL_BATCH_DAYS}
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
     SELECT day::text FROM sealed`,
    { replacements: { ...scope, ...days(range) }, type: QueryTypes.SELECT },
  );
  return rows.length;
}

/**
 * Jobs, credits charged, refunded and still held, per UTC bucket (and group), for the jobs created
 * in the range: one statement reading the sealed days' totals and, for the days not sealed, the
 * jobs themselves (one index range per day). Only non-empty (bucket, group) pairs are returned.
 */
export async function usageRows(db: Sequelize, scope: UsageScope, range: UsageRange, groupBy: UsageGroupBy | null): Promise<UsageRow[]> {
  const grp = GROUP_COLUMN[groupBy ?? 'none'];
  const keyFilter = (alias: string) => (scope.apiKeyId ? `AND ${alias}.api_key_id = :apiKeyId` : '');
  return db.query<UsageRow>(
    `WITH span AS (SELECT d::date AS day FROM generate_series(:fromDay::timestamp, :lastDay::timestamp, interval '1 day') d),
     open_days AS (
       SELECT day FROM span
       EXCEPT SELECT day FROM usage_sealed_days WHERE account_id = :accountId AND livemode = :livemode AND day BETWEEN :fromDay::date AND :lastDay::date
     ),
     facts AS (
       SELECT r.day, r.app, r.api_key_id, r.status, r.jobs, r.credits_charged AS charged, r.credits_refunded AS refunded, 0::bigint AS held
         FROM usage_day_rollups r
        WHERE r.account_id = :accountId AND r.livemode = :livemode AND r.day BETWEEN :fromDay::date AND :lastDay::date ${keyFilter('r')}
       UNION ALL
       SELECT o.day, j.app, j.api_key_id, j.status, 1, j.credits_charged, j.credits_refunded,
              CASE WHEN j.status IN ('queued', 'processing') THEN j.credits_reserved ELSE 0 END
         FROM open_days o
         JOIN jobs j ON j.account_id = :accountId AND j.livemode = :livemode
                    AND j.created_at >= o.day::timestamp AT TIME ZONE 'UTC' AND j.created_at < (o.day + 1)::timestamp AT TIME ZONE 'UTC' ${keyFilter('j')}
     )
     SELECT date_trunc(:unit, day::timestamp)::date::text AS bucket, ${grp} AS grp,
            sum(jobs)::bigint AS jobs, sum(charged)::bigint AS charged, sum(refunded)::bigint AS refunded, sum(held)::bigint AS held
       FROM facts GROUP BY 1, 2 ORDER BY 1, 2`,
    { replacements: { ...scope, apiKeyId: scope.apiKeyId ?? null, ...days(range), unit: range.granularity }, type: QueryTypes.SELECT },
  );
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
  await sealDays(db, scope, range);
  return usageRows(db, scope, range, groupBy);
}
