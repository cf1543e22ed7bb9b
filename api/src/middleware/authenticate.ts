import type { NextFunction, Request, Response } from 'express';
import type { Sequelize } from 'sequelize';
import { findKeyByHash, hashSecret, keyMode, touchKey } from '../domain/accounts/api-keys';
import { findLiveSession, touchSession, type SessionPolicy } from '../domain/people/sessions';
import { ROLE_SCOPES } from '../domain/people/roles';
import { ApiError, forbidden, notFound, unauthenticated } from '../errors/api-error';
import { readCookie, SESSION_COOKIE, ORGANIZATION_HEADER, MODE_HEADER } from '../http/session-cookie';
import { checkCsrf } from './csrf';
import type { KeyCache } from './key-cache';

const ORGANIZATION_ID = /^acct_[0-9A-Za-z]{1,64}$/;

/**
 * Resolves the caller of every /v1 request to a principal, in one of two ways:
 *
 * - `Authorization: Bearer lk_…`: the API key (its mode from its prefix, its scopes). When the
 *   header is sent, it is the only credential looked at.
 * - Otherwise the dashboard session cookie, with the organization in `Lumiku-Organization`, the
 *   mode in `Lumiku-Mode` (`test` by default) and, on unsafe methods, the session's CSRF token
 *   (`Lumiku-CSRF-Token`; 403 `csrf_failed`). The session acts with the member's role as scopes.
 *   An organization the person is not a member of is a 404, as any other account's object is.
 *   Nothing about a session is cached: a sign-out, a removal or a role change counts on the next request.
 *
 * Scope checks happen per operation (`authorizeOperation` and tsoa's @Security), from the spec.
 */
export function authenticate(db: Sequelize, cache: KeyCache, onTouchError: (err: unknown) => void, sessions?: SessionPolicy) {
  return async (req: Request, _res: Response, next: NextFunction) => {
    const header = req.get('authorization');
    if (!header && sessions) {
      const token = readCookie(req, SESSION_COOKIE);
      if (token) {
        await authenticateSession(req, db, token, sessions, onTouchError);
        return next();
      }
    }
    if (!header) throw unauthenticated('missing_api_key', 'No API key: send `Authorization: Bearer lk_live_…` (or lk_test_…).');
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    const secret = match?.[1];
    if (!secret || !keyMode(secret)) throw unauthenticated('invalid_api_key', 'The Authorization header must be `Bearer lk_live_…` or `Bearer lk_test_…`.');
    const hash = hashSecret(secret);
    let key = cache.get(hash);
    if (!key) {
      key = (await findKeyByHash(db, hash)) ?? undefined;
      if (key) cache.set(hash, key);
    }
    if (!key) throw unauthenticated('invalid_api_key', 'Unknown API key.');
    if (key.revoked_at) throw unauthenticated('api_key_revoked', `API key ${key.id} was revoked.`);
    req.principal = { accountId: key.account_id, livemode: key.livemode, scopes: key.scopes, key };
    if (!key.last_used_at || Date.now() - key.last_used_at.getTime() > 60_000) {
      key.last_used_at = new Date(); // the cached copy too, so a busy key is touched once a minute
      touchKey(db, key.id).catch(onTouchError);
    }
    next();
  };
}

async function authenticateSession(req: Request, db: Sequelize, token: string, policy: SessionPolicy, onTouchError: (err: unknown) => void) {
  const organization = req.get(ORGANIZATION_HEADER);
  if (!organization)
    throw new ApiError(400, 'invalid_request', `A session-authenticated request names its organization in the ${ORGANIZATION_HEADER} header (an acct_… id from GET /auth/session).`, {
      errors: [{ path: `header.${ORGANIZATION_HEADER.toLowerCase()}`, message: 'is required with a session cookie' }],
    });
  const mode = req.get(MODE_HEADER) ?? 'test';
  if (mode !== 'test' && mode !== 'live')
    throw new ApiError(400, 'invalid_request', `${MODE_HEADER} must be \`test\` or \`live\`.`, { errors: [{ path: `header.${MODE_HEADER.toLowerCase()}`, message: `must be 'test' or 'live' (got '${mode.slice(0, 20)}')` }] });
  const accountId = ORGANIZATION_ID.test(organization) ? organization : null;
  const session = await findLiveSession(db, token, accountId, policy);
  if (!session) throw unauthenticated('invalid_session', 'The session cookie is unknown, expired or signed out; sign in again.');
  checkCsrf(req, session.csrf_token);
  if (!session.role) throw notFound('organization', organization.slice(0, 80));
  const livemode = mode === 'live';
  if (livemode && !session.email_verified_at) throw forbidden('email_not_verified', 'Live mode needs a verified email address: follow the link in the verification email (a password reset verifies it too).');
  req.principal = {
    accountId: accountId!,
    livemode,
    scopes: ROLE_SCOPES[session.role],
    user: { id: session.user_id, email: session.email, sessionId: session.id, role: session.role },
  };
  if (Date.now() - new Date(session.last_seen_at).getTime() > 60_000) touchSession(db, session.id).catch(onTouchError);
}

export function requireScopes(req: Request, scopes: readonly string[]) {
  const principal = req.principal;
  if (!principal) throw unauthenticated('missing_api_key', 'No API key.');
  const missing = scopes.filter((s) => !(principal.scopes as readonly string[]).includes(s));
  if (missing.length) {
    const who = principal.user ? `The ${principal.user.role} role` : 'This API key';
    throw forbidden('insufficient_scope', `${who} lacks the scope${missing.length > 1 ? 's' : ''} ${missing.join(', ')}.`);
  }
  return principal;
}
