import type { NextFunction, Request, Response } from 'express';
import type { Sequelize } from 'sequelize';
import { findKeyByHash, hashSecret, keyMode, touchKey, type Scope } from '../domain/accounts/api-keys';
import type { KeyCache } from './key-cache';
import { forbidden, unauthenticated } from '../errors/api-error';

/**
 * Resolves `Authorization: Bearer lk_…` to a principal for every /v1 request. Scope checks happen
 * per operation (tsoa's @Security, see `tsoa-auth.ts`), so the spec says what each one needs.
 */
export function authenticate(db: Sequelize, cache: KeyCache, onTouchError: (err: unknown) => void) {
  return async (req: Request, _res: Response, next: NextFunction) => {
    const header = req.get('authorization');
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
    req.principal = { accountId: key.account_id, livemode: key.livemode, key };
    if (!key.last_used_at || Date.now() - key.last_used_at.getTime() > 60_000) {
      key.last_used_at = new Date(); // the cached copy too, so a busy key is touched once a minute
      touchKey(db, key.id).catch(onTouchError);
    }
    next();
  };
}

export function requireScopes(req: Request, scopes: readonly string[]) {
  const principal = req.principal;
  if (!principal) throw unauthenticated('missing_api_key', 'No API key.');
  const missing = scopes.filter((s) => !principal.key.scopes.includes(s as Scope));
  if (missing.length) throw forbidden('insufficient_scope', `This API key lacks the scope${missing.length > 1 ? 's' : ''} ${missing.join(', ')}.`);
  return principal;
}
