import crypto from 'node:crypto';
import Stripe from 'stripe';
import { QueryTypes, type Sequelize } from 'sequelize';
import { call, type TestApp } from '../support/harness';

export const STRIPE_ENV = { STRIPE_SECRET_KEY: 'sk_test_billing_suite', STRIPE_WEBHOOK_SECRET: 'whsec_billing_suite_secret' };
const stripe = new Stripe(STRIPE_ENV.STRIPE_SECRET_KEY);

let seq = 0;
export const uid = (prefix: string) => `${prefix}_${crypto.randomBytes(6).toString('hex')}${++seq}`;

/** A Stripe event envelope (the wire format of https://docs.stripe.com/api/events/object). */
export function stripeEvent(type: string, object: Record<string, unknown>, opts: { id?: string; created?: number } = {}) {
  return { id: opts.id ?? uid('evt'), object: 'event', api_version: '2026-11-18.endive', created: opts.created ?? Math.floor(Date.now() / 1000), livemode: false, pending_webhooks: 1, request: { id: null, idempotency_key: null }, type, data: { object } };
}

/** A paid Checkout Session in mode `payment` (https://docs.stripe.com/api/checkout/sessions/object). */
export function paidSession(o: { session: string; pi: string; accountId: string; item: string; amount: number; currency?: string }) {
  return {
    id: o.session,
    object: 'checkout.session',
    mode: 'payment',
    status: 'complete',
    payment_status: 'paid',
    amount_total: o.amount,
    currency: o.currency ?? 'usd',
    payment_intent: o.pi,
    customer: 'cus_suite',
    client_reference_id: o.accountId,
    metadata: { account_id: o.accountId, item: o.item },
  };
}

/** A charge (https://docs.stripe.com/api/charges/object) with its cumulative refunded amount. */
export const refundedCharge = (o: { pi: string; amount: number; refunded: number }) => ({ id: uid('ch'), object: 'charge', payment_intent: o.pi, amount: o.amount, amount_refunded: o.refunded, refunded: o.refunded >= o.amount, currency: 'usd' });
export const dispute = (o: { pi: string; amount: number }) => ({ id: uid('dp'), object: 'dispute', payment_intent: o.pi, charge: uid('ch'), amount: o.amount, currency: 'usd', status: 'needs_response' });

/** Posts an event signed as Stripe signs it (the SDK's own test header), or with the given header. */
export function postStripe(app: TestApp, event: unknown, opts: { header?: string; timestamp?: number } = {}) {
  const payload = JSON.stringify(event);
  const header = opts.header ?? stripe.webhooks.generateTestHeaderString({ payload, secret: STRIPE_ENV.STRIPE_WEBHOOK_SECRET, timestamp: opts.timestamp });
  return call(app.baseUrl, 'POST', '/billing/webhooks/stripe', { rawBody: payload, headers: { 'content-type': 'application/json', 'stripe-signature': header } });
}

export async function balanceOf(db: Sequelize, accountId: string): Promise<number> {
  const [row] = await db.query<{ balance: number }>(`SELECT balance FROM accounts WHERE id = :id`, { replacements: { id: accountId }, type: QueryTypes.SELECT });
  return row.balance;
}

export async function purchases(db: Sequelize, accountId: string): Promise<number> {
  const [row] = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM credit_transactions WHERE account_id = :id AND type = 'purchase'`, { replacements: { id: accountId }, type: QueryTypes.SELECT });
  return row.n;
}

export async function countEvents(db: Sequelize, where: string, replacements: Record<string, unknown>): Promise<number> {
  const [row] = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM payment_events WHERE ${where}`, { replacements, type: QueryTypes.SELECT });
  return row.n;
}
