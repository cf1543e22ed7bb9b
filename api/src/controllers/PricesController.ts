import type { Request as ExpressRequest } from 'express';
import { Controller, Example, Get, OperationId, Request, Response, Route, Security, Tags } from '@tsoa/runtime';
import { contextOf } from '../http/context';
import type { Problem } from '../errors/problem';
import type { List } from '../services/pagination';
import { listPrices, type Price } from '../services/prices';

@Route('v1/prices')
@Tags('Prices')
@Response<Problem>(401, 'Missing, unknown or revoked API key')
@Response<Problem>(429, 'Rate limited')
export class PricesController extends Controller {
  /**
   * The price catalogue every quote and charge comes from: per product, a base price per unit and
   * surcharges per option value. `dry_run=true` on a job shows the same arithmetic for one request.
   * @summary List prices
   */
  @Get()
  @OperationId('prices.list')
  @Example<List<Price>>({
    object: 'list',
    data: [{ object: 'price', product: 'video_mix', description: 'One rendered video mix variant', unit: 'variant', base: 1, surcharges: { resolution: { '720p': 2, '1080p': 5, '2160p': 10 }, fps: { '60': 3 } } }],
    has_more: false,
    next_cursor: null,
  })
  @Security('api_key', ['read'])
  @Response<Problem>(403, 'The key lacks the `read` scope')
  public async list(@Request() req: ExpressRequest): Promise<List<Price>> {
    return listPrices(contextOf(req));
  }
}
