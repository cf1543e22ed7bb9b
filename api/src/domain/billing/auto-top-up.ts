import { QueryTypes, type Sequelize, type Transaction } from 'sequelize';
import type { Logger } from 'pino';
import type { Mailer, MailMessage } from '../mail/mailer';
import { newId } from '../ids';
import { findItem, itemCredits, type BillingCatalogue } from './catalogue';
import { findCustomer, insertPendingPayment, newPaymentId } from './events';
import { GatewayUnavailableError } from './gateway';
import type { StripeGateway } from './stripe';

/**
 * Auto top-up: when a live reservation leaves the balance below the organization's threshold, one
 * off-session payment for its pack is started with the saved payment method.
 *
 *   1. `recordAutoTopUpIntent`, in the reservation's transaction (the account row is locked by it):
 *      inserts a `pending` attempt. The unique partial index of migration 0010 allows one attempt in
 *      flight (`pending`, `processing`, `charged`) per organization, so concurrent reservations
 *      start one payment; after a failure the next one waits `AUTO_TOP_UP_RETRY_SECONDS`.
 *   2. `runAutoTopUp`, after the commit and outside any transaction: claims the pending attempt
 *      (`pending` → `processing`, one claimer wins) and asks Stripe for the PaymentIntent
 *      (off_session, confirm, idempotency key = the attempt's id, so a retried call charges once).
 *   3. The credits come through the payment's webhook event (`payment_intent.succeeded`), the same
 *      exactly-once path as every purchase; that event closes the attempt (`succeeded`).
 *
 * A failure (declined, no saved card, the pack gone) emails the billing members (owner, admin,
 * billing) and counts; `AUTO_TOP_UP_MAX_FAILURES` in a row turn auto top-up off. A gateway that
 * cannot be reached fails the attempt without counting (a later reservation tries again).
 */

export const AUTO_TOP_UP_MAX_FAILURES = 3;
/** After a failed attempt the balance stays below the threshold: the next attempt waits this long. */
export const AUTO_TOP_UP_RETRY_SECONDS = 600;

export type AttemptStatus = 'pending' | 'processing' | 'charged' | 'succeeded' | 'failed';
export interface AttemptRow {
  id: string;
  account_id: string;
  pack_id: string;
  status: AttemptStatus;
  balance_at_start: number;
  payment_intent: string | null;
  error: string | null;
  created_at: Date;
  updated_at: Date;
}

/**
 * In the reservation's transaction: a pending attempt when the balance the reservation left is below
 * the threshold and none is in flight. One statement; true when it inserted one (run it after commit).
 */
export async function recordAutoTopUpIntent(db: Sequelize, accountId: string, balanceAfter: number, t: Transaction, retrySeconds = AUTO_TOP_UP_RETRY_SECONDS): Promise<boolean> {
  const rows = await db.query<{ id: string }>(
    `INSERT INTO auto_top_up_attempts (id, account_id, pack_id, status, balance_at_start)
     SELECT :id, a.id, a.auto_top_up_pack, 'pending', :balance FROM accounts a
     WHERE a.id = :accountId AND a.auto_top_up_pack IS NOT NULL AND a.auto_top_up_threshold IS NOT NULL AND :balance < a.auto_top_up_threshold
       AND NOT EXISTS (SELECT 1 FROM auto_top_up_attempts f WHERE f.account_id = a.id AND f.status = 'failed' AND f.updated_at > now() - make_interval(secs => :retry))
     ON CONFLICT (account_id) WHERE status IN ('pending', 'processing', 'charged') DO NOTHING
     RETURNING id`,
    { replacements: { id: newId('atu'), accountId, balance: balanceAfter, retry: retrySeconds }, type: QueryTypes.SELECT, transaction: t },
  );
  return rows.length > 0;
}

export interface AutoTopUpEnv {
  db: Sequelize;
  catalogue: BillingCatalogue;
  stripe: StripeGateway | null;
  mailer: Mailer;
  logger: Pick<Logger, 'info' | 'warn' | 'error'>;
  /** The dashboard's billing page, linked from failure emails. */
  billingUrl: string;
}

export type RunOutcome = { outcome: 'none' } | { outcome: 'charged'; attemptId: string; paymentIntent: string } | { outcome: 'failed'; attemptId: string; error: string; disabled: boolean; counted: boolean };

/** Runs the organization's pending attempt, if any (after the reservation committed; never inside a transaction). */
export async function runAutoTopUp(env: AutoTopUpEnv, accountId: string): Promise<RunOutcome> {
  const { db } = env;
  const [attempt] = await db.query<AttemptRow>(`UPDATE auto_top_up_attempts SET status = 'processing', updated_at = now() WHERE account_id = :accountId AND status = 'pending' RETURNING *`, {
    replacements: { accountId },
    type: QueryTypes.SELECT,
  });
  if (!attempt) return { outcome: 'none' };
  await db.query(`UPDATE accounts SET auto_top_up_started_at = now() WHERE id = :accountId`, { replacements: { accountId } });
  const item = findItem(env.catalogue, attempt.pack_id);
  if (!env.stripe) return failAutoTopUp(env, attempt.id, 'Stripe is not configured on this deployment.');
  if (!item || item.kind !== 'pack') return failAutoTopUp(env, attempt.id, `The credit pack ${attempt.pack_id} is no longer sold.`);
  const customerId = await findCustomer(db, accountId, 'stripe');
  if (!customerId) return failAutoTopUp(env, attempt.id, 'There is no saved payment method: buy a pack once through checkout to save one.');
  let result;
  try {
    result = await env.stripe.chargeOffSession({ customerId, accountId, item, idempotencyKey: `lumiku-auto-top-up-${attempt.id}`, attemptId: attempt.id });
  } catch (err) {
    const message = err instanceof GatewayUnavailableError ? `Stripe could not be reached: ${err.message}` : String(err);
    return failAutoTopUp(env, attempt.id, message, { count: false });
  }
  if (result.status === 'failed') return failAutoTopUp(env, attempt.id, result.error ?? 'The payment method was declined.', { paymentIntent: result.ref || null });
  // The PaymentIntent succeeded (or is processing): the payment is recorded now, granted by its event.
  await insertPendingPayment(db, { id: newPaymentId(), accountId, gateway: 'stripe', ref: result.ref, kind: 'pack', itemId: item.id, amount: item.amount, currency: item.currency, credits: itemCredits(item) });
  await db.query(
    `WITH a AS (UPDATE auto_top_up_attempts SET status = 'charged', payment_intent = :pi, updated_at = now() WHERE id = :id AND status = 'processing' RETURNING account_id)
     UPDATE accounts SET auto_top_up_failures = 0 WHERE id = :accountId`,
    { replacements: { id: attempt.id, pi: result.ref, accountId } },
  );
  env.logger.info({ account_id: accountId, attempt: attempt.id, payment_intent: result.ref, pack: item.id }, 'auto top-up charged');
  return { outcome: 'charged', attemptId: attempt.id, paymentIntent: result.ref };
}

/**
 * Ends an in-flight attempt as failed (once: a repeat finds it ended and does nothing). A counted
 * failure adds one to the organization's consecutive failures and turns auto top-up off at
 * `AUTO_TOP_UP_MAX_FAILURES`; the billing members get an email either way.
 */
export async function failAutoTopUp(env: AutoTopUpEnv, attemptId: string, error: string, opts: { count?: boolean; paymentIntent?: string | null } = {}): Promise<RunOutcome> {
  const count = opts.count ?? true;
  const [row] = await env.db.query<{ account_id: string; pack_id: string; failures: number; disabled: boolean }>(
    `WITH f AS (
       UPDATE auto_top_up_attempts SET status = 'failed', error = :error, payment_intent = COALESCE(:pi, payment_intent), updated_at = now()
       WHERE id = :id AND status IN ('pending', 'processing', 'charged') RETURNING account_id, pack_id),
     a AS (
       UPDATE accounts SET
         auto_top_up_failures = auto_top_up_failures + 1,
         auto_top_up_threshold = CASE WHEN auto_top_up_failures + 1 >= :max THEN NULL ELSE auto_top_up_threshold END,
         auto_top_up_pack = CASE WHEN auto_top_up_failures + 1 >= :max THEN NULL ELSE auto_top_up_pack END
       FROM f WHERE accounts.id = f.account_id AND :count RETURNING accounts.auto_top_up_failures AS failures)
     SELECT f.account_id, f.pack_id, COALESCE((SELECT failures FROM a), 0) AS failures, COALESCE((SELECT failures FROM a), 0) >= :max AS disabled FROM f`,
    { replacements: { id: attemptId, error, pi: opts.paymentIntent ?? null, max: AUTO_TOP_UP_MAX_FAILURES, count }, type: QueryTypes.SELECT },
  );
  if (!row) return { outcome: 'failed', attemptId, error, disabled: false, counted: false };
  env.logger.warn({ account_id: row.account_id, attempt: attemptId, error, failures: row.failures, disabled: row.disabled }, 'auto top-up failed');
  if (count) {
    const recipients = await billingRecipients(env.db, row.account_id);
    const results = await Promise.allSettled(recipients.map((to) => env.mailer.send(failureEmail({ to, pack: row.pack_id, error, failures: row.failures, disabled: row.disabled, billingUrl: env.billingUrl }))));
    for (const r of results) if (r.status === 'rejected') env.logger.error({ account_id: row.account_id, err: String(r.reason) }, 'auto top-up failure email not sent');
  }
  return { outcome: 'failed', attemptId, error, disabled: row.disabled, counted: count };
}

/** Who hears about billing: members with role owner, admin or billing (else the organization's billing email). */
export async function billingRecipients(db: Sequelize, accountId: string): Promise<string[]> {
  const rows = await db.query<{ email: string }>(
    `SELECT DISTINCT u.email FROM memberships m JOIN users u ON u.id = m.user_id WHERE m.account_id = :accountId AND m.role IN ('owner', 'admin', 'billing')
     UNION SELECT email FROM accounts WHERE id = :accountId AND email IS NOT NULL AND NOT EXISTS (SELECT 1 FROM memberships m WHERE m.account_id = :accountId AND m.role IN ('owner', 'admin', 'billing'))`,
    { replacements: { accountId }, type: QueryTypes.SELECT },
  );
  return rows.map((r) => r.email).sort();
}

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

export function failureEmail(p: { to: string; pack: string; error: string; failures: number; disabled: boolean; billingUrl: string }): MailMessage {
  const lines = [
    `Lumiku tried to buy the credit pack ${p.pack} automatically, because your balance fell below your auto top-up threshold, and the payment failed: ${p.error}`,
    p.disabled
      ? `This was failure ${p.failures} in a row, so auto top-up is now turned off. Update your payment method, then turn it on again.`
      : `This is failure ${p.failures} of ${AUTO_TOP_UP_MAX_FAILURES} in a row; after ${AUTO_TOP_UP_MAX_FAILURES}, auto top-up turns itself off. Check your payment method.`,
  ];
  const subject = p.disabled ? 'Lumiku auto top-up failed and is now off' : 'Lumiku auto top-up failed';
  const text = ['Hello,', '', ...lines.flatMap((l) => [l, '']), 'Billing:', p.billingUrl, ''].join('\n');
  const html = ['<!doctype html><html><body style="font-family: sans-serif; line-height: 1.5">', '<p>Hello,</p>', ...lines.map((l) => `<p>${escape(l)}</p>`), `<p><a href="${escape(p.billingUrl)}">Billing</a></p>`, '</body></html>'].join('\n');
  return { to: p.to, subject, text, html, links: [p.billingUrl] };
}

/** The organization's auto top-up settings. */
export async function setAutoTopUp(db: Sequelize, accountId: string, value: { threshold: number; pack: string } | null): Promise<{ threshold: number | null; pack: string | null; failures: number }> {
  const [row] = await db.query<{ threshold: number | null; pack: string | null; failures: number }>(
    `UPDATE accounts SET auto_top_up_threshold = :threshold, auto_top_up_pack = :pack, auto_top_up_failures = 0, updated_at = now() WHERE id = :accountId
     RETURNING auto_top_up_threshold AS threshold, auto_top_up_pack AS pack, auto_top_up_failures AS failures`,
    { replacements: { accountId, threshold: value?.threshold ?? null, pack: value?.pack ?? null }, type: QueryTypes.SELECT },
  );
  return row;
}

export async function attemptsOf(db: Sequelize, accountId: string): Promise<AttemptRow[]> {
  return db.query<AttemptRow>(`SELECT * FROM auto_top_up_attempts WHERE account_id = :accountId ORDER BY created_at`, { replacements: { accountId }, type: QueryTypes.SELECT });
}
