import express, { type NextFunction, type Request, type RequestHandler, type Response, type Router } from 'express';

const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;

/** `/v1/files/:id/content` → `/v1/files`: the first two segments, lower-cased (routes match case-insensitively). */
function bucketOf(path: string): string {
  const second = path.indexOf('/', 1);
  const end = second < 0 ? -1 : path.indexOf('/', second + 1);
  return (end < 0 ? path : path.slice(0, end)).toLowerCase();
}

/**
 * The generated routes, grouped by their first two path segments (`/v1/account`, `/auth/login`):
 * one Express router per group, picked by a map lookup, so a request is matched against the few
 * routes of its resource rather than against every route the API has one after another (about a
 * hundred, ahead of `/v1/account`). Within a group the routes keep their order, and a path can only
 * match routes of its own group since every route's first two segments are literal (a route whose
 * first two segments hold a parameter is refused when it is registered). OPTIONS requests pass
 * (no generated route answers OPTIONS; the 405/OPTIONS handler after this one does).
 */
export class RouteTable {
  private readonly groups = new Map<string, Router>();

  /** What `RegisterRoutes` registers on: `get`, `post`, `put`, `patch` and `delete` with a path and handlers. */
  readonly registrar: Router;

  constructor() {
    const registrar: Record<string, unknown> = {};
    for (const method of METHODS) {
      registrar[method] = (path: string, ...handlers: RequestHandler[]) => {
        if (typeof path !== 'string' || !path.startsWith('/') || /[:*(?]/.test(bucketOf(path))) throw new Error(`RouteTable: ${method.toUpperCase()} ${String(path)} needs two literal leading path segments`);
        const key = bucketOf(path);
        let group = this.groups.get(key);
        if (!group) this.groups.set(key, (group = express.Router()));
        group[method](path, ...handlers);
        return registrar;
      };
    }
    this.registrar = registrar as unknown as Router;
  }

  /** The routers, for whoever lists the routes served (the 405 handler). */
  routers(): Router[] {
    return [...this.groups.values()];
  }

  /** The middleware that routes a request into its group (or passes it on). */
  handler(): RequestHandler {
    return (req: Request, res: Response, next: NextFunction) => {
      if (req.method === 'OPTIONS') return next();
      const group = this.groups.get(bucketOf(req.path));
      if (!group) return next();
      group(req, res, next);
    };
  }
}
