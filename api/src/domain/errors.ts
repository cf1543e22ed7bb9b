import type { FieldError } from '../errors/api-error';
import type { ErrorCode } from '../errors/codes';

/**
 * What domain code throws when it cannot do what it was asked. Each carries a catalogued `code`
 * (errors/codes.ts); the HTTP layer (errors/problem.ts) turns it into a problem document with the
 * status the catalogue gives that code, so domain code never chooses an HTTP status.
 *
 * The rule for domain code: throw one of these, or a catalogued 4xx `ApiError` (apps' `normalize`
 * and `quote` do: their codes and `errors[].path` are the request's contract); never a 5xx ApiError.
 * A broken promise of the code or its configuration is an `InvariantError` (500, detail logged and
 * not sent); a dependency that cannot be reached, an `UnavailableError` (503 with Retry-After).
 */
export abstract class DomainError extends Error {
  abstract readonly code: ErrorCode;
  readonly errors?: FieldError[];
  constructor(detail: string, opts: { errors?: FieldError[]; cause?: unknown } = {}) {
    super(detail, { cause: opts.cause });
    this.name = new.target.name;
    if (opts.errors) this.errors = opts.errors;
  }
}

/** No such object for this account and mode (404 `resource_not_found`). */
export class NotFoundError extends DomainError {
  readonly code = 'resource_not_found' as const;
  constructor(what: string, id?: string) {
    super(id ? `No ${what} with id '${id}'.` : `No such ${what}.`);
  }
}

/** The input breaks a rule; `errors[].path` names each field (`validation_failed`, or a more precise 422 code). */
export class ValidationError extends DomainError {
  readonly code: ErrorCode;
  constructor(detail: string, errors: FieldError[], code: ErrorCode = 'validation_failed') {
    super(detail, { errors });
    this.code = code;
  }
}

/** The request contradicts the current state (a catalogued 409 code such as `external_id_conflict`). */
export class ConflictError extends DomainError {
  constructor(readonly code: ErrorCode, detail: string) {
    super(detail);
  }
}

/** A dependency (database, Redis, storage, a provider) could not be reached: 503, retry later. */
export class UnavailableError extends DomainError {
  readonly code = 'service_unavailable' as const;
}

/** Something the code or its configuration promised does not hold (a bug): 500; the detail is logged, not sent. */
export class InvariantError extends DomainError {
  readonly code = 'internal_error' as const;
}
