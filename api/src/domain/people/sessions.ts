import { QueryTypes, type Sequelize, type Transaction } from 'sequelize';
import { preparedQuery } from '../db/connect';
import { newId } from '../ids';
import { PEOPLE_ID_PREFIX } from './ids';
import type { Role } from './roles';
import { hashToken, randomToken } from './tokens';

export interface SessionRow {
  id: string;
  user_id: string;
  csrf_token: string;
  user_agent: string | null;
  ip: string | null;
  created_at: Date;
  last_seen_at: Date;
  expires_at: Date;
  revoked_at: Date | null;
}

/** What one request needs of its session: the session, its person, and their membership of the named organization (if any). */
export interface SessionLookup extends SessionRow {
  email: string;
  email_verified_at: Date | null;
  /** The role in the organization the request names; null when the person is not a member of it. */
  role: Role | null;
}

const COLUMNS = 'id, user_id, csrf_token, user_agent, ip, created_at, last_seen_at, expires_at, revoked_at';
const MAX_USER_AGENT = 512;

export interface SessionPolicy {
  /** A session ends this long after it began, however active. */
  ttlHours: number;
  /** …or after this long without a request. */
  idleHours: number;
}

/** Starts a session; returns the row and the cookie's token (shown only here; stored as its hash). */
export async function createSession(db: Sequelize, input: { userId: string; userAgent?: string | null; ip?: string | null; policy: SessionPolicy }, t?: Transaction): Promise<{ session: SessionRow; token: string }> {
  const token = randomToken();
  const [session] = await db.query<SessionRow>(
    `INSERT INTO sessions (id, user_id, token_hash, csrf_token, user_agent, ip, expires_at)
     VALUES (:id, :userId, :hash, :csrf, :ua, :ip, now() + make_interval(hours => :ttl))
     RETURNING ${COLUMNS}`,
    {
      replacements: {
        id: newId(PEOPLE_ID_PREFIX.session),
        userId: input.userId,
        hash: hashToken(token),
        csrf: randomToken(),
        ua: input.userAgent?.slice(0, MAX_USER_AGENT) ?? null,
        ip: input.ip ?? null,
        ttl: input.policy.ttlHours,
      },
      type: QueryTypes.SELECT,
      transaction: t,
    },
  );
  return { session, token };
}

/**
 * The live session a cookie's token names (not revoked, not expired, not idle too long), with its
 * person and their role in `accountId` (null when not a member, or when no organization is asked).
 * One indexed read, prepared: it is on the path of every session-authenticated request.
 */
export async function findLiveSession(db: Sequelize, token: string, accountId: string | null, policy: SessionPolicy): Promise<SessionLookup | null> {
  const rows = await preparedQuery<SessionLookup>(
    db,
    'session_by_token',
    `SELECT s.id, s.user_id, s.csrf_token, s.user_agent, s.ip, s.created_at, s.last_seen_at, s.expires_at, s.revoked_at,
            u.email, u.email_verified_at, m.role
       FROM sessions s
       JOIN users u ON u.id = s.user_id
       LEFT JOIN memberships m ON m.user_id = s.user_id AND m.account_id = $2
      WHERE s.token_hash = $1 AND s.revoked_at IS NULL AND s.expires_at > now()
        AND s.last_seen_at > now() - make_interval(hours => $3)`,
    [hashToken(token), accountId, policy.idleHours],
  );
  return rows[0] ?? null;
}

/** `last_seen_at` is kept to the minute, so a busy session is not a write on every request. */
export async function touchSession(db: Sequelize, id: string): Promise<void> {
  await db.query(`UPDATE sessions SET last_seen_at = now() WHERE id = :id AND last_seen_at < now() - interval '1 minute'`, { replacements: { id } });
}

export async function revokeSession(db: Sequelize, id: string, t?: Transaction): Promise<void> {
  await db.query(`UPDATE sessions SET revoked_at = now() WHERE id = :id AND revoked_at IS NULL`, { replacements: { id }, transaction: t });
}

/** Ends every session of a person (sign out everywhere, a password change); returns how many were live. */
export async function revokeUserSessions(db: Sequelize, userId: string, t?: Transaction): Promise<number> {
  const rows = await db.query<{ id: string }>(`UPDATE sessions SET revoked_at = now() WHERE user_id = :userId AND revoked_at IS NULL RETURNING id`, {
    replacements: { userId },
    type: QueryTypes.SELECT,
    transaction: t,
  });
  return rows.length;
}

/** Whether the person signed in from this user agent before (a new one is a "new device" in the audit log). */
export async function knownDevice(db: Sequelize, userId: string, userAgent: string | null, t?: Transaction): Promise<boolean> {
  const rows = await db.query(`SELECT 1 FROM sessions WHERE user_id = :userId AND user_agent IS NOT DISTINCT FROM :ua LIMIT 1`, {
    replacements: { userId, ua: userAgent?.slice(0, MAX_USER_AGENT) ?? null },
    type: QueryTypes.SELECT,
    transaction: t,
  });
  return rows.length > 0;
}
