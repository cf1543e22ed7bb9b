import type { NextFunction, Request, Response } from 'express';
import { ValidateError } from '@tsoa/runtime';
import type { Logger } from 'pino';
import { DomainError, InvariantError } from '../domain/errors';
import { ApiError, type FieldError } from './api-error';
import { DEFAULT_ERROR_DOCS_BASE_URL, ERROR_CODES, problemType } from './codes';
import { UNAVAILABLE_RETRY_AFTER_SECONDS, unavailableDependency } from './unavailable';
import { validationDetail, validationFieldErrors, type RequestParts, type SpecLike } from './validation';

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

/**
 * Maps anything thrown to an ApiError; a dependency that cannot be reached is a 503, other unknown
 * errors a generic 500. `req` (what was sent) lets validation errors name query, header and path
 * parameters as such, and read body keys that hold dots; `spec` lets an unknown field's error
 * suggest the one meant (`did you mean 'color'?`).
 */
export function toApiError(err: unknown, req?: RequestParts, spec?: SpecLike): ApiError {
  if (err instanceof ApiError) return err;
  if (err instanceof DomainError) return fromDomainError(err);
  if (err instanceof ValidateError) {
    const errors = validationFieldErrors(err, req, spec);
    return new ApiError(422, 'validation_failed', validationDetail(errors), { errors });
  }
  const e = err as { type?: string; status?: number; expose?: boolean; message?: string; body?: unknown };
  if (e?.type === 'entity.parse.failed') return scalarBody(e.body) ?? new ApiError(400, 'invalid_json', 'The body is not valid JSON.');
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

/**
 * A domain error (domain/errors.ts) as the API sends it: the status its code has in the catalogue;
 * an invariant broken is a generic 500 (the detail is logged with the cause, never sent).
 */
export function fromDomainError(err: DomainError): ApiError {
  if (err instanceof InvariantError) return new ApiError(500, 'internal_error', 'An unexpected error occurred. Quote the request id if you contact support.', { cause: err });
  const status = (ERROR_CODES as Record<string, readonly [number, string]>)[err.code]?.[0] ?? 500;
  const headers = status === 503 ? { 'Retry-After': String(UNAVAILABLE_RETRY_AFTER_SECONDS) } : undefined;
  return new ApiError(status, err.code, err.message, { errors: err.errors, headers, cause: err.cause ?? err });
}

/**
 * The JSON parser takes only objects and arrays; `null`, `42` or `"text"` are valid JSON all the
 * same, so they are a 422 naming the body, not `invalid_json`.
 */
function scalarBody(raw: unknown): ApiError | null {
  if (typeof raw !== 'string') return null;
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return null;
  }
  const got = value === null ? 'null' : typeof value === 'string' ? 'a string' : typeof value === 'number' ? 'a number' : 'a boolean';
  const errors = [{ path: 'body', message: `must be a JSON object (got ${got})` }];
  return new ApiError(422, 'validation_failed', validationDetail(errors), { errors });
}

export function problemOf(err: ApiError, req: Request): Problem {
  const base = (req.app?.locals?.deps as { config?: { errorDocsBaseUrl?: string } } | undefined)?.config?.errorDocsBaseUrl ?? DEFAULT_ERROR_DOCS_BASE_URL;
  return {
    type: problemType(err.code, base),
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
export function problemHandler(logger: Logger, spec?: SpecLike) {
  return (err: unknown, req: Request, res: Response, _next: NextFunction) => {
    const apiError = toApiError(err, req, spec);
    if (apiError.code === 'service_unavailable') logger.warn({ err: apiError.cause ?? err, req_id: req.id }, 'request failed: a dependency is unavailable');
    else if (apiError.status >= 500) logger.error({ err: apiError.cause ?? err, req_id: req.id }, 'request failed');
    if (res.headersSent) return res.destroy();
    sendProblem(res, req, apiError);
  };
}

export function routeNotFound(req: Request) {
  throw new ApiError(404, 'route_not_found', `No route ${req.method} ${req.path}.`);
}
