import type { NextFunction, Request, Response } from 'express';
import { ApiError } from '../errors/api-error';

/**
 * Paths are matched exactly: `/v1/events/` is not `/v1/events` (nor `/v1/events/{id}` with an empty
 * id). A path ending in `/` is a 404 `route_not_found` whose detail names the path without it; it is
 * not redirected, so the mistake shows once instead of costing every call a second request (and a
 * redirected POST its body with some clients). `/docs/` is a web page, served by Swagger UI, and
 * keeps its own rules.
 */
export function rejectTrailingSlash(req: Request, _res: Response, next: NextFunction) {
  const path = req.path;
  if (path.length > 1 && path.endsWith('/') && !path.startsWith('/docs/')) {
    const canonical = path.replace(/\/+$/, '') || '/';
    return next(new ApiError(404, 'route_not_found', `No route ${req.method} ${path}: paths take no trailing slash; did you mean ${req.method} ${canonical}?`));
  }
  next();
}
