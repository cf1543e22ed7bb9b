import { pipeline } from 'node:stream/promises';
import type { NextFunction, Request, Response } from 'express';
import type { AppDeps } from '../deps';
import { openSignedFileContent } from '../services/files';

const CONTENT_PATH = /^\/v1\/files\/([^/]+)\/content\/?$/;

/**
 * Serves `GET /v1/files/{id}/content?expires=…&signature=…` without an API key: the signature
 * (HMAC over id and expiry) is the credential. Requests without a `signature` parameter pass on
 * to the authenticated route. Mount before the API-key middleware; it matches on the full path,
 * so it works on the app or on the /v1 router.
 */
export function signedFileDownload(deps: AppDeps) {
  return async (req: Request, res: Response, next: NextFunction) => {
    if ((req.method !== 'GET' && req.method !== 'HEAD') || req.query.signature === undefined) return next();
    const match = CONTENT_PATH.exec(req.originalUrl.split('?')[0]);
    if (!match) return next();
    let id: string;
    try {
      id = decodeURIComponent(match[1]);
    } catch {
      return next();
    }
    const content = await openSignedFileContent(deps, { id, expires: req.query.expires, signature: req.query.signature, range: req.get('range'), headOnly: req.method === 'HEAD' });
    res.status(content.status).set(content.headers);
    await pipeline(content.body, res).catch(() => res.destroy());
  };
}
