import type { Request as ExpressRequest } from 'express';
import { Body, Controller, Example, Header, OperationId, Post, Request, Response, Route, Security, SuccessResponse, Tags } from '@tsoa/runtime';
import type { Problem } from '../errors/problem';
import { contextOf } from '../http/context';
import { createBillingPortalSession, type BillingPortalSession, type BillingPortalSessionRequest } from '../services/billing';

@Route('v1/billing_portal_sessions')
@Tags('Billing')
@Response<Problem>(401, 'Missing, unknown or revoked API key, or no valid session')
@Response<Problem>(429, 'Rate limited')
export class BillingController extends Controller {
  /**
   * Opens Stripe's customer portal for the organization (payment methods, invoices, the plan):
   * send the customer to `url`. Needs a live caller with the `billing` scope.
   * @example body {"return_url": "https://app.example.com/billing"}
   * @summary Create a billing portal session
   * @param idempotencyKey Makes retries safe: the same key and body return the first response.
   */
  @Post()
  @OperationId('billingPortalSessions.create')
  @Example<BillingPortalSession>({ object: 'billing_portal_session', gateway: 'stripe', url: 'https://billing.stripe.com/p/session/test_YWNjdF8xTjhBbmVz' })
  @Security('api_key', ['billing'])
  @SuccessResponse(201, 'Created')
  @Response<Problem>(403, '`insufficient_scope` (the caller cannot buy), or `livemode_mismatch` (a test-mode caller)')
  @Response<Problem>(409, 'Idempotency-Key reused with a different body')
  @Response<Problem>(422, 'Invalid fields')
  @Response<Problem>(503, '`billing_not_configured`: Stripe is not configured on this deployment; `payment_gateway_unavailable`')
  public async create(@Request() req: ExpressRequest, @Body() body: BillingPortalSessionRequest, @Header('Idempotency-Key') idempotencyKey?: string): Promise<BillingPortalSession> {
    void idempotencyKey;
    const session = await createBillingPortalSession(contextOf(req), body);
    this.setStatus(201);
    return session;
  }
}
