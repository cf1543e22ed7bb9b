import { QueryTypes, type Sequelize, type Transaction } from 'sequelize';
import { grantCredits, reverseCredits } from '../credits/ledger';
import { recordEvent } from '../events/outbox';
import { ID_PREFIX, newId } from '../ids';
import { findItem, itemCredits, type BillingCatalogue, type GatewayName } from './catalogue';
import type { GatewayEvent, PaidPayment, SubscriptionState } from './gateway';
import { presentPayment, presentSubscription, type PaymentRow, type PaymentStatus, type SubscriptionRow } from './present';

/**
 * Incoming gateway events, applied exactly once. In ONE transaction: the event's row is inserted
 * (unique per gateway and event id; a duplicate or a concurrent twin finds it and does nothing),
 * then the payment it is about is locked and moved forward by conditional updates, and the ledger
 * rows and outbox events follow. A failure rolls all of it back, so the gateway's retry starts clean.
 *
 * Payments converge on the gateway's state whatever the order of events: grants happen once per
 * payment (`credits_granted = 0` is the guard, under the payment's row lock), refunded and disputed
 * amounts only grow (GREATEST), and the reversal is always "what the amounts call for minus what was
 * reversed already". A refund or dispute that arrives before its payment is kept (by its
 * PaymentIntent) and applied when the payment arrives.
 */
export interface BillingEnv {
  db: Sequelize;
  catalogue: BillingCatalogue;
  /** Called for an event that is stored but not granted (amount or currency mismatch, unknown item). */
  onFlag?: (info: { gateway: GatewayName; eventId: string; reason: string }) => void;
}

export type EventOutcome = 'applied' | 'ignored' | 'flagged';
export interface HandledEvent {
  duplicate: boolean;
  outcome: EventOutcome;
  note: string | null;
  paymentId: string | null;
}

interface Result {
  outcome: EventOutcome;
  note?: string | null;
  accountId?: string | null;
  paymentId?: string | null;
}

const PAYMENT_ID_PREFIX = 'pay';
export const newPaymentId = () => newId(PAYMENT_ID_PREFIX);
export { PAYMENT_ID_PREFIX };

export async function handleGatewayEvent(env: BillingEnv, gateway: GatewayName, ev: GatewayEvent): Promise<HandledEvent> {
  const { db } = env;
  if (ev.kind === 'payment_succeeded') {
    const handled = await db.transaction((t) => handlePaymentSucceeded(env, gateway, ev, t));
    if (handled.outcome === 'flagged') env.onFlag?.({ gateway, eventId: ev.eventId, reason: handled.note ?? 'flagged' });
    return handled;
  }
  const objectRef = ev.kind === 'refund' || ev.kind === 'dispute' ? ev.paymentIntent : ev.kind === 'payment_failed' ? ev.ref : ev.kind === 'subscription' ? ev.subscription.subscriptionId : null;
  const handled = await db.transaction(async (t) => {
    const inserted = await db.query<{ id: string }>(
      `INSERT INTO payment_events (id, gateway, event_id, type, object_ref, outcome, payload) VALUES (:id, :gateway, :eventId, :type, :objectRef, 'applied', :payload::jsonb)
       ON CONFLICT (gateway, event_id) DO NOTHING RETURNING id`,
      { replacements: { id: newId('pevt'), gateway, eventId: ev.eventId, type: ev.type, objectRef, payload: JSON.stringify(ev) }, type: QueryTypes.SELECT, transaction: t },
    );
    if (!inserted[0]) return { duplicate: true, outcome: 'ignored' as const, note: 'already received', paymentId: null };
    const result = await apply(env, gateway, ev, t);
    await db.query(`UPDATE payment_events SET outcome = :outcome, note = :note, account_id = :accountId, payment_id = :paymentId WHERE id = :id`, {
      replacements: { id: inserted[0].id, outcome: result.outcome, note: result.note ?? null, accountId: result.accountId ?? null, paymentId: result.paymentId ?? null },
      transaction: t,
    });
    return { duplicate: false, outcome: result.outcome, note: result.note ?? null, paymentId: result.paymentId ?? null };
  });
  if (handled.outcome === 'flagged') env.onFlag?.({ gateway, eventId: ev.eventId, reason: handled.note ?? 'flagged' });
  return handled;
}

/**
 * The common event (a payment succeeded), in few round trips: one statement stores the event (or
 * finds it a duplicate: done) and reads the payment it names; one statement grants, when the payment
 * is a pack's that matches the catalogue: the conditional update of the payment (or its insert,
 * when no checkout of ours recorded it) is the exactly-once guard, and the balance, the ledger row,
 * the customer, the auto top-up attempt and the event's outcome follow from what it returned (none
 * when a twin granted first). The outbox event is the third. Anything else (a plan's invoice, a
 * mismatch, an unknown organization or item) takes the general path below, in the same transaction.
 */
async function handlePaymentSucceeded(env: BillingEnv, gateway: GatewayName, ev: GatewayEvent & { kind: 'payment_succeeded' }, t: Transaction): Promise<HandledEvent> {
  const { db } = env;
  const paid = ev.payment;
  const [head] = await db.query<{ event_row: string | null; payment: PaymentRow | null; account_known: boolean }>(
    `WITH ev AS (
       INSERT INTO payment_events (id, gateway, event_id, type, object_ref, outcome, payload) VALUES (:id, :gateway, :eventId, :type, :objectRef, 'applied', :payload::jsonb)
       ON CONFLICT (gateway, event_id) DO NOTHING RETURNING id)
     SELECT (SELECT id FROM ev) AS event_row,
       (SELECT to_jsonb(p) FROM payments p WHERE p.gateway = :gateway AND p.gateway_ref = :ref) AS payment,
       EXISTS (SELECT 1 FROM accounts WHERE id = :accountId) AS account_known`,
    {
      replacements: { id: newId('pevt'), gateway, eventId: ev.eventId, type: ev.type, objectRef: paid.paymentIntent ?? paid.ref, payload: JSON.stringify(ev), ref: paid.ref, accountId: paid.accountId ?? '' },
      type: QueryTypes.SELECT,
      transaction: t,
    },
  );
  if (!head.event_row) return { duplicate: true, outcome: 'ignored', note: 'already received', paymentId: null };
  const eventRow = head.event_row;
  const existing = head.payment;
  const item = !existing && paid.itemId ? findItem(env.catalogue, paid.itemId) : undefined;
  const currency = paid.currency.toLowerCase();
  const fast = existing
    ? existing.kind === 'pack' && (!paid.accountId || paid.accountId === existing.account_id) && Number(existing.amount) === paid.amount && existing.currency === currency && Number(existing.credits_granted) === 0 && ['pending', 'failed'].includes(existing.status)
    : item?.kind === 'pack' && head.account_known && item.amount === paid.amount && item.currency === currency;
  if (!fast) {
    const result = await paymentSucceeded(env, gateway, paid, t);
    await db.query(`UPDATE payment_events SET outcome = :outcome, note = :note, account_id = :accountId, payment_id = :paymentId WHERE id = :id`, {
      replacements: { id: eventRow, outcome: result.outcome, note: result.note ?? null, accountId: result.accountId ?? null, paymentId: result.paymentId ?? null },
      transaction: t,
    });
    return { duplicate: false, outcome: result.outcome, note: result.note ?? null, paymentId: result.paymentId ?? null };
  }
  const grant = existing
    ? `UPDATE payments SET status = 'succeeded', credits_granted = credits, payment_intent = COALESCE(:pi, payment_intent), receipt_url = COALESCE(:receipt, receipt_url), updated_at = now()
       WHERE id = :paymentId AND credits_granted = 0 AND status IN ('pending', 'failed') RETURNING *`
    : `INSERT INTO payments (id, account_id, gateway, gateway_ref, payment_intent, kind, item_id, amount, currency, credits, status, credits_granted, receipt_url)
       VALUES (:paymentId, :accountId, :gateway, :ref, :pi, 'pack', :itemId, :amount, :currency, :credits, 'succeeded', :credits, :receipt)
       ON CONFLICT (gateway, gateway_ref) DO NOTHING RETURNING *`;
  const [granted] = await db.query<PaymentRow & { early: boolean }>(
    `WITH g AS (${grant}),
     a AS (UPDATE accounts SET balance = balance + g.credits, updated_at = now() FROM g WHERE accounts.id = g.account_id AND g.credits > 0
           RETURNING accounts.id, accounts.balance, g.credits, g.id AS payment_id, g.item_id),
     l AS (INSERT INTO credit_transactions (id, account_id, type, amount, balance_after, description)
           SELECT :txnId, a.id, 'purchase', a.credits, a.balance, a.item_id || ' (payment ' || a.payment_id || ')' FROM a),
     c AS (INSERT INTO billing_customers (account_id, gateway, customer_id) SELECT g.account_id, :gateway, :customer FROM g WHERE :customer::text IS NOT NULL ON CONFLICT DO NOTHING),
     u AS (UPDATE auto_top_up_attempts SET status = 'succeeded', payment_intent = COALESCE(auto_top_up_attempts.payment_intent, :pi), updated_at = now()
           FROM g WHERE auto_top_up_attempts.id = :attemptId AND auto_top_up_attempts.status IN ('pending', 'processing', 'charged')),
     e AS (UPDATE payment_events SET outcome = CASE WHEN EXISTS (SELECT 1 FROM g) THEN 'applied' ELSE 'ignored' END,
             note = CASE WHEN EXISTS (SELECT 1 FROM g) THEN NULL ELSE 'already granted' END,
             account_id = :accountId, payment_id = COALESCE((SELECT id FROM g), :existingId)
           WHERE id = :eventRow)
     SELECT g.*, EXISTS (SELECT 1 FROM payment_events r WHERE r.gateway = :gateway AND r.object_ref = g.payment_intent AND r.payload->>'kind' IN ('refund', 'dispute')) AS early FROM g`,
    {
      replacements: {
        paymentId: existing?.id ?? newPaymentId(),
        existingId: existing?.id ?? null,
        accountId: existing?.account_id ?? paid.accountId,
        gateway,
        ref: paid.ref,
        pi: paid.paymentIntent,
        receipt: paid.receiptUrl,
        itemId: item?.id ?? null,
        amount: item?.amount ?? null,
        currency: item?.currency ?? null,
        credits: item ? itemCredits(item) : null,
        txnId: newId(ID_PREFIX.creditTransaction),
        customer: paid.customerId,
        attemptId: paid.attemptId ?? null,
        eventRow,
      },
      type: QueryTypes.SELECT,
      transaction: t,
    },
  );
  if (!granted) return { duplicate: false, outcome: 'ignored', note: 'already granted', paymentId: existing?.id ?? null };
  const { early, ...row } = granted;
  await recordEvent(db, { accountId: row.account_id, livemode: true, type: 'payment.succeeded', object: presentPayment(row) as unknown as Record<string, unknown> }, t);
  if (early) await applyEarlyReversals(db, gateway, row, t);
  return { duplicate: false, outcome: 'applied', note: null, paymentId: row.id };
}

async function apply(env: BillingEnv, gateway: GatewayName, ev: GatewayEvent, t: Transaction): Promise<Result> {
  switch (ev.kind) {
    case 'payment_succeeded':
      return paymentSucceeded(env, gateway, ev.payment, t);
    case 'payment_failed': {
      const rows = await env.db.query<PaymentRow>(`UPDATE payments SET status = 'failed', updated_at = now() WHERE gateway = :gateway AND gateway_ref = :ref AND status = 'pending' RETURNING *`, {
        replacements: { gateway, ref: ev.ref },
        type: QueryTypes.SELECT,
        transaction: t,
      });
      return { outcome: rows[0] ? 'applied' : 'ignored', accountId: rows[0]?.account_id, paymentId: rows[0]?.id };
    }
    case 'refund':
    case 'dispute': {
      const payment = await lockPaymentByIntent(env.db, gateway, ev.paymentIntent, t);
      if (!payment) return { outcome: 'ignored', note: 'no payment for this PaymentIntent yet: applied when it arrives' };
      const amounts = ev.kind === 'refund' ? { refunded: ev.amountRefunded, disputed: 0 } : { refunded: 0, disputed: ev.amount };
      const note = await settleReversals(env.db, payment, amounts, t);
      return { outcome: 'applied', note, accountId: payment.account_id, paymentId: payment.id };
    }
    case 'subscription':
      return subscriptionChanged(env, gateway, ev.subscription, ev.at, t);
    case 'ignored':
      return { outcome: 'ignored', note: ev.reason };
  }
}

async function lockPayment(db: Sequelize, gateway: GatewayName, ref: string, t: Transaction): Promise<PaymentRow | null> {
  const rows = await db.query<PaymentRow>(`SELECT * FROM payments WHERE gateway = :gateway AND gateway_ref = :ref FOR UPDATE`, { replacements: { gateway, ref }, type: QueryTypes.SELECT, transaction: t });
  return rows[0] ?? null;
}

async function lockPaymentByIntent(db: Sequelize, gateway: GatewayName, pi: string, t: Transaction): Promise<PaymentRow | null> {
  const rows = await db.query<PaymentRow>(`SELECT * FROM payments WHERE gateway = :gateway AND payment_intent = :pi ORDER BY id LIMIT 1 FOR UPDATE`, { replacements: { gateway, pi }, type: QueryTypes.SELECT, transaction: t });
  return rows[0] ?? null;
}

/** Records a payment a checkout started (status pending): what it costs and buys, from the catalogue, at that moment. */
export async function insertPendingPayment(
  db: Sequelize,
  p: { id: string; accountId: string; gateway: GatewayName; ref: string; kind: 'pack' | 'plan'; itemId: string; amount: number; currency: string; credits: number },
  t?: Transaction,
): Promise<void> {
  await db.query(
    `INSERT INTO payments (id, account_id, gateway, gateway_ref, kind, item_id, amount, currency, credits, status)
     VALUES (:id, :accountId, :gateway, :ref, :kind, :itemId, :amount, :currency, :credits, 'pending') ON CONFLICT (gateway, gateway_ref) DO NOTHING`,
    { replacements: p, transaction: t },
  );
}

async function paymentSucceeded(env: BillingEnv, gateway: GatewayName, paid: PaidPayment, t: Transaction): Promise<Result> {
  const { db } = env;
  let payment = await lockPayment(db, gateway, paid.ref, t);
  if (!payment) {
    // No checkout of ours recorded it (a plan's renewal invoice, or a session made elsewhere): the
    // catalogue item the metadata names decides what it costs and buys.
    const item = paid.itemId ? findItem(env.catalogue, paid.itemId) : undefined;
    if (!item) return { outcome: 'flagged', note: `unknown catalogue item '${paid.itemId ?? ''}'`, accountId: null };
    const [acct] = paid.accountId ? await db.query<{ id: string }>(`SELECT id FROM accounts WHERE id = :id`, { replacements: { id: paid.accountId }, type: QueryTypes.SELECT, transaction: t }) : [];
    if (!acct) return { outcome: 'flagged', note: `unknown organization '${paid.accountId ?? ''}'` };
    await insertPendingPayment(db, { id: newPaymentId(), accountId: acct.id, gateway, ref: paid.ref, kind: item.kind, itemId: item.id, amount: item.amount, currency: item.currency, credits: itemCredits(item) }, t);
    payment = (await lockPayment(db, gateway, paid.ref, t))!;
  }
  const ids = { accountId: payment.account_id, paymentId: payment.id };
  if (paid.accountId && paid.accountId !== payment.account_id) return { outcome: 'flagged', note: `the event names organization ${paid.accountId}, the payment belongs to ${payment.account_id}`, ...ids };
  if (Number(payment.amount) !== paid.amount || payment.currency !== paid.currency.toLowerCase())
    return { outcome: 'flagged', note: `paid ${paid.amount} ${paid.currency}, the ${payment.item_id} payment costs ${payment.amount} ${payment.currency}`, ...ids };

  const [granted] = await db.query<PaymentRow>(
    `UPDATE payments SET status = 'succeeded', credits_granted = credits, payment_intent = COALESCE(:pi, payment_intent), receipt_url = COALESCE(:receipt, receipt_url), updated_at = now()
     WHERE id = :id AND credits_granted = 0 AND status IN ('pending', 'failed') RETURNING *`,
    { replacements: { id: payment.id, pi: paid.paymentIntent, receipt: paid.receiptUrl }, type: QueryTypes.SELECT, transaction: t },
  );
  if (!granted) return { outcome: 'ignored', note: 'already granted', ...ids };

  if (granted.kind === 'plan') await startPlanPeriod(env, granted, paid.subscriptionId, t);
  if (Number(granted.credits) > 0) await grantCredits(db, { accountId: granted.account_id, amount: Number(granted.credits), type: 'purchase', description: `${granted.item_id} (payment ${granted.id})` }, t);
  if (paid.customerId) await rememberCustomer(db, granted.account_id, gateway, paid.customerId, t);
  if (paid.attemptId)
    await db.query(`UPDATE auto_top_up_attempts SET status = 'succeeded', payment_intent = COALESCE(payment_intent, :pi), updated_at = now() WHERE id = :id AND status IN ('pending', 'processing', 'charged')`, {
      replacements: { id: paid.attemptId, pi: paid.paymentIntent },
      transaction: t,
    });
  await recordEvent(db, { accountId: granted.account_id, livemode: true, type: 'payment.succeeded', object: presentPayment(granted) as unknown as Record<string, unknown> }, t);

  await applyEarlyReversals(db, gateway, granted, t);
  return { outcome: 'applied', ...ids };
}

/** Refunds or disputes that arrived before the payment they name (kept by its PaymentIntent): apply the latest amounts they carried. */
async function applyEarlyReversals(db: Sequelize, gateway: GatewayName, granted: PaymentRow, t: Transaction) {
  if (!granted.payment_intent) return;
  const [early] = await db.query<{ refunded: string | null; disputed: string | null }>(
    `SELECT MAX((payload->>'amountRefunded')::bigint) AS refunded, MAX(CASE WHEN payload->>'kind' = 'dispute' THEN (payload->>'amount')::bigint END) AS disputed
     FROM payment_events WHERE gateway = :gateway AND object_ref = :pi AND payload->>'kind' IN ('refund', 'dispute')`,
    { replacements: { gateway, pi: granted.payment_intent }, type: QueryTypes.SELECT, transaction: t },
  );
  if (early && (early.refunded || early.disputed)) await settleReversals(db, granted, { refunded: Number(early.refunded ?? 0), disputed: Number(early.disputed ?? 0) }, t);
}

/**
 * Moves a payment's refunded / disputed amounts forward (never back) and reverses the credits they
 * call for, proportionally, capped at what the payment granted. Money beyond the purchase is recorded
 * in `amount_uncovered`, not reversed. Returns a note when something was capped.
 */
export async function settleReversals(db: Sequelize, locked: PaymentRow, amounts: { refunded: number; disputed: number }, t: Transaction): Promise<string | null> {
  const [p] = await db.query<PaymentRow>(
    `UPDATE payments SET amount_refunded = GREATEST(amount_refunded, :refunded), amount_disputed = GREATEST(amount_disputed, :disputed), updated_at = now() WHERE id = :id RETURNING *`,
    { replacements: { id: locked.id, refunded: amounts.refunded, disputed: amounts.disputed }, type: QueryTypes.SELECT, transaction: t },
  );
  const amount = Number(p.amount);
  const granted = Number(p.credits_granted);
  const back = Number(p.amount_refunded) + Number(p.amount_disputed);
  const covered = Math.min(amount, back);
  const uncovered = Math.max(0, back - amount);
  const target = granted === 0 || amount === 0 ? 0 : covered >= amount ? granted : Math.floor((granted * covered) / amount);
  const delta = target - Number(p.credits_reversed);
  const status: PaymentStatus =
    p.status === 'pending' || p.status === 'failed' ? p.status : Number(p.amount_disputed) > 0 ? 'disputed' : Number(p.amount_refunded) >= amount ? 'refunded' : Number(p.amount_refunded) > 0 ? 'partially_refunded' : p.status;
  const [updated] = await db.query<PaymentRow>(
    `UPDATE payments SET credits_reversed = GREATEST(credits_reversed, :target), amount_uncovered = :uncovered, status = :status WHERE id = :id RETURNING *`,
    { replacements: { id: p.id, target, uncovered, status }, type: QueryTypes.SELECT, transaction: t },
  );
  if (delta > 0) {
    await reverseCredits(db, { accountId: p.account_id, amount: delta, description: `reversal: ${Number(p.amount_disputed) > 0 ? 'dispute' : 'refund'} of payment ${p.id}` }, t);
    await recordEvent(db, { accountId: p.account_id, livemode: true, type: 'payment.refunded', object: presentPayment(updated) as unknown as Record<string, unknown> }, t);
  }
  return uncovered > 0 ? `refunded and disputed ${back} of a ${amount} payment: reversal capped at ${granted} credits, ${uncovered} uncovered` : null;
}

/** A plan's invoice was paid: the tier is the plan's from now on; unused allowance expires unless the plan rolls over. */
async function startPlanPeriod(env: BillingEnv, payment: PaymentRow, subscriptionId: string | null, t: Transaction) {
  const { db } = env;
  const plan = env.catalogue.plans[payment.item_id];
  if (plan && !plan.rollover) {
    // The previous period's allowance, less what was taken back; what of it the balance still holds expires.
    const [prev] = await db.query<{ allowance: string; balance: string }>(
      `SELECT (p.credits_granted - p.credits_reversed) AS allowance, a.balance FROM payments p JOIN accounts a ON a.id = p.account_id
       WHERE p.account_id = :accountId AND p.kind = 'plan' AND p.id <> :id AND p.credits_granted > 0 ORDER BY p.id DESC LIMIT 1`,
      { replacements: { accountId: payment.account_id, id: payment.id }, type: QueryTypes.SELECT, transaction: t },
    );
    const unused = prev ? Math.min(Number(prev.allowance), Math.max(0, Number(prev.balance))) : 0;
    if (unused > 0) await grantCredits(db, { accountId: payment.account_id, amount: -unused, type: 'adjust', description: `unused ${payment.item_id} allowance expired` }, t);
  }
  if (plan) await db.query(`UPDATE accounts SET plan = :tier, updated_at = now() WHERE id = :id`, { replacements: { id: payment.account_id, tier: plan.tier }, transaction: t });
  if (subscriptionId)
    await db.query(
      `INSERT INTO subscriptions (account_id, gateway, subscription_id, plan_id, status, state_at) VALUES (:accountId, :gateway, :sub, :plan, 'active', now())
       ON CONFLICT (account_id) DO UPDATE SET subscription_id = EXCLUDED.subscription_id, plan_id = EXCLUDED.plan_id,
         status = CASE WHEN subscriptions.subscription_id = EXCLUDED.subscription_id THEN subscriptions.status ELSE 'active' END, updated_at = now()`,
      { replacements: { accountId: payment.account_id, gateway: payment.gateway, sub: subscriptionId, plan: payment.item_id }, transaction: t },
    );
}

async function subscriptionChanged(env: BillingEnv, gateway: GatewayName, s: SubscriptionState, at: Date, t: Transaction): Promise<Result> {
  const { db } = env;
  const [known] = await db.query<SubscriptionRow>(`SELECT * FROM subscriptions WHERE gateway = :gateway AND subscription_id = :sub FOR UPDATE`, {
    replacements: { gateway, sub: s.subscriptionId },
    type: QueryTypes.SELECT,
    transaction: t,
  });
  const accountId = known?.account_id ?? s.accountId;
  if (!accountId) return { outcome: 'ignored', note: 'a subscription of no known organization' };
  const planId = s.planId && env.catalogue.plans[s.planId] ? s.planId : (known?.plan_id ?? s.planId);
  if (!planId) return { outcome: 'flagged', note: 'a subscription to no catalogue plan', accountId };
  const [row] = await db.query<SubscriptionRow>(
    `INSERT INTO subscriptions (account_id, gateway, subscription_id, plan_id, status, current_period_end, cancel_at_period_end, state_at)
     VALUES (:accountId, :gateway, :sub, :plan, :status, :periodEnd, :cancel, :at)
     ON CONFLICT (account_id) DO UPDATE SET subscription_id = EXCLUDED.subscription_id, plan_id = EXCLUDED.plan_id, status = EXCLUDED.status,
       current_period_end = EXCLUDED.current_period_end, cancel_at_period_end = EXCLUDED.cancel_at_period_end, state_at = EXCLUDED.state_at, updated_at = now()
     WHERE subscriptions.state_at <= EXCLUDED.state_at
     RETURNING *`,
    { replacements: { accountId, gateway, sub: s.subscriptionId, plan: planId, status: s.status, periodEnd: s.currentPeriodEnd, cancel: s.cancelAtPeriodEnd, at }, type: QueryTypes.SELECT, transaction: t },
  );
  if (!row) return { outcome: 'ignored', note: 'older than the state already applied', accountId };
  // Stripe ends a subscription canceled at period end with `deleted` at that end: the tier falls back then.
  if (row.status === 'canceled' || row.status === 'incomplete_expired') await db.query(`UPDATE accounts SET plan = 'free', updated_at = now() WHERE id = :id`, { replacements: { id: accountId }, transaction: t });
  await recordEvent(db, { accountId, livemode: true, type: 'subscription.updated', object: presentSubscription(row) as unknown as Record<string, unknown> }, t);
  return { outcome: 'applied', accountId };
}

export async function rememberCustomer(db: Sequelize, accountId: string, gateway: GatewayName, customerId: string, t?: Transaction) {
  await db.query(`INSERT INTO billing_customers (account_id, gateway, customer_id) VALUES (:accountId, :gateway, :customerId) ON CONFLICT DO NOTHING`, {
    replacements: { accountId, gateway, customerId },
    transaction: t,
  });
}

export async function findCustomer(db: Sequelize, accountId: string, gateway: GatewayName): Promise<string | null> {
  const [row] = await db.query<{ customer_id: string }>(`SELECT customer_id FROM billing_customers WHERE account_id = :accountId AND gateway = :gateway`, {
    replacements: { accountId, gateway },
    type: QueryTypes.SELECT,
  });
  return row?.customer_id ?? null;
}

export async function listPayments(db: Sequelize, accountId: string, page: { limit: number; startingAfter?: string }): Promise<PaymentRow[]> {
  return db.query<PaymentRow>(`SELECT * FROM payments WHERE account_id = :accountId AND (:after::text IS NULL OR id < :after) ORDER BY id DESC LIMIT :limit`, {
    replacements: { accountId, after: page.startingAfter ?? null, limit: page.limit + 1 },
    type: QueryTypes.SELECT,
  });
}

export async function findSubscription(db: Sequelize, accountId: string): Promise<SubscriptionRow | null> {
  const [row] = await db.query<SubscriptionRow>(`SELECT * FROM subscriptions WHERE account_id = :accountId`, { replacements: { accountId }, type: QueryTypes.SELECT });
  return row ?? null;
}
