import { QueryTypes, type Sequelize } from 'sequelize';
import type { BillingCatalogue } from './catalogue';
import { handleGatewayEvent } from './events';
import type { GatewayPaymentRecord, PaymentGateway } from './gateway';
import type { PaymentRow } from './present';

/**
 * `lumiku billing reconcile`: our payments and ledger against the gateway's list of payments since a
 * time. Differences:
 *
 *   missing_here     the gateway holds a paid payment we have no record of (its event never came)
 *   not_granted      we know the payment, the gateway says paid, no credits were granted
 *   amount_mismatch  what the gateway took differs from what our payment (its catalogue item) costs
 *   missing_there    we granted a payment the gateway does not list as paid
 *   ledger_missing   a payment counts credits granted but no purchase row in the ledger explains them
 *
 * Read-only unless `fix`: then `missing_here` and `not_granted` (when the amount matches) are applied
 * as a payment_succeeded event through the same exactly-once path as the webhooks (event id
 * `reconcile:<ref>`; the payment's `credits_granted = 0` guard makes a late webhook, or a second fix,
 * grant nothing). The others need a person: they are printed, never changed.
 */
export type DifferenceKind = 'missing_here' | 'not_granted' | 'amount_mismatch' | 'missing_there' | 'ledger_missing';

export interface Difference {
  kind: DifferenceKind;
  gateway: string;
  ref: string;
  payment_id: string | null;
  account_id: string | null;
  ours: { amount: number; currency: string; status: string; credits_granted: number } | null;
  theirs: { amount: number; currency: string; status: string } | null;
  /** With `fix`: what was done (`granted`, or why not). */
  fix?: string;
}

export interface ReconcileReport {
  gateway: string;
  since: string;
  checked: { ours: number; theirs: number };
  differences: Difference[];
  fixed: number;
}

const GRANTED = `('succeeded', 'refunded', 'partially_refunded', 'disputed')`;

export async function reconcile(env: { db: Sequelize; catalogue: BillingCatalogue; gateway: PaymentGateway }, opts: { since: Date; fix?: boolean }): Promise<ReconcileReport> {
  const { db, gateway } = env;
  if (!gateway.listPayments) throw new Error(`The ${gateway.name} gateway cannot list its payments.`);
  const theirs = await gateway.listPayments(opts.since);
  const refs = theirs.map((r) => r.ref);
  // Ours: packs made since then (plan invoices are not in the gateway's list), and any payment the gateway listed.
  const ours = await db.query<PaymentRow>(
    `SELECT * FROM payments WHERE gateway = :gateway AND ((kind = 'pack' AND created_at >= :since) OR gateway_ref IN (:refs))`,
    { replacements: { gateway: gateway.name, since: opts.since, refs: refs.length ? refs : [''] }, type: QueryTypes.SELECT },
  );
  const byRef = new Map(ours.map((p) => [p.gateway_ref, p]));
  const listed = new Set(refs);
  const differences: Difference[] = [];
  const oursOf = (p: PaymentRow) => ({ amount: Number(p.amount), currency: p.currency, status: p.status, credits_granted: Number(p.credits_granted) });
  const theirsOf = (r: GatewayPaymentRecord) => ({ amount: r.amount, currency: r.currency.toLowerCase(), status: r.status });

  for (const r of theirs) {
    const p = byRef.get(r.ref);
    const base = { gateway: gateway.name, ref: r.ref, theirs: theirsOf(r) };
    if (!p) differences.push({ kind: 'missing_here', ...base, payment_id: null, account_id: r.accountId ?? null, ours: null });
    else if (Number(p.amount) !== r.amount || p.currency !== r.currency.toLowerCase()) differences.push({ kind: 'amount_mismatch', ...base, payment_id: p.id, account_id: p.account_id, ours: oursOf(p) });
    else if (Number(p.credits_granted) === 0 && Number(p.credits) > 0) differences.push({ kind: 'not_granted', ...base, payment_id: p.id, account_id: p.account_id, ours: oursOf(p) });
  }
  for (const p of ours)
    if (p.kind === 'pack' && Number(p.credits_granted) > 0 && !listed.has(p.gateway_ref))
      differences.push({ kind: 'missing_there', gateway: gateway.name, ref: p.gateway_ref, payment_id: p.id, account_id: p.account_id, ours: oursOf(p), theirs: null });

  const unexplained = await db.query<PaymentRow>(
    `SELECT p.* FROM payments p WHERE p.gateway = :gateway AND p.created_at >= :since AND p.credits_granted > 0 AND p.status IN ${GRANTED}
       AND NOT EXISTS (SELECT 1 FROM credit_transactions c WHERE c.account_id = p.account_id AND c.type = 'purchase' AND c.description = p.item_id || ' (payment ' || p.id || ')')`,
    { replacements: { gateway: gateway.name, since: opts.since }, type: QueryTypes.SELECT },
  );
  for (const p of unexplained) differences.push({ kind: 'ledger_missing', gateway: gateway.name, ref: p.gateway_ref, payment_id: p.id, account_id: p.account_id, ours: oursOf(p), theirs: null });

  let fixed = 0;
  if (opts.fix) {
    const records = new Map(theirs.map((r) => [r.ref, r]));
    for (const d of differences) {
      if (d.kind !== 'missing_here' && d.kind !== 'not_granted') continue;
      const r = records.get(d.ref)!;
      const handled = await handleGatewayEvent({ db, catalogue: env.catalogue }, gateway.name, {
        eventId: `reconcile:${r.ref}`,
        type: 'reconcile.payment_succeeded',
        at: r.created,
        kind: 'payment_succeeded',
        payment: {
          ref: r.ref,
          paymentIntent: r.paymentIntent,
          accountId: d.account_id ?? r.accountId ?? null,
          itemId: r.itemId ?? null,
          amount: r.amount,
          currency: r.currency,
          customerId: r.customerId ?? null,
          receiptUrl: null,
          subscriptionId: null,
          attemptId: r.attemptId ?? null,
        },
      });
      d.fix = handled.duplicate ? 'already applied by an earlier fix' : handled.outcome === 'applied' ? 'granted' : `not granted (${handled.outcome}: ${handled.note ?? ''})`;
      if (!handled.duplicate && handled.outcome === 'applied') fixed++;
    }
  }
  return { gateway: gateway.name, since: opts.since.toISOString(), checked: { ours: ours.length, theirs: theirs.length }, differences, fixed };
}
