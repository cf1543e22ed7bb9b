import type { Transaction } from 'sequelize';
import type { AppDeps } from '../deps';
import { createAccount } from '../domain/accounts/accounts';
import { createApiKey } from '../domain/accounts/api-keys';
import { recordAudit, type AuditAction } from '../domain/audit';
import { accountExistsEmail, passwordResetEmail, verificationEmail } from '../domain/mail/messages';
import type { MailMessage } from '../domain/mail/mailer';
import { clearBucket, emailBucket, hitBucket, ipBucket, peekBucket, type AttemptLimits } from '../domain/people/attempt-limits';
import { consumeEmailToken, EMAIL_TOKEN_TTL_HOURS, issueEmailToken, retireEmailTokens } from '../domain/people/email-tokens';
import { addMembership, organizationsOf } from '../domain/people/memberships';
import { hashPassword, needsRehash, passwordProblems, PASSWORD_MAX_LENGTH, verifyPassword } from '../domain/people/passwords';
import { createSession, knownDevice, revokeSession, revokeUserSessions, type SessionLookup, type SessionPolicy, type SessionRow } from '../domain/people/sessions';
import { openWithToken, sealWithToken } from '../domain/people/tokens';
import { findUser, findUserByEmail, insertUser, isEmail, markEmailVerified, normalizeEmail, setPassword, type UserRow } from '../domain/people/users';
import { ApiError, invalidRequest, rateLimited, type FieldError } from '../errors/api-error';
import type { MemberRole } from './members';
import { iso } from './pagination';

/**
 * Sign-up, sign-in, email verification and password reset (`/auth`, outside /v1). Answers never
 * say whether an email has an account: sign-up and password reset answer the same for every
 * address (the email sent says the rest), and a wrong password and an unknown email get the same
 * 401 after the same argon2 work.
 */

/** A request to /auth as a service takes it: no principal (nobody may be signed in), plain data. */
export interface AuthContext {
  deps: AppDeps;
  requestId: string;
  ip: string | null;
  userAgent: string | null;
  /** The live session the request's cookie names, when there is one (and, on unsafe methods, its CSRF token was sent). */
  session?: SessionLookup | null;
}


export interface SessionUserInfo {
  /** @example "user_01jhx7us000000000000000001" */
  id: string;
  object: 'user';
  /** @example "ada@example.com" */
  email: string;
  name: string;
  email_verified: boolean;
  created_at: string;
}

export interface SessionOrganization {
  /** The organization's id: send it as `Lumiku-Organization`. @example "acct_01jhx7ac0000000000000000a1" */
  id: string;
  object: 'organization';
  name: string;
  /** The signed-in person's role there; its scopes are what the session may do. */
  role: MemberRole;
}

/** The signed-in person, their organizations, and the session's CSRF token. */
export interface AuthSession {
  object: 'session';
  user: SessionUserInfo;
  organizations: SessionOrganization[];
  /** Send it as `Lumiku-CSRF-Token` on every POST, PATCH and DELETE made with the session cookie. */
  csrf_token: string;
  expires_at: string;
}

export interface SignupRequest {
  /** @example "ada@example.com" */
  email: string;
  /**
   * At least 10 characters and not one of the most common passwords.
   * @example "correct horse battery staple"
   */
  password: string;
  /**
   * @minLength 1 @maxLength 100
   * @example "Ada Lovelace"
   */
  name: string;
  /**
   * The organization made for you (default: "<name>'s organization"). @minLength 1 @maxLength 100
   * @example "Analytical Engines"
   */
  organization_name?: string;
}

/** The same answer for every address: check the inbox. */
export interface SignupAccepted {
  object: 'signup';
  email: string;
  /** @example "Check your inbox: we sent a message to ada@example.com with what to do next." */
  message: string;
}

export interface LoginRequest {
  /** @example "ada@example.com" */
  email: string;
  /** @example "correct horse battery staple" */
  password: string;
}

export interface TokenRequest {
  /** The token from the email's link (after `#token=`). @example "q3Xb7v0k2mJ9c1r8Zt5wNf4yHs6Ld0aPe2Gu7Ki9Bo" */
  token: string;
}

export interface PasswordResetRequest {
  /** @example "ada@example.com" */
  email: string;
}

export interface PasswordResetAccepted {
  object: 'password_reset';
  email: string;
  /** @example "If ada@example.com has an account, we sent it a link to choose a new password." */
  message: string;
}

export interface PasswordResetConfirmRequest {
  /** The token from the email's link (after `#token=`). @example "q3Xb7v0k2mJ9c1r8Zt5wNf4yHs6Ld0aPe2Gu7Ki9Bo" */
  token: string;
  /** The new password: at least 10 characters and not one of the most common. @example "a much better passphrase" */
  password: string;
}

export interface PasswordResetDone {
  object: 'password_reset';
  email: string;
  /** Every session of the account was ended; sign in with the new password. */
  sessions_ended: boolean;
}

/** The test key sign-up made, shown once: when the email is confirmed. */
export interface SignupTestKey {
  /** @example "key_01jhx7k3y0000000000000000a" */
  id: string;
  /** @example "lk_test_4eC39HqLyjWDarjtT1zdp7dc" */
  secret: string;
}

export interface EmailVerification {
  object: 'email_verification';
  email: string;
  verified: boolean;
  /** The organization's first test key, on the first confirmation of a sign-up (null otherwise). Store it now: it is not shown again. */
  test_api_key: SignupTestKey | null;
}

// ---------------------------------------------------------------------------------------------

export const sessionPolicy = (deps: AppDeps): SessionPolicy => ({ ttlHours: deps.config.sessionTtlHours, idleHours: deps.config.sessionIdleHours });

const limitsOf = (ctx: AuthContext): AttemptLimits => ({
  redis: ctx.deps.redis,
  prefix: `${ctx.deps.config.queuePrefix}:auth`,
  windowSeconds: ctx.deps.config.authLimitWindowSeconds,
  onUnavailable: (err) => ctx.deps.logger.warn({ err }, 'sign-in limiter unavailable; attempt allowed'),
});

const link = (ctx: AuthContext, page: string, token?: string) => `${ctx.deps.config.dashboardUrl}/${page}${token ? `#token=${token}` : ''}`;

/** Sends after the answer is decided and never fails the request: a lost email is asked for again. */
function sendLater(ctx: AuthContext, message: MailMessage) {
  ctx.deps.mailer.send(message).catch((err) => ctx.deps.logger.error({ err, subject: message.subject }, 'could not send mail'));
}

/** 429 when this client address has made too many /auth attempts in the window (every attempt counts). */
async function limitAddress(ctx: AuthContext, scope: string) {
  const hit = await hitBucket(limitsOf(ctx), ipBucket(scope, ctx.ip));
  if (hit && hit.count > ctx.deps.config.authMaxAttemptsPerIp) throw rateLimited(hit.resetSeconds);
}

function checkEmail(email: string, errors: FieldError[]): string {
  const normalized = normalizeEmail(email);
  if (!isEmail(normalized)) errors.push({ path: 'email', message: 'must be an email address like ada@example.com' });
  return normalized;
}

async function audit(ctx: AuthContext, accountIds: string[], user: Pick<UserRow, 'id' | 'email'>, action: AuditAction, data: Record<string, unknown>, t?: Transaction) {
  for (const accountId of accountIds)
    await recordAudit(ctx.deps.db, { accountId, livemode: null, actor: { type: 'user', id: user.id, email: user.email }, action, target: { type: 'user', id: user.id }, ip: ctx.ip, userAgent: ctx.userAgent, data }, t);
}

async function presentSession(ctx: AuthContext, user: UserRow, session: Pick<SessionRow, 'csrf_token' | 'expires_at'>): Promise<AuthSession> {
  const orgs = await organizationsOf(ctx.deps.db, user.id);
  return {
    object: 'session',
    user: { id: user.id, object: 'user', email: user.email, name: user.name, email_verified: user.email_verified_at !== null, created_at: iso(user.created_at)! },
    organizations: orgs.map((o) => ({ id: o.account_id, object: 'organization', name: o.name, role: o.role })),
    csrf_token: session.csrf_token,
    expires_at: iso(session.expires_at)!,
  };
}

/** A new session for `user` (sign-in, or a rotation on a change of privilege); the request's old session, if any, ends. */
export async function startSession(ctx: AuthContext, user: UserRow, t?: Transaction): Promise<{ token: string; session: SessionRow }> {
  if (ctx.session) await revokeSession(ctx.deps.db, ctx.session.id, t);
  return createSession(ctx.deps.db, { userId: user.id, userAgent: ctx.userAgent, ip: ctx.ip, policy: sessionPolicy(ctx.deps) }, t);
}

// ---------------------------------------------------------------------------------------------

/**
 * Creates the person, an organization they own and its test key, and sends a verification email
 * whose link shows that key once. An address that already has an account gets the same answer,
 * and an email saying so (with sign-in and reset links) instead; nothing is changed.
 */
export async function signup(ctx: AuthContext, body: SignupRequest): Promise<SignupAccepted> {
  const errors: FieldError[] = [];
  const email = checkEmail(body.email, errors);
  const name = body.name.trim();
  if (!name) errors.push({ path: 'name', message: 'must not be blank' });
  const orgName = body.organization_name?.trim() ?? `${name}'s organization`.slice(0, 100);
  if (!orgName) errors.push({ path: 'organization_name', message: 'must not be blank' });
  errors.push(...passwordProblems(body.password, { email }));
  if (errors.length) throw invalidRequest(`Invalid sign-up: ${errors.map((e) => `${e.path} ${e.message}`).join('; ')}.`, errors);
  await limitAddress(ctx, 'signup');

  const { db } = ctx.deps;
  // Hashed whatever happens next, so both answers cost the same.
  const passwordHash = await hashPassword(body.password);
  const made = await db.transaction(async (t) => {
    if (await findUserByEmail(db, email, t)) return null;
    const user = await insertUser(db, { email, name, passwordHash }, t);
    const account = await createAccount(db, { name: orgName, email }, t);
    await addMembership(db, { accountId: account.id, userId: user.id, role: 'owner' }, t);
    const { key, secret } = await createApiKey(db, { accountId: account.id, name: 'Default test key', livemode: false }, t);
    const token = await issueEmailToken(db, { userId: user.id, purpose: 'verify_email', payload: (tk) => sealWithToken(tk, JSON.stringify({ id: key.id, secret })) }, t);
    await audit(ctx, [account.id], user, 'user.signed_up', { organization: account.name }, t);
    return { user, token };
  }).catch((err) => {
    // A transaction that lost the race for the address rolls back as a whole: the same answer.
    if ((err as { original?: { code?: string } })?.original?.code === '23505') return null;
    throw err;
  });
  if (made) sendLater(ctx, verificationEmail(email, name, link(ctx, 'verify_email', made.token), EMAIL_TOKEN_TTL_HOURS.verify_email));
  else sendLater(ctx, accountExistsEmail(email, link(ctx, 'login'), link(ctx, 'password_reset')));
  return { object: 'signup', email, message: `Check your inbox: we sent a message to ${email} with what to do next.` };
}

/**
 * Signs in: 401 `invalid_credentials` for a wrong password and an unknown email alike (an unknown
 * email is checked against a dummy hash, so it takes as long). Failed attempts per email and all
 * attempts per client address are limited (429). Returns the new session; the request's old one ends.
 */
export async function login(ctx: AuthContext, body: LoginRequest): Promise<{ session: AuthSession; token: string; expiresAt: Date }> {
  const { config, db } = ctx.deps;
  const email = normalizeEmail(body.email);
  if (body.password.length > PASSWORD_MAX_LENGTH) throw invalidRequest('password is too long.', [{ path: 'password', message: `must be at most ${PASSWORD_MAX_LENGTH} characters` }]);
  const limits = limitsOf(ctx);
  await limitAddress(ctx, 'login');
  const failures = await peekBucket(limits, emailBucket('login', email));
  if (failures && failures.count >= config.loginMaxFailuresPerEmail) throw rateLimited(failures.resetSeconds);

  const user = isEmail(email) ? await findUserByEmail(db, email) : null;
  const ok = await verifyPassword(user?.password_hash ?? null, body.password);
  if (!user || !ok) {
    await hitBucket(limits, emailBucket('login', email));
    throw new ApiError(401, 'invalid_credentials', 'The email or password is wrong.');
  }
  await clearBucket(limits, emailBucket('login', email));
  if (needsRehash(user.password_hash)) await setPassword(db, user.id, await hashPassword(body.password));

  const { token, session } = await db.transaction(async (t) => {
    const known = await knownDevice(db, user.id, ctx.userAgent, t);
    const started = await startSession(ctx, user, t);
    if (!known) {
      const orgs = await organizationsOf(db, user.id);
      await audit(ctx, orgs.map((o) => o.account_id), user, 'session.new_device', { session_id: started.session.id }, t);
    }
    return started;
  });
  return { session: await presentSession(ctx, user, session), token, expiresAt: new Date(session.expires_at) };
}

/** The signed-in person and their organizations, with the session's CSRF token. */
export async function currentSession(ctx: AuthContext & { session: SessionLookup }): Promise<AuthSession> {
  const user = await findUser(ctx.deps.db, ctx.session.user_id);
  if (!user) throw new ApiError(401, 'invalid_session', 'The session has ended; sign in again.');
  return presentSession(ctx, user, ctx.session);
}

/** Ends this session, or (`everywhere`) every session of the person. */
export interface LogoutResult {
  object: 'logout';
  /** How many sessions ended (this one, or with `everywhere` all of the person's). */
  sessions_ended: number;
}

export async function logout(ctx: AuthContext & { session: SessionLookup }, everywhere: boolean): Promise<LogoutResult> {
  const { db } = ctx.deps;
  if (!everywhere) {
    await revokeSession(db, ctx.session.id);
    return { object: 'logout', sessions_ended: 1 };
  }
  const ended = await db.transaction(async (t) => {
    const n = await revokeUserSessions(db, ctx.session.user_id, t);
    const orgs = await organizationsOf(db, ctx.session.user_id);
    await audit(ctx, orgs.map((o) => o.account_id), { id: ctx.session.user_id, email: ctx.session.email }, 'session.revoked_all', { sessions_ended: n }, t);
    return n;
  });
  return { object: 'logout', sessions_ended: ended };
}

/**
 * Confirms the email address (the link works once, for 72 hours). The first confirmation of a
 * sign-up answers the organization's test key, once. A session of the same person that sent the
 * request is rotated (live mode is a new privilege).
 */
export async function verifyEmail(ctx: AuthContext, body: TokenRequest): Promise<{ verification: EmailVerification; rotated?: { token: string; expiresAt: Date } }> {
  const { db } = ctx.deps;
  return db.transaction(async (t) => {
    const used = await consumeEmailToken(db, body.token, 'verify_email', t);
    const user = await findUser(db, used.userId, t);
    if (!user) throw new ApiError(400, 'link_invalid', 'This verification link is not valid.');
    await markEmailVerified(db, user.id, t);
    const opened = used.payload ? openWithToken(body.token, used.payload) : null;
    const key = opened ? (JSON.parse(opened) as SignupTestKey) : null;
    if (!user.email_verified_at) await audit(ctx, (await organizationsOf(db, user.id)).map((o) => o.account_id), user, 'user.email_verified', {}, t);
    let rotated: { token: string; expiresAt: Date } | undefined;
    if (ctx.session?.user_id === user.id) {
      const started = await startSession(ctx, user, t);
      rotated = { token: started.token, expiresAt: new Date(started.session.expires_at) };
    }
    return { verification: { object: 'email_verification', email: user.email, verified: true, test_api_key: key ? { id: key.id, secret: key.secret } : null }, rotated };
  });
}

/** Sends a reset link (valid 1 hour) when the address has an account; the answer is the same either way. */
export async function requestPasswordReset(ctx: AuthContext, body: PasswordResetRequest): Promise<PasswordResetAccepted> {
  const errors: FieldError[] = [];
  const email = checkEmail(body.email, errors);
  if (errors.length) throw invalidRequest('Invalid email.', errors);
  await limitAddress(ctx, 'password_reset');
  const answer: PasswordResetAccepted = { object: 'password_reset', email, message: `If ${email} has an account, we sent it a link to choose a new password.` };
  // Per address too (counted whether or not it has an account, so the limit says nothing either).
  const hit = await hitBucket(limitsOf(ctx), emailBucket('password_reset', email));
  if (hit && hit.count > 5) return answer;
  const user = await findUserByEmail(ctx.deps.db, email);
  if (user) {
    const token = await issueEmailToken(ctx.deps.db, { userId: user.id, purpose: 'password_reset' });
    sendLater(ctx, passwordResetEmail(email, link(ctx, 'password_reset', token), EMAIL_TOKEN_TTL_HOURS.password_reset));
  }
  return answer;
}

/**
 * Sets a new password with a reset link (once, within the hour). It also confirms the email, ends
 * every session of the account and retires the other reset links.
 */
export async function confirmPasswordReset(ctx: AuthContext, body: PasswordResetConfirmRequest): Promise<PasswordResetDone> {
  const early = passwordProblems(body.password);
  if (early.length) throw invalidRequest(`Invalid password: ${early[0].message}.`, early);
  const passwordHash = await hashPassword(body.password);
  const { db } = ctx.deps;
  return db.transaction(async (t) => {
    const used = await consumeEmailToken(db, body.token, 'password_reset', t);
    const user = await findUser(db, used.userId, t);
    if (!user) throw new ApiError(400, 'link_invalid', 'This password reset link is not valid.');
    const problems = passwordProblems(body.password, { email: user.email });
    if (problems.length) throw invalidRequest(`Invalid password: ${problems[0].message}.`, problems);
    await setPassword(db, user.id, passwordHash, t);
    await markEmailVerified(db, user.id, t);
    await retireEmailTokens(db, user.id, 'password_reset', t);
    await revokeUserSessions(db, user.id, t);
    await audit(ctx, (await organizationsOf(db, user.id)).map((o) => o.account_id), user, 'user.password_reset', {}, t);
    return { object: 'password_reset', email: user.email, sessions_ended: true };
  });
}

