import { PEOPLE_ID_PREFIX } from '../domain/people/ids';
import { changeRole, countMemberships, findMember, listMembers as listRows, removeMembership, type MemberRow } from '../domain/people/memberships';
import { isRole, mayManageRole, ROLES, type Role } from '../domain/people/roles';
import { revokeUserSessions } from '../domain/people/sessions';
import { forbidden, invalidRequest, notFound } from '../errors/api-error';
import type { RequestContext } from '../request-context';
import { auditRequest } from './audit';
import { iso, pageParams, toList, type List } from './pagination';

export type MemberRole = Role;

/** A person's membership of the organization, with the role that sets what their session may do. */
export interface Member {
  /** @example "mem_01jhx7mb000000000000000001" */
  id: string;
  object: 'member';
  /** @example "user_01jhx7us000000000000000001" */
  user_id: string;
  /** @example "ada@example.com" */
  email: string;
  name: string;
  role: MemberRole;
  email_verified: boolean;
  created_at: string;
}

export interface UpdateMemberRequest {
  /** The new role. Only an owner may grant or take away `owner`; the last owner cannot be demoted. */
  role: MemberRole;
}

export interface DeletedMember {
  /** @example "mem_01jhx7mb000000000000000001" */
  id: string;
  object: 'member';
  deleted: true;
}

export const presentMember = (r: MemberRow): Member => ({
  id: r.id,
  object: 'member',
  user_id: r.user_id,
  email: r.email,
  name: r.name,
  role: r.role,
  email_verified: r.email_verified_at !== null,
  created_at: iso(r.created_at)!,
});

/** The caller's role for the owner rules: a signed-in member's, or none for an API key (a key never transfers ownership). */
export const callerRole = (ctx: RequestContext): Role | null => ctx.principal.user?.role ?? null;

function mustManage(ctx: RequestContext, role: Role, what: string) {
  if (!mayManageRole(callerRole(ctx), role)) throw forbidden('owner_required', `Only an owner may ${what}.`);
}

export async function listMembers(ctx: RequestContext, limit?: number, startingAfter?: string): Promise<List<Member>> {
  const page = pageParams(limit, startingAfter, PEOPLE_ID_PREFIX.membership);
  return toList(await listRows(ctx.deps.db, ctx.principal.accountId, page), page, presentMember);
}

export async function getMember(ctx: RequestContext, id: string): Promise<Member> {
  const row = await findMember(ctx.deps.db, ctx.principal.accountId, id);
  if (!row) throw notFound('member', id);
  return presentMember(row);
}

/**
 * Changes a member's role; it counts from the member's next request (roles are read per request).
 * Granting or taking away `owner` is an owner's alone (403 `owner_required`); demoting the last
 * owner is 409 `last_owner`.
 */
export async function updateMember(ctx: RequestContext, id: string, body: UpdateMemberRequest): Promise<Member> {
  if (!isRole(body.role)) throw invalidRequest('Unknown role.', [{ path: 'role', message: `must be one of ${ROLES.join(', ')}` }]);
  const { db } = ctx.deps;
  const current = await findMember(db, ctx.principal.accountId, id);
  if (!current) throw notFound('member', id);
  if (current.role === body.role) return presentMember(current);
  mustManage(ctx, current.role, 'change the role of an owner');
  mustManage(ctx, body.role, 'make a member an owner');
  const { after } = await db.transaction(async (t) => {
    const changed = await changeRole(db, ctx.principal.accountId, id, body.role, t);
    await auditRequest(ctx, { action: 'member.role_changed', livemode: null, target: { type: 'member', id }, data: { user_id: changed.before.user_id, email: changed.before.email, from: changed.before.role, to: body.role } }, t);
    return changed;
  });
  return presentMember(after);
}

/**
 * Removes a member: their sessions lose this organization at once (the next request with it is a
 * 404), and a person left in no organization is signed out everywhere. Removing an owner is an
 * owner's alone; removing the last owner is 409 `last_owner`.
 */
export async function removeMember(ctx: RequestContext, id: string): Promise<DeletedMember> {
  const { db } = ctx.deps;
  const current = await findMember(db, ctx.principal.accountId, id);
  if (!current) throw notFound('member', id);
  mustManage(ctx, current.role, 'remove an owner');
  await db.transaction(async (t) => {
    const removed = await removeMembership(db, ctx.principal.accountId, id, t);
    if ((await countMemberships(db, removed.user_id, t)) === 0) await revokeUserSessions(db, removed.user_id, t);
    await auditRequest(ctx, { action: 'member.removed', livemode: null, target: { type: 'member', id }, data: { user_id: removed.user_id, email: removed.email, role: removed.role } }, t);
  });
  return { id, object: 'member', deleted: true };
}
