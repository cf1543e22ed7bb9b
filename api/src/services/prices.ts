import type { RequestContext } from '../request-context';
import type { List } from './pagination';

export interface Price {
  object: 'price';
  /** The job resource this prices. @example "video_mix" */
  product: string;
  description: string;
  /** What one unit is. @example "variant" */
  unit: string;
  /** Credits per unit before surcharges. */
  base: number;
  /** Credits added per unit, by option and value. @example {"resolution": {"720p": 2, "1080p": 5}} */
  surcharges: { [option: string]: { [value: string]: number } };
}

export function listPrices(ctx: RequestContext): List<Price> {
  const data = Object.entries(ctx.deps.prices.products).map(([product, p]) => ({ object: 'price' as const, product, description: p.description, unit: p.unit, base: p.base, surcharges: p.surcharges }));
  return { object: 'list', data, has_more: false, next_cursor: null };
}
