import { QueryTypes, type Sequelize, type Transaction } from 'sequelize';
import { ConflictError, NotFoundError } from '../errors';
import { newId } from '../ids';
import { PEOPLE_ID_PREFIX } from './ids';
import type { Role } from './roles';

export interface MembershipRow {
  id: string;
  account_id: string;
  user_id: string;
  role: Role;
  created_at: Date;
  updated_at: Date;
}

/** A membership with its person, as the members list shows it. */
export interface MemberRow extends MembershipRow {
  email: string;
  name: string;
  email_verified_at: Date | null;
}

const MEMBER_SELECT = `SELECT m.id, m.account_id, m.user_id, m.role, m.created_at, m.updated_at, u.email, u.name, u.email_verified_at
  FROM memberships m JOIN users u ON u.id = m.user_id`;

export async function addMembership(db: Sequelize, input: { accountId: string; userId: string; role: Role }, t?: Transaction): Promise<MembershipRow> {
  const [row] = await db.query<MembershipRow>(
    `INSERT INTO memberships (id, account_id, user_id, role) VALUES (:id, :accountId, :userId, :role)
     RETURNING id, account_id, user_id, role, created_at, updated_at`,
    { replacements: { id: newId(PEOPLE_ID_PREFIX.membership), ...input }, type: QueryTypes.SELECT, transaction: t },
  );
  return row;
}

export async function listMembers(db: Sequelize, accountId: string, page: { limit: number; startingAfter?: string }): Promise<MemberRow[]> {
  return db.query<MemberRow>(`${MEMBER_SELECT} WHERE m.account_id = :accountId AND (:after::text IS NULL OR m.id < :after) ORDER BY m.id DESC LIMIT :limit`, {
    replacements: { accountId, after: page.startingAfter ?? null, limit: page.limit + 1 },
    type: QueryTypes.SELECT,
  });
}

export async function findMember(db: Sequelize, accountId: string, id: string, t?: Transaction): Promise<MemberRow | null> {
  const rows = await db.query<MemberRow>(`${MEMBER_SELECT} WHERE m.account_id = :accountId AND m.id = :id`, { replacements: { accountId, id }, type: QueryTypes.SELECT, transaction: t });
  return rows[0] ?? null;
}

export async function findMemberByEmail(db: Sequelize, accountId: string, email: string, t?: Transaction): Promise<MemberRow | null> {
  const rows = await db.query<MemberRow>(`${MEMBER_SELECT} WHERE m.account_id = :accountId AND u.email = :email`, { replacements: { accountId, email }, type: QueryTypes.SELECT, transaction: t });
  return rows[0] ?? null;
}

/** The organizations a person belongs to, with their role and the organization's name, oldest membership first. */
export async function organizationsOf(db: Sequelize, userId: string): Promise<{ account_id: string; name: string; role: Role; membership_id: string }[]> {
  return db.query(
    `SELECT m.account_id, a.name, m.role, m.id AS membership_id FROM memberships m JOIN accounts a ON a.id = m.account_id WHERE m.user_id = :userId ORDER BY m.id`,
    { replacements: { userId }, type: QueryTypes.SELECT },
  );
}

/**
 * Locks the organization's owner memberships (in `t`) and counts them. Every change that could take
 * away an owner takes these locks first, so two owners demoting each other at once are serialized
 * and the second sees the first's change: an organization never loses its last owner.
 */
async function lockOwners(db: Sequelize, accountId: string, t: Transaction): Promise<string[]> {
  const rows = await db.query<{ id: string }>(`SELECT id FROM memberships WHERE account_id = :accountId AND role = 'owner' ORDER BY id FOR UPDATE`, {
    replacements: { accountId },
    type: QueryTypes.SELECT,
    transaction: t,
  });
  return rows.map((r) => r.id);
}

const lastOwner = (what: string) => new ConflictError('last_owner', `An organization keeps at least one owner: ${what}. Make another member an owner first.`);

/** Changes a member's role (in `t`); 409 `last_owner` when it would leave the organization without an owner. */
export async function changeRole(db: Sequelize, accountId: string, id: string, role: Role, t: Transaction): Promise<{ before: MemberRow; after: MemberRow }> {
  const owners = await lockOwners(db, accountId, t);
  const before = await findMember(db, accountId, id, t);
  if (!before) throw new NotFoundError('member', id);
  if (before.role === 'owner' && role !== 'owner' && owners.length === 1 && owners[0] === id) throw lastOwner('this member is its only owner');
  await db.query(`UPDATE memberships SET role = :role, updated_at = now() WHERE id = :id AND account_id = :accountId`, { replacements: { role, id, accountId }, transaction: t });
  return { before, after: { ...before, role } };
}

/** Removes a member (in `t`); 409 `last_owner` when it is the organization's only owner. */
export async function removeMembership(db: Sequelize, accountId: string, id: string, t: Transaction): Promise<MemberRow> {
  const owners = await lockOwners(db, accountId, t);
  const member = await findMember(db, accountId, id, t);
  if (!member) throw new NotFoundError('member', id);
  if (member.role === 'owner' && owners.length === 1 && owners[0] === id) throw lastOwner('this member is its only owner');
  await db.query(`DELETE FROM memberships WHERE id = :id AND account_id = :accountId`, { replacements: { id, accountId }, transaction: t });
  return member;
}

export async function countMemberships(db: Sequelize, userId: string, t?: Transaction): Promise<number> {
  const [row] = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM memberships WHERE user_id = :userId`, { replacements: { userId }, type: QueryTypes.SELECT, transaction: t });
  return row.n;
}
