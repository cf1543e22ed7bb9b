import type { Request as ExpressRequest } from 'express';
import { Controller, Example, Get, OperationId, Request, Response, Route, Security, Tags } from '@tsoa/runtime';
import type { Problem } from '../errors/problem';
import { contextOf } from '../http/context';
import { getSubscription, type Subscription } from '../services/billing';

@Route('v1/subscription')
@Tags('Billing')
@Response<Problem>(401, 'Missing, unknown or revoked API key, or no valid session')
@Response<Problem>(429, 'Rate limited')
export class SubscriptionController extends Controller {
  /**
   * The organization's plan subscription as the gateway last reported it; `status: "none"` when it
   * has none. A plan change or cancellation takes effect on the tier at the end of the period.
   * @summary Retrieve the subscription
   */
  @Get()
  @OperationId('subscription.retrieve')
  @Example<Subscription>({ object: 'subscription', gateway: 'stripe', plan: 'plan_pro', status: 'active', current_period_end: '2026-02-15T10:00:00.000Z', cancel_at_period_end: false, livemode: true, updated_at: '2026-01-15T10:00:00.000Z' })
  @Security('api_key', ['read'])
  @Response<Problem>(403, 'The caller lacks the `read` scope')
  public async retrieve(@Request() req: ExpressRequest): Promise<Subscription> {
    return getSubscription(contextOf(req));
  }
}
