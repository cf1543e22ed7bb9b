import { LEDGER_LIVEMODE, listCreditTransactions as listRows, type CreditTransactionRow, type CreditTransactionType } from '../domain/credits/ledger';
import { ID_PREFIX } from '../domain/ids';
import type { RequestContext } from '../request-context';
import { iso, pageParams, toList, type List } from './pagination';

export interface CreditTransaction {
  /** @example "txn_01jf3v8a6q8m2k4c7xw9t5b3nd" */
  id: string;
  object: 'credit_transaction';
  /** `reserve` holds credits for a job; `capture` charges the hold; `release` returns it. */
  type: CreditTransactionType;
  /** Signed change to the balance (negative for a reserve). A capture changes nothing: the reserve already did. */
  amount: number;
  balance_after: number;
  reservation_id: string | null;
  api_key_id: string | null;
  description: string | null;
  /** Always true: the ledger holds live credits only (test-mode jobs are free), so a test key lists none. */
  livemode: boolean;
  created_at: string;
}

const present = (r: CreditTransactionRow): CreditTransaction => ({
  id: r.id,
  object: 'credit_transaction',
  type: r.type,
  amount: r.amount,
  balance_after: r.balance_after,
  reservation_id: r.reservation_id,
  api_key_id: r.api_key_id,
  description: r.description,
  livemode: LEDGER_LIVEMODE,
  created_at: iso(r.created_at)!,
});

export async function listCreditTransactions(ctx: RequestContext, q: { limit?: number; starting_after?: string; type?: CreditTransactionType }): Promise<List<CreditTransaction>> {
  const page = pageParams(q.limit, q.starting_after, ID_PREFIX.creditTransaction);
  const rows = await listRows(ctx.deps.db, ctx.principal, { ...page, type: q.type });
  return toList(rows, page, present);
}
