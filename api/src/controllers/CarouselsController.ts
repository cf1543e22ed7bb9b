import type { Request as ExpressRequest } from 'express';
import { Body, Controller, Example, Get, Header, OperationId, Path, Post, Query, Request, Response, Route, Security, SuccessResponse, Tags } from '@tsoa/runtime';
import type { CreateCarouselRequest } from '../domain/apps/carousel/request';
import type { JobStatus } from '../domain/jobs/repository';
import type { Problem } from '../errors/problem';
import { acceptedOrQuoted } from './job-response';
import { contextOf } from '../middleware/request-context';
import { cancelJob, createJob, getJob, listJobs, type JobFields, type JobQuote, type JobRequestCommon } from '../services/jobs';
import type { List } from '../services/pagination';

/** A carousel: a job resource. */
export interface Carousel extends JobFields {
  object: 'carousel';
  /** The request as sent (without `external_id` and `metadata`). */
  input: CreateCarouselRequest;
}

export type CreateCarouselRequestBody = CreateCarouselRequest & JobRequestCommon;

@Route('v1/carousels')
@Tags('Carousels')
@Response<Problem>(401, 'Missing, unknown or revoked API key')
@Response<Problem>(429, 'Rate limited')
export class CarouselsController extends Controller {
  /**
   * Renders `sets` carousel sets from per-slide image and text variants, with styled text that wraps inside the image; each set is a folder of ordered slide images, plus a ZIP of all sets.
   *
   * Returns 202 with the queued job and a `Location` header; follow it with `GET` (add `?wait=30` to
   * hold until it finishes) or webhooks. The price is reserved from the balance now and charged only
   * on success. With `dry_run=true` nothing is created or charged and the response is the quote.
   * @example body {"slides": [{"images": ["file_01jhx7a1img00000000000000a", "file_01jhx7a1img00000000000000b"], "texts": ["Summer sale", "New drop"]}, {"images": ["file_01jhx7a1img00000000000000c"], "texts": ["Only this week"]}], "sets": 3, "selection": "round_robin", "aspect_ratio": "4:5", "format": "jpeg", "external_id": "order-1042", "metadata": {"campaign": "summer"}}
   * @summary Create a carousel
   * @param dry_run Validate and price only.
   * @param idempotencyKey Makes retries safe: the same key and body return the first response, with one job and one charge.
   */
  @Post()
  @OperationId('carousels.create')
  @Example<Carousel>({
    id: 'crsl_01jhx7q4m2r8t3v5w7y9z0a1b2',
    object: 'carousel',
    status: 'queued',
    progress: { fraction: 0, stage: 'queued', eta_seconds: 30 },
    input: { slides: [{ images: ['file_01jhx7a1img00000000000000a', 'file_01jhx7a1img00000000000000b'], texts: ['Summer sale', 'New drop'] }, { images: ['file_01jhx7a1img00000000000000c'], texts: ['Only this week'] }], sets: 3, selection: 'round_robin', aspect_ratio: '4:5', format: 'jpeg' },
    outputs: [],
    credits: { quoted: 6, reserved: 6, charged: 0, refunded: 0 },
    error: null,
    metadata: { campaign: 'summer' },
    external_id: 'order-1042',
    livemode: false,
    created_at: '2026-01-15T10:00:00.000Z',
    started_at: null,
    finished_at: null,
    expires_at: null,
  })
  @Security('api_key', ['jobs:write'])
  @SuccessResponse(202, 'Accepted')
  @Response<JobQuote>(200, 'The quote (dry_run=true)')
  @Response<Problem>(402, '`insufficient_credits` or `key_quota_exceeded`')
  @Response<Problem>(403, 'The key lacks the `jobs:write` scope')
  @Response<Problem>(409, '`idempotency_conflict` or `external_id_conflict`')
  @Response<Problem>(422, '`validation_failed`, `file_not_found` or an app-specific code')
  public async create(@Request() req: ExpressRequest, @Body() body: CreateCarouselRequestBody, @Query() dry_run?: boolean, @Header('Idempotency-Key') idempotencyKey?: string): Promise<Carousel | JobQuote> {
    void idempotencyKey;
    const created = await createJob(contextOf(req), 'carousel', body as unknown as JobRequestCommon & Record<string, unknown>, { dryRun: dry_run });
    return acceptedOrQuoted(this, 'carousels', created as { job?: Carousel; quote?: JobQuote });
  }

  /**
   * Newest first.
   * @summary List carousels
   * @param limit 1–100, default 20.
   * @isInt limit
   * @minimum limit 1
   * @maximum limit 100
   * @param starting_after An id: return the jobs after it (the previous page's `next_cursor`).
   * @param status Only jobs in this status.
   * @param external_id Only the job with this `external_id`.
   */
  @Get()
  @OperationId('carousels.list')
  @Example<List<Carousel>>({ object: 'list', data: [{
    id: 'crsl_01jhx7q4m2r8t3v5w7y9z0a1b2',
    object: 'carousel',
    status: 'succeeded',
    progress: { fraction: 1, stage: 'done', eta_seconds: null },
    input: { slides: [{ images: ['file_01jhx7a1img00000000000000a', 'file_01jhx7a1img00000000000000b'], texts: ['Summer sale', 'New drop'] }, { images: ['file_01jhx7a1img00000000000000c'], texts: ['Only this week'] }], sets: 3, selection: 'round_robin', aspect_ratio: '4:5', format: 'jpeg' },
    outputs: [
      {
        file_id: 'file_01jhx7r0output0000000000001',
        url: 'https://api.example.com/v1/files/file_01jhx7r0output0000000000001/content?expires=1768474842&signature=…',
        url_expires_at: '2026-01-15T11:00:42.000Z',
        filename: 'set-1-slide-1.jpg',
        content_type: 'image/jpeg',
        bytes: 482113,
        role: 'slide',
        index: 0,
        position: null,
        metadata: {},
      },
    ],
    credits: { quoted: 6, reserved: 6, charged: 6, refunded: 0 },
    error: null,
    metadata: { campaign: 'summer' },
    external_id: 'order-1042',
    livemode: false,
    created_at: '2026-01-15T10:00:00.000Z',
    started_at: '2026-01-15T10:00:00.000Z',
    finished_at: '2026-01-15T10:00:42.000Z',
    expires_at: '2026-02-14T10:00:42.000Z',
  }], has_more: false, next_cursor: null })
  @Security('api_key', ['read'])
  @Response<Problem>(422, 'Invalid query')
  public async list(@Request() req: ExpressRequest, @Query() limit?: number, @Query() starting_after?: string, @Query() status?: JobStatus, @Query() external_id?: string): Promise<List<Carousel>> {
    return (await listJobs(contextOf(req), 'carousel', { limit, starting_after, status, external_id })) as unknown as List<Carousel>;
  }

  /**
   * With `wait`, the request is held until the job is finished (succeeded, failed or canceled) or
   * `wait` seconds pass, whichever is first — one request instead of a polling loop.
   * @summary Retrieve a carousel
   * @param wait Seconds to hold for a terminal state, 0–60.
   * @minimum wait 0
   * @maximum wait 60
   */
  @Get('{id}')
  @OperationId('carousels.retrieve')
  @Example<Carousel>({
    id: 'crsl_01jhx7q4m2r8t3v5w7y9z0a1b2',
    object: 'carousel',
    status: 'succeeded',
    progress: { fraction: 1, stage: 'done', eta_seconds: null },
    input: { slides: [{ images: ['file_01jhx7a1img00000000000000a', 'file_01jhx7a1img00000000000000b'], texts: ['Summer sale', 'New drop'] }, { images: ['file_01jhx7a1img00000000000000c'], texts: ['Only this week'] }], sets: 3, selection: 'round_robin', aspect_ratio: '4:5', format: 'jpeg' },
    outputs: [
      {
        file_id: 'file_01jhx7r0output0000000000001',
        url: 'https://api.example.com/v1/files/file_01jhx7r0output0000000000001/content?expires=1768474842&signature=…',
        url_expires_at: '2026-01-15T11:00:42.000Z',
        filename: 'set-1-slide-1.jpg',
        content_type: 'image/jpeg',
        bytes: 482113,
        role: 'slide',
        index: 0,
        position: null,
        metadata: {},
      },
    ],
    credits: { quoted: 6, reserved: 6, charged: 6, refunded: 0 },
    error: null,
    metadata: { campaign: 'summer' },
    external_id: 'order-1042',
    livemode: false,
    created_at: '2026-01-15T10:00:00.000Z',
    started_at: '2026-01-15T10:00:00.000Z',
    finished_at: '2026-01-15T10:00:42.000Z',
    expires_at: '2026-02-14T10:00:42.000Z',
  })
  @Security('api_key', ['read'])
  @Response<Problem>(404, 'No such job in this account and mode')
  public async retrieve(@Request() req: ExpressRequest, @Path() id: string, @Query() wait?: number): Promise<Carousel> {
    return (await getJob(contextOf(req), 'carousel', id, wait ?? 0)) as unknown as Carousel;
  }

  /**
   * A queued job is canceled at once; a running one stops within about a second (its FFmpeg is
   * killed, its temp files removed). Reserved credits are released. Canceling a finished job
   * changes nothing.
   * @summary Cancel a carousel
   */
  @Post('{id}/cancel')
  @OperationId('carousels.cancel')
  @Example<Carousel>({
    id: 'crsl_01jhx7q4m2r8t3v5w7y9z0a1b2',
    object: 'carousel',
    status: 'canceled',
    progress: { fraction: 0, stage: 'queued', eta_seconds: 30 },
    input: { slides: [{ images: ['file_01jhx7a1img00000000000000a', 'file_01jhx7a1img00000000000000b'], texts: ['Summer sale', 'New drop'] }, { images: ['file_01jhx7a1img00000000000000c'], texts: ['Only this week'] }], sets: 3, selection: 'round_robin', aspect_ratio: '4:5', format: 'jpeg' },
    outputs: [],
    credits: { quoted: 6, reserved: 6, charged: 0, refunded: 6 },
    error: null,
    metadata: { campaign: 'summer' },
    external_id: 'order-1042',
    livemode: false,
    created_at: '2026-01-15T10:00:00.000Z',
    started_at: null,
    finished_at: null,
    expires_at: null,
  })
  @Security('api_key', ['jobs:write'])
  @Response<Problem>(404, 'No such job in this account and mode')
  public async cancel(@Request() req: ExpressRequest, @Path() id: string, @Header('Idempotency-Key') idempotencyKey?: string): Promise<Carousel> {
    void idempotencyKey;
    return (await cancelJob(contextOf(req), 'carousel', id)) as unknown as Carousel;
  }
}
