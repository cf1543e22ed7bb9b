import type { AppDeps } from '../deps';
import { failAutoTopUp, runAutoTopUp, setAutoTopUp, type AutoTopUpEnv } from '../domain/billing/auto-top-up';
import { findItem } from '../domain/billing/catalogue';
import { MAX_CREDIT_AMOUNT } from '../domain/credits/ledger';
import { ApiError, forbidden, invalidRequest, unavailable } from '../errors/api-error';
import type { RequestContext } from '../request-context';

export interface AutoTopUpRequest {
  /** Buy `pack` whenever a reservation leaves the live balance below this many credits. @isInt @minimum 1 */
  threshold: number;
  /** The credit pack to buy (`GET /v1/credit_packs`), sold through Stripe. @example "pack_starter" */
  pack: string;
}

/** The organization's auto top-up: one off-session payment for `pack` when a reservation leaves the live balance below `threshold`. */
export interface AutoTopUpSettings {
  object: 'auto_top_up';
  enabled: boolean;
  threshold: number | null;
  /** @example "pack_starter" */
  pack: string | null;
  /** Failed payments in a row; at 3, auto top-up turns itself off (the billing members are emailed each time). */
  consecutive_failures: number;
  /** Always true: auto top-up buys live credits. */
  livemode: boolean;
}

export function autoTopUpEnv(deps: AppDeps): AutoTopUpEnv {
  return { db: deps.db, catalogue: deps.billing.catalogue, stripe: deps.billing.stripe, mailer: deps.mailer, logger: deps.logger, billingUrl: `${deps.config.dashboardUrl}/billing` };
}

/** After a reservation committed with an auto top-up intent: run it now, in the background (never failing the request). */
export function startAutoTopUp(deps: AppDeps, accountId: string): void {
  deps.background.track(
    runAutoTopUp(autoTopUpEnv(deps), accountId).catch((err) => deps.logger.error({ account_id: accountId, err: err instanceof Error ? err.message : String(err) }, 'auto top-up could not run')),
  );
}

/** A payment_intent.payment_failed event about an attempt (a payment that failed after Stripe first accepted it). */
export async function autoTopUpPaymentFailed(deps: AppDeps, attemptId: string): Promise<void> {
  await failAutoTopUp(autoTopUpEnv(deps), attemptId, 'The payment failed at the gateway.');
}

const present = (r: { threshold: number | null; pack: string | null; failures: number }): AutoTopUpSettings => ({
  object: 'auto_top_up',
  enabled: r.threshold !== null && r.pack !== null,
  threshold: r.threshold === null ? null : Number(r.threshold),
  pack: r.pack,
  consecutive_failures: Number(r.failures),
  livemode: true,
});

function requireLive(ctx: RequestContext) {
  if (!ctx.principal.livemode) throw forbidden('livemode_mismatch', 'Auto top-up buys live credits: set it with a live key (or the dashboard in live mode).');
}

export async function putAutoTopUp(ctx: RequestContext, body: AutoTopUpRequest): Promise<AutoTopUpSettings> {
  if (!ctx.deps.billing.stripe) throw unavailable('billing_not_configured', 'Auto top-up charges a saved card through Stripe: set STRIPE_SECRET_KEY and STRIPE_WEBHOOK_SECRET.');
  requireLive(ctx);
  if (!Number.isSafeInteger(body.threshold) || body.threshold < 1 || body.threshold > MAX_CREDIT_AMOUNT)
    throw invalidRequest(`threshold must be a whole number of credits from 1 to ${MAX_CREDIT_AMOUNT}.`, [{ path: 'threshold', message: 'out of range' }]);
  const item = typeof body.pack === 'string' ? findItem(ctx.deps.billing.catalogue, body.pack) : undefined;
  if (!item || item.kind !== 'pack' || !item.gateways.includes('stripe'))
    throw new ApiError(422, 'catalogue_item_not_found', `No credit pack '${body.pack}' sold through Stripe in the catalogue (see GET /v1/credit_packs).`, { errors: [{ path: 'pack', message: `no pack ${body.pack} sold through Stripe` }] });
  return present(await setAutoTopUp(ctx.deps.db, ctx.principal.accountId, { threshold: body.threshold, pack: item.id }));
}

export async function deleteAutoTopUp(ctx: RequestContext): Promise<AutoTopUpSettings> {
  requireLive(ctx);
  return present(await setAutoTopUp(ctx.deps.db, ctx.principal.accountId, null));
}
