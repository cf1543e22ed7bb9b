import type { Request as ExpressRequest } from 'express';
import { Controller, OperationId, Get, Query, Request, Response, Route, Security, Tags } from '@tsoa/runtime';
import { contextOf } from '../middleware/request-context';
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
   * The append-only credits ledger, newest first. Summing every `amount` gives the balance.
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
  @Security('api_key', ['read'])
  @Response<Problem>(422, 'Invalid query')
  public async list(@Request() req: ExpressRequest, @Query() limit?: number, @Query() starting_after?: string, @Query() type?: CreditTransactionType): Promise<List<CreditTransaction>> {
    return listCreditTransactions(contextOf(req), { limit, starting_after, type });
  }
}
