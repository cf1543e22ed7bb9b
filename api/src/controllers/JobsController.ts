import type { Request as ExpressRequest } from 'express';
import { Controller, Example, Get, Header, OperationId, Path, Produces, Query, Request, Response, Route, Security, Tags } from '@tsoa/runtime';
import type { AppName } from '../domain/jobs/app-contract';
import type { JobStatus } from '../domain/jobs/repository';
import type { Problem } from '../errors/problem';
import { contextOf, eventSinkOf } from '../http/context';
import { getJob, listJobs, type Job } from '../services/jobs';
import { streamJobEvents } from '../services/job-stream';
import type { List } from '../services/pagination';

@Route('v1/jobs')
@Tags('Jobs')
@Response<Problem>(401, 'Missing, unknown or revoked API key')
@Response<Problem>(403, 'The key lacks the `read` scope')
@Response<Problem>(429, 'Rate limited')
export class JobsController extends Controller {
  /**
   * Every app's jobs together, newest first. A client that lost a create response finds its job
   * with `?external_id=`.
   * @summary List jobs of every app
   * @param limit 1–100, default 20.
   * @isInt limit
   * @minimum limit 1
   * @maximum limit 100
   * @param starting_after A job id: return the jobs after it (the previous page's `next_cursor`).
   * @param app Only jobs of this app.
   * @param status Only jobs in this status.
   * @param external_id Only the job with this `external_id`.
   */
  @Get()
  @OperationId('jobs.list')
  @Example<List<Job>>({ object: 'list', data: [{
    id: 'crsl_01jhx7q4m2r8t3v5w7y9z0a1b2',
    object: 'carousel',
    status: 'succeeded',
    progress: { fraction: 1, stage: 'done', eta_seconds: null },
    input: { slides: [{ images: ['file_01jhx7a1img00000000000000a'], texts: ['Summer sale'] }, { images: ['file_01jhx7a1img00000000000000b'] }], sets: 1 },
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
  public async list(@Request() req: ExpressRequest, @Query() limit?: number, @Query() starting_after?: string, @Query() app?: AppName, @Query() status?: JobStatus, @Query() external_id?: string): Promise<List<Job>> {
    return listJobs(contextOf(req), undefined, { limit, starting_after, app, status, external_id });
  }

  /**
   * Any app's job by id (`vmix_…`, `loop_…`, `crsl_…`).
   * @summary Retrieve a job
   * @param wait Seconds to hold for a terminal state, 0–60.
   * @minimum wait 0
   * @maximum wait 60
   */
  @Get('{id}')
  @OperationId('jobs.retrieve')
  @Example<Job>({
    id: 'crsl_01jhx7q4m2r8t3v5w7y9z0a1b2',
    object: 'carousel',
    status: 'succeeded',
    progress: { fraction: 1, stage: 'done', eta_seconds: null },
    input: { slides: [{ images: ['file_01jhx7a1img00000000000000a'], texts: ['Summer sale'] }, { images: ['file_01jhx7a1img00000000000000b'] }], sets: 1 },
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
  public async retrieve(@Request() req: ExpressRequest, @Path() id: string, @Query() wait?: number): Promise<Job> {
    return getJob(contextOf(req), undefined, id, wait ?? 0);
  }

  /**
   * Server-sent events (`text/event-stream`) for one job: each state change as the same event
   * object webhooks carry (SSE `event:` is its type, e.g. `carousel.succeeded`, `id:` its event
   * id) and `progress` updates (`{job_id, fraction, stage, eta_seconds}`, at most two a second).
   * The stream closes after the terminal event. Reconnect with `Last-Event-ID` to resume after the
   * last event received; a finished job's stream replays its events and closes, and answers 204
   * (which stops EventSource reconnecting) when nothing follows `Last-Event-ID`.
   * @summary Stream a job's progress and events
   * @param lastEventId The `id` of the last event received, to resume after it.
   */
  @Get('{id}/events')
  @OperationId('jobs.events')
  @Produces('text/event-stream')
  @Security('api_key', ['read'])
  @Response<void>(204, 'The job is finished and no event follows `Last-Event-ID`: nothing to stream (EventSource stops reconnecting)')
  @Response<Problem>(404, 'No such job in this account and mode')
  @Example<string>('id: evt_01jf3v8a6q8m2k4c7xw9t5b3nd\nevent: progress\ndata: {"job_id":"crsl_01jf3v8a6q8m2k4c7xw9t5b3ne","fraction":0.5,"stage":"rendering","eta_seconds":3}\n\n')
  public async events(@Request() req: ExpressRequest, @Path() id: string, @Header('Last-Event-ID') lastEventId?: string): Promise<string> {
    await streamJobEvents(contextOf(req), id, lastEventId, eventSinkOf(req));
    return '';
  }
}
