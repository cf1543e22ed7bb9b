import type { NextFunction, Request, Response } from 'express';
import { ValidateError } from '@tsoa/runtime';
import type { Logger } from 'pino';
import { ApiError, type FieldError } from './api-error';
import { ERROR_CODES, problemType } from './codes';
import { UNAVAILABLE_RETRY_AFTER_SECONDS, unavailableDependency } from './unavailable';

/** The RFC 9457 body every error response carries. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  request_id: string;
  instance?: string;
  errors?: FieldError[];
}

function titleOf(code: string, status: number): string {
  const known = (ERROR_CODES as Record<string, readonly [number, string]>)[code];
  return known ? known[1] : status >= 500 ? 'Internal error' : 'Request failed';
}

/** tsoa reports `body.scopes.0` style paths; clients want `scopes.0` (body) or `query.limit`. */
function fieldErrors(err: ValidateError): FieldError[] {
  const out = new Map<string, string[]>();
  for (const [path, f] of Object.entries(err.fields).flatMap(([p, f]) => innerErrors(p, f))) {
    const clean = path.replace(/^body\.?/, '').replace(/^requestBody\.?/, '') || 'body';
    out.set(clean, [...(out.get(clean) ?? []), String(f.message).replace(/"/g, "'")]);
  }
  return [...out].map(([path, messages]) => ({ path, message: [...new Set(messages)].join('; or ') }));
}

const NESTED = /^Could not match the (intersection against every type|union against any of the items)\. Issues: (.*)$/s;

/**
 * A body typed `A & B` (or a field typed `A | B`) fails as one error at its own path with the
 * parts' errors as JSON in the message; this brings those out, so `errors[].path` names the field
 * (`sets`), not `body`. A union whose alternatives failed at different fields stays one error.
 */
function innerErrors(path: string, f: { message: string }): [string, { message: string }][] {
  const m = NESTED.exec(String(f.message));
  if (!m) return [[path, f]];
  let groups: Record<string, { message: string }>[];
  try {
    groups = JSON.parse(m[2]);
  } catch {
    return [[path, f]];
  }
  if (!Array.isArray(groups) || !groups.length) return [[path, f]];
  if (m[1].startsWith('union')) {
    const keys = groups.map((g) => Object.keys(g).sort().join('\n'));
    if (new Set(keys).size !== 1) return [[path, f]];
  }
  return groups.flatMap((g) => Object.entries(g).flatMap(([p, e]) => innerErrors(p, e)));
}

/** Maps anything thrown to an ApiError; a dependency that cannot be reached is a 503, other unknown errors a generic 500. */
export function toApiError(err: unknown): ApiError {
  if (err instanceof ApiError) return err;
  if (err instanceof ValidateError) {
    const errors = fieldErrors(err);
    return new ApiError(422, 'validation_failed', `Invalid request: ${errors.map((e) => `${e.path}: ${e.message}`).join('; ')}`, { errors });
  }
  const e = err as { type?: string; status?: number; expose?: boolean; message?: string };
  if (e?.type === 'entity.parse.failed') return new ApiError(400, 'invalid_json', 'The body is not valid JSON.');
  if (e?.type === 'entity.too.large') return new ApiError(413, 'payload_too_large', 'The JSON body is over the size cap.');
  if (e?.type === 'encoding.unsupported' || e?.type === 'charset.unsupported') return new ApiError(415, 'unsupported_media_type', e.message ?? 'Unsupported encoding.');
  if (e?.expose && e.status && e.status < 500) return new ApiError(e.status, 'invalid_request', e.message ?? 'Bad request.');
  const down = unavailableDependency(err);
  if (down)
    return new ApiError(503, 'service_unavailable', `${down === 'database' ? 'The database' : 'A service this request needs'} is unavailable; retry in ${UNAVAILABLE_RETRY_AFTER_SECONDS} s.`, {
      headers: { 'Retry-After': String(UNAVAILABLE_RETRY_AFTER_SECONDS) },
      cause: err,
    });
  return new ApiError(500, 'internal_error', 'An unexpected error occurred. Quote the request id if you contact support.', { cause: err });
}

export function problemOf(err: ApiError, req: Request): Problem {
  return {
    type: problemType(err.code),
    title: titleOf(err.code, err.status),
    status: err.status,
    detail: err.message,
    code: err.code,
    request_id: req.id,
    instance: req.originalUrl.split('?')[0],
    ...(err.errors ? { errors: err.errors } : {}),
  };
}

export function sendProblem(res: Response, req: Request, err: ApiError) {
  for (const [h, v] of Object.entries(err.headers ?? {})) res.setHeader(h, v);
  // Every 503 says when to come back, so clients (and the SDK) treat it as an outage to wait out.
  if (err.status === 503 && !res.hasHeader('Retry-After')) res.setHeader('Retry-After', String(UNAVAILABLE_RETRY_AFTER_SECONDS));
  res.status(err.status).type('application/problem+json').json(problemOf(err, req));
}

/** The last middleware: writes every error as application/problem+json. Stacks are logged, never sent. */
export function problemHandler(logger: Logger) {
  return (err: unknown, req: Request, res: Response, _next: NextFunction) => {
    const apiError = toApiError(err);
    if (apiError.code === 'service_unavailable') logger.warn({ err: apiError.cause ?? err, req_id: req.id }, 'request failed: a dependency is unavailable');
    else if (apiError.status >= 500) logger.error({ err: apiError.cause ?? err, req_id: req.id }, 'request failed');
    if (res.headersSent) return res.destroy();
    sendProblem(res, req, apiError);
  };
}

export function routeNotFound(req: Request) {
  throw new ApiError(404, 'route_not_found', `No route ${req.method} ${req.path}.`);
}
