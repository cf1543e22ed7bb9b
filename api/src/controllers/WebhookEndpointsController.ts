import type { Request as ExpressRequest } from 'express';
import { Body, Controller, Delete, Example, Get, Header, OperationId, Patch, Path, Post, Query, Request, Response, Route, Security, SuccessResponse, Tags } from '@tsoa/runtime';
import type { Problem } from '../errors/problem';
import { contextOf } from '../http/context';
import type { List } from '../services/pagination';
import {
  createEndpoint,
  getEndpoint,
  listDeliveries,
  listEndpoints,
  patchEndpoint,
  recover,
  removeEndpoint,
  rotateSecret,
  type CreateWebhookEndpointRequest,
  type DeletedWebhookEndpoint,
  type RecoverResult,
  type UpdateWebhookEndpointRequest,
  type WebhookDelivery,
  type WebhookEndpoint,
  type WebhookEndpointTestEvent,
  type WebhookEndpointWithSecret,
  sendTestEvent,
} from '../services/webhook-endpoints';

@Route('v1/webhook_endpoints')
@Tags('Webhook endpoints')
@Response<Problem>(401, 'Missing, unknown or revoked API key')
@Response<Problem>(403, 'The key lacks the `webhooks:manage` scope')
@Response<Problem>(429, 'Rate limited')
export class WebhookEndpointsController extends Controller {
  /**
   * Events are POSTed to the URL as JSON, signed per Standard Webhooks (`webhook-id`,
   * `webhook-timestamp`, `webhook-signature`) with the secret returned here, only here (a replay
   * with the same `Idempotency-Key` answers without it, with `secret_redacted: true`). Failed
   * deliveries are retried after 5 s, 5 min, 30 min, 2 h, 5 h, 10 h and 10 h; an endpoint that
   * answers `410 Gone`, or fails for 5 days, is disabled. The URL must be public (no private,
   * loopback or metadata addresses).
   * @summary Create a webhook endpoint
   * @example body {"url": "https://example.com/webhooks/lumiku", "description": "Order system", "event_types": ["video_mix.succeeded", "video_mix.failed"]}
   */
  @Post()
  @OperationId('webhookEndpoints.create')
  @Security('api_key', ['webhooks:manage'])
  @SuccessResponse(201, 'Created')
  @Response<Problem>(409, '`idempotency_conflict`')
  @Response<Problem>(422, '`validation_failed` or `url_not_allowed`')
  @Response<Problem>(503, '`webhook_backend_unavailable`: Svix could not be reached')
  @Example<WebhookEndpointWithSecret>({
    id: 'we_01jf3v8a6q8m2k4c7xw9t5b3nd',
    object: 'webhook_endpoint',
    url: 'https://example.com/webhooks/lumiku',
    description: 'Order system',
    event_types: ['video_mix.succeeded', 'video_mix.failed'],
    enabled: true,
    disabled_reason: null,
    livemode: true,
    created_at: '2026-01-01T12:00:00.000Z',
    updated_at: '2026-01-01T12:00:00.000Z',
    secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
  })
  public async create(@Request() req: ExpressRequest, @Body() body: CreateWebhookEndpointRequest, @Header('Idempotency-Key') idempotencyKey?: string): Promise<WebhookEndpointWithSecret> {
    void idempotencyKey;
    const created = await createEndpoint(contextOf(req), body);
    this.setStatus(201);
    return created;
  }

  /**
   * Newest first.
   * @summary List webhook endpoints
   * @param limit 1–100, default 20.
   * @isInt limit
   * @minimum limit 1
   * @maximum limit 100
   * @param starting_after An endpoint id: return the endpoints after it.
   */
  @Get()
  @OperationId('webhookEndpoints.list')
  @Security('api_key', ['webhooks:manage'])
  @Response<Problem>(422, 'Invalid query')
  @Example<List<WebhookEndpoint>>({ object: 'list', data: [{
    id: 'we_01jf3v8a6q8m2k4c7xw9t5b3nd',
    object: 'webhook_endpoint',
    url: 'https://example.com/webhooks/lumiku',
    description: 'Order system',
    event_types: ['video_mix.succeeded', 'video_mix.failed'],
    enabled: true,
    disabled_reason: null,
    livemode: true,
    created_at: '2026-01-01T12:00:00.000Z',
    updated_at: '2026-01-01T12:00:00.000Z',
  }], has_more: false, next_cursor: null })
  public async list(@Request() req: ExpressRequest, @Query() limit?: number, @Query() starting_after?: string): Promise<List<WebhookEndpoint>> {
    return listEndpoints(contextOf(req), { limit, starting_after });
  }

  /**
   * The endpoint without its secret.
   * @summary Retrieve a webhook endpoint
   */
  @Get('{id}')
  @OperationId('webhookEndpoints.retrieve')
  @Security('api_key', ['webhooks:manage'])
  @Response<Problem>(404, 'No such endpoint in this account and mode')
  @Example<WebhookEndpoint>({
    id: 'we_01jf3v8a6q8m2k4c7xw9t5b3nd',
    object: 'webhook_endpoint',
    url: 'https://example.com/webhooks/lumiku',
    description: 'Order system',
    event_types: ['video_mix.succeeded', 'video_mix.failed'],
    enabled: true,
    disabled_reason: null,
    livemode: true,
    created_at: '2026-01-01T12:00:00.000Z',
    updated_at: '2026-01-01T12:00:00.000Z',
  })
  public async retrieve(@Request() req: ExpressRequest, @Path() id: string): Promise<WebhookEndpoint> {
    return getEndpoint(contextOf(req), id);
  }

  /**
   * Changes the URL, description, event filter or enabled state. Re-enabling an endpoint that was
   * disabled for failures starts a fresh 5-day window.
   * @summary Update a webhook endpoint
   * @example body {"event_types": ["video_mix.*", "credits.low"], "enabled": true}
   */
  @Patch('{id}')
  @OperationId('webhookEndpoints.update')
  @Security('api_key', ['webhooks:manage'])
  @Response<Problem>(404, 'No such endpoint in this account and mode')
  @Response<Problem>(422, '`validation_failed` or `url_not_allowed`')
  @Response<Problem>(503, '`webhook_backend_unavailable`: Svix could not be reached')
  @Example<WebhookEndpoint>({
    id: 'we_01jf3v8a6q8m2k4c7xw9t5b3nd',
    object: 'webhook_endpoint',
    url: 'https://example.com/webhooks/lumiku',
    description: 'Order system',
    event_types: ['video_mix.succeeded', 'video_mix.failed'],
    enabled: true,
    disabled_reason: null,
    livemode: true,
    created_at: '2026-01-01T12:00:00.000Z',
    updated_at: '2026-01-01T12:00:00.000Z',
  })
  public async update(@Request() req: ExpressRequest, @Path() id: string, @Body() body: UpdateWebhookEndpointRequest): Promise<WebhookEndpoint> {
    return patchEndpoint(contextOf(req), id, body);
  }

  /**
   * Stops all deliveries to the endpoint; its deliveries log is kept.
   * @summary Delete a webhook endpoint
   */
  @Delete('{id}')
  @OperationId('webhookEndpoints.delete')
  @Security('api_key', ['webhooks:manage'])
  @Response<Problem>(404, 'No such endpoint in this account and mode')
  @Response<Problem>(503, '`webhook_backend_unavailable`: Svix could not be reached')
  @Example<DeletedWebhookEndpoint>({ id: 'we_01jf3v8a6q8m2k4c7xw9t5b3nd', object: 'webhook_endpoint', deleted: true })
  public async delete(@Request() req: ExpressRequest, @Path() id: string): Promise<DeletedWebhookEndpoint> {
    return removeEndpoint(contextOf(req), id);
  }

  /**
   * Makes a new signing secret and returns it. For a grace period (24 h by default) deliveries carry
   * two signatures, one per secret, so receivers can switch without losing an event. The new secret
   * is shown only in this response (a replay with the same `Idempotency-Key` answers without it,
   * with `secret_redacted: true`).
   * @summary Rotate an endpoint's secret
   */
  @Post('{id}/rotate_secret')
  @OperationId('webhookEndpoints.rotateSecret')
  @Security('api_key', ['webhooks:manage'])
  @Response<Problem>(404, 'No such endpoint in this account and mode')
  @Response<Problem>(503, '`webhook_backend_unavailable`: Svix could not be reached')
  @Example<WebhookEndpointWithSecret>({
    id: 'we_01jf3v8a6q8m2k4c7xw9t5b3nd',
    object: 'webhook_endpoint',
    url: 'https://example.com/webhooks/lumiku',
    description: 'Order system',
    event_types: ['video_mix.succeeded', 'video_mix.failed'],
    enabled: true,
    disabled_reason: null,
    livemode: true,
    created_at: '2026-01-01T12:00:00.000Z',
    updated_at: '2026-01-01T12:00:00.000Z',
    secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
  })
  public async rotateSecret(@Request() req: ExpressRequest, @Path() id: string, @Header('Idempotency-Key') idempotencyKey?: string): Promise<WebhookEndpointWithSecret> {
    void idempotencyKey;
    return rotateSecret(contextOf(req), id);
  }

  /**
   * Every delivery attempt to this endpoint, newest first: when, the status code, latency, the
   * start of the response body, and when the next retry is due.
   * @summary List an endpoint's deliveries
   * @param limit 1–100, default 20.
   * @isInt limit
   * @minimum limit 1
   * @maximum limit 100
   * @param starting_after A delivery id: return the deliveries after it.
   * @param event_id Only the attempts for this event.
   */
  @Get('{id}/deliveries')
  @OperationId('webhookEndpoints.deliveries')
  @Security('api_key', ['webhooks:manage'])
  @Response<Problem>(404, 'No such endpoint in this account and mode')
  @Response<Problem>(422, 'Invalid query')
  @Example<List<WebhookDelivery>>({
    object: 'list',
    data: [
      {
        id: 'wha_01jf3v8a6q8m2k4c7xw9t5b3nd',
        object: 'webhook_delivery',
        event_id: 'evt_01jf3v8a6q8m2k4c7xw9t5b3nd',
        event_type: 'video_mix.succeeded',
        attempt: 2,
        attempted_at: '2026-01-01T12:00:05.000Z',
        status_code: 200,
        latency_ms: 84,
        outcome: 'succeeded',
        error: null,
        response_excerpt: 'ok',
        next_retry_at: null,
      },
    ],
    has_more: false,
    next_cursor: null,
  })
  public async deliveries(@Request() req: ExpressRequest, @Path() id: string, @Query() limit?: number, @Query() starting_after?: string, @Query() event_id?: string): Promise<List<WebhookDelivery>> {
    return listDeliveries(contextOf(req), id, { limit, starting_after, event_id });
  }

  /**
   * Schedules again every delivery to this endpoint that failed (used up its retries, or was
   * dropped while the endpoint was disabled) since the given time. Enable the endpoint first.
   * @summary Recover failed deliveries
   * @param since ISO 8601 time in the past.
   */
  @Post('{id}/recover')
  @OperationId('webhookEndpoints.recover')
  @Security('api_key', ['webhooks:manage'])
  @Response<Problem>(404, 'No such endpoint in this account and mode')
  @Response<Problem>(422, '`validation_failed`: since is missing or not a past time')
  @Response<Problem>(503, '`webhook_backend_unavailable`: Svix could not be reached')
  @Example<RecoverResult>({ object: 'webhook_recovery', endpoint_id: 'we_01jf3v8a6q8m2k4c7xw9t5b3nd', since: '2026-01-01T00:00:00.000Z', scheduled: 12 })
  public async recover(@Request() req: ExpressRequest, @Path() id: string, @Query() since: string, @Header('Idempotency-Key') idempotencyKey?: string): Promise<RecoverResult> {
    void idempotencyKey;
    return recover(contextOf(req), id, since);
  }

  /**
   * Sends this endpoint (and only it, whatever its `event_types`) one signed `webhook_endpoint.test`
   * event carrying the endpoint, to check the receiver and its signature verification. The event is
   * recorded and delivered like any other (see the endpoint's deliveries log); no other endpoint
   * ever receives `webhook_endpoint.test`. A replay with the same `Idempotency-Key` answers the same
   * event and sends nothing more.
   * @summary Send a test event
   */
  @Post('{id}/send_test_event')
  @OperationId('webhookEndpoints.sendTestEvent')
  @Security('api_key', ['webhooks:manage'])
  @SuccessResponse(202, 'Accepted: the delivery is scheduled')
  @Response<Problem>(404, 'No such endpoint in this account and mode')
  @Response<Problem>(409, '`endpoint_disabled`: enable the endpoint first')
  @Example<WebhookEndpointTestEvent>({
    id: 'evt_01jf3v8a6q8m2k4c7xw9t5b3nd',
    object: 'event',
    type: 'webhook_endpoint.test',
    created_at: '2026-01-01T12:00:00.000Z',
    livemode: true,
    data: {
      object: {
        id: 'we_01jf3v8a6q8m2k4c7xw9t5b3nd',
        object: 'webhook_endpoint',
        url: 'https://example.com/webhooks/lumiku',
        description: 'Order system',
        event_types: ['video_mix.succeeded', 'video_mix.failed'],
        enabled: true,
        disabled_reason: null,
        livemode: true,
        created_at: '2026-01-01T12:00:00.000Z',
        updated_at: '2026-01-01T12:00:00.000Z',
      },
    },
  })
  public async sendTestEvent(@Request() req: ExpressRequest, @Path() id: string, @Header('Idempotency-Key') idempotencyKey?: string): Promise<WebhookEndpointTestEvent> {
    void idempotencyKey;
    const event = await sendTestEvent(contextOf(req), id);
    this.setStatus(202);
    return event;
  }
}
