import type { Request as ExpressRequest } from 'express';
import { Body, Controller, Delete, Example, OperationId, Put, Request, Response, Route, Security, Tags } from '@tsoa/runtime';
import type { Problem } from '../errors/problem';
import { contextOf } from '../http/context';
import { deleteAutoTopUp, putAutoTopUp, type AutoTopUpRequest, type AutoTopUpSettings } from '../services/billing-auto-top-up';

@Route('v1/auto_top_up')
@Tags('Billing')
@Response<Problem>(401, 'Missing, unknown or revoked API key, or no valid session')
@Response<Problem>(429, 'Rate limited')
export class AutoTopUpController extends Controller {
  /**
   * Turns auto top-up on (or changes it): whenever a job's reservation leaves the live balance below
   * `threshold`, one off-session payment for `pack` is made with the card saved at the organization's
   * first checkout (at most one at a time). Credits arrive when the gateway confirms the payment. A
   * failed payment emails the owners, admins and billing members; 3 in a row turn auto top-up off.
   * Needs a live caller with the `billing` scope; setting it resets the failure count.
   * @example body {"threshold": 500, "pack": "pack_starter"}
   * @summary Set auto top-up
   */
  @Put()
  @OperationId('autoTopUp.update')
  @Example<AutoTopUpSettings>({ object: 'auto_top_up', enabled: true, threshold: 500, pack: 'pack_starter', consecutive_failures: 0, livemode: true })
  @Security('api_key', ['billing'])
  @Response<Problem>(403, '`insufficient_scope` (the caller cannot buy), or `livemode_mismatch` (a test-mode caller)')
  @Response<Problem>(422, 'Invalid fields; `catalogue_item_not_found` when `pack` is not a credit pack sold through Stripe')
  @Response<Problem>(503, '`billing_not_configured`: Stripe is not configured on this deployment')
  public async update(@Request() req: ExpressRequest, @Body() body: AutoTopUpRequest): Promise<AutoTopUpSettings> {
    return putAutoTopUp(contextOf(req), body);
  }

  /**
   * Turns auto top-up off. A payment already started still completes (and grants).
   * @summary Turn auto top-up off
   */
  @Delete()
  @OperationId('autoTopUp.delete')
  @Example<AutoTopUpSettings>({ object: 'auto_top_up', enabled: false, threshold: null, pack: null, consecutive_failures: 0, livemode: true })
  @Security('api_key', ['billing'])
  @Response<Problem>(403, '`insufficient_scope`, or `livemode_mismatch` (a test-mode caller)')
  public async delete(@Request() req: ExpressRequest): Promise<AutoTopUpSettings> {
    return deleteAutoTopUp(contextOf(req));
  }
}
