import { QueryTypes, type Sequelize, type Transaction } from 'sequelize';
import { newId } from '../ids';
import { PEOPLE_ID_PREFIX } from './ids';

export interface UserRow {
  id: string;
  email: string;
  name: string;
  password_hash: string;
  email_verified_at: Date | null;
  password_changed_at: Date;
  created_at: Date;
}

const COLUMNS = 'id, email, name, password_hash, email_verified_at, password_changed_at, created_at';
export const EMAIL_MAX_LENGTH = 254;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** One spelling per address: trimmed and lowercased (how it is stored and looked up). */
export const normalizeEmail = (email: string) => email.trim().toLowerCase();
export const isEmail = (email: string) => email.length <= EMAIL_MAX_LENGTH && EMAIL.test(email);

export async function insertUser(db: Sequelize, input: { email: string; name: string; passwordHash: string; verified?: boolean }, t?: Transaction): Promise<UserRow> {
  const [row] = await db.query<UserRow>(
    `INSERT INTO users (id, email, name, password_hash, email_verified_at) VALUES (:id, :email, :name, :hash, CASE WHEN :verified THEN now() END)
     RETURNING ${COLUMNS}`,
    { replacements: { id: newId(PEOPLE_ID_PREFIX.user), email: normalizeEmail(input.email), name: input.name, hash: input.passwordHash, verified: input.verified ?? false }, type: QueryTypes.SELECT, transaction: t },
  );
  return row;
}

export async function findUserByEmail(db: Sequelize, email: string, t?: Transaction): Promise<UserRow | null> {
  const rows = await db.query<UserRow>(`SELECT ${COLUMNS} FROM users WHERE email = :email`, { replacements: { email: normalizeEmail(email) }, type: QueryTypes.SELECT, transaction: t });
  return rows[0] ?? null;
}

export async function findUser(db: Sequelize, id: string, t?: Transaction): Promise<UserRow | null> {
  const rows = await db.query<UserRow>(`SELECT ${COLUMNS} FROM users WHERE id = :id`, { replacements: { id }, type: QueryTypes.SELECT, transaction: t });
  return rows[0] ?? null;
}

export async function setPassword(db: Sequelize, userId: string, passwordHash: string, t?: Transaction): Promise<void> {
  await db.query(`UPDATE users SET password_hash = :hash, password_changed_at = now(), updated_at = now() WHERE id = :id`, { replacements: { id: userId, hash: passwordHash }, transaction: t });
}

/** Marks the email verified (once: the first time is kept). */
export async function markEmailVerified(db: Sequelize, userId: string, t?: Transaction): Promise<void> {
  await db.query(`UPDATE users SET email_verified_at = COALESCE(email_verified_at, now()), updated_at = now() WHERE id = :id`, { replacements: { id: userId }, transaction: t });
}
