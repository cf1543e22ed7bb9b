import { ValidationError } from '../errors';

export type UsageGranularity = 'day' | 'month';

/** The most buckets one report may hold, per granularity. */
export const MAX_BUCKETS: Record<UsageGranularity, number> = { day: 366, month: 120 };

export interface UsageRange {
  granularity: UsageGranularity;
  /** Inclusive, the start of its UTC bucket. */
  from: Date;
  /** Exclusive, the start of a UTC bucket. */
  to: Date;
}

const DAY_MS = 86_400_000;
/** A date, or a date and time with its offset (a time without one would be read in some server's zone). */
const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2}))?$/;

/** The start of the UTC bucket holding `at`. */
export function bucketStart(at: Date, g: UsageGranularity): Date {
  return g === 'month' ? new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), 1)) : new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate()));
}

/** The start of the bucket `n` buckets after the one starting at `start`. */
export function addBuckets(start: Date, g: UsageGranularity, n: number): Date {
  return g === 'month' ? new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + n, 1)) : new Date(start.getTime() + n * DAY_MS);
}

/** The first bucket boundary at or after `at`. */
function ceilBucket(at: Date, g: UsageGranularity): Date {
  const start = bucketStart(at, g);
  return start.getTime() === at.getTime() ? start : addBuckets(start, g, 1);
}

export function countBuckets(r: UsageRange): number {
  if (r.granularity === 'day') return Math.round((r.to.getTime() - r.from.getTime()) / DAY_MS);
  return (r.to.getUTCFullYear() - r.from.getUTCFullYear()) * 12 + (r.to.getUTCMonth() - r.from.getUTCMonth());
}

function parseInstant(value: string, field: string): Date {
  const m = ISO.exec(value);
  const at = m ? new Date(m[4] === undefined ? `${value}T00:00:00Z` : value) : null;
  // Date.parse rolls 2026-02-30 over to March; a date that does not round-trip is not a date.
  const real = at && !Number.isNaN(at.getTime()) && (m![4] !== undefined || at.toISOString().slice(0, 10) === value);
  if (!real || at.getUTCFullYear() < 2000 || at.getUTCFullYear() > 9999)
    throw new ValidationError(`${field} must be a date (2026-01-31) or a date and time with its offset (2026-01-31T00:00:00Z), from the year 2000.`, [
      { path: `query.${field}`, message: 'must be an ISO 8601 date, or date-time with Z or an offset' },
    ]);
  return at;
}

/**
 * The report's range: UTC buckets, `from` moved back to the start of its bucket and `to` (exclusive)
 * forward to a bucket boundary. Defaults: by day, the current month; by month, the last twelve
 * months including this one. With only `from`, up to the end of the current bucket; with only `to`,
 * 31 days (by day) or twelve months (by month) before it. At most `MAX_BUCKETS` buckets.
 */
export function resolveRange(q: { from?: string; to?: string; granularity?: UsageGranularity }, now = new Date()): UsageRange {
  const g = q.granularity ?? 'day';
  const fromGiven = q.from !== undefined ? parseInstant(q.from, 'from') : undefined;
  const toGiven = q.to !== undefined ? parseInstant(q.to, 'to') : undefined;
  const current = bucketStart(now, g);
  let from: Date;
  let to: Date;
  if (fromGiven && toGiven) {
    from = bucketStart(fromGiven, g);
    to = ceilBucket(toGiven, g);
  } else if (fromGiven) {
    from = bucketStart(fromGiven, g);
    to = addBuckets(current, g, 1);
  } else if (toGiven) {
    to = ceilBucket(toGiven, g);
    from = g === 'day' ? addBuckets(to, 'day', -31) : addBuckets(to, 'month', -12);
  } else {
    from = g === 'day' ? bucketStart(now, 'month') : addBuckets(current, 'month', -11);
    to = g === 'day' ? addBuckets(bucketStart(now, 'month'), 'month', 1) : addBuckets(current, g, 1);
  }
  if (fromGiven && toGiven && toGiven.getTime() <= fromGiven.getTime())
    throw new ValidationError('to must be after from.', [{ path: 'query.to', message: 'must be after from' }]);
  if (to.getTime() <= from.getTime())
    throw new ValidationError('from is after the current period; pass to as well.', [{ path: 'query.from', message: 'must be before the end of the current period, or pass to' }]);
  const range = { granularity: g, from, to };
  if (countBuckets(range) > MAX_BUCKETS[g]) {
    const field = toGiven ? 'to' : 'from';
    const limit = g === 'day' ? `${MAX_BUCKETS.day} days` : `${MAX_BUCKETS.month} months`;
    throw new ValidationError(`A report by ${g} covers at most ${limit}; this one covers ${countBuckets(range)}.`, [{ path: `query.${field}`, message: `the range from from to to must be at most ${limit} with granularity=${g}` }]);
  }
  return range;
}
