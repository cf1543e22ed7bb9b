import cors from 'cors';
import helmet from 'helmet';
import type { RequestHandler } from 'express';

/**
 * Security headers on every response (helmet). Signed file URLs are embedded by other sites
 * (`<img src>`, `<video src>`), so resources may be loaded cross-origin; the pages we serve
 * (Swagger UI, the dashboard) set their own Content-Security-Policy where they need one, and API
 * answers (JSON) get the strictest: nothing may load or frame them.
 */
export function securityHeaders(opts: { production: boolean }): RequestHandler {
  return helmet({
    contentSecurityPolicy: false,
    crossOriginResourcePolicy: { policy: 'cross-origin' },
    crossOriginEmbedderPolicy: false,
    strictTransportSecurity: opts.production ? { maxAge: 31_536_000, includeSubDomains: true } : false,
  });
}

/** `default-src 'none'; frame-ancestors 'none'` for JSON APIs (/v1, /auth): a response is never a page. */
export const apiContentSecurityPolicy: RequestHandler = (_req, res, next) => {
  res.setHeader('Content-Security-Policy', "default-src 'none'; frame-ancestors 'none'");
  next();
};

/** Headers a browser client may read from answers (CORS). */
const EXPOSED = ['Location', 'X-Request-Id', 'RateLimit-Limit', 'RateLimit-Remaining', 'RateLimit-Reset', 'Retry-After', 'Idempotent-Replayed'];

/**
 * CORS for /v1 and /auth: only DASHBOARD_ORIGIN, with credentials (the session cookie); any other
 * origin gets no Access-Control-* headers, so browsers refuse it. Unset: no cross-origin access at all.
 */
export function corsForDashboard(origin: string | undefined): RequestHandler {
  if (!origin) return (_req, _res, next) => next();
  return cors({
    origin: (requestOrigin, cb) => cb(null, requestOrigin === origin ? origin : false),
    credentials: true,
    methods: ['GET', 'HEAD', 'POST', 'PATCH', 'PUT', 'DELETE'],
    allowedHeaders: ['Authorization', 'Content-Type', 'Idempotency-Key', 'Lumiku-Organization', 'Lumiku-Mode', 'Lumiku-CSRF-Token', 'Last-Event-ID'],
    exposedHeaders: EXPOSED,
    maxAge: 600,
  });
}
