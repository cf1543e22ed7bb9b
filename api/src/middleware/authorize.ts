import type { NextFunction, Request, Response } from 'express';
import { requireScopes } from './authenticate';

/** What the spec says an operation needs: its id and the scopes of its `api_key` security. */
export interface OperationAuth {
  operationId: string;
  scopes: string[];
}

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Request {
      /** Set by `authorizeOperation` once the caller's scopes cover the matched operation. */
      operation?: OperationAuth;
    }
  }
}

interface SpecLike {
  paths: Record<string, Record<string, { operationId?: string; security?: Record<string, string[]>[] }>>;
}

/**
 * Finds the operation a request is for, from the paths of the generated spec (the same decorators
 * the generated routes come from; `check-generated` keeps them equal). Literal segments win over
 * `{parameters}`, as in the router.
 */
export function operationMatcher(spec: SpecLike) {
  const entries = Object.entries(spec.paths).flatMap(([template, ops]) => {
    // Case-insensitive with an optional trailing slash, as Express routes.
    const pattern = new RegExp(`^${template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{[^/}]+\}/g, '[^/]+')}/?$`, 'i');
    const params = (template.match(/\{/g) ?? []).length;
    return Object.entries(ops).map(([method, op]) => ({
      method: method.toUpperCase(),
      pattern,
      params,
      auth: { operationId: op.operationId ?? `${method} ${template}`, scopes: (op.security ?? []).flatMap((s) => s.api_key ?? []) },
    }));
  });
  entries.sort((a, b) => a.params - b.params);
  return (method: string, path: string): OperationAuth | undefined => entries.find((e) => e.method === method && e.pattern.test(path))?.auth;
}

/**
 * Checks the caller's scopes against the operation BEFORE anything acts on the request (the
 * idempotency store above all: a replay hands out a stored response, so it must be as authorized
 * as the request that made it). The generated routes check the same scopes again.
 */
export function authorizeOperation(spec: SpecLike) {
  const match = operationMatcher(spec);
  return (req: Request, _res: Response, next: NextFunction) => {
    const operation = match(req.method, `${req.baseUrl}${req.path}`);
    if (operation && req.principal) {
      requireScopes(req, operation.scopes);
      req.operation = operation;
    }
    next();
  };
}
