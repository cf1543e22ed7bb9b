import { QueryTypes, type Sequelize, type Transaction } from 'sequelize';
import { newId } from '../ids';
import { scrubSecrets } from './scrub';

export const AUDIT_ID_PREFIX = 'aud';

/** Who did it: an API key, a signed-in person, or the platform itself (an operator, a sweeper). */
export type AuditActor = { type: 'api_key'; id: string } | { type: 'user'; id: string; email: string } | { type: 'system'; id?: string | null };

/** What was done, as `<object>.<verb>`. New actions are added here (the list is the documentation). */
export const AUDIT_ACTIONS = [
  'api_key.created',
  'api_key.revoked',
  'member.invited',
  'member.added',
  'member.removed',
  'member.role_changed',
  'invitation.accepted',
  'invitation.revoked',
  'organization.updated',
  'webhook_endpoint.created',
  'webhook_endpoint.updated',
  'webhook_endpoint.deleted',
  'webhook_endpoint.secret_rotated',
  'session.new_device',
  'session.revoked_all',
  'user.signed_up',
  'user.email_verified',
  'user.password_changed',
  'user.password_reset',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export interface AuditInput {
  accountId: string;
  /** The mode of what was touched; omit (or null) for organization-wide actions, which every mode lists. */
  livemode?: boolean | null;
  actor: AuditActor;
  action: AuditAction;
  /** What was acted on: `{type: 'api_key', id: 'key_…'}`. */
  target?: { type: string; id: string } | null;
  ip?: string | null;
  userAgent?: string | null;
  /** Non-secret details (a name, the scopes, the old and new role). Secrets are stripped before storing. */
  data?: Record<string, unknown>;
}

export interface AuditRow {
  id: string;
  account_id: string;
  livemode: boolean | null;
  action: string;
  actor_type: 'api_key' | 'user' | 'system';
  actor_id: string | null;
  actor_email: string | null;
  target_type: string | null;
  target_id: string | null;
  ip: string | null;
  user_agent: string | null;
  data: Record<string, unknown>;
  created_at: Date;
}

const MAX_USER_AGENT = 512;

/**
 * Appends one entry to the organization's audit log. Pass the transaction that makes the change, so
 * the change and its record commit together (or neither does). `data` goes through `scrubSecrets`:
 * fields named like a secret are dropped and any value that looks like an API key or webhook secret
 * is replaced, so a careless caller cannot write one. This module only ever INSERTs and SELECTs.
 */
export async function recordAudit(db: Sequelize, input: AuditInput, t?: Transaction): Promise<AuditRow> {
  const actor = input.actor;
  const [row] = await db.query<AuditRow>(
    `INSERT INTO audit_events (id, account_id, livemode, action, actor_type, actor_id, actor_email, target_type, target_id, ip, user_agent, data)
     VALUES (:id, :accountId, :livemode, :action, :actorType, :actorId, :actorEmail, :targetType, :targetId, :ip, :userAgent, :data::jsonb)
     RETURNING *`,
    {
      replacements: {
        id: newId(AUDIT_ID_PREFIX),
        accountId: input.accountId,
        livemode: input.livemode ?? null,
        action: input.action,
        actorType: actor.type,
        actorId: actor.id ?? null,
        actorEmail: actor.type === 'user' ? actor.email : null,
        targetType: input.target?.type ?? null,
        targetId: input.target?.id ?? null,
        ip: input.ip ?? null,
        userAgent: input.userAgent ? scrubSecrets(input.userAgent).slice(0, MAX_USER_AGENT) : null,
        data: JSON.stringify(scrubSecrets(input.data ?? {})),
      },
      type: QueryTypes.SELECT,
      transaction: t,
    },
  );
  return row;
}

/**
 * The actor of a request's principal: the signed-in person when a session acts (`principal.user`),
 * else the API key. Structural, so it takes today's key principal and a session principal alike.
 */
export function actorOf(principal: { key?: { id: string } | null; user?: { id: string; email: string } | null }): AuditActor {
  if (principal.user) return { type: 'user', id: principal.user.id, email: principal.user.email };
  if (principal.key) return { type: 'api_key', id: principal.key.id };
  return { type: 'system' };
}

export interface AuditQuery {
  accountId: string;
  /** The caller's mode: entries of that mode and organization-wide ones (livemode NULL). */
  livemode: boolean;
  action?: string;
  actorId?: string;
  targetId?: string;
  limit: number;
  startingAfter?: string;
}

/** Newest first, `limit + 1` rows (see `toList`). */
export async function listAudit(db: Sequelize, q: AuditQuery): Promise<AuditRow[]> {
  return db.query<AuditRow>(
    `SELECT * FROM audit_events
      WHERE account_id = :accountId AND (livemode = :livemode OR livemode IS NULL)
        AND (:action::text IS NULL OR action = :action)
        AND (:actorId::text IS NULL OR actor_id = :actorId)
        AND (:targetId::text IS NULL OR target_id = :targetId)
        AND (:after::text IS NULL OR id < :after)
      ORDER BY id DESC LIMIT :limit`,
    {
      replacements: { accountId: q.accountId, livemode: q.livemode, action: q.action ?? null, actorId: q.actorId ?? null, targetId: q.targetId ?? null, after: q.startingAfter ?? null, limit: q.limit + 1 },
      type: QueryTypes.SELECT,
    },
  );
}
