import type { Request as ExpressRequest } from 'express';
import { Controller, Example, Get, OperationId, Request, Response, Route, Security, Tags } from '@tsoa/runtime';
import type { Problem } from '../errors/problem';
import { contextOf } from '../http/context';
import { listCreditPacks, type CreditPack } from '../services/billing';
import type { List } from '../services/pagination';

@Route('v1/credit_packs')
@Tags('Billing')
@Response<Problem>(401, 'Missing, unknown or revoked API key, or no valid session')
@Response<Problem>(429, 'Rate limited')
export class CreditPacksController extends Controller {
  /**
   * The credit packs on sale: credits for a one-off payment, priced by the catalogue (a checkout
   * always charges the catalogue's price). `gateways` lists where this deployment sells each one;
   * an empty list means it cannot be bought here.
   * @summary List credit packs
   */
  @Get()
  @OperationId('creditPacks.list')
  @Example<List<CreditPack>>({
    object: 'list',
    data: [{ id: 'pack_starter', object: 'credit_pack', name: 'Starter', credits: 1000, amount: 1000, currency: 'usd', gateways: ['stripe'] }],
    has_more: false,
    next_cursor: null,
  })
  @Security('api_key', ['read'])
  @Response<Problem>(403, 'The caller lacks the `read` scope')
  public async list(@Request() req: ExpressRequest): Promise<List<CreditPack>> {
    return listCreditPacks(contextOf(req));
  }
}
