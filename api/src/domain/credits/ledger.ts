import { QueryTypes, Sequelize, Transaction } from 'sequelize';
import { ApiError, insufficientCredits, quotaExceeded } from '../../errors/api-error';
import { newId, ID_PREFIX } from '../ids';
import type { QuotaPeriod } from '../accounts/api-keys';

/**
 * The credits ledger. `accounts.balance` changes only in the same transaction (and, for reservations,
 * the same statement) as the `credit_transactions` row that explains it, so the ledger always sums to
 * the balance. Every change is a conditional single-statement update: no read-modify-write.
 *
 * Lock order, always: key usage row → account row (reserve and release alike), so they cannot deadlock.
 */

export type CreditTransactionType = 'grant' | 'purchase' | 'reserve' | 'capture' | 'release' | 'refund' | 'adjust';

export interface CreditTransactionRow {
  id: string;
  account_id: string;
  api_key_id: string | null;
  reservation_id: string | null;
  type: CreditTransactionType;
  amount: number;
  balance_after: number;
  description: string | null;
  created_at: Date;
}

export interface ReservationRow {
  id: string;
  account_id: string;
  api_key_id: string | null;
  amount: number;
  status: 'held' | 'captured' | 'released';
  captured: number;
  released: number;
}

/** Credits are whole numbers; this cap keeps every sum far inside a double's exact range. */
export const MAX_CREDIT_AMOUNT = 1_000_000_000;

function checkAmount(amount: number, { allowZero = false, allowNegative = false } = {}) {
  const ok = Number.isSafeInteger(amount) && Math.abs(amount) <= MAX_CREDIT_AMOUNT && (allowNegative || amount >= 0) && (allowZero || amount !== 0);
  if (!ok) throw new ApiError(422, 'validation_failed', `Credit amount must be a whole number${allowNegative ? '' : ' ≥ 0'} up to ${MAX_CREDIT_AMOUNT}.`, { errors: [{ path: 'amount', message: 'out of range' }] });
}

async function inTransaction<T>(db: Sequelize, t: Transaction | undefined, fn: (t: Transaction) => Promise<T>): Promise<T> {
  return t ? fn(t) : db.transaction(fn);
}

const TXN_COLUMNS = 'id, account_id, api_key_id, reservation_id, type, amount, balance_after, description, created_at';

/** The start of the quota window a charge made now falls in (UTC). */
export function quotaPeriodStart(period: QuotaPeriod, now = new Date()): Date {
  if (period === 'total') return new Date(0);
  if (period === 'month') return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
}

/**
 * Adds (or, for `adjust`, possibly removes) credits outside any reservation: grants, purchases,
 * refunds and operator adjustments. A negative adjustment never takes the balance below zero.
 */
export async function grantCredits(
  db: Sequelize,
  input: { accountId: string; amount: number; type?: 'grant' | 'purchase' | 'refund' | 'adjust'; description?: string | null },
  t?: Transaction,
): Promise<CreditTransactionRow> {
  const type = input.type ?? 'grant';
  checkAmount(input.amount, { allowNegative: type === 'adjust' });
  return inTransaction(db, t, async (tx) => {
    const rows = await db.query<CreditTransactionRow>(
      `WITH a AS (
         UPDATE accounts SET balance = balance + :amount, updated_at = now()
         WHERE id = :accountId AND balance + :amount >= 0 RETURNING id, balance)
       INSERT INTO credit_transactions (id, account_id, type, amount, balance_after, description)
       SELECT :id, a.id, :type, :amount, a.balance, :description FROM a
       RETURNING ${TXN_COLUMNS}`,
      { replacements: { id: newId(ID_PREFIX.creditTransaction), accountId: input.accountId, amount: input.amount, type, description: input.description ?? null }, type: QueryTypes.SELECT, transaction: tx },
    );
    if (rows[0]) return rows[0];
    const [acct] = await db.query<{ balance: number }>(`SELECT balance FROM accounts WHERE id = :id`, { replacements: { id: input.accountId }, type: QueryTypes.SELECT, transaction: tx });
    if (!acct) throw new ApiError(404, 'resource_not_found', `No account with id '${input.accountId}'.`);
    throw insufficientCredits(-input.amount, acct.balance);
  });
}

export interface ReserveInput {
  accountId: string;
  /** The key drawing the credits; its quota (if any) is enforced in the same transaction. */
  apiKey?: { id: string; credit_limit: number | null; credit_limit_period: QuotaPeriod | null } | null;
  amount: number;
  description?: string | null;
}

/**
 * Holds `amount` credits for a job: the balance drops now, and the hold is later captured (charged)
 * or released exactly once. Throws 402 `insufficient_credits` or `key_quota_exceeded`, changing nothing.
 */
export async function reserveCredits(db: Sequelize, input: ReserveInput, t?: Transaction): Promise<ReservationRow & { balance_after: number }> {
  checkAmount(input.amount, { allowZero: true });
  const key = input.apiKey ?? null;
  const period = key?.credit_limit ? quotaPeriodStart(key.credit_limit_period ?? 'total') : null;
  if (key?.credit_limit && input.amount > key.credit_limit) throw quotaExceeded(`This needs ${input.amount} credits; the key's quota is ${key.credit_limit} per ${key.credit_limit_period}.`);

  return inTransaction(db, t, async (tx) => {
    if (key?.credit_limit && period) {
      const used = await db.query<{ used: number }>(
        `INSERT INTO api_key_usage (api_key_id, period_start, used) VALUES (:keyId, :period, :amount)
         ON CONFLICT (api_key_id, period_start) DO UPDATE SET used = api_key_usage.used + EXCLUDED.used
         WHERE api_key_usage.used + EXCLUDED.used <= :limit
         RETURNING used`,
        { replacements: { keyId: key.id, period, amount: input.amount, limit: key.credit_limit }, type: QueryTypes.SELECT, transaction: tx },
      );
      if (!used[0]) throw quotaExceeded(`This needs ${input.amount} credits; the key's ${key.credit_limit_period} quota of ${key.credit_limit} would be exceeded.`);
    }
    const rows = await db.query<ReservationRow & { balance_after: number }>(
      `WITH a AS (
         UPDATE accounts SET balance = balance - :amount, updated_at = now()
         WHERE id = :accountId AND balance >= :amount RETURNING id, balance),
       r AS (
         INSERT INTO credit_reservations (id, account_id, api_key_id, usage_period_start, amount, status)
         SELECT :resId, a.id, :keyId, :period, :amount, 'held' FROM a
         RETURNING id, account_id, api_key_id, amount, status, captured, released),
       l AS (
         INSERT INTO credit_transactions (id, account_id, api_key_id, reservation_id, type, amount, balance_after, description)
         SELECT :txnId, a.id, :keyId, :resId, 'reserve', 0 - :amount, a.balance, :description FROM a)
       SELECT r.*, a.balance AS balance_after FROM r, a`,
      {
        replacements: {
          accountId: input.accountId,
          amount: input.amount,
          resId: newId(ID_PREFIX.creditReservation),
          txnId: newId(ID_PREFIX.creditTransaction),
          keyId: key?.id ?? null,
          period,
          description: input.description ?? null,
        },
        type: QueryTypes.SELECT,
        transaction: tx,
      },
    );
    if (rows[0]) return rows[0];
    const [acct] = await db.query<{ balance: number }>(`SELECT balance FROM accounts WHERE id = :id`, { replacements: { id: input.accountId }, type: QueryTypes.SELECT, transaction: tx });
    if (!acct) throw new ApiError(404, 'resource_not_found', `No account with id '${input.accountId}'.`);
    throw insufficientCredits(input.amount, acct.balance);
  });
}

/**
 * Settles a held reservation exactly once: `charge` credits are captured and the rest released.
 * Returns null when the reservation was already settled (a retried or duplicated settle is harmless).
 */
export async function settleReservation(db: Sequelize, reservationId: string, charge: number, t?: Transaction): Promise<ReservationRow | null> {
  checkAmount(charge, { allowZero: true });
  return inTransaction(db, t, async (tx) => {
    const [res] = await db.query<ReservationRow & { usage_period_start: Date | null }>(
      `UPDATE credit_reservations SET status = CASE WHEN :charge > 0 THEN 'captured' ELSE 'released' END,
              captured = LEAST(:charge, amount), released = amount - LEAST(:charge, amount), settled_at = now()
       WHERE id = :id AND status = 'held'
       RETURNING id, account_id, api_key_id, usage_period_start, amount, status, captured, released`,
      { replacements: { id: reservationId, charge }, type: QueryTypes.SELECT, transaction: tx },
    );
    if (!res) return null;
    if (charge > res.amount) throw new ApiError(500, 'internal_error', `Cannot capture ${charge} of a ${res.amount}-credit reservation.`);
    if (res.released > 0 && res.api_key_id && res.usage_period_start) {
      await db.query(`UPDATE api_key_usage SET used = GREATEST(used - :released, 0) WHERE api_key_id = :keyId AND period_start = :period`, {
        replacements: { released: res.released, keyId: res.api_key_id, period: res.usage_period_start },
        transaction: tx,
      });
    }
    if (res.captured > 0) {
      await db.query(
        `INSERT INTO credit_transactions (id, account_id, api_key_id, reservation_id, type, amount, balance_after)
         SELECT :id, a.id, :keyId, :resId, 'capture', 0, a.balance FROM accounts a WHERE a.id = :accountId`,
        { replacements: { id: newId(ID_PREFIX.creditTransaction), keyId: res.api_key_id, resId: res.id, accountId: res.account_id }, transaction: tx },
      );
    }
    if (res.released > 0) {
      await db.query(
        `WITH a AS (UPDATE accounts SET balance = balance + :released, updated_at = now() WHERE id = :accountId RETURNING id, balance)
         INSERT INTO credit_transactions (id, account_id, api_key_id, reservation_id, type, amount, balance_after)
         SELECT :id, a.id, :keyId, :resId, 'release', :released, a.balance FROM a`,
        { replacements: { id: newId(ID_PREFIX.creditTransaction), released: res.released, keyId: res.api_key_id, resId: res.id, accountId: res.account_id }, transaction: tx },
      );
    }
    return res;
  });
}

export const captureReservation = (db: Sequelize, id: string, amount: number, t?: Transaction) => settleReservation(db, id, amount, t);
export const releaseReservation = (db: Sequelize, id: string, t?: Transaction) => settleReservation(db, id, 0, t);

export async function listCreditTransactions(
  db: Sequelize,
  accountId: string,
  page: { limit: number; startingAfter?: string; type?: CreditTransactionType },
): Promise<CreditTransactionRow[]> {
  return db.query<CreditTransactionRow>(
    `SELECT ${TXN_COLUMNS} FROM credit_transactions WHERE account_id = :accountId
       AND (:after::text IS NULL OR id < :after) AND (:type::text IS NULL OR type = :type)
     ORDER BY id DESC LIMIT :limit`,
    { replacements: { accountId, after: page.startingAfter ?? null, type: page.type ?? null, limit: page.limit + 1 }, type: QueryTypes.SELECT },
  );
}

export interface AuditRow {
  account_id: string;
  balance: number;
  ledger_sum: number;
  difference: number;
}

/** Every account whose balance differs from the sum of its ledger (empty when the books balance). */
export async function auditLedger(db: Sequelize): Promise<{ accounts: number; mismatches: AuditRow[] }> {
  const rows = await db.query<AuditRow>(
    `SELECT a.id AS account_id, a.balance, COALESCE(SUM(t.amount), 0)::bigint AS ledger_sum,
            a.balance - COALESCE(SUM(t.amount), 0)::bigint AS difference
     FROM accounts a LEFT JOIN credit_transactions t ON t.account_id = a.id
     GROUP BY a.id, a.balance ORDER BY a.id`,
    { type: QueryTypes.SELECT },
  );
  return { accounts: rows.length, mismatches: rows.filter((r) => Number(r.difference) !== 0) };
}
