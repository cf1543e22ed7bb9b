import type { Request as ExpressRequest } from 'express';
import { Controller, Example, Get, Header, OperationId, Path, Post, Produces, Query, Request, Response, Route, Security, Tags } from '@tsoa/runtime';
import type { Problem } from '../errors/problem';
import { contextOf, eventSinkOf } from '../http/context';
import { getEvent, listEvents, resend, type Event, type ResendResult } from '../services/events';
import { streamAccountEvents } from '../services/event-stream';
import type { List } from '../services/pagination';

@Route('v1/events')
@Tags('Events')
@Response<Problem>(401, 'Missing, unknown or revoked API key')
@Response<Problem>(429, 'Rate limited')
export class EventsController extends Controller {
  /**
   * Every event of this account and mode, newest first: job state changes (`<app>.<status>`),
   * `credits.low` and `webhook_endpoint.disabled`. Each event is written in the same transaction as
   * the change it describes, so this list is complete; webhooks deliver the same objects.
   * @summary List events
   * @param limit 1–100, default 20.
   * @isInt limit
   * @minimum limit 1
   * @maximum limit 100
   * @param starting_after An event id: return the events after it (the previous page's `next_cursor`).
   * @param type Only this type (`video_mix.succeeded`), or a prefix (`video_mix.*`).
   * @param job_id Only the events of this job.
   */
  @Get()
  @OperationId('events.list')
  @Security('api_key', ['read'])
  @Response<Problem>(403, 'The key lacks the `read` scope')
  @Response<Problem>(422, 'Invalid query')
  @Example<List<Event>>({ object: 'list', data: [{
    id: 'evt_01jf3v8a6q8m2k4c7xw9t5b3nd',
    object: 'event',
    type: 'credits.low',
    created_at: '2026-01-01T12:00:00.000Z',
    livemode: true,
    data: { object: { object: 'balance', account_id: 'acct_01jf3v8a6q8m2k4c7xw9t5b3nd', balance: 42, threshold: 100, livemode: true } },
  }], has_more: false, next_cursor: null })
  public async list(@Request() req: ExpressRequest, @Query() limit?: number, @Query() starting_after?: string, @Query() type?: string, @Query() job_id?: string): Promise<List<Event>> {
    return listEvents(contextOf(req), { limit, starting_after, type, job_id });
  }

  /**
   * Server-sent events (`text/event-stream`): every event of this account and mode as it commits,
   * for as long as the connection stays open (a `: keep-alive` comment every 15 s). Each message's
   * `id:` is the event id, `event:` its type and `data:` the event object webhooks carry. Without
   * `Last-Event-ID` the stream starts with the events from now on; reconnect with the last `id:`
   * received as `Last-Event-ID` and it first sends every matching event after it, in order, so
   * nothing is lost between connections. This is what `npx lumiku listen` forwards to a local
   * webhook receiver.
   * @summary Stream the account's events
   * @param types Only these event types, comma-separated; `*` matches any characters (`video_mix.*`, `*.failed`, `credits.low`). Default: every type.
   * @param lastEventId The `id` of the last event received, to resume after it.
   */
  @Get('stream')
  @OperationId('events.stream')
  @Produces('text/event-stream')
  @Security('api_key', ['read'])
  @Response<Problem>(403, 'The key lacks the `read` scope')
  @Response<Problem>(422, '`types` names no event type, or `Last-Event-ID` is not an event id')
  @Example<string>('id: evt_01jf3v8a6q8m2k4c7xw9t5b3nd\nevent: video_mix.succeeded\ndata: {"id":"evt_01jf3v8a6q8m2k4c7xw9t5b3nd","object":"event","type":"video_mix.succeeded","created_at":"2026-01-01T12:00:00.000Z","livemode":false,"data":{"object":{"id":"vmix_01jf3v8a6q8m2k4c7xw9t5b3ne","object":"video_mix","status":"succeeded"}}}\n\n')
  public async stream(@Request() req: ExpressRequest, @Query() types?: string, @Header('Last-Event-ID') lastEventId?: string): Promise<string> {
    await streamAccountEvents(contextOf(req), { types, lastEventId }, eventSinkOf(req));
    return '';
  }

  /**
   * One event, as webhooks deliver it: `data.object` is the object as it was when the event
   * happened (a job exactly as `GET /v1/<app>/{id}` rendered it then).
   * @summary Retrieve an event
   */
  @Get('{id}')
  @OperationId('events.retrieve')
  @Security('api_key', ['read'])
  @Response<Problem>(403, 'The key lacks the `read` scope')
  @Response<Problem>(404, 'No such event in this account and mode')
  @Example<Event>({
    id: 'evt_01jf3v8a6q8m2k4c7xw9t5b3nd',
    object: 'event',
    type: 'credits.low',
    created_at: '2026-01-01T12:00:00.000Z',
    livemode: true,
    data: { object: { object: 'balance', account_id: 'acct_01jf3v8a6q8m2k4c7xw9t5b3nd', balance: 42, threshold: 100, livemode: true } },
  })
  public async retrieve(@Request() req: ExpressRequest, @Path() id: string): Promise<Event> {
    return getEvent(contextOf(req), id);
  }

  /**
   * Delivers the event again to every enabled endpoint subscribed to its type (including endpoints
   * created after it) and to its job's `webhook_url`, one attempt each, logged in each endpoint's
   * deliveries. The `webhook-id` header is the event id again, so receivers that deduplicate see it
   * as the same event.
   * @summary Resend an event
   */
  @Post('{id}/resend')
  @OperationId('events.resend')
  @Security('api_key', ['webhooks:manage'])
  @Response<Problem>(403, 'The key lacks the `webhooks:manage` scope')
  @Response<Problem>(404, 'No such event in this account and mode')
  @Response<Problem>(503, '`webhook_backend_unavailable`: Svix could not be reached')
  @Example<ResendResult>({ object: 'event_resend', event_id: 'evt_01jf3v8a6q8m2k4c7xw9t5b3nd', scheduled: 2 })
  public async resend(@Request() req: ExpressRequest, @Path() id: string, @Header('Idempotency-Key') idempotencyKey?: string): Promise<ResendResult> {
    void idempotencyKey;
    return resend(contextOf(req), id);
  }
}
