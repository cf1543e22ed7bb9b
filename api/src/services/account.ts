import { findAccount } from '../domain/accounts/accounts';
import { notFound } from '../errors/api-error';
import type { RequestContext } from '../request-context';
import { iso } from './pagination';

export interface Account {
  /** @example "acct_01jf3v8a6q8m2k4c7xw9t5b3nd" */
  id: string;
  object: 'account';
  name: string;
  email: string | null;
  plan: string;
  /** Spendable credits (live mode). Test-mode keys run jobs at no charge. */
  balance: number;
  /** The mode of the key that made this request. */
  livemode: boolean;
  created_at: string;
}

export async function getAccount(ctx: RequestContext): Promise<Account> {
  const row = await findAccount(ctx.deps.db, ctx.principal.accountId);
  if (!row) throw notFound('account');
  return { id: row.id, object: 'account', name: row.name, email: row.email, plan: row.plan, balance: row.balance, livemode: ctx.principal.livemode, created_at: iso(row.created_at)! };
}
