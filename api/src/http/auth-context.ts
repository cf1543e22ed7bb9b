import type { Request } from 'express';
import type { AppDeps } from '../deps';
import { findLiveSession, type SessionLookup } from '../domain/people/sessions';
import { unauthenticated } from '../errors/api-error';
import { checkCsrf } from '../middleware/csrf';
import { sessionPolicy, type AuthContext } from '../services/auth';
import { readCookie, SESSION_COOKIE } from './session-cookie';

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Request {
      /** The live session of the cookie, set by tsoa's `session` security (tsoa-auth.ts) or `optionalSession`. */
      authSession?: SessionLookup | null;
    }
  }
}

const depsOf = (req: Request) => req.app.locals.deps as AppDeps;

/** An /auth request as its service takes it (no principal: nobody need be signed in). */
export function authContextOf(req: Request): AuthContext {
  return { deps: depsOf(req), requestId: req.id, ip: req.ip ?? null, userAgent: req.get('user-agent') ?? null, session: req.authSession ?? null };
}

/**
 * The session the cookie names, required: 401 `invalid_session` without a live one; on unsafe
 * methods its CSRF token must be sent (403 `csrf_failed`).
 */
export async function requireSession(req: Request): Promise<SessionLookup> {
  const deps = depsOf(req);
  const token = readCookie(req, SESSION_COOKIE);
  const session = token ? await findLiveSession(deps.db, token, null, sessionPolicy(deps)) : null;
  if (!session) throw unauthenticated('invalid_session', token ? 'The session cookie is unknown, expired or signed out; sign in again.' : 'Not signed in: no session cookie.');
  checkCsrf(req, session.csrf_token);
  req.authSession = session;
  return session;
}

/**
 * The session the cookie names when it is live, else null. With `csrf`, an unsafe request must
 * carry its CSRF token (it acts as that person); without, the session is only ended or rotated.
 */
export async function optionalSession(req: Request, opts: { csrf: boolean }): Promise<SessionLookup | null> {
  const deps = depsOf(req);
  const token = readCookie(req, SESSION_COOKIE);
  const session = token ? await findLiveSession(deps.db, token, null, sessionPolicy(deps)) : null;
  if (session && opts.csrf) checkCsrf(req, session.csrf_token);
  req.authSession = session;
  return session;
}
