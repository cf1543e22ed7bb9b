import type { Request } from 'express';
import { requireSession } from './http/auth-context';
import { requireScopes } from './middleware/authenticate';

/**
 * tsoa calls this for every operation marked `@Security(...)`.
 * - `api_key` (every /v1 operation): the caller (key or session) was already resolved by the
 *   `authenticate` middleware; this only checks the operation's scopes.
 * - `session` (/auth operations of the signed-in person): the cookie's live session, with its CSRF
 *   token on unsafe methods.
 */
export async function expressAuthentication(req: Request, securityName: string, scopes: string[] = []) {
  if (securityName === 'api_key') return requireScopes(req, scopes);
  if (securityName === 'session') return requireSession(req);
  throw new Error(`Unknown security scheme ${securityName}`);
}
