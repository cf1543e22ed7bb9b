import type { Request as ExpressRequest } from 'express';
import { Controller, Example, Get, OperationId, Request, Response, Route, Security, Tags } from '@tsoa/runtime';
import { contextOf } from '../http/context';
import type { Problem } from '../errors/problem';
import { getAccount, type Account } from '../services/account';

@Route('v1/account')
@Tags('Account')
@Response<Problem>(401, 'Missing, unknown or revoked API key')
@Response<Problem>(429, 'Rate limited')
export class AccountController extends Controller {
  /**
   * The account the API key belongs to, with its credit balance.
   * @summary Retrieve the account
   */
  @Get()
  @OperationId('account.retrieve')
  @Example<Account>({ id: 'acct_01jhx7ac0000000000000000a1', object: 'account', name: 'Acme Studio', email: 'ops@acme.test', plan: 'pro', balance: 4200, restricted: false, auto_top_up: { threshold: 500, pack: 'pack_starter' }, livemode: false, created_at: '2026-01-15T10:00:00.000Z' })
  @Security('api_key', ['read'])
  @Response<Problem>(403, 'The key lacks the `read` scope')
  public async retrieve(@Request() req: ExpressRequest): Promise<Account> {
    return getAccount(contextOf(req));
  }
}
