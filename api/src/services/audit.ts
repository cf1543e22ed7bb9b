import type { Transaction } from 'sequelize';
import { actorOf, AUDIT_ACTIONS, AUDIT_ID_PREFIX, listAudit, recordAudit, type AuditAction, type AuditInput, type AuditRow } from '../domain/audit';
import { invalidRequest } from '../errors/api-error';
import type { RequestContext } from '../request-context';
import { iso, pageParams, toList, type List } from './pagination';

/**
 * Records what the caller of this request did: account, mode, actor (key or person), IP and user
 * agent come from the request; the action, target and details from the caller. Pass the
 * transaction that makes the change. `livemode: null` marks an organization-wide action.
 */
export async function auditRequest(ctx: RequestContext, entry: Pick<AuditInput, 'action' | 'target' | 'data'> & { livemode?: boolean | null }, t?: Transaction) {
  return recordAudit(
    ctx.deps.db,
    {
      accountId: ctx.principal.accountId,
      livemode: entry.livemode === undefined ? ctx.principal.livemode : entry.livemode,
      actor: actorOf(ctx.principal),
      action: entry.action,
      target: entry.target,
      ip: ctx.ip ?? null,
      userAgent: ctx.userAgent ?? null,
      data: entry.data,
    },
    t,
  );
}

/** Who did it. `email` only for a person; `system` is the platform itself (an operator's CLI, a sweeper). */
export interface AuditEventActor {
  type: 'api_key' | 'user' | 'system';
  /** @example "key_01jhx7k3y0000000000000000a" */
  id: string | null;
  /** The person's email at the time (only for `type: "user"`). */
  email?: string;
}

export interface AuditEventTarget {
  /** @example "api_key" */
  type: string;
  /** @example "key_01jhx7k3y0000000000000000b" */
  id: string;
}

/** One entry of the organization's audit log: append-only, never holds a secret. */
export interface AuditEvent {
  /** @example "aud_01jhx7k3y0000000000000000a" */
  id: string;
  object: 'audit_event';
  action: AuditAction;
  actor: AuditEventActor;
  target: AuditEventTarget | null;
  /** The caller's address as the API saw it (behind a proxy: X-Forwarded-For through TRUST_PROXY). */
  ip: string | null;
  user_agent: string | null;
  /** Details of the change (names, scopes, roles, the changed fields). Never a secret. */
  data: { [key: string]: unknown };
  /** The mode of what was touched; null for organization-wide actions (members, sessions), listed in both modes. */
  livemode: boolean | null;
  created_at: string;
}

function presentAudit(r: AuditRow): AuditEvent {
  const actor: AuditEventActor = { type: r.actor_type, id: r.actor_id };
  if (r.actor_type === 'user' && r.actor_email) actor.email = r.actor_email;
  return {
    id: r.id,
    object: 'audit_event',
    action: r.action as AuditAction,
    actor,
    target: r.target_type && r.target_id ? { type: r.target_type, id: r.target_id } : null,
    ip: r.ip,
    user_agent: r.user_agent,
    data: r.data,
    livemode: r.livemode,
    created_at: iso(r.created_at)!,
  };
}

export interface AuditEventQuery {
  limit?: number;
  starting_after?: string;
  action?: AuditAction;
  actor?: string;
  target?: string;
}

/** The caller's organization's entries of the caller's mode and the organization-wide ones, newest first. */
export async function listAuditEvents(ctx: RequestContext, q: AuditEventQuery): Promise<List<AuditEvent>> {
  const page = pageParams(q.limit, q.starting_after, AUDIT_ID_PREFIX);
  if (q.action !== undefined && !AUDIT_ACTIONS.includes(q.action))
    throw invalidRequest(`Unknown audit action '${q.action}'.`, [{ path: 'query.action', message: `must be one of ${AUDIT_ACTIONS.join(', ')}` }]);
  for (const [field, value] of [['actor', q.actor], ['target', q.target]] as const)
    if (value !== undefined && !/^[a-z]+_[A-Za-z0-9]{1,64}$/.test(value)) throw invalidRequest(`${field} must be an object id.`, [{ path: `query.${field}`, message: 'must be an id such as key_… or user_…' }]);
  const rows = await listAudit(ctx.deps.db, { accountId: ctx.principal.accountId, livemode: ctx.principal.livemode, action: q.action, actorId: q.actor, targetId: q.target, ...page });
  return toList(rows, page, presentAudit);
}
