import type { Application, NextFunction, Request, Response } from 'express';
import { ApiError } from '../errors/api-error';
import { routeNotFound } from '../errors/problem';

interface RouteEntry {
  pattern: RegExp;
  methods: string[];
}

interface RouterLike {
  stack?: { route?: { path?: unknown; methods?: Record<string, boolean> } }[];
}

/** `/v1/events/:id` as a pattern matching what Express would route there (case-insensitive, optional trailing slash). */
function patternOf(path: string): RegExp {
  const escaped = path
    .split('/')
    .map((segment) => (segment.startsWith(':') ? '[^/]+' : segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('/');
  return new RegExp(`^${escaped}/?$`, 'i');
}

/**
 * The methods each path of `app` answers, read from the routes it registered and those of the
 * routers `more` lists (the route table's), so it is always what the app serves: `GET` brings
 * `HEAD` with it, as Express answers both.
 */
export function routeMethods(app: Application, more: () => RouterLike[] = () => []): (path: string) => string[] {
  let table: RouteEntry[] | undefined;
  const build = (): RouteEntry[] => {
    const byPath = new Map<string, Set<string>>();
    for (const layer of [app.router as unknown as RouterLike, ...more()].flatMap((router) => router.stack ?? [])) {
      const route = layer.route;
      if (!route || typeof route.path !== 'string' || !route.methods) continue;
      const set = byPath.get(route.path) ?? new Set<string>();
      for (const [method, on] of Object.entries(route.methods)) if (on && method !== '_all') set.add(method.toUpperCase());
      if (set.has('GET')) set.add('HEAD');
      byPath.set(route.path, set);
    }
    return [...byPath].map(([path, methods]) => ({ pattern: patternOf(path), methods: [...methods] }));
  };
  return (path: string) => {
    table ??= build(); // every route is registered by the time the first request falls through
    const methods = new Set<string>();
    for (const entry of table) if (entry.pattern.test(path)) entry.methods.forEach((m) => methods.add(m));
    const order = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'];
    return [...methods].sort((a, b) => (order.indexOf(a) + 1 || 99) - (order.indexOf(b) + 1 || 99));
  };
}

/**
 * The last route: a path the app serves with other methods is a 405 `method_not_allowed` with an
 * `Allow` header (an OPTIONS request is answered 204 with it); any other path a 404 `route_not_found`.
 */
export function methodNotAllowedOrNotFound(app: Application, more?: () => RouterLike[]) {
  const methodsFor = routeMethods(app, more);
  return (req: Request, res: Response, _next: NextFunction) => {
    const allowed = methodsFor(req.path);
    if (!allowed.length) return routeNotFound(req);
    const allow = [...allowed, 'OPTIONS'].join(', ');
    if (req.method === 'OPTIONS') return void res.status(204).setHeader('Allow', allow).end();
    throw new ApiError(405, 'method_not_allowed', `${req.path} does not take ${req.method}; it takes ${allowed.filter((m) => m !== 'HEAD').join(', ')}.`, { headers: { Allow: allow } });
  };
}
