import type { Request as ExpressRequest } from 'express';
import { Controller, Example, Get, OperationId, Request, Response, Route, Security, Tags } from '@tsoa/runtime';
import type { Problem } from '../errors/problem';
import { contextOf } from '../http/context';
import { getDefaultSecret, type WebhookSecret } from '../services/webhook-endpoints';

@Route('v1/webhook_secret')
@Tags('Webhook endpoints')
@Response<Problem>(401, 'Missing, unknown or revoked API key')
@Response<Problem>(429, 'Rate limited')
export class WebhookSecretController extends Controller {
  /**
   * Jobs created with `webhook_url` are delivered like endpoint webhooks and signed with this
   * secret (one per account and mode, made on first use). Verify them exactly as endpoint webhooks.
   * @summary Retrieve the per-request webhook secret
   */
  @Get()
  @OperationId('webhookSecret.retrieve')
  @Security('api_key', ['webhooks:manage'])
  @Response<Problem>(403, 'The key lacks the `webhooks:manage` scope')
  @Example<WebhookSecret>({ object: 'webhook_secret', secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw' })
  public async retrieve(@Request() req: ExpressRequest): Promise<WebhookSecret> {
    return getDefaultSecret(contextOf(req));
  }
}
