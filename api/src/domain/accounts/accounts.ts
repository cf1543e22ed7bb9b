import { QueryTypes, Sequelize, Transaction } from 'sequelize';
import { preparedQuery } from '../db/connect';
import { newId, ID_PREFIX } from '../ids';

export interface AccountRow {
  id: string;
  name: string;
  email: string | null;
  plan: string;
  balance: number;
  created_at: Date;
}

export async function createAccount(db: Sequelize, input: { name: string; email?: string | null; plan?: string }, t?: Transaction): Promise<AccountRow> {
  const [row] = await db.query<AccountRow>(
    `INSERT INTO accounts (id, name, email, plan) VALUES (:id, :name, :email, :plan)
     RETURNING id, name, email, plan, balance, created_at`,
    { replacements: { id: newId(ID_PREFIX.account), name: input.name, email: input.email ?? null, plan: input.plan ?? 'free' }, type: QueryTypes.SELECT, transaction: t },
  );
  return row;
}

/** An account with its auto top-up settings: what `GET /v1/account` shows. */
export interface AccountDetails extends AccountRow {
  auto_top_up_threshold: number | null;
  auto_top_up_pack: string | null;
}

/** The one read behind `findAccount` (a named prepared statement; bench/support/baseline-pg-server.ts runs the same). */
export const ACCOUNT_BY_ID = {
  name: 'account_by_id',
  text: `SELECT id, name, email, plan, balance, created_at, auto_top_up_threshold, auto_top_up_pack FROM accounts WHERE id = $1`,
} as const;

export async function findAccount(db: Sequelize, id: string): Promise<AccountDetails | null> {
  const rows = await preparedQuery<AccountDetails>(db, ACCOUNT_BY_ID.name, ACCOUNT_BY_ID.text, [id]);
  return rows[0] ?? null;
}

export async function listAccounts(db: Sequelize): Promise<AccountRow[]> {
  return db.query<AccountRow>(`SELECT id, name, email, plan, balance, created_at FROM accounts ORDER BY id`, { type: QueryTypes.SELECT });
}
