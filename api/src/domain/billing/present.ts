import type { GatewayName } from './catalogue';

export interface PaymentRow {
  id: string;
  account_id: string;
  gateway: GatewayName;
  gateway_ref: string;
  payment_intent: string | null;
  kind: 'pack' | 'plan';
  item_id: string;
  amount: number;
  currency: string;
  credits: number;
  status: PaymentStatus;
  credits_granted: number;
  amount_refunded: number;
  amount_disputed: number;
  credits_reversed: number;
  amount_uncovered: number;
  receipt_url: string | null;
  created_at: Date;
  updated_at: Date;
}

export type PaymentStatus = 'pending' | 'succeeded' | 'failed' | 'refunded' | 'partially_refunded' | 'disputed';

/** A payment for credits, as `GET /v1/payments` shows it. */
export interface Payment {
  /** @example "pay_01jhx7pa0000000000000000a1" */
  id: string;
  object: 'payment';
  gateway: GatewayName;
  /** `pack` (a credit pack) or `plan` (a plan's monthly invoice). */
  kind: 'pack' | 'plan';
  /** The credit pack or plan paid for. @example "pack_starter" */
  item: string;
  /** In the currency's minor unit (cents; whole rupiah). */
  amount: number;
  /** ISO 4217, lowercase. @example "usd" */
  currency: string;
  /** Credits this payment buys. */
  credits: number;
  /** `pending` until the gateway confirms; `refunded` / `partially_refunded` / `disputed` after money went back. */
  status: PaymentStatus;
  /** Money refunded so far (minor unit). */
  amount_refunded: number;
  /** Credits taken back for refunds and disputes (a `reversal` in the ledger). */
  credits_reversed: number;
  receipt_url: string | null;
  /** Always true: payments buy live credits. */
  livemode: boolean;
  created_at: string;
}

export function presentPayment(r: PaymentRow): Payment {
  return {
    id: r.id,
    object: 'payment',
    gateway: r.gateway,
    kind: r.kind,
    item: r.item_id,
    amount: Number(r.amount),
    currency: r.currency,
    credits: Number(r.credits),
    status: r.status,
    amount_refunded: Number(r.amount_refunded),
    credits_reversed: Number(r.credits_reversed),
    receipt_url: r.receipt_url,
    livemode: true,
    created_at: new Date(r.created_at).toISOString(),
  };
}

export interface SubscriptionRow {
  account_id: string;
  gateway: GatewayName;
  subscription_id: string;
  plan_id: string;
  status: string;
  current_period_end: Date | null;
  cancel_at_period_end: boolean;
  state_at: Date;
  created_at: Date;
  updated_at: Date;
}

/** The organization's plan subscription, as `GET /v1/subscription` shows it. */
export interface Subscription {
  object: 'subscription';
  /** null when the organization never subscribed. */
  gateway: GatewayName | null;
  /** The plan subscribed to; null when none. @example "plan_pro" */
  plan: string | null;
  /** `none` when the organization has no plan; else the gateway's status: `active`, `past_due`, `canceled`, … */
  status: string;
  current_period_end: string | null;
  /** The plan ends (and the tier falls back to free) at the end of the current period. */
  cancel_at_period_end: boolean;
  livemode: boolean;
  updated_at: string | null;
}

export function presentSubscription(r: SubscriptionRow): Subscription {
  return {
    object: 'subscription',
    gateway: r.gateway,
    plan: r.plan_id,
    status: r.status,
    current_period_end: r.current_period_end ? new Date(r.current_period_end).toISOString() : null,
    cancel_at_period_end: r.cancel_at_period_end,
    livemode: true,
    updated_at: new Date(r.updated_at).toISOString(),
  };
}
