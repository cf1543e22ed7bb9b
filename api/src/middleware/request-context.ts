import crypto from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import type { AppDeps } from '../deps';
import type { ApiKeyRow } from '../domain/accounts/api-keys';

/** Who is calling: resolved once per request by the API-key middleware. */
export interface Principal {
  accountId: string;
  livemode: boolean;
  key: ApiKeyRow;
}

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Request {
      /** X-Request-Id of this request (ours, or a sane one the caller sent). */
      id: string;
      principal?: Principal;
    }
  }
}

const CLIENT_ID = /^[A-Za-z0-9._:-]{8,128}$/;

/** Keeps a sane caller-supplied X-Request-Id (useful for tracing through proxies); otherwise makes one. */
export function requestId(req: Request, res: Response, next: NextFunction) {
  const incoming = req.get('x-request-id');
  req.id = incoming && CLIENT_ID.test(incoming) ? incoming : `req_${crypto.randomUUID().replaceAll('-', '')}`;
  res.setHeader('X-Request-Id', req.id);
  next();
}

export interface RequestContext {
  deps: AppDeps;
  principal: Principal;
  requestId: string;
}

/** What a controller passes to a service: plain data, no req/res. */
export function contextOf(req: Request): RequestContext {
  if (!req.principal) throw new Error('contextOf() on an unauthenticated request');
  return { deps: req.app.locals.deps as AppDeps, principal: req.principal, requestId: req.id };
}
