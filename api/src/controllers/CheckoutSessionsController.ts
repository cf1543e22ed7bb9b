import type { Request as ExpressRequest } from 'express';
import { Body, Controller, Example, Header, OperationId, Post, Request, Response, Route, Security, SuccessResponse, Tags } from '@tsoa/runtime';
import type { Problem } from '../errors/problem';
import { contextOf } from '../http/context';
import { createCheckoutSession, type CheckoutSession, type CheckoutSessionRequest } from '../services/billing';

@Route('v1/checkout_sessions')
@Tags('Billing')
@Response<Problem>(401, 'Missing, unknown or revoked API key, or no valid session')
@Response<Problem>(429, 'Rate limited')
export class CheckoutSessionsController extends Controller {
  /**
   * Starts a payment for a credit pack (`pack`) or a monthly plan (`plan`) on the gateway's hosted
   * page: send the buyer to `url`. The price is the catalogue's; the credits arrive when the gateway
   * confirms the payment (a pack's at once, a plan's with each paid monthly invoice). Needs a live
   * caller with the `billing` scope (owner, admin or billing members).
   * @example body {"pack": "pack_starter", "success_url": "https://app.example.com/billing/done", "cancel_url": "https://app.example.com/billing"}
   * @summary Create a checkout session
   * @param idempotencyKey Makes retries safe: the same key and body return the first response.
   */
  @Post()
  @OperationId('checkoutSessions.create')
  @Example<CheckoutSession>({
    id: 'cs_test_a1b2c3d4e5f6g7h8i9j0',
    object: 'checkout_session',
    gateway: 'stripe',
    url: 'https://checkout.stripe.com/c/pay/cs_test_a1b2c3d4e5f6g7h8i9j0',
    payment_id: 'pay_01jhx7pa0000000000000000a1',
    item: 'pack_starter',
    amount: 1000,
    currency: 'usd',
    credits: 1000,
    expires_at: '2026-01-16T10:00:00.000Z',
  })
  @Security('api_key', ['billing'])
  @SuccessResponse(201, 'Created')
  @Response<Problem>(403, '`insufficient_scope` (the caller cannot buy), or `livemode_mismatch` (a test-mode caller)')
  @Response<Problem>(409, 'Idempotency-Key reused with a different body')
  @Response<Problem>(422, '`catalogue_item_not_found`: no such pack or plan (or not sold through that gateway); or invalid fields')
  @Response<Problem>(503, '`billing_not_configured`: no payment gateway on this deployment; `payment_gateway_unavailable`')
  public async create(@Request() req: ExpressRequest, @Body() body: CheckoutSessionRequest, @Header('Idempotency-Key') idempotencyKey?: string): Promise<CheckoutSession> {
    void idempotencyKey;
    const session = await createCheckoutSession(contextOf(req), body);
    this.setStatus(201);
    return session;
  }
}
