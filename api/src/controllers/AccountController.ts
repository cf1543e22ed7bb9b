import type { Request as ExpressRequest } from 'express';
import { Controller, OperationId, Get, Request, Response, Route, Security, Tags } from '@tsoa/runtime';
import { contextOf } from '../middleware/request-context';
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
  @Security('api_key', ['read'])
  @Response<Problem>(403, 'The key lacks the `read` scope')
  public async retrieve(@Request() req: ExpressRequest): Promise<Account> {
    return getAccount(contextOf(req));
  }
}
