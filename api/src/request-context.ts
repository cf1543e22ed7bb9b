import type { AppDeps } from './deps';
import type { ApiKeyRow, Scope } from './domain/accounts/api-keys';
import type { Role } from './domain/people/roles';

/** A signed-in member acting through a dashboard session. */
export interface SessionUser {
  id: string;
  email: string;
  sessionId: string;
  /** The role in the request's organization; `scopes` are its scopes. */
  role: Role;
}

/**
 * Who is calling: resolved once per request by `authenticate` (middleware/authenticate.ts), from an
 * API key or from a session cookie plus `Lumiku-Organization` and `Lumiku-Mode`. Exactly one of
 * `key` and `user` is set.
 */
export interface Principal {
  /** The organization (account) acted on. */
  accountId: string;
  livemode: boolean;
  /** What the caller may do: the key's scopes, or the member's role's (domain/people/roles.ts). */
  scopes: readonly Scope[];
  /** The API key, when one authenticated the request (its quota applies to jobs it creates). */
  key?: ApiKeyRow;
  /** The signed-in member, when a session authenticated the request. */
  user?: SessionUser;
}

/** The id requests of one caller share (idempotency keys, rate limits): the API key's, else the person's. */
export const principalId = (p: Principal): string => p.key?.id ?? p.user!.id;

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
