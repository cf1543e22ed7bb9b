import type { AppDeps } from './deps';
import type { ApiKeyRow } from './domain/accounts/api-keys';

/** Who is calling: resolved once per request by the API-key middleware. */
export interface Principal {
  accountId: string;
  livemode: boolean;
  key: ApiKeyRow;
}

/**
 * What a controller passes to a service: the process's dependencies, the caller and the request id.
 * Plain data, no Express: services take this (and, for streams, an `EventSink`), never `req`/`res`.
 * The HTTP layer builds it (`contextOf` in http/context.ts).
 */
export interface RequestContext {
  deps: AppDeps;
  principal: Principal;
  requestId: string;
  /** The caller's address (`req.ip`: the socket's, or X-Forwarded-For through TRUST_PROXY) and User-Agent, for the audit log. */
  ip?: string | null;
  userAgent?: string | null;
}
