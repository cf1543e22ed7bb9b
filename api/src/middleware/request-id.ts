import crypto from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
// `req.id` is declared with the rest of the request's additions in http/context.ts.

const CLIENT_ID = /^[A-Za-z0-9._:-]{8,128}$/;

/** Keeps a sane caller-supplied X-Request-Id (useful for tracing through proxies); otherwise makes one. */
export function requestId(req: Request, res: Response, next: NextFunction) {
  const incoming = req.get('x-request-id');
  req.id = incoming && CLIENT_ID.test(incoming) ? incoming : `req_${crypto.randomUUID().replaceAll('-', '')}`;
  res.setHeader('X-Request-Id', req.id);
  next();
}
