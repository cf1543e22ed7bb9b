import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { ApiError } from '../../errors/api-error';
import { InvariantError } from '../errors';

const Product = z.object({
  description: z.string(),
  unit: z.string(),
  base: z.number().int().min(0),
  surcharges: z.record(z.string(), z.record(z.string(), z.number().int())),
});
const Catalogue = z.object({ products: z.record(z.string(), Product) });

export type PriceCatalogue = z.infer<typeof Catalogue>;
export type ProductPrice = z.infer<typeof Product>;

export const DEFAULT_CATALOGUE_PATH = path.join(__dirname, 'catalogue.json');

/** Reads and validates the catalogue once at start; a broken file stops the process. */
export function loadCatalogue(file = DEFAULT_CATALOGUE_PATH): PriceCatalogue {
  const parsed = Catalogue.safeParse(JSON.parse(fs.readFileSync(file, 'utf8')));
  if (!parsed.success) throw new Error(`Invalid price catalogue ${file}: ${parsed.error.message}`);
  return parsed.data;
}

export interface QuoteLine {
  description: string;
  amount: number;
}

export interface Quote {
  product: string;
  unit: string;
  quantity: number;
  unit_price: number;
  total: number;
  lines: QuoteLine[];
}

/**
 * The one pricing function: a dry run's quote and the reservation a job makes both come from here.
 * `base` overrides the catalogue's base price (an AI model's own cost from the model registry).
 */
export function quote(
  catalogue: PriceCatalogue,
  productName: string,
  request: { quantity: number; options?: Record<string, string | number | boolean | null | undefined>; base?: number; baseLabel?: string },
): Quote {
  const product = catalogue.products[productName];
  // The checks at start (domain/apps/checks.ts) refuse a catalogue without every app's product.
  if (!product) throw new InvariantError(`No price for product '${productName}'.`);
  if (!Number.isSafeInteger(request.quantity) || request.quantity < 0) throw new ApiError(422, 'validation_failed', 'Quantity must be a whole number ≥ 0.');
  const base = request.base ?? product.base;
  const lines: QuoteLine[] = [{ description: request.baseLabel ?? `base per ${product.unit}`, amount: base }];
  for (const [option, table] of Object.entries(product.surcharges)) {
    const value = request.options?.[option];
    if (value === undefined || value === null) continue;
    const amount = table[String(value)];
    if (amount === undefined) throw new ApiError(422, 'validation_failed', `No price for ${option}=${String(value)}.`, { errors: [{ path: option, message: `must be one of ${Object.keys(table).join(', ')}` }] });
    if (amount !== 0) lines.push({ description: `${option} ${String(value)}`, amount });
  }
  const unitPrice = Math.max(0, lines.reduce((sum, l) => sum + l.amount, 0));
  return { product: productName, unit: product.unit, quantity: request.quantity, unit_price: unitPrice, total: unitPrice * request.quantity, lines };
}
