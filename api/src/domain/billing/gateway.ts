import type { CatalogueItem, GatewayName } from './catalogue';

/**
 * What the billing code needs from a payment gateway. Each gateway turns its own wire format into
 * these shapes; everything after that (storing the event once, the ledger rows) is shared.
 */
export interface PaymentGateway {
  readonly name: GatewayName;
  /** Starts a hosted payment for a catalogue item; the amount comes from the item, never a request. */
  createCheckout(req: CheckoutRequest): Promise<CheckoutResult>;
  /** The gateway's self-service page for the customer (cards, invoices, plan), if it has one. */
  createPortal?(req: { customerId: string; returnUrl: string }): Promise<{ url: string }>;
  /** Verifies an incoming event's signature over its raw body, then reads it. Throws `SignatureError`. */
  parseEvent(rawBody: Buffer, headers: Record<string, string | string[] | undefined>): GatewayEvent;
  /** Payments the gateway recorded since a time (for reconciliation). */
  listPayments?(since: Date): Promise<GatewayPaymentRecord[]>;
  /** Charges a saved payment method without the customer present (auto top-up). */
  chargeOffSession?(req: OffSessionCharge): Promise<OffSessionResult>;
}

export interface OffSessionCharge {
  customerId: string;
  accountId: string;
  item: CatalogueItem;
  idempotencyKey: string;
  /** The auto top-up attempt (carried in the payment's metadata; its event closes the attempt). */
  attemptId?: string;
}

/** `ref`: the PaymentIntent (may be empty when the gateway refused before making one); `error`: why it failed. */
export interface OffSessionResult {
  ref: string;
  status: 'succeeded' | 'processing' | 'failed';
  error?: string;
}

export interface CheckoutRequest {
  accountId: string;
  item: CatalogueItem;
  successUrl: string;
  cancelUrl: string;
  /** The organization's customer at the gateway, when it has one. */
  customerId?: string | null;
  email?: string | null;
  /** Our order id (Duitku needs one from the merchant). */
  orderId: string;
}

export interface CheckoutResult {
  /** The gateway's id of this payment attempt (cs_…, a Duitku reference). */
  id: string;
  /** Our payment's `gateway_ref`: what the completion event names. */
  ref: string;
  url: string;
  expiresAt?: Date | null;
}

/** A verified event, read into what billing acts on. `at` is the gateway's time of the object's state. */
export type GatewayEvent = { eventId: string; type: string; at: Date } & (
  | { kind: 'payment_succeeded'; payment: PaidPayment }
  | { kind: 'payment_failed'; ref: string; accountId: string | null; attemptId?: string | null }
  | { kind: 'refund'; paymentIntent: string; amount: number; amountRefunded: number; currency: string }
  | { kind: 'dispute'; paymentIntent: string; disputeId: string; amount: number; currency: string }
  | { kind: 'subscription'; subscription: SubscriptionState }
  | { kind: 'ignored'; reason: string }
);

export interface PaidPayment {
  /** `gateway_ref` of the payment (see CheckoutResult.ref). */
  ref: string;
  paymentIntent: string | null;
  /** From the metadata our checkout set (never trusted for amounts: the catalogue and our record are). */
  accountId: string | null;
  itemId: string | null;
  amount: number;
  currency: string;
  customerId: string | null;
  receiptUrl: string | null;
  subscriptionId: string | null;
  /** The auto top-up attempt that started this payment, if one did. */
  attemptId?: string | null;
}

export interface SubscriptionState {
  subscriptionId: string;
  accountId: string | null;
  planId: string | null;
  customerId: string | null;
  status: string;
  currentPeriodEnd: Date | null;
  cancelAtPeriodEnd: boolean;
}

export interface GatewayPaymentRecord {
  ref: string;
  paymentIntent: string | null;
  amount: number;
  currency: string;
  status: string;
  created: Date;
  /** From the metadata our checkout (or auto top-up) set: what a missing grant would be for. */
  accountId?: string | null;
  itemId?: string | null;
  customerId?: string | null;
  attemptId?: string | null;
}

/** The event's signature is missing, forged or too old: answered 400, nothing stored. */
export class SignatureError extends Error {}
/** The gateway refused or could not be reached. */
export class GatewayUnavailableError extends Error {}
