import { invalidRequest } from '../errors/api-error';

/** Every list endpoint's envelope. */
export interface List<T> {
  object: 'list';
  data: T[];
  /** True when more items follow; pass `next_cursor` as `starting_after` to get them. */
  has_more: boolean;
  next_cursor: string | null;
}

export interface PageParams {
  limit: number;
  startingAfter?: string;
}

/** Validates `limit` (1..100, default 20) and `starting_after` (an id of the listed type). */
export function pageParams(limit: number | undefined, startingAfter: string | undefined, idPrefix: string | readonly string[]): PageParams {
  const l = limit ?? 20;
  if (!Number.isInteger(l) || l < 1 || l > 100) throw invalidRequest('limit must be 1–100.', [{ path: 'query.limit', message: 'must be an integer from 1 to 100' }]);
  const prefixes = typeof idPrefix === 'string' ? [idPrefix] : idPrefix;
  if (startingAfter !== undefined && !prefixes.some((p) => startingAfter.startsWith(`${p}_`)))
    throw invalidRequest(`starting_after must be a ${prefixes.join('_/')}_ id.`, [{ path: 'query.starting_after', message: `must start with ${prefixes.join('_ or ')}_` }]);
  return { limit: l, startingAfter };
}

/** Repositories fetch `limit + 1` rows so we know whether another page exists without counting. */
export function toList<R extends { id: string }, T>(rows: R[], page: PageParams, present: (row: R) => T): List<T> {
  const hasMore = rows.length > page.limit;
  const pageRows = hasMore ? rows.slice(0, page.limit) : rows;
  return { object: 'list', data: pageRows.map(present), has_more: hasMore, next_cursor: hasMore ? pageRows[pageRows.length - 1].id : null };
}

export const iso = (d: Date | string | null | undefined): string | null => (d ? new Date(d).toISOString() : null);
