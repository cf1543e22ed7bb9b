import { QueryTypes, Sequelize, Transaction } from 'sequelize';
import { insufficientCredits, quotaExceeded } from '../../errors/api-error';
import { NotFoundError, ValidationError } from '../errors';
import { newId, ID_PREFIX } from '../ids';
import type { QuotaPeriod } from '../accounts/api-keys';

/**
 * The credits ledger. `accounts.balance` changes only in the same transaction as the
 * `credit_transactions` row that explains it, so the ledger always sums to the balance. Every change
 * is a conditional single-statement update (no read-modify-write), and each operation is one round
 * trip: a CTE statement, or a function from migration 0001 for reserve and settle.
 *
 * Lock order, always: account row → key usage row (reserve and release alike), so they cannot deadlock.
 *
 * Group commit: an account row stays locked until its transaction's WAL flush, so one account can
 * take at most 1/fsync-time commits a second (~400/s on a 2.5 ms disk), and every commit costs a
 * flush. Concurrent reservations outside a transaction can therefore be batched
 * (`ReservationBatcher`): while one batch is committing, the next requests queue, then run together
 * in one statement and one commit, each with its own outcome. Job creation reserves inside its own
 * transaction (with the job row and its event), so it is not batched.
 */

export type CreditTransactionType = 'grant' | 'purchase' | 'reserve' | 'capture' | 'release' | 'refund' | 'adjust' | 'reversal';

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
  if (!ok) throw new ValidationError(`Credit amount must be a whole number${allowNegative ? '' : ' ≥ 0'} up to ${MAX_CREDIT_AMOUNT}.`, [{ path: 'amount', message: 'out of range' }]);
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
 * refunds and operator adjustments. A negative adjustment never takes the balance below zero; a
 * positive amount always applies (it may only raise a balance a payment reversal left negative).
 */
export async function grantCredits(
  db: Sequelize,
  input: { accountId: string; amount: number; type?: 'grant' | 'purchase' | 'refund' | 'adjust'; description?: string | null },
  t?: Transaction,
): Promise<CreditTransactionRow> {
  const type = input.type ?? 'grant';
  checkAmount(input.amount, { allowNegative: type === 'adjust' });
  const rows = await db.query<CreditTransactionRow>(
    `WITH a AS (
       UPDATE accounts SET balance = balance + :amount, updated_at = now()
       WHERE id = :accountId AND (balance + :amount >= 0 OR :amount > 0) RETURNING id, balance)
     INSERT INTO credit_transactions (id, account_id, type, amount, balance_after, description)
     SELECT :id, a.id, :type, :amount, a.balance, :description FROM a
     RETURNING ${TXN_COLUMNS}`,
    { replacements: { id: newId(ID_PREFIX.creditTransaction), accountId: input.accountId, amount: input.amount, type, description: input.description ?? null }, type: QueryTypes.SELECT, transaction: t },
  );
  if (rows[0]) return rows[0];
  const [acct] = await db.query<{ balance: number }>(`SELECT balance FROM accounts WHERE id = :id`, { replacements: { id: input.accountId }, type: QueryTypes.SELECT, transaction: t });
  if (!acct) throw new NotFoundError('account', input.accountId);
  throw insufficientCredits(-input.amount, acct.balance);
}

/**
 * Takes back credits a payment bought (a refund or a dispute at the gateway): a `reversal` row. Unlike
 * every other debit it may take the balance below zero; the organization is then restricted (no new
 * jobs) until the balance is positive again. Runs in the caller's transaction (the payment event's).
 */
export async function reverseCredits(db: Sequelize, input: { accountId: string; amount: number; description: string }, t: Transaction): Promise<CreditTransactionRow> {
  checkAmount(input.amount);
  const rows = await db.query<CreditTransactionRow>(
    `WITH a AS (UPDATE accounts SET balance = balance - :amount, updated_at = now() WHERE id = :accountId RETURNING id, balance)
     INSERT INTO credit_transactions (id, account_id, type, amount, balance_after, description)
     SELECT :id, a.id, 'reversal', 0 - :amount, a.balance, :description FROM a
     RETURNING ${TXN_COLUMNS}`,
    { replacements: { id: newId(ID_PREFIX.creditTransaction), accountId: input.accountId, amount: input.amount, description: input.description }, type: QueryTypes.SELECT, transaction: t },
  );
  if (!rows[0]) throw new NotFoundError('account', input.accountId);
  return rows[0];
}

export interface ReserveInput {
  accountId: string;
  /** The key drawing the credits; its quota (if any) is enforced in the same transaction. */
  apiKey?: { id: string; credit_limit: number | null; credit_limit_period: QuotaPeriod | null } | null;
  amount: number;
  description?: string | null;
}

/**
 * How a reservation runs: in a caller's transaction (it commits with the caller's other writes: job
 * creation does this), through a `ReservationBatcher` (group commit with concurrent callers), or,
 * with neither, in a statement of its own.
 */
export type ReserveVia = Transaction | ReservationBatcher;

/**
 * Holds `amount` credits for a job: the balance drops now, and the hold is later captured (charged)
 * or released exactly once. Throws 402 `insufficient_credits` or `key_quota_exceeded`, changing nothing.
 */
export async function reserveCredits(db: Sequelize, input: ReserveInput, via?: ReserveVia): Promise<ReservationRow & { balance_after: number }> {
  checkAmount(input.amount, { allowZero: true });
  const key = input.apiKey ?? null;
  const limit = key?.credit_limit ?? null;
  if (key && limit && input.amount > limit) throw quotaExceeded(`This needs ${input.amount} credits; the key's quota is ${limit} per ${key.credit_limit_period}.`);
  const call: ReserveCall = {
    accountId: input.accountId,
    keyId: key?.id ?? null,
    limit,
    period: limit ? quotaPeriodStart(key!.credit_limit_period ?? 'total') : null,
    amount: input.amount,
    id: newId(ID_PREFIX.creditReservation),
    txnId: newId(ID_PREFIX.creditTransaction),
    description: input.description ?? null,
  };
  const outcome = via instanceof ReservationBatcher ? await via.submit(call) : (await runReserveCalls(db, [call], via))[0];
  switch (outcome.outcome) {
    case 'reserved':
      return { id: call.id, account_id: input.accountId, api_key_id: call.keyId, amount: input.amount, status: 'held', captured: 0, released: 0, balance_after: outcome.balance! };
    case 'key_quota_exceeded':
      throw quotaExceeded(`This needs ${input.amount} credits; the key's ${key?.credit_limit_period} quota of ${limit} would be exceeded.`);
    case 'insufficient_credits':
      throw insufficientCredits(input.amount, outcome.balance ?? 0);
    default:
      throw new NotFoundError('account', input.accountId);
  }
}

interface ReserveCall {
  accountId: string;
  keyId: string | null;
  limit: number | null;
  period: Date | null;
  amount: number;
  id: string;
  txnId: string;
  description: string | null;
}
interface ReserveOutcome {
  outcome: 'reserved' | 'insufficient_credits' | 'key_quota_exceeded' | 'no_account';
  balance: number | null;
}

/**
 * Runs the calls in ONE statement (so one transaction and one commit), each with its own outcome.
 * Calls are applied in account-id order, so concurrent batches lock accounts in the same order and
 * cannot deadlock; calls on the same account keep their arrival order.
 */
async function runReserveCalls(db: Sequelize, calls: ReserveCall[], t?: Transaction): Promise<ReserveOutcome[]> {
  const order = calls.map((c, i) => ({ c, i })).sort((x, y) => (x.c.accountId < y.c.accountId ? -1 : x.c.accountId > y.c.accountId ? 1 : x.i - y.i));
  const col = <K extends keyof ReserveCall>(k: K) => order.map(({ c }) => c[k]);
  const rows = await db.query<ReserveOutcome & { ord: number }>(
    `SELECT r.outcome, r.balance, b.ord
     FROM unnest(ARRAY[:accountIds]::text[], ARRAY[:keyIds]::text[], ARRAY[:limits]::bigint[], ARRAY[:periods]::timestamptz[], ARRAY[:amounts]::bigint[],
                 ARRAY[:ids]::text[], ARRAY[:txnIds]::text[], ARRAY[:descriptions]::text[])
          WITH ORDINALITY AS b(account_id, key_id, lim, period, amount, id, txn_id, description, ord)
     CROSS JOIN LATERAL reserve_credits(b.account_id, b.key_id, b.lim, b.period, b.amount, b.id, b.txn_id, b.description) r
     ORDER BY b.ord`,
    {
      replacements: {
        accountIds: col('accountId'),
        keyIds: col('keyId'),
        limits: col('limit'),
        periods: col('period'),
        amounts: col('amount'),
        ids: col('id'),
        txnIds: col('txnId'),
        descriptions: col('description'),
      },
      type: QueryTypes.SELECT,
      transaction: t,
    },
  );
  const outcomes: ReserveOutcome[] = new Array(calls.length);
  rows.forEach((row, k) => (outcomes[order[k].i] = { outcome: row.outcome, balance: row.balance }));
  return outcomes;
}

/**
 * Group commit in the application: one reservation statement in flight at a time; requests arriving
 * meanwhile (any accounts) wait and go together in the next one. Whoever reserves outside a
 * transaction at a high rate makes one per database handle and passes it to `reserveCredits`.
 */
export class ReservationBatcher {
  private queue: { call: ReserveCall; resolve: (o: ReserveOutcome) => void; reject: (e: unknown) => void }[] = [];
  private busy = false;
  constructor(private readonly db: Sequelize, private readonly maxBatch = 500) {}

  submit(call: ReserveCall): Promise<ReserveOutcome> {
    return new Promise((resolve, reject) => {
      this.queue.push({ call, resolve, reject });
      if (!this.busy) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.busy = true;
    try {
      while (this.queue.length) {
        const batch = this.queue.splice(0, this.maxBatch);
        try {
          const outcomes = await runReserveCalls(this.db, batch.map((b) => b.call));
          batch.forEach((b, i) => b.resolve(outcomes[i]));
        } catch (err) {
          batch.forEach((b) => b.reject(err));
        }
      }
    } finally {
      this.busy = false;
    }
  }
}

/**
 * Settles a held reservation exactly once: `charge` credits are captured and the rest released.
 * Returns null when the reservation was already settled (a retried or duplicated settle is harmless).
 */
export async function settleReservation(db: Sequelize, reservationId: string, charge: number, t?: Transaction): Promise<ReservationRow | null> {
  checkAmount(charge, { allowZero: true });
  const rows = await db.query<ReservationRow>(
    `SELECT id, account_id, api_key_id, amount, status, captured, released FROM settle_credit_reservation(:id, :charge, :captureTxn, :releaseTxn)`,
    { replacements: { id: reservationId, charge, captureTxn: newId(ID_PREFIX.creditTransaction), releaseTxn: newId(ID_PREFIX.creditTransaction) }, type: QueryTypes.SELECT, transaction: t },
  );
  return rows[0] ?? null;
}

export const captureReservation = (db: Sequelize, id: string, amount: number, t?: Transaction) => settleReservation(db, id, amount, t);
export const releaseReservation = (db: Sequelize, id: string, t?: Transaction) => settleReservation(db, id, 0, t);

/**
 * The ledger holds live credits only: test-mode jobs are free and never reserve, so every row is
 * live. A test-mode reader (`livemode: false`) therefore gets no rows, never the live ones.
 */
export const LEDGER_LIVEMODE = true;

export async function listCreditTransactions(
  db: Sequelize,
  scope: { accountId: string; livemode: boolean },
  page: { limit: number; startingAfter?: string; type?: CreditTransactionType },
): Promise<CreditTransactionRow[]> {
  if (scope.livemode !== LEDGER_LIVEMODE) return [];
  return db.query<CreditTransactionRow>(
    `SELECT ${TXN_COLUMNS} FROM credit_transactions WHERE account_id = :accountId
       AND (:after::text IS NULL OR id < :after) AND (:type::text IS NULL OR type = :type)
     ORDER BY id DESC LIMIT :limit`,
    { replacements: { accountId: scope.accountId, after: page.startingAfter ?? null, type: page.type ?? null, limit: page.limit + 1 }, type: QueryTypes.SELECT },
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
