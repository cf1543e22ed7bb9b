import { recordAudit } from '../domain/audit';
import { invitationEmail } from '../domain/mail/messages';
import { PEOPLE_ID_PREFIX } from '../domain/people/ids';
import {
  claimInvitation,
  createInvitation as insertInvitation,
  findInvitation,
  invitationStatus,
  INVITATION_TTL_DAYS,
  listInvitations as listRows,
  markInvitationAccepted,
  revokeInvitation as revokeRow,
  type InvitationRow,
  type InvitationStatus,
} from '../domain/people/invitations';
import { addMembership, findMemberByEmail } from '../domain/people/memberships';
import { findOrganization } from '../domain/people/organizations';
import { hashPassword, passwordProblems } from '../domain/people/passwords';
import { isRole, ROLES } from '../domain/people/roles';
import { findUser, findUserByEmail, insertUser, isEmail, markEmailVerified, normalizeEmail } from '../domain/people/users';
import { ApiError, conflict, forbidden, invalidRequest, notFound, type FieldError } from '../errors/api-error';
import type { RequestContext } from '../request-context';
import { auditRequest } from './audit';
import { currentSession, startSession, type AuthContext, type AuthSession } from './auth';
import { callerRole, type MemberRole } from './members';
import { iso, pageParams, toList, type List } from './pagination';

/** An invitation to join the organization, sent by email as a link that works once, for 7 days. */
export interface Invitation {
  /** @example "inv_01jhx7iv000000000000000001" */
  id: string;
  object: 'invitation';
  /** @example "grace@example.com" */
  email: string;
  role: MemberRole;
  status: InvitationStatus;
  /** Who invited: a person's `user_…` id or an API key's `key_…` id. */
  invited_by: string | null;
  expires_at: string;
  accepted_at: string | null;
  created_at: string;
}

export interface CreateInvitationRequest {
  /** @example "grace@example.com" */
  email: string;
  /** The role the person gets on accepting. Only an owner may invite an owner. */
  role: MemberRole;
}

export interface AcceptInvitationRequest {
  /** The token from the invitation's link (after `#token=`). @example "q3Xb7v0k2mJ9c1r8Zt5wNf4yHs6Ld0aPe2Gu7Ki9Bo" */
  token: string;
  /**
   * For a person without an account: their name (an account is made with the invited address).
   * @minLength 1 @maxLength 100
   * @example "Grace Hopper"
   */
  name?: string;
  /** For a person without an account: the password to sign in with (at least 10 characters, not a common one). @example "nanoseconds are a foot long" */
  password?: string;
}

const present = (r: InvitationRow): Invitation => ({
  id: r.id,
  object: 'invitation',
  email: r.email,
  role: r.role,
  status: invitationStatus(r),
  invited_by: r.invited_by,
  expires_at: iso(r.expires_at)!,
  accepted_at: iso(r.accepted_at),
  created_at: iso(r.created_at)!,
});

/**
 * Invites an address as a role and emails it the link. A newer invitation of the same address
 * replaces a pending one. 409 `already_member` when the address is a member; 403 `owner_required`
 * to invite an owner without being one.
 */
export async function createInvitation(ctx: RequestContext, body: CreateInvitationRequest): Promise<Invitation> {
  const errors: FieldError[] = [];
  const email = normalizeEmail(body.email);
  if (!isEmail(email)) errors.push({ path: 'email', message: 'must be an email address like grace@example.com' });
  if (!isRole(body.role)) errors.push({ path: 'role', message: `must be one of ${ROLES.join(', ')}` });
  if (errors.length) throw invalidRequest(`Invalid invitation: ${errors.map((e) => `${e.path} ${e.message}`).join('; ')}.`, errors);
  if (body.role === 'owner' && callerRole(ctx) !== 'owner') throw forbidden('owner_required', 'Only an owner may invite an owner.');
  const { db } = ctx.deps;
  if (await findMemberByEmail(db, ctx.principal.accountId, email)) throw conflict('already_member', `${email} is already a member of this organization.`);
  const org = await findOrganization(db, ctx.principal.accountId);
  if (!org) throw notFound('organization');
  const invitedBy = ctx.principal.user?.id ?? ctx.principal.key?.id ?? null;
  const { invitation, token } = await db.transaction(async (t) => {
    const made = await insertInvitation(db, { accountId: ctx.principal.accountId, email, role: body.role, invitedBy }, t);
    await auditRequest(ctx, { action: 'member.invited', livemode: null, target: { type: 'invitation', id: made.invitation.id }, data: { email, role: body.role } }, t);
    return made;
  });
  const inviter = ctx.principal.user ? ((await findUser(db, ctx.principal.user.id))?.name ?? ctx.principal.user.email) : null;
  const link = `${ctx.deps.config.dashboardUrl}/invitations/accept#token=${token}`;
  await ctx.deps.mailer
    .send(invitationEmail(email, { organization: org.name, inviter, role: body.role, link, validDays: INVITATION_TTL_DAYS }))
    .catch((err) => ctx.deps.logger.error({ err, invitation_id: invitation.id }, 'could not send the invitation; invite again to resend'));
  return present(invitation);
}

export async function listInvitations(ctx: RequestContext, limit?: number, startingAfter?: string): Promise<List<Invitation>> {
  const page = pageParams(limit, startingAfter, PEOPLE_ID_PREFIX.invitation);
  return toList(await listRows(ctx.deps.db, ctx.principal.accountId, page), page, present);
}

/** Revokes a pending invitation: its link stops working. Revoking twice, or an accepted one, changes nothing. */
export async function revokeInvitation(ctx: RequestContext, id: string): Promise<Invitation> {
  const { db } = ctx.deps;
  const before = await findInvitation(db, ctx.principal.accountId, id);
  if (!before) throw notFound('invitation', id);
  if (before.role === 'owner' && callerRole(ctx) !== 'owner') throw forbidden('owner_required', 'Only an owner may revoke the invitation of an owner.');
  const row = await db.transaction(async (t) => {
    const r = await revokeRow(db, ctx.principal.accountId, id, t);
    if (r && invitationStatus(before) === 'pending') await auditRequest(ctx, { action: 'invitation.revoked', livemode: null, target: { type: 'invitation', id }, data: { email: r.email, role: r.role } }, t);
    return r;
  });
  if (!row) throw notFound('invitation', id);
  return present(row);
}

/**
 * Accepts an invitation (its link works once, for 7 days). Someone without an account gives a name
 * and a password, and an account is made with the invited address (verified: the link came to it).
 * Someone with an account must be signed in as that address (401 `invalid_session` otherwise; 403
 * `invitation_email_mismatch` when signed in as another). Either way the membership starts and the
 * answer is a fresh session (a rotated one for the signed-in person: a new privilege).
 */
export async function acceptInvitation(ctx: AuthContext, body: AcceptInvitationRequest): Promise<{ session: AuthSession; token: string; expiresAt: Date }> {
  const { db } = ctx.deps;
  const newPasswordHash = body.password !== undefined ? await hashPassword(body.password) : null;
  const outcome = await db.transaction(async (t) => {
    const invitation = await claimInvitation(db, body.token, t);
    let user = await findUserByEmail(db, invitation.email, t);
    if (user) {
      if (!ctx.session) throw new ApiError(401, 'invalid_session', `Sign in as ${invitation.email} first, then accept the invitation.`);
      if (ctx.session.user_id !== user.id) throw forbidden('invitation_email_mismatch', 'This invitation was sent to another email address than the one you are signed in with.');
      if (await findMemberByEmail(db, invitation.account_id, invitation.email, t)) throw conflict('already_member', 'You are already a member of this organization.');
      await markEmailVerified(db, user.id, t);
    } else {
      const errors: FieldError[] = [];
      const name = body.name?.trim();
      if (!name) errors.push({ path: 'name', message: 'is required to make your account' });
      if (body.password === undefined) errors.push({ path: 'password', message: 'is required to make your account' });
      else errors.push(...passwordProblems(body.password, { email: invitation.email }));
      if (errors.length) throw invalidRequest(`To accept, make your account: ${errors.map((e) => `${e.path} ${e.message}`).join('; ')}.`, errors);
      user = await insertUser(db, { email: invitation.email, name: name!, passwordHash: newPasswordHash!, verified: true }, t);
    }
    const membership = await addMembership(db, { accountId: invitation.account_id, userId: user.id, role: invitation.role }, t);
    await markInvitationAccepted(db, invitation.id, user.id, t);
    const actor = { type: 'user' as const, id: user.id, email: user.email };
    const common = { accountId: invitation.account_id, livemode: null, actor, ip: ctx.ip, userAgent: ctx.userAgent };
    await recordAudit(db, { ...common, action: 'invitation.accepted', target: { type: 'invitation', id: invitation.id }, data: { email: user.email, role: invitation.role } }, t);
    await recordAudit(db, { ...common, action: 'member.added', target: { type: 'member', id: membership.id }, data: { user_id: user.id, email: user.email, role: invitation.role } }, t);
    // A signed-in person's session is rotated; a new account's browser gets its first session (the other person's cookie is replaced, not ended).
    const rotateCtx = ctx.session?.user_id === user.id ? ctx : { ...ctx, session: null };
    const started = await startSession(rotateCtx, user, t);
    return { user, started };
  });
  const lookup = { ...outcome.started.session, email: outcome.user.email, email_verified_at: outcome.user.email_verified_at ?? new Date(), role: null };
  const session = await currentSession({ ...ctx, session: lookup });
  return { session, token: outcome.started.token, expiresAt: new Date(outcome.started.session.expires_at) };
}
