import type { Request as ExpressRequest } from 'express';
import { Controller, Example, Get, OperationId, Query, Request, Response, Route, Security, Tags } from '@tsoa/runtime';
import type { Problem } from '../errors/problem';
import { contextOf } from '../http/context';
import { listPayments, type Payment } from '../services/billing';
import type { List } from '../services/pagination';

@Route('v1/payments')
@Tags('Billing')
@Response<Problem>(401, 'Missing, unknown or revoked API key, or no valid session')
@Response<Problem>(429, 'Rate limited')
export class PaymentsController extends Controller {
  /**
   * The organization's payments for credits, newest first: what was paid, through which gateway,
   * the credits it bought and what refunds or disputes took back. Payments buy live credits, so a
   * test-mode caller lists none.
   * @summary List payments
   * @param limit 1–100, default 20.
   * @isInt limit
   * @minimum limit 1
   * @maximum limit 100
   * @param starting_after A payment id: return the payments after it (the previous page's `next_cursor`).
   */
  @Get()
  @OperationId('payments.list')
  @Example<List<Payment>>({
    object: 'list',
    data: [
      {
        id: 'pay_01jhx7pa0000000000000000a1',
        object: 'payment',
        gateway: 'stripe',
        kind: 'pack',
        item: 'pack_starter',
        amount: 1000,
        currency: 'usd',
        credits: 1000,
        status: 'succeeded',
        amount_refunded: 0,
        credits_reversed: 0,
        receipt_url: null,
        livemode: true,
        created_at: '2026-01-15T10:00:00.000Z',
      },
    ],
    has_more: false,
    next_cursor: null,
  })
  @Security('api_key', ['billing'])
  @Response<Problem>(403, 'The caller lacks the `billing` scope')
  @Response<Problem>(422, 'Invalid query')
  public async list(@Request() req: ExpressRequest, @Query() limit?: number, @Query() starting_after?: string): Promise<List<Payment>> {
    return listPayments(contextOf(req), { limit, starting_after });
  }
}
