import type { Request as ExpressRequest } from 'express';
import { Controller, Example, Get, OperationId, Query, Request, Response, Route, Security, Tags } from '@tsoa/runtime';
import { contextOf } from '../http/context';
import type { Problem } from '../errors/problem';
import { getUsage, type UsageGranularity, type Usage, type UsageGroupBy } from '../services/usage';

@Route('v1/usage')
@Tags('Usage')
@Response<Problem>(401, 'Missing, unknown or revoked API key')
@Response<Problem>(403, 'The key lacks the `read` scope')
@Response<Problem>(429, 'Rate limited')
export class UsageController extends Controller {
  /**
   * What the organization's jobs cost, per UTC day or month: jobs created, credits charged, credits
   * refunded (held and given back: failed or canceled jobs, or a job that used less than quoted) and
   * credits still held for jobs that have not ended, optionally split by app, API key or job status.
   * A job counts in the bucket of its creation, with the amounts its credit reservation was settled
   * for in the ledger. Buckets are UTC: `from` is moved back to the start of its day (or month) and
   * `to` (exclusive) forward to the next boundary; every bucket of the range is listed, empty ones
   * too. A key reports on its own mode: a live key on live jobs, a test key on test jobs, whose
   * counts are real but whose credit figures are 0 (test jobs are free).
   *
   * Defaults: by day, the current month; by month, the last twelve months with this one. With only
   * `from`, up to now; with only `to`, 31 days (by day) or twelve months (by month) before it. A
   * report holds at most 366 days or 120 months (422 naming `from` or `to` otherwise).
   * @summary Usage report
   * @param from Start: a date (`2026-01-01`) or a date-time with its offset (`2026-01-01T00:00:00Z`), UTC buckets.
   * @param to End (exclusive), in the same form.
   * @param granularity `day` (default) or `month`.
   * @param group_by Split each bucket by `app`, `api_key` or `status`.
   * @param api_key Only the jobs this API key created (`key_…`).
   */
  @Get()
  @OperationId('usage.retrieve')
  @Example<Usage>({
    object: 'usage',
    livemode: true,
    timezone: 'UTC',
    granularity: 'day',
    group_by: 'app',
    api_key: null,
    from: '2026-01-14T00:00:00.000Z',
    to: '2026-01-16T00:00:00.000Z',
    totals: { jobs: 42, credits_charged: 388, credits_refunded: 24, credits_held: 6 },
    data: [
      {
        start: '2026-01-14T00:00:00.000Z',
        end: '2026-01-15T00:00:00.000Z',
        jobs: 30,
        credits_charged: 300,
        credits_refunded: 20,
        credits_held: 0,
        groups: [
          { group: 'carousel', jobs: 20, credits_charged: 120, credits_refunded: 20, credits_held: 0 },
          { group: 'video_mix', jobs: 10, credits_charged: 180, credits_refunded: 0, credits_held: 0 },
        ],
      },
      {
        start: '2026-01-15T00:00:00.000Z',
        end: '2026-01-16T00:00:00.000Z',
        jobs: 12,
        credits_charged: 88,
        credits_refunded: 4,
        credits_held: 6,
        groups: [{ group: 'carousel', jobs: 12, credits_charged: 88, credits_refunded: 4, credits_held: 6 }],
      },
    ],
  })
  @Security('api_key', ['read'])
  @Response<Problem>(422, 'Invalid query: `from`, `to` (order, range limit), `granularity`, `group_by` or `api_key`')
  public async retrieve(
    @Request() req: ExpressRequest,
    @Query() from?: string,
    @Query() to?: string,
    @Query() granularity?: UsageGranularity,
    @Query() group_by?: UsageGroupBy,
    @Query() api_key?: string,
  ): Promise<Usage> {
    return getUsage(contextOf(req), { from, to, granularity, group_by, api_key });
  }
}
