import type { ErrorCode } from './codes';

/** A field-level problem, as in `errors[]` of a validation problem document. */
export interface FieldError {
  path: string;
  message: string;
}

/**
 * The one error type the API sends. It becomes an RFC 9457 problem document; `code` is stable and
 * is what clients branch on, `detail` is for people. `code` is one of the catalogue's
 * (`ERROR_CODES` in codes.ts), so a code that is not catalogued, and so not documented, does not compile.
 */
export class ApiError extends Error {
  readonly status: number;
  readonly code: ErrorCode;
  readonly errors?: FieldError[];
  readonly headers?: Record<string, string>;

  constructor(status: number, code: ErrorCode, detail: string, opts: { errors?: FieldError[]; headers?: Record<string, string>; cause?: unknown } = {}) {
    super(detail, { cause: opts.cause });
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.errors = opts.errors;
    this.headers = opts.headers;
  }
}

export const invalidRequest = (detail: string, errors?: FieldError[]) => new ApiError(422, 'validation_failed', detail, { errors });
export const badRequest = (code: ErrorCode, detail: string) => new ApiError(400, code, detail);
export const notFound = (what: string, id?: string) => new ApiError(404, 'resource_not_found', id ? `No ${what} with id '${id}'.` : `No such ${what}.`);
export const conflict = (code: ErrorCode, detail: string) => new ApiError(409, code, detail);
export const forbidden = (code: ErrorCode, detail: string) => new ApiError(403, code, detail);
export const unauthenticated = (code: ErrorCode, detail: string) => new ApiError(401, code, detail, { headers: { 'WWW-Authenticate': 'Bearer realm="lumiku"' } });
export const insufficientCredits = (needed: number, balance: number) =>
  new ApiError(402, 'insufficient_credits', `This needs ${needed} credits; the balance is ${balance}.`);
export const quotaExceeded = (detail: string) => new ApiError(402, 'key_quota_exceeded', detail);
export const payloadTooLarge = (detail: string) => new ApiError(413, 'payload_too_large', detail);
export const rateLimited = (retryAfterSeconds: number) =>
  new ApiError(429, 'rate_limited', `Too many requests; retry after ${retryAfterSeconds} s.`, { headers: { 'Retry-After': String(retryAfterSeconds) } });
export const unavailable = (code: ErrorCode, detail: string) => new ApiError(503, code, detail);
