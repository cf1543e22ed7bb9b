import type { Request as ExpressRequest } from 'express';
import { Controller, Example, Get, OperationId, Query, Request, Response, Route, Security, Tags } from '@tsoa/runtime';
import { contextOf } from '../http/context';
import type { Problem } from '../errors/problem';
import type { List } from '../services/pagination';
import { listCreditTransactions, type CreditTransaction } from '../services/credits';
import type { CreditTransactionType } from '../domain/credits/ledger';

@Route('v1/credit_transactions')
@Tags('Credits')
@Response<Problem>(401, 'Missing, unknown or revoked API key')
@Response<Problem>(403, 'The key lacks the `read` scope')
@Response<Problem>(429, 'Rate limited')
export class CreditTransactionsController extends Controller {
  /**
   * The append-only credits ledger, newest first. Summing every `amount` gives the balance. The
   * ledger is live: test-mode jobs are free and never touch it, so a test key lists nothing here.
   * @summary List credit transactions
   * @param limit 1–100, default 20.
   * @isInt limit
   * @minimum limit 1
   * @maximum limit 100
   * @param starting_after A transaction id: return the ones after it (the previous page's `next_cursor`).
   * @param type Only transactions of this type.
   */
  @Get()
  @OperationId('creditTransactions.list')
  @Example<List<CreditTransaction>>({
    object: 'list',
    data: [
      { id: 'txn_01jhx7tx000000000000000002', object: 'credit_transaction', type: 'capture', amount: 0, balance_after: 4194, reservation_id: 'rsv_01jhx7rs000000000000000001', api_key_id: 'key_01jhx7k3y0000000000000000a', description: 'carousel crsl_01jhx7q4m2r8t3v5w7y9z0a1b2', livemode: true, created_at: '2026-01-15T10:00:42.000Z' },
      { id: 'txn_01jhx7tx000000000000000001', object: 'credit_transaction', type: 'reserve', amount: -6, balance_after: 4194, reservation_id: 'rsv_01jhx7rs000000000000000001', api_key_id: 'key_01jhx7k3y0000000000000000a', description: 'carousel crsl_01jhx7q4m2r8t3v5w7y9z0a1b2', livemode: true, created_at: '2026-01-15T10:00:00.000Z' },
    ],
    has_more: true,
    next_cursor: 'txn_01jhx7tx000000000000000001',
  })
  @Security('api_key', ['read'])
  @Response<Problem>(422, 'Invalid query')
  public async list(@Request() req: ExpressRequest, @Query() limit?: number, @Query() starting_after?: string, @Query() type?: CreditTransactionType): Promise<List<CreditTransaction>> {
    return listCreditTransactions(contextOf(req), { limit, starting_after, type });
  }
}
