import type { Request } from 'express';
import { requireScopes } from './middleware/authenticate';

/**
 * tsoa calls this for every operation marked `@Security('api_key', [scopes])`. The key itself was
 * already resolved by the `authenticate` middleware; this only checks the operation's scopes.
 */
export async function expressAuthentication(req: Request, securityName: string, scopes: string[] = []) {
  if (securityName !== 'api_key') throw new Error(`Unknown security scheme ${securityName}`);
  return requireScopes(req, scopes);
}
