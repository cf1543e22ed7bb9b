import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

export const GATEWAYS = ['stripe', 'duitku'] as const;
export type GatewayName = (typeof GATEWAYS)[number];

const Money = {
  name: z.string().min(1),
  /** In the currency's minor unit (cents; whole rupiah). */
  amount: z.number().int().min(1),
  currency: z.string().regex(/^[a-z]{3}$/),
  gateways: z.array(z.enum(GATEWAYS)).min(1),
};
const Pack = z.object({ ...Money, credits: z.number().int().min(1) }).strict();
const Plan = z
  .object({
    ...Money,
    monthly_credits: z.number().int().min(0),
    /** Whether unused allowance carries over to the next period. */
    rollover: z.boolean(),
    /** What `ai_models` tiers the plan unlocks (the account's `plan`). */
    tier: z.enum(['free', 'pro', 'enterprise']),
    rate_limit_per_minute: z.number().int().min(1),
  })
  .strict();
const Catalogue = z.object({
  $comment: z.string().optional(),
  packs: z.record(z.string().regex(/^pack_[a-z0-9_]+$/), Pack),
  plans: z.record(z.string().regex(/^plan_[a-z0-9_]+$/), Plan),
});

export type BillingCatalogue = z.infer<typeof Catalogue>;
export type PackItem = z.infer<typeof Pack>;
export type PlanItem = z.infer<typeof Plan>;
export type CatalogueItem = ({ kind: 'pack'; id: string } & PackItem) | ({ kind: 'plan'; id: string } & PlanItem);

export const DEFAULT_BILLING_CATALOGUE_PATH = path.join(__dirname, 'catalogue.json');

/** Reads and validates the billing catalogue once at start; a broken file stops the process. */
export function loadBillingCatalogue(file = DEFAULT_BILLING_CATALOGUE_PATH): BillingCatalogue {
  const parsed = Catalogue.safeParse(JSON.parse(fs.readFileSync(file, 'utf8')));
  if (!parsed.success) throw new Error(`Invalid billing catalogue ${file}: ${parsed.error.message}`);
  return parsed.data;
}

/** A pack or plan by id, or undefined when the catalogue no longer has it. */
export function findItem(catalogue: BillingCatalogue, id: string): CatalogueItem | undefined {
  if (Object.hasOwn(catalogue.packs, id)) return { kind: 'pack', id, ...catalogue.packs[id] };
  if (Object.hasOwn(catalogue.plans, id)) return { kind: 'plan', id, ...catalogue.plans[id] };
  return undefined;
}

/** The credits one payment for the item grants: a pack's credits, a plan's monthly allowance. */
export const itemCredits = (item: CatalogueItem) => (item.kind === 'pack' ? item.credits : item.monthly_credits);
