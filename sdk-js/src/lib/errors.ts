/**
 * Every error the SDK throws is a `LumikuError`. API answers that are not 2xx become an `APIError`
 * subclass chosen by status (one class per status a caller may want to catch), carrying the
 * problem document's `code`, `requestId` and field `errors`.
 */

import type { FieldError, Job } from '../gen/types.gen.js';
import { rateLimitOf, type RateLimit } from './api-promise.js';

/** The RFC 9457 problem document every API error carries. */
export interface ProblemDocument {
  type?: string;
  title?: string;
  status?: number;
  detail?: string;
  code?: string;
  request_id?: string;
  errors?: FieldError[];
  [key: string]: unknown;
}

/** Base class of everything the SDK throws. */
export class LumikuError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** The API answered with an error status, or could not be reached (`status` undefined). */
export class APIError extends LumikuError {
  /** HTTP status; undefined when no response arrived. */
  readonly status: number | undefined;
  /** The stable, snake_case error code (branch on this, never on the message). */
  readonly code: string | undefined;
  /** The request id (`X-Request-Id`), to quote when reporting a problem. */
  readonly requestId: string | undefined;
  /** Field-level problems of a validation error. */
  readonly errors: FieldError[];
  /** The parsed problem document, when the API sent one. */
  readonly problem: ProblemDocument | undefined;
  /** The response headers, when a response arrived. */
  readonly headers: Headers | undefined;
  /** The key's rate-limit state (`RateLimit-*` headers), when the API sent it: on a 429, `reset` says when to try again. */
  readonly rateLimit: RateLimit | undefined;

  constructor(status: number | undefined, problem: ProblemDocument | undefined, message: string | undefined, headers: Headers | undefined, options?: { cause?: unknown }) {
    super(message ?? APIError.describe(status, problem), options);
    this.status = status;
    this.problem = problem;
    this.code = typeof problem?.code === 'string' ? problem.code : undefined;
    this.requestId = (typeof problem?.request_id === 'string' ? problem.request_id : undefined) ?? headers?.get('x-request-id') ?? undefined;
    this.errors = Array.isArray(problem?.errors) ? problem!.errors : [];
    this.headers = headers;
    this.rateLimit = headers ? rateLimitOf(headers) : undefined;
  }

  private static describe(status: number | undefined, problem: ProblemDocument | undefined): string {
    const text = problem?.detail ?? problem?.title ?? 'no details';
    return `${status ?? 'no status'}${problem?.code ? ` ${problem.code}` : ''}: ${text}`;
  }

  /** The subclass for a status. */
  static from(status: number, problem: ProblemDocument | undefined, headers: Headers): APIError {
    const Class = statusClasses[status] ?? (status >= 500 ? InternalServerError : APIError);
    return new Class(status, problem, undefined, headers);
  }
}

/** 400: the request is malformed (bad JSON, headers or query). */
export class BadRequestError extends APIError {}
/** 401: missing, unknown or revoked API key. */
export class AuthenticationError extends APIError {}
/** 402: the balance or the key's credit quota does not cover the price. */
export class InsufficientCreditsError extends APIError {}
/** 403: the key lacks a scope, or a signed URL is invalid. */
export class PermissionDeniedError extends APIError {}
/** 404: no such object for this account and mode. */
export class NotFoundError extends APIError {}
/** 409: an idempotency or `external_id` conflict. */
export class ConflictError extends APIError {}
/** 422: validation failed; see `errors`. */
export class UnprocessableEntityError extends APIError {}
/** 429: too many requests for this key. */
export class RateLimitError extends APIError {}
/** 5xx: the API failed; retried automatically before this is thrown. */
export class InternalServerError extends APIError {}

const statusClasses: Record<number, new (...args: ConstructorParameters<typeof APIError>) => APIError> = {
  400: BadRequestError,
  401: AuthenticationError,
  402: InsufficientCreditsError,
  403: PermissionDeniedError,
  404: NotFoundError,
  409: ConflictError,
  422: UnprocessableEntityError,
  429: RateLimitError,
};

/** No response arrived (DNS, refused or reset connection, …), after all retries. */
export class APIConnectionError extends APIError {
  constructor(message = 'Connection error.', options?: { cause?: unknown }) {
    super(undefined, undefined, message, undefined, options);
  }
}

/** The request took longer than `timeout`, after all retries. */
export class APIConnectionTimeoutError extends APIConnectionError {
  constructor(message = 'Request timed out.', options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** The caller aborted the request through its `signal`. */
export class APIUserAbortError extends LumikuError {
  constructor(message = 'Request was aborted.', options?: { cause?: unknown }) {
    super(message, options);
  }
}

/**
 * `wait()` / `createAndWait()` ran out of `timeoutMs` before the job finished. `job` is the job as
 * last seen, typed by the resource that waited (`lumiku.videoMixes.wait` → `VideoMix`). After
 * `err instanceof WaitTimeoutError` it is a `Job` (the fields every app shares); the resource's
 * `isWaitTimeout(err)` narrows it to the app's own type.
 *
 * @example
 * try {
 *   await lumiku.videoMixes.wait(mix.id, { timeoutMs: 60_000 });
 * } catch (err) {
 *   if (lumiku.videoMixes.isWaitTimeout(err)) console.log('still', err.job.status, err.job.progress.fraction);
 *   else throw err;
 * }
 */
export class WaitTimeoutError<TJob extends { id: string; status: string } = Job> extends LumikuError {
  /** The job as last seen. */
  readonly job: TJob;
  constructor(message: string, job: TJob) {
    super(message);
    this.job = job;
  }

  /** `err instanceof WaitTimeoutError` narrows `err.job` to `Job` (not `any`). */
  static [Symbol.hasInstance](value: unknown): value is WaitTimeoutError {
    return Function.prototype[Symbol.hasInstance].call(this, value);
  }
}

/** A webhook could not be verified: bad or missing signature, stale timestamp, or a parsed body. */
export class WebhookVerificationError extends LumikuError {}
