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

export async function findAccount(db: Sequelize, id: string): Promise<AccountRow | null> {
  const rows = await preparedQuery<AccountRow>(db, 'account_by_id', `SELECT id, name, email, plan, balance, created_at FROM accounts WHERE id = $1`, [id]);
  return rows[0] ?? null;
}

export async function listAccounts(db: Sequelize): Promise<AccountRow[]> {
  return db.query<AccountRow>(`SELECT id, name, email, plan, balance, created_at FROM accounts ORDER BY id`, { type: QueryTypes.SELECT });
}
