import type { NextFunction, Request, Response } from 'express';
import type { Logger } from 'pino';
import { accessLogger } from '../logger';

const QUIET = new Set(['/health', '/ready', '/metrics']);

/** Signed download URLs are bearer credentials until they expire: keep the signature out of logs. */
export function redactSignature(url: string): string {
  return url.includes('signature=') ? url.replace(/([?&]signature=)[^&]*/g, '$1[redacted]') : url;
}

/**
 * One JSON line per request when it finishes: request id, account, method, path, status, duration.
 * (A plain middleware rather than a child logger per request: it is on every request's path.)
 */
export function accessLog(parent: Logger) {
  const logger = accessLogger(parent); // without redact paths: none names an access line's fields
  return (req: Request, res: Response, next: NextFunction) => {
    if (QUIET.has(req.path)) return next();
    const started = performance.now();
    res.on('finish', () => {
      const status = res.statusCode;
      const line = {
        req_id: req.id,
        account_id: req.principal?.accountId,
        method: req.method,
        url: redactSignature(req.originalUrl),
        status,
        ms: Math.round((performance.now() - started) * 10) / 10,
      };
      if (status >= 500) logger.error(line, 'request failed');
      else logger.info(line, 'request');
    });
    next();
  };
}
