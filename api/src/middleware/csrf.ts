import type { Request } from 'express';
import { sameSecret } from '../domain/people/tokens';
import { forbidden } from '../errors/api-error';
import { CSRF_HEADER, isUnsafeMethod } from '../http/session-cookie';

/**
 * The CSRF check of a session-authenticated request (synchronizer token): an unsafe method must
 * carry the session's own token in `Lumiku-CSRF-Token`, which a cross-site page cannot read
 * (it is only in our JSON responses) and so cannot send. Safe methods change nothing and pass.
 */
export function checkCsrf(req: Request, sessionToken: string): void {
  if (!isUnsafeMethod(req.method)) return;
  const sent = req.get(CSRF_HEADER);
  if (!sent) throw forbidden('csrf_failed', `A session-authenticated ${req.method} needs the ${CSRF_HEADER} header: the csrf_token of GET /auth/session (or of the sign-in response).`);
  if (!sameSecret(sent, sessionToken)) throw forbidden('csrf_failed', `The ${CSRF_HEADER} header is not this session's token; read it again from GET /auth/session.`);
}
