import type { Request as ExpressRequest } from 'express';
import { Controller, Example, Get, OperationId, Request, Response, Route, Security, Tags } from '@tsoa/runtime';
import type { Problem } from '../errors/problem';
import { contextOf } from '../http/context';
import { listPlans, type Plan } from '../services/billing';
import type { List } from '../services/pagination';

@Route('v1/plans')
@Tags('Billing')
@Response<Problem>(401, 'Missing, unknown or revoked API key, or no valid session')
@Response<Problem>(429, 'Rate limited')
export class PlansController extends Controller {
  /**
   * The monthly plans: each month's paid invoice grants `monthly_credits` (unused allowance expires
   * unless `rollover`), and the plan's `tier` decides which `ai_models` the organization may use.
   * @summary List plans
   */
  @Get()
  @OperationId('plans.list')
  @Example<List<Plan>>({
    object: 'list',
    data: [{ id: 'plan_pro', object: 'plan', name: 'Pro', amount: 2900, currency: 'usd', interval: 'month', monthly_credits: 3500, rollover: false, tier: 'pro', rate_limit_per_minute: 600, gateways: ['stripe'] }],
    has_more: false,
    next_cursor: null,
  })
  @Security('api_key', ['read'])
  @Response<Problem>(403, 'The caller lacks the `read` scope')
  public async list(@Request() req: ExpressRequest): Promise<List<Plan>> {
    return listPlans(contextOf(req));
  }
}
