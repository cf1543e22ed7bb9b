import { QueryTypes } from 'sequelize';
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
  const { db } = ctx.deps;
  const row = await findAccount(db, ctx.principal.accountId);
  if (!row) throw notFound('account');
  const [billing] = await db.query<{ auto_top_up_threshold: number | null; auto_top_up_pack: string | null }>(`SELECT auto_top_up_threshold, auto_top_up_pack FROM accounts WHERE id = :id`, {
    replacements: { id: row.id },
    type: QueryTypes.SELECT,
  });
  const autoTopUp = billing?.auto_top_up_threshold != null && billing.auto_top_up_pack ? { threshold: billing.auto_top_up_threshold, pack: billing.auto_top_up_pack } : null;
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
