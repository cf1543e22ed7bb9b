import Stripe from 'stripe';
import { GatewayUnavailableError, SignatureError, type CheckoutRequest, type CheckoutResult, type GatewayEvent, type GatewayPaymentRecord, type OffSessionCharge, type OffSessionResult, type PaymentGateway, type SubscriptionState } from './gateway';

/**
 * Stripe through its SDK: Checkout Sessions (mode `payment` for packs, `subscription` for plans,
 * prices inline from the catalogue), the customer portal, off-session PaymentIntents (auto top-up),
 * and incoming events verified by `stripe.webhooks.constructEvent` (signature and a 300 s tolerance).
 *
 * Events are read by the state of the object they carry (a charge's cumulative `amount_refunded`, a
 * subscription's status and period), never by their order of arrival.
 */
export interface StripeGatewayOptions {
  secretKey: string;
  webhookSecret: string;
  /** protocol://host:port of another server speaking Stripe's API (stripe-mock). */
  apiBase?: string;
  timeoutMs?: number;
}

/** Seconds an event's signed timestamp may be old (Stripe's default). */
export const STRIPE_TOLERANCE_SECONDS = 300;

type Obj = Record<string, any>;
const str = (v: unknown): string | null => (typeof v === 'string' && v ? v : v && typeof v === 'object' && typeof (v as Obj).id === 'string' ? (v as Obj).id : null);
const num = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? v : 0);

export function stripeClient(opts: Pick<StripeGatewayOptions, 'secretKey' | 'apiBase' | 'timeoutMs'>): Stripe {
  const base = opts.apiBase ? new URL(opts.apiBase) : null;
  return new Stripe(opts.secretKey, {
    maxNetworkRetries: 1,
    timeout: opts.timeoutMs ?? 20_000,
    telemetry: false,
    ...(base ? { host: base.hostname, port: base.port || (base.protocol === 'https:' ? 443 : 80), protocol: base.protocol.replace(':', '') as 'http' | 'https' } : {}),
  });
}

export class StripeGateway implements PaymentGateway {
  readonly name = 'stripe' as const;
  readonly client: Stripe;
  constructor(private readonly opts: StripeGatewayOptions) {
    this.client = stripeClient(opts);
  }

  /** One Stripe customer per organization; the idempotency key makes concurrent first purchases create one. */
  async createCustomer(accountId: string, name: string, email: string | null): Promise<string> {
    const customer = await this.call(() => this.client.customers.create({ name, ...(email ? { email } : {}), metadata: { account_id: accountId } }, { idempotencyKey: `lumiku-customer-${accountId}` }));
    return customer.id;
  }

  async createCheckout(req: CheckoutRequest): Promise<CheckoutResult> {
    const { item } = req;
    const metadata = { account_id: req.accountId, item: item.id, order_id: req.orderId };
    const recurring = item.kind === 'plan';
    const session = await this.call(() =>
      this.client.checkout.sessions.create(
        {
          mode: recurring ? 'subscription' : 'payment',
          line_items: [{ quantity: 1, price_data: { currency: item.currency, unit_amount: item.amount, product_data: { name: item.name, metadata: { item: item.id } }, ...(recurring ? { recurring: { interval: 'month' } } : {}) } }],
          ...(req.customerId ? { customer: req.customerId } : {}),
          client_reference_id: req.accountId,
          metadata,
          ...(recurring ? { subscription_data: { metadata } } : { payment_intent_data: { metadata, setup_future_usage: 'off_session' } }),
          success_url: req.successUrl,
          cancel_url: req.cancelUrl,
        },
        { idempotencyKey: `lumiku-checkout-${req.orderId}` },
      ),
    );
    if (!session.url) throw new GatewayUnavailableError('Stripe returned a Checkout Session without a url.');
    return { id: session.id, ref: session.id, url: session.url, expiresAt: session.expires_at ? new Date(session.expires_at * 1000) : null };
  }

  async createPortal(req: { customerId: string; returnUrl: string }) {
    const session = await this.call(() => this.client.billingPortal.sessions.create({ customer: req.customerId, return_url: req.returnUrl }));
    return { url: session.url };
  }

  /**
   * An off-session PaymentIntent for a pack (auto top-up) with the customer's saved payment method:
   * `off_session: true, confirm: true`, the idempotency key making a retried call charge once. A
   * decline (a card error, or authentication the absent customer cannot give) is a `failed` result.
   */
  async chargeOffSession(req: OffSessionCharge): Promise<OffSessionResult> {
    const methods = await this.call(() => this.client.paymentMethods.list({ customer: req.customerId, limit: 1 }));
    const method = methods.data[0];
    if (!method) return { ref: '', status: 'failed', error: 'There is no saved payment method.' };
    const metadata = { account_id: req.accountId, item: req.item.id, auto_top_up: req.attemptId ?? 'true' };
    try {
      const pi = await this.client.paymentIntents.create(
        { amount: req.item.amount, currency: req.item.currency, customer: req.customerId, payment_method: method.id, off_session: true, confirm: true, metadata },
        { idempotencyKey: req.idempotencyKey },
      );
      if (pi.status === 'succeeded' || pi.status === 'processing') return { ref: pi.id, status: pi.status === 'succeeded' ? 'succeeded' : 'processing' };
      return { ref: pi.id, status: 'failed', error: pi.last_payment_error?.message ?? `The payment is ${pi.status}.` };
    } catch (err) {
      if (err instanceof Stripe.errors.StripeCardError) return { ref: str((err.raw as Obj)?.payment_intent) ?? '', status: 'failed', error: err.message };
      throw new GatewayUnavailableError(err instanceof Error ? err.message : String(err));
    }
  }

  /**
   * What Stripe holds as paid since a time, for reconciliation: paid Checkout Sessions in mode
   * `payment` (packs) and the succeeded PaymentIntents auto top-up made (plans are their invoices).
   */
  async listPayments(since: Date): Promise<GatewayPaymentRecord[]> {
    const out: GatewayPaymentRecord[] = [];
    const params = { created: { gte: Math.floor(since.getTime() / 1000) }, limit: 100 } as const;
    await this.call(() =>
      this.client.checkout.sessions.list(params).autoPagingEach((s) => {
        if (s.payment_status === 'paid' && s.mode === 'payment')
          out.push({
            ref: s.id,
            paymentIntent: str(s.payment_intent),
            amount: num(s.amount_total),
            currency: s.currency ?? '',
            status: 'succeeded',
            created: new Date(s.created * 1000),
            accountId: s.metadata?.account_id ?? s.client_reference_id ?? null,
            itemId: s.metadata?.item ?? null,
            customerId: str(s.customer),
          });
      }),
    );
    await this.call(() =>
      this.client.paymentIntents.list(params).autoPagingEach((pi) => {
        const attempt = pi.metadata?.auto_top_up;
        if (attempt && pi.status === 'succeeded')
          out.push({
            ref: pi.id,
            paymentIntent: pi.id,
            amount: num(pi.amount_received) || num(pi.amount),
            currency: pi.currency,
            status: 'succeeded',
            created: new Date(pi.created * 1000),
            accountId: pi.metadata.account_id ?? null,
            itemId: pi.metadata.item ?? null,
            customerId: str(pi.customer),
            attemptId: attempt === 'true' ? null : attempt,
          });
      }),
    );
    return out;
  }

  parseEvent(rawBody: Buffer, headers: Record<string, string | string[] | undefined>): GatewayEvent {
    const sig = headers['stripe-signature'];
    if (typeof sig !== 'string' || !sig) throw new SignatureError('Missing Stripe-Signature header.');
    let event: Stripe.Event;
    try {
      event = this.client.webhooks.constructEvent(rawBody, sig, this.opts.webhookSecret, STRIPE_TOLERANCE_SECONDS);
    } catch (err) {
      throw new SignatureError(err instanceof Error ? err.message : 'Invalid signature.');
    }
    return readStripeEvent(event as unknown as Obj);
  }

  private async call<T>(fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      throw new GatewayUnavailableError(err instanceof Error ? err.message : String(err));
    }
  }
}

/** A verified Stripe event as billing reads it. */
export function readStripeEvent(event: Obj): GatewayEvent {
  const base = { eventId: String(event.id), type: String(event.type), at: new Date(num(event.created) * 1000) };
  const o: Obj = event.data?.object ?? {};
  switch (event.type) {
    case 'checkout.session.completed':
    case 'checkout.session.async_payment_succeeded': {
      if (o.mode !== 'payment') return { ...base, kind: 'ignored', reason: `a ${o.mode} session: its invoices grant` };
      if (o.payment_status !== 'paid') return { ...base, kind: 'ignored', reason: `payment_status ${o.payment_status}: waiting for async_payment_succeeded` };
      return {
        ...base,
        kind: 'payment_succeeded',
        payment: {
          ref: String(o.id),
          paymentIntent: str(o.payment_intent),
          accountId: o.metadata?.account_id ?? o.client_reference_id ?? null,
          itemId: o.metadata?.item ?? null,
          amount: num(o.amount_total),
          currency: String(o.currency ?? ''),
          customerId: str(o.customer),
          receiptUrl: null,
          subscriptionId: null,
        },
      };
    }
    case 'payment_intent.succeeded': {
      // Only the PaymentIntents auto top-up makes (a checkout's is granted by its session's event).
      const attemptId = typeof o.metadata?.auto_top_up === 'string' ? o.metadata.auto_top_up : null;
      if (!attemptId) return { ...base, kind: 'ignored', reason: 'a PaymentIntent not made by auto top-up: its checkout session grants' };
      return {
        ...base,
        kind: 'payment_succeeded',
        payment: {
          ref: String(o.id),
          paymentIntent: String(o.id),
          accountId: o.metadata?.account_id ?? null,
          itemId: o.metadata?.item ?? null,
          amount: num(o.amount_received) || num(o.amount),
          currency: String(o.currency ?? ''),
          customerId: str(o.customer),
          receiptUrl: null,
          subscriptionId: null,
          attemptId: attemptId === 'true' ? null : attemptId,
        },
      };
    }
    case 'payment_intent.payment_failed': {
      const attemptId = typeof o.metadata?.auto_top_up === 'string' ? o.metadata.auto_top_up : null;
      if (!attemptId) return { ...base, kind: 'ignored', reason: 'a PaymentIntent not made by auto top-up' };
      return { ...base, kind: 'payment_failed', ref: String(o.id), accountId: o.metadata?.account_id ?? null, attemptId: attemptId === 'true' ? null : attemptId };
    }
    case 'checkout.session.async_payment_failed':
      return { ...base, kind: 'payment_failed', ref: String(o.id), accountId: o.metadata?.account_id ?? null };
    case 'invoice.paid': {
      // The subscription and its metadata moved under `parent` in newer API versions; read either.
      const details = o.parent?.subscription_details ?? o.subscription_details ?? {};
      const subscriptionId = str(details.subscription) ?? str(o.subscription);
      if (!subscriptionId) return { ...base, kind: 'ignored', reason: 'an invoice outside a subscription' };
      const meta: Obj = details.metadata ?? o.lines?.data?.[0]?.metadata ?? o.metadata ?? {};
      return {
        ...base,
        kind: 'payment_succeeded',
        payment: {
          ref: String(o.id),
          paymentIntent: str(o.payment_intent),
          accountId: meta.account_id ?? null,
          itemId: meta.item ?? null,
          amount: num(o.amount_paid),
          currency: String(o.currency ?? ''),
          customerId: str(o.customer),
          receiptUrl: typeof o.hosted_invoice_url === 'string' ? o.hosted_invoice_url : null,
          subscriptionId,
        },
      };
    }
    case 'charge.refunded': {
      const pi = str(o.payment_intent);
      if (!pi) return { ...base, kind: 'ignored', reason: 'a charge without a PaymentIntent' };
      return { ...base, kind: 'refund', paymentIntent: pi, amount: num(o.amount), amountRefunded: num(o.amount_refunded), currency: String(o.currency ?? '') };
    }
    case 'charge.dispute.created': {
      const pi = str(o.payment_intent);
      if (!pi) return { ...base, kind: 'ignored', reason: 'a dispute without a PaymentIntent' };
      return { ...base, kind: 'dispute', paymentIntent: pi, disputeId: String(o.id), amount: num(o.amount), currency: String(o.currency ?? '') };
    }
    case 'customer.subscription.created':
    case 'customer.subscription.updated':
    case 'customer.subscription.deleted':
      return { ...base, kind: 'subscription', subscription: readSubscription(o, event.type === 'customer.subscription.deleted') };
    default:
      return { ...base, kind: 'ignored', reason: 'not an event billing acts on' };
  }
}

function readSubscription(o: Obj, deleted: boolean): SubscriptionState {
  const item: Obj = o.items?.data?.[0] ?? {};
  const periodEnd = num(item.current_period_end) || num(o.current_period_end);
  return {
    subscriptionId: String(o.id),
    accountId: o.metadata?.account_id ?? null,
    planId: item.price?.lookup_key ?? o.metadata?.item ?? null,
    customerId: str(o.customer),
    status: deleted ? 'canceled' : String(o.status ?? 'active'),
    currentPeriodEnd: periodEnd ? new Date(periodEnd * 1000) : null,
    cancelAtPeriodEnd: Boolean(o.cancel_at_period_end),
  };
}
