import { findAccount } from '../domain/accounts/accounts';
import { notFound } from '../errors/api-error';
import type { RequestContext } from '../request-context';
import { iso } from './pagination';

/** Buy `pack` whenever a reservation leaves the live balance below `threshold`. */
export interface AutoTopUp {
  threshold: number;
  /** @example "pack_starter" */
  pack: string;
}

export interface Account {
  /** @example "acct_01jf3v8a6q8m2k4c7xw9t5b3nd" */
  id: string;
  object: 'account';
  name: string;
  email: string | null;
  /** The tier its plan gives (`free`, `pro`, `enterprise`): which `ai_models` it may use. */
  plan: string;
  /** Spendable credits (live mode). Test-mode keys run jobs at no charge. May be negative after a refund or dispute. */
  balance: number;
  /** True while the balance is below zero (a refund or dispute): new jobs get 402 `account_restricted`. */
  restricted: boolean;
  /** Automatic top-up, when set. */
  auto_top_up: AutoTopUp | null;
  /** The mode of the key that made this request. */
  livemode: boolean;
  created_at: string;
}

export async function getAccount(ctx: RequestContext): Promise<Account> {
  const row = await findAccount(ctx.deps.db, ctx.principal.accountId); // one read: the account and its auto top-up settings
  if (!row) throw notFound('account');
  const autoTopUp = row.auto_top_up_threshold != null && row.auto_top_up_pack ? { threshold: row.auto_top_up_threshold, pack: row.auto_top_up_pack } : null;
  return {
    id: row.id,
    object: 'account',
    name: row.name,
    email: row.email,
    plan: row.plan,
    balance: row.balance,
    restricted: row.balance < 0,
    auto_top_up: autoTopUp,
    livemode: ctx.principal.livemode,
    created_at: iso(row.created_at)!,
  };
}
