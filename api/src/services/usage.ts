import { QueryTypes } from 'sequelize';
import type { ApiKeyRow, QuotaPeriod } from '../domain/accounts/api-keys';
import { quotaPeriodStart } from '../domain/credits/ledger';
import { addBuckets, bucketStart, resolveRange, type UsageGranularity, type UsageRange } from '../domain/usage/range';
import { usageReport, type UsageGroupBy, type UsageRow } from '../domain/usage/report';
import { invalidRequest } from '../errors/api-error';
import type { RequestContext } from '../request-context';

export type { UsageGranularity, UsageGroupBy };

/** What jobs cost in a bucket (or group, or the whole report). */
export interface UsageAmounts {
  /** Jobs created. @isInt */
  jobs: number;
  /** Credits charged (captured) for those jobs. Always 0 in test mode: test jobs are free. @isInt */
  credits_charged: number;
  /** Credits held for them and returned (failed or canceled jobs, or a job that used less than quoted). @isInt */
  credits_refunded: number;
  /** Credits still held for those of them that are queued or processing (charged or refunded when they end). @isInt */
  credits_held: number;
}

/** One group of a bucket: the jobs of one app, API key or status. */
export interface UsageGroup extends UsageAmounts {
  /** The app name, API key id or job status; null for jobs created without an API key (by a dashboard session). */
  group: string | null;
}

/** One UTC day or month. */
export interface UsageBucket extends UsageAmounts {
  /** Inclusive. @example "2026-01-15T00:00:00.000Z" */
  start: string;
  /** Exclusive. @example "2026-01-16T00:00:00.000Z" */
  end: string;
  /** With `group_by`: the bucket's non-empty groups, ordered by their value. */
  groups?: UsageGroup[];
}

/**
 * Credits and jobs per bucket, for the caller's organization and mode. Every bucket of the range is
 * listed, empty ones too.
 */
export interface Usage {
  object: 'usage';
  /** The mode reported: the calling key's. */
  livemode: boolean;
  /** Buckets are UTC days or months. */
  timezone: 'UTC';
  granularity: UsageGranularity;
  group_by: UsageGroupBy | null;
  /** The key the report is limited to, if any. */
  api_key: string | null;
  /** The range reported (inclusive), at the start of its UTC bucket. */
  from: string;
  /** The end of the range (exclusive), at a bucket boundary. */
  to: string;
  totals: UsageAmounts;
  data: UsageBucket[];
}

export interface UsageQuery {
  from?: string;
  to?: string;
  granularity?: UsageGranularity;
  group_by?: UsageGroupBy;
  api_key?: string;
}

const zero = (): UsageAmounts => ({ jobs: 0, credits_charged: 0, credits_refunded: 0, credits_held: 0 });
function add(into: UsageAmounts, r: UsageRow) {
  into.jobs += r.jobs;
  into.credits_charged += r.charged;
  into.credits_refunded += r.refunded;
  into.credits_held += r.held;
}

/** Every bucket of the range, filled from the report's rows (which are ordered by bucket and group). */
function present(range: UsageRange, rows: UsageRow[], groupBy: UsageGroupBy | null): { totals: UsageAmounts; data: UsageBucket[] } {
  const byBucket = new Map<string, UsageRow[]>();
  for (const r of rows) byBucket.set(r.bucket, [...(byBucket.get(r.bucket) ?? []), r]);
  const totals = zero();
  const data: UsageBucket[] = [];
  for (let start = range.from; start < range.to; start = addBuckets(start, range.granularity, 1)) {
    const end = addBuckets(start, range.granularity, 1);
    const bucket: UsageBucket = { start: start.toISOString(), end: end.toISOString(), ...zero() };
    const inBucket = byBucket.get(start.toISOString().slice(0, 10)) ?? [];
    for (const r of inBucket) add(bucket, r);
    if (groupBy) bucket.groups = inBucket.map((r) => ({ group: r.grp, jobs: r.jobs, credits_charged: r.charged, credits_refunded: r.refunded, credits_held: r.held }));
    for (const r of inBucket) add(totals, r);
    data.push(bucket);
  }
  return { totals, data };
}

/**
 * `GET /v1/usage`. A key reports on its own mode: a live key on live jobs (what they were charged),
 * a test key on test jobs (counted like live ones, but free, so every credit figure is 0).
 */
export async function getUsage(ctx: RequestContext, q: UsageQuery): Promise<Usage> {
  const range = resolveRange(q);
  if (q.api_key !== undefined && !/^key_[a-z0-9]{1,64}$/.test(q.api_key))
    throw invalidRequest('api_key must be an API key id.', [{ path: 'query.api_key', message: 'must be an API key id (key_…)' }]);
  const groupBy = q.group_by ?? null;
  const scope = { accountId: ctx.principal.accountId, livemode: ctx.principal.livemode, apiKeyId: q.api_key ?? null };
  const rows = await usageReport(ctx.deps.db, scope, range, groupBy);
  return {
    object: 'usage',
    livemode: ctx.principal.livemode,
    timezone: 'UTC',
    granularity: range.granularity,
    group_by: groupBy,
    api_key: q.api_key ?? null,
    from: range.from.toISOString(),
    to: range.to.toISOString(),
    ...present(range, rows, groupBy),
  };
}

/** A key's spending in its current period, against its quota. */
export interface ApiKeyUsage {
  /** The key's quota window; `month` (a UTC calendar month) for a key without a quota. */
  period: QuotaPeriod;
  /** When the current window began (null for a `total` quota, which never resets). */
  period_start: string | null;
  /**
   * Credits the key has drawn in this window: charged, plus held for its jobs still running. For a
   * key with a quota this is the figure the quota is enforced against.
   * @isInt
   */
  credits_used: number;
  /** The quota; null without one. */
  credit_limit: number | null;
  /** What the key may still draw in this window (null without a quota). @isInt */
  remaining: number | null;
  /** When the window starts afresh (null for `total`). */
  resets_at: string | null;
}

/** Usage of one key this period: the quota's own counter when it has one, else its jobs this UTC month. */
export async function apiKeyUsage(ctx: RequestContext, key: ApiKeyRow, now = new Date()): Promise<ApiKeyUsage> {
  const period: QuotaPeriod = key.credit_limit ? key.credit_limit_period ?? 'total' : 'month';
  const start = quotaPeriodStart(period, now);
  const resets = period === 'total' ? null : addBuckets(bucketStart(now, period), period, 1);
  let used: number;
  if (key.credit_limit) {
    const [row] = await ctx.deps.db.query<{ used: number }>(`SELECT used FROM api_key_usage WHERE api_key_id = :id AND period_start = :start`, {
      replacements: { id: key.id, start },
      type: QueryTypes.SELECT,
    });
    used = row?.used ?? 0;
  } else {
    const range: UsageRange = { granularity: 'month', from: start, to: resets! };
    const rows = await usageReport(ctx.deps.db, { accountId: key.account_id, livemode: key.livemode, apiKeyId: key.id }, range, null);
    used = rows.reduce((n, r) => n + r.charged + r.held, 0);
  }
  return {
    period,
    period_start: period === 'total' ? null : start.toISOString(),
    credits_used: used,
    credit_limit: key.credit_limit,
    remaining: key.credit_limit ? Math.max(key.credit_limit - used, 0) : null,
    resets_at: resets?.toISOString() ?? null,
  };
}
