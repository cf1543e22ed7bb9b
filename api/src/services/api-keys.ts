import { QueryTypes } from 'sequelize';
import { createApiKey as insertKey, exceedsKey, findKey, listKeys, revokeKey, SCOPES, type ApiKeyRow, type QuotaPeriod, type Scope } from '../domain/accounts/api-keys';
import { MAX_CREDIT_AMOUNT, quotaPeriodStart } from '../domain/credits/ledger';
import { ID_PREFIX } from '../domain/ids';
import { ApiError, forbidden, invalidRequest, notFound } from '../errors/api-error';
import type { RequestContext } from '../request-context';
import { auditRequest } from './audit';
import { apiKeyUsage, type ApiKeyUsage } from './usage';
import { iso, pageParams, toList, type List } from './pagination';

export type ApiKeyScope = Scope;

export interface ApiKey {
  /** @example "key_01jf3v8a6q8m2k4c7xw9t5b3nd" */
  id: string;
  object: 'api_key';
  name: string;
  livemode: boolean;
  /** The first characters and last four of the secret, for recognising a key. @example "lk_test_…x9Qa" */
  redacted_key: string;
  scopes: ApiKeyScope[];
  /** Credits this key may draw per `credit_limit_period`; null for no quota beyond the balance. */
  credit_limit: number | null;
  credit_limit_period: QuotaPeriod | null;
  /** Credits drawn in the current quota period (null without a quota). */
  credit_used: number | null;
  last_used_at: string | null;
  revoked: boolean;
  revoked_at: string | null;
  created_at: string;
}

export interface ApiKeyWithSecret extends ApiKey {
  /**
   * The full secret. Shown once, in the response that created the key; store it now. It is not
   * stored anywhere (only its hash), so a replay of the create (same `Idempotency-Key`) answers
   * without it and with `secret_redacted: true`.
   * @example "lk_test_4eC39HqLyjWDarjtT1zdp7dc"
   */
  secret?: string;
  /**
   * Only on a replayed create (`Idempotent-Replayed: true`): the secret was shown once, in the first
   * response, and is left out here. If it was lost, revoke the key and create another.
   */
  secret_redacted?: boolean;
}

export interface CreateApiKeyRequest {
  /**
   * A label for people. @minLength 1 @maxLength 100
   * @example "zapier production"
   */
  name: string;
  /** Defaults to every scope the calling key has; may not exceed them. */
  scopes?: ApiKeyScope[];
  /**
   * Optional credit quota for this key, enforced atomically with the account balance. When the
   * calling key has a quota, the new key's must be no larger, over a window no shorter, and it
   * defaults to the calling key's quota (the two are drawn separately).
   * @isInt @minimum 1 @maximum 1000000000
   */
  credit_limit?: number;
  /** The window `credit_limit` applies to. Default `total` (or the calling key's, when `credit_limit` is inherited). */
  credit_limit_period?: QuotaPeriod;
}

async function currentUsage(ctx: RequestContext, keys: ApiKeyRow[]): Promise<Map<string, number>> {
  const quota = keys.filter((k) => k.credit_limit);
  if (!quota.length) return new Map();
  const rows = await ctx.deps.db.query<{ api_key_id: string; period_start: Date; used: number }>(
    `SELECT api_key_id, period_start, used FROM api_key_usage WHERE api_key_id IN (:ids)`,
    { replacements: { ids: quota.map((k) => k.id) }, type: QueryTypes.SELECT },
  );
  const usage = new Map<string, number>();
  for (const k of quota) {
    const start = quotaPeriodStart(k.credit_limit_period ?? 'total').getTime();
    usage.set(k.id, rows.find((r) => r.api_key_id === k.id && new Date(r.period_start).getTime() === start)?.used ?? 0);
  }
  return usage;
}

function present(row: ApiKeyRow, usage: Map<string, number>): ApiKey {
  return {
    id: row.id,
    object: 'api_key',
    name: row.name,
    livemode: row.livemode,
    redacted_key: row.redacted,
    scopes: row.scopes,
    credit_limit: row.credit_limit,
    credit_limit_period: row.credit_limit_period,
    credit_used: row.credit_limit ? usage.get(row.id) ?? 0 : null,
    last_used_at: iso(row.last_used_at),
    revoked: row.revoked_at !== null,
    revoked_at: iso(row.revoked_at),
    created_at: iso(row.created_at)!,
  };
}

/** What the caller holds, as a key: its own scopes and quota, or a signed-in member's role's scopes (no quota). */
function callerGrant(ctx: RequestContext): Parameters<typeof exceedsKey>[1] {
  return ctx.principal.key ?? { scopes: ctx.principal.scopes, credit_limit: null, credit_limit_period: null };
}

/** 403 `api_key_exceeds_caller` when `target` would hold more than the calling key (scopes or quota). */
function mustNotExceedCaller(ctx: RequestContext, target: Parameters<typeof exceedsKey>[0], action: string) {
  const reasons = exceedsKey(target, callerGrant(ctx));
  if (reasons.length)
    throw new ApiError(403, 'api_key_exceeds_caller', `A key can only ${action} keys whose scopes and credit quota are within its own: ${reasons.map((r) => `${r.path} ${r.message}`).join('; ')}.`, { errors: reasons });
}

/**
 * New keys share the caller's mode, hold no scope the caller lacks and no more quota than it has:
 * a key with a quota mints keys with a quota no larger (and a window no shorter). Without
 * `credit_limit`, a key minted by a quota-limited key gets the caller's quota.
 */
export async function createApiKey(ctx: RequestContext, body: CreateApiKeyRequest): Promise<ApiKeyWithSecret> {
  const name = body.name.trim();
  if (!name) throw invalidRequest('name must not be blank.', [{ path: 'name', message: 'must not be blank' }]);
  const scopes = [...new Set(body.scopes ?? ctx.principal.scopes)];
  const unknown = scopes.filter((s) => !SCOPES.includes(s));
  if (unknown.length) throw invalidRequest(`Unknown scopes: ${unknown.join(', ')}.`, [{ path: 'scopes', message: `must be among ${SCOPES.join(', ')}` }]);
  if (!scopes.length) throw invalidRequest('A key needs at least one scope.', [{ path: 'scopes', message: 'must not be empty' }]);
  const beyond = scopes.filter((s) => !ctx.principal.scopes.includes(s));
  if (beyond.length) throw forbidden('insufficient_scope', `A key cannot grant scopes it does not hold: ${beyond.join(', ')}.`);
  if (body.credit_limit_period && body.credit_limit === undefined)
    throw invalidRequest('credit_limit_period needs credit_limit.', [{ path: 'credit_limit', message: 'required with credit_limit_period' }]);
  if (body.credit_limit !== undefined && (!Number.isSafeInteger(body.credit_limit) || body.credit_limit < 1 || body.credit_limit > MAX_CREDIT_AMOUNT))
    throw invalidRequest('credit_limit out of range.', [{ path: 'credit_limit', message: `must be an integer from 1 to ${MAX_CREDIT_AMOUNT}` }]);
  const caller = callerGrant(ctx);
  const inherit = body.credit_limit === undefined && caller.credit_limit !== null;
  const creditLimit = inherit ? caller.credit_limit : body.credit_limit ?? null;
  const creditLimitPeriod = inherit ? caller.credit_limit_period ?? 'total' : creditLimit !== null ? body.credit_limit_period ?? 'total' : null;
  mustNotExceedCaller(ctx, { scopes, credit_limit: creditLimit, credit_limit_period: creditLimitPeriod }, 'create');

  const { key, secret } = await ctx.deps.db.transaction(async (t) => {
    const made = await insertKey(ctx.deps.db, { accountId: ctx.principal.accountId, name, livemode: ctx.principal.livemode, scopes, creditLimit, creditLimitPeriod }, t);
    const k = made.key;
    await auditRequest(ctx, { action: 'api_key.created', target: { type: 'api_key', id: k.id }, data: { name: k.name, scopes: k.scopes, credit_limit: k.credit_limit, credit_limit_period: k.credit_limit_period } }, t);
    return made;
  });
  return { ...present(key, new Map()), secret };
}

export async function listApiKeys(ctx: RequestContext, limit?: number, startingAfter?: string): Promise<List<ApiKey>> {
  const page = pageParams(limit, startingAfter, ID_PREFIX.apiKey);
  const rows = await listKeys(ctx.deps.db, ctx.principal.accountId, ctx.principal.livemode, page);
  const usage = await currentUsage(ctx, rows);
  return toList(rows, page, (r) => present(r, usage));
}

/** A key as retrieved on its own: with what it has spent this period against its quota. */
export interface ApiKeyWithUsage extends ApiKey {
  usage: ApiKeyUsage;
}

export async function getApiKey(ctx: RequestContext, id: string): Promise<ApiKeyWithUsage> {
  const row = await findKey(ctx.deps.db, ctx.principal.accountId, ctx.principal.livemode, id);
  if (!row) throw notFound('api_key', id);
  return { ...present(row, await currentUsage(ctx, [row])), usage: await apiKeyUsage(ctx, row) };
}

/**
 * Revocation is immediate and final; revoking twice returns the same revoked key. A key may revoke
 * only keys that hold no more than it does (so a limited `keys:manage` key cannot lock out a
 * stronger one).
 */
export async function revokeApiKey(ctx: RequestContext, id: string): Promise<ApiKey> {
  const target = await findKey(ctx.deps.db, ctx.principal.accountId, ctx.principal.livemode, id);
  if (!target) throw notFound('api_key', id);
  mustNotExceedCaller(ctx, target, 'revoke');
  const row = await ctx.deps.db.transaction(async (t) => {
    const r = await revokeKey(ctx.deps.db, ctx.principal.accountId, ctx.principal.livemode, id, t);
    // Revoking an already revoked key changes nothing, so it is not recorded again.
    if (r && target.revoked_at === null) await auditRequest(ctx, { action: 'api_key.revoked', target: { type: 'api_key', id: r.id }, data: { name: r.name } }, t);
    return r;
  });
  if (!row) throw notFound('api_key', id);
  ctx.deps.keyCache.evictKeyId(row.id);
  return present(row, await currentUsage(ctx, [row]));
}
