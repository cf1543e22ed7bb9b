import { findAccount } from '../domain/accounts/accounts';
import { findItem, GATEWAYS, itemCredits, type CatalogueItem, type GatewayName } from '../domain/billing/catalogue';
import { findCustomer, findSubscription, insertPendingPayment, listPayments as listPaymentRows, newPaymentId, PAYMENT_ID_PREFIX, rememberCustomer } from '../domain/billing/events';
import { GatewayUnavailableError, type PaymentGateway } from '../domain/billing/gateway';
import { presentPayment, presentSubscription, type Payment, type Subscription } from '../domain/billing/present';
import { ApiError, forbidden, invalidRequest, notFound, unavailable } from '../errors/api-error';
import type { RequestContext } from '../request-context';
import { pageParams, toList, type List } from './pagination';

export type { Payment, Subscription } from '../domain/billing/present';

/** A credit pack: credits for a one-off payment. */
export interface CreditPack {
  /** @example "pack_starter" */
  id: string;
  object: 'credit_pack';
  name: string;
  credits: number;
  /** Price in the currency's minor unit (cents; whole rupiah). */
  amount: number;
  /** @example "usd" */
  currency: string;
  /** Gateways on this deployment that sell it (empty: it cannot be bought here). */
  gateways: GatewayName[];
}

/** A plan: a monthly price, a monthly credit allowance, the AI model tier and the rate limit it brings. */
export interface Plan {
  /** @example "plan_pro" */
  id: string;
  object: 'plan';
  name: string;
  /** Monthly price in the currency's minor unit. */
  amount: number;
  currency: string;
  interval: 'month';
  /** Credits granted when each month's invoice is paid. */
  monthly_credits: number;
  /** Whether unused allowance carries over to the next month (else it expires when the next month is paid). */
  rollover: boolean;
  /** The `ai_models` tier the plan unlocks. */
  tier: 'free' | 'pro' | 'enterprise';
  rate_limit_per_minute: number;
  gateways: GatewayName[];
}

export interface CheckoutSessionRequest {
  /** A credit pack id (`GET /v1/credit_packs`); give `pack` or `plan`. @example "pack_starter" */
  pack?: string;
  /** A plan id (`GET /v1/plans`). */
  plan?: string;
  /** Where the gateway sends the buyer after paying. @maxLength 2048 */
  success_url: string;
  /** Where the gateway sends the buyer who gives up. @maxLength 2048 */
  cancel_url: string;
  /** Which gateway to pay through; default the first of the item's `gateways` (Stripe before Duitku). */
  gateway?: GatewayName;
}

/** A hosted payment page: send the buyer to `url`. Credits arrive when the gateway confirms the payment. */
export interface CheckoutSession {
  /** The gateway's id (a Stripe Checkout Session `cs_…`, a Duitku reference). */
  id: string;
  object: 'checkout_session';
  gateway: GatewayName;
  url: string;
  /** The payment this creates (`GET /v1/payments`), pending until paid. */
  payment_id: string;
  item: string;
  amount: number;
  currency: string;
  credits: number;
  expires_at: string | null;
}

export interface BillingPortalSessionRequest {
  /** Where the portal's "return" link goes. @maxLength 2048 */
  return_url: string;
}

/** The gateway's customer portal (payment methods, invoices, plan): send the customer to `url`. */
export interface BillingPortalSession {
  object: 'billing_portal_session';
  gateway: GatewayName;
  url: string;
}

const configured = (ctx: RequestContext): GatewayName[] => GATEWAYS.filter((g) => ctx.deps.billing.gateways[g]);
const sellable = (ctx: RequestContext, item: { gateways: GatewayName[] }) => item.gateways.filter((g) => configured(ctx).includes(g));

export function listCreditPacks(ctx: RequestContext): List<CreditPack> {
  const data = Object.entries(ctx.deps.billing.catalogue.packs).map(([id, p]) => ({ id, object: 'credit_pack' as const, name: p.name, credits: p.credits, amount: p.amount, currency: p.currency, gateways: sellable(ctx, p) }));
  return { object: 'list', data, has_more: false, next_cursor: null };
}

export function listPlans(ctx: RequestContext): List<Plan> {
  const data = Object.entries(ctx.deps.billing.catalogue.plans).map(([id, p]) => ({
    id,
    object: 'plan' as const,
    name: p.name,
    amount: p.amount,
    currency: p.currency,
    interval: 'month' as const,
    monthly_credits: p.monthly_credits,
    rollover: p.rollover,
    tier: p.tier,
    rate_limit_per_minute: p.rate_limit_per_minute,
    gateways: sellable(ctx, p),
  }));
  return { object: 'list', data, has_more: false, next_cursor: null };
}

function requireBilling(ctx: RequestContext) {
  if (!configured(ctx).length) throw unavailable('billing_not_configured', 'Buying is not set up on this deployment: set STRIPE_SECRET_KEY and STRIPE_WEBHOOK_SECRET (or DUITKU_MERCHANT_CODE and DUITKU_API_KEY).');
  if (!ctx.principal.livemode) throw forbidden('livemode_mismatch', 'Credits are live: buy them with a live key (or the dashboard in live mode).');
}

function checkUrl(value: string, path: string) {
  let ok = false;
  try {
    ok = ['http:', 'https:'].includes(new URL(value).protocol);
  } catch {
    ok = false;
  }
  if (!ok) throw invalidRequest(`${path} must be an http(s) URL.`, [{ path, message: 'must be an http(s) URL' }]);
}

const gatewayError = (err: unknown) =>
  err instanceof GatewayUnavailableError ? unavailable('payment_gateway_unavailable', `The payment gateway refused or could not be reached: ${err.message}`) : err;

/** The organization's customer at the gateway, created once (Stripe: one customer per organization). */
async function customerFor(ctx: RequestContext, gateway: PaymentGateway): Promise<string | null> {
  const { db, billing } = ctx.deps;
  if (gateway.name !== 'stripe' || !billing.stripe) return null;
  const known = await findCustomer(db, ctx.principal.accountId, 'stripe');
  if (known) return known;
  const account = await findAccount(db, ctx.principal.accountId);
  if (!account) throw notFound('account');
  const id = await billing.stripe.createCustomer(account.id, account.name, account.email);
  await rememberCustomer(db, account.id, 'stripe', id);
  return (await findCustomer(db, account.id, 'stripe')) ?? id;
}

export async function createCheckoutSession(ctx: RequestContext, body: CheckoutSessionRequest): Promise<CheckoutSession> {
  requireBilling(ctx);
  if ((body.pack === undefined) === (body.plan === undefined))
    throw invalidRequest('Give exactly one of pack and plan.', [{ path: body.pack === undefined ? 'pack' : 'plan', message: 'give exactly one of pack and plan' }]);
  checkUrl(body.success_url, 'success_url');
  checkUrl(body.cancel_url, 'cancel_url');
  const path = body.pack !== undefined ? 'pack' : 'plan';
  const id = (body.pack ?? body.plan)!;
  const item: CatalogueItem | undefined = findItem(ctx.deps.billing.catalogue, id);
  if (!item || item.kind !== path)
    throw new ApiError(422, 'catalogue_item_not_found', `No ${path === 'pack' ? 'credit pack' : 'plan'} '${id}' in the catalogue (see GET /v1/${path === 'pack' ? 'credit_packs' : 'plans'}).`, { errors: [{ path, message: `no ${path} ${id}` }] });
  const usable = sellable(ctx, item);
  const name = body.gateway ?? usable[0];
  if (!name || !usable.includes(name))
    throw new ApiError(422, 'catalogue_item_not_found', `'${id}' cannot be bought through ${body.gateway ?? 'a configured gateway'} here (it sells through ${item.gateways.join(', ')}).`, {
      errors: [{ path: body.gateway ? 'gateway' : path, message: 'not sold through this gateway here' }],
    });
  const gateway = ctx.deps.billing.gateways[name]!;
  const paymentId = newPaymentId();
  try {
    const customerId = await customerFor(ctx, gateway);
    const account = await findAccount(ctx.deps.db, ctx.principal.accountId);
    const email = ctx.principal.user?.email ?? account?.email ?? null;
    const result = await gateway.createCheckout({ accountId: ctx.principal.accountId, item, successUrl: body.success_url, cancelUrl: body.cancel_url, customerId, email, orderId: paymentId });
    // A plan's payments are its invoices (recorded as they are paid); a pack's is this checkout.
    if (item.kind === 'pack')
      await insertPendingPayment(ctx.deps.db, { id: paymentId, accountId: ctx.principal.accountId, gateway: name, ref: result.ref, kind: 'pack', itemId: item.id, amount: item.amount, currency: item.currency, credits: itemCredits(item) });
    return { id: result.id, object: 'checkout_session', gateway: name, url: result.url, payment_id: paymentId, item: item.id, amount: item.amount, currency: item.currency, credits: itemCredits(item), expires_at: result.expiresAt ? result.expiresAt.toISOString() : null };
  } catch (err) {
    throw gatewayError(err);
  }
}

export async function createBillingPortalSession(ctx: RequestContext, body: BillingPortalSessionRequest): Promise<BillingPortalSession> {
  requireBilling(ctx);
  checkUrl(body.return_url, 'return_url');
  const stripe = ctx.deps.billing.stripe;
  if (!stripe) throw unavailable('billing_not_configured', 'The customer portal needs Stripe (STRIPE_SECRET_KEY); Duitku has none.');
  try {
    const customerId = (await customerFor(ctx, stripe))!;
    const { url } = await stripe.createPortal({ customerId, returnUrl: body.return_url });
    return { object: 'billing_portal_session', gateway: 'stripe', url };
  } catch (err) {
    throw gatewayError(err);
  }
}

/** Payments buy live credits: a test-mode caller lists none. */
export async function listPayments(ctx: RequestContext, q: { limit?: number; starting_after?: string }): Promise<List<Payment>> {
  const page = pageParams(q.limit, q.starting_after, PAYMENT_ID_PREFIX);
  if (!ctx.principal.livemode) return { object: 'list', data: [], has_more: false, next_cursor: null };
  return toList(await listPaymentRows(ctx.deps.db, ctx.principal.accountId, page), page, presentPayment);
}

/** The organization's plan subscription; `status: "none"` (plan null) when it has none. */
export async function getSubscription(ctx: RequestContext): Promise<Subscription> {
  const row = await findSubscription(ctx.deps.db, ctx.principal.accountId);
  if (!row) return { object: 'subscription', gateway: null, plan: null, status: 'none', current_period_end: null, cancel_at_period_end: false, livemode: ctx.principal.livemode, updated_at: null };
  return { ...presentSubscription(row), livemode: ctx.principal.livemode };
}
