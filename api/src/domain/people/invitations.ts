import { QueryTypes, type Sequelize, type Transaction } from 'sequelize';
import { newId } from '../ids';
import { linkError } from './email-tokens';
import { PEOPLE_ID_PREFIX } from './ids';
import type { Role } from './roles';
import { hashToken, randomToken } from './tokens';

export const INVITATION_TTL_DAYS = 7;

export interface InvitationRow {
  id: string;
  account_id: string;
  email: string;
  role: Role;
  invited_by: string | null;
  expires_at: Date;
  accepted_at: Date | null;
  accepted_by: string | null;
  revoked_at: Date | null;
  created_at: Date;
}

const COLUMNS = 'id, account_id, email, role, invited_by, expires_at, accepted_at, accepted_by, revoked_at, created_at';

/**
 * Invites `email` as `role`. An earlier pending invitation of the same address to the same
 * organization is revoked (its link stops working): the newest invitation is the one that counts.
 * Returns the row and the link's token (only its hash is stored).
 */
export async function createInvitation(db: Sequelize, input: { accountId: string; email: string; role: Role; invitedBy: string | null }, t?: Transaction): Promise<{ invitation: InvitationRow; token: string }> {
  const token = randomToken();
  await db.query(`UPDATE invitations SET revoked_at = now() WHERE account_id = :accountId AND email = :email AND accepted_at IS NULL AND revoked_at IS NULL`, {
    replacements: { accountId: input.accountId, email: input.email },
    transaction: t,
  });
  const [invitation] = await db.query<InvitationRow>(
    `INSERT INTO invitations (id, account_id, email, role, token_hash, invited_by, expires_at)
     VALUES (:id, :accountId, :email, :role, :hash, :invitedBy, now() + make_interval(days => :days))
     RETURNING ${COLUMNS}`,
    { replacements: { id: newId(PEOPLE_ID_PREFIX.invitation), ...input, hash: hashToken(token), days: INVITATION_TTL_DAYS }, type: QueryTypes.SELECT, transaction: t },
  );
  return { invitation, token };
}

export async function listInvitations(db: Sequelize, accountId: string, page: { limit: number; startingAfter?: string }): Promise<InvitationRow[]> {
  return db.query<InvitationRow>(`SELECT ${COLUMNS} FROM invitations WHERE account_id = :accountId AND (:after::text IS NULL OR id < :after) ORDER BY id DESC LIMIT :limit`, {
    replacements: { accountId, after: page.startingAfter ?? null, limit: page.limit + 1 },
    type: QueryTypes.SELECT,
  });
}

export async function findInvitation(db: Sequelize, accountId: string, id: string): Promise<InvitationRow | null> {
  const rows = await db.query<InvitationRow>(`SELECT ${COLUMNS} FROM invitations WHERE account_id = :accountId AND id = :id`, { replacements: { accountId, id }, type: QueryTypes.SELECT });
  return rows[0] ?? null;
}

/** Revokes a pending invitation (an accepted one stays accepted); returns the row either way. */
export async function revokeInvitation(db: Sequelize, accountId: string, id: string, t?: Transaction): Promise<InvitationRow | null> {
  const rows = await db.query<InvitationRow>(
    `UPDATE invitations SET revoked_at = COALESCE(revoked_at, now()) WHERE account_id = :accountId AND id = :id AND accepted_at IS NULL RETURNING ${COLUMNS}`,
    { replacements: { accountId, id }, type: QueryTypes.SELECT, transaction: t },
  );
  return rows[0] ?? (await findInvitation(db, accountId, id));
}

/** The pending invitation a link's token names, locked in `t`; throws a `LinkError` saying why it cannot be used. */
export async function claimInvitation(db: Sequelize, token: string, t: Transaction): Promise<InvitationRow> {
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) throw linkError('invalid', 'invitation');
  const [row] = await db.query<InvitationRow>(`SELECT ${COLUMNS} FROM invitations WHERE token_hash = :hash FOR UPDATE`, { replacements: { hash: hashToken(token) }, type: QueryTypes.SELECT, transaction: t });
  if (!row || row.revoked_at) throw linkError('invalid', 'invitation');
  if (row.accepted_at) throw linkError('used', 'invitation');
  if (new Date(row.expires_at).getTime() <= Date.now()) throw linkError('expired', 'invitation');
  return row;
}

export async function markInvitationAccepted(db: Sequelize, id: string, userId: string, t: Transaction): Promise<void> {
  await db.query(`UPDATE invitations SET accepted_at = now(), accepted_by = :userId WHERE id = :id AND accepted_at IS NULL`, { replacements: { id, userId }, transaction: t });
}

export type InvitationStatus = 'pending' | 'accepted' | 'revoked' | 'expired';
export function invitationStatus(row: InvitationRow): InvitationStatus {
  if (row.accepted_at) return 'accepted';
  if (row.revoked_at) return 'revoked';
  return new Date(row.expires_at).getTime() <= Date.now() ? 'expired' : 'pending';
}
