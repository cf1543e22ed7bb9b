import crypto from 'node:crypto';
import { QueryTypes, Sequelize, Transaction } from 'sequelize';
import { preparedQuery } from '../db/connect';
import { newId, ID_PREFIX } from '../ids';

/**
 * What a key (or a signed-in member's role, see domain/people/roles.ts) may do. `billing`: payments
 * and plans; `members:manage`: members and invitations; `organization:manage`: the organization's settings.
 */
export const SCOPES = ['read', 'jobs:write', 'files:write', 'webhooks:manage', 'keys:manage', 'billing', 'members:manage', 'organization:manage'] as const;
export type Scope = (typeof SCOPES)[number];
export type QuotaPeriod = 'day' | 'month' | 'total';

export interface ApiKeyRow {
  id: string;
  account_id: string;
  name: string;
  livemode: boolean;
  redacted: string;
  scopes: Scope[];
  credit_limit: number | null;
  credit_limit_period: QuotaPeriod | null;
  last_used_at: Date | null;
  revoked_at: Date | null;
  created_at: Date;
}

const COLUMNS = `id, account_id, name, livemode, redacted, scopes, credit_limit, credit_limit_period, last_used_at, revoked_at, created_at`;
const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** 32 base62 characters: ~190 bits, so a fast hash is the right store (nothing to brute-force). */
function randomSecret(length = 32): string {
  const bytes = crypto.randomBytes(length * 2);
  let out = '';
  for (let i = 0; i < bytes.length && out.length < length; i++) if (bytes[i] < 248) out += BASE62[bytes[i] % 62];
  return out.length === length ? out : randomSecret(length);
}

export function hashSecret(secret: string): string {
  return crypto.createHash('sha256').update(secret).digest('hex');
}

export function keyMode(secret: string): 'live' | 'test' | null {
  if (secret.startsWith('lk_live_')) return 'live';
  if (secret.startsWith('lk_test_')) return 'test';
  return null;
}

export async function createApiKey(
  db: Sequelize,
  input: { accountId: string; name: string; livemode: boolean; scopes?: readonly Scope[]; creditLimit?: number | null; creditLimitPeriod?: QuotaPeriod | null },
  t?: Transaction,
): Promise<{ key: ApiKeyRow; secret: string }> {
  const secret = `lk_${input.livemode ? 'live' : 'test'}_${randomSecret()}`;
  const [key] = await db.query<ApiKeyRow>(
    `INSERT INTO api_keys (id, account_id, name, livemode, secret_hash, redacted, scopes, credit_limit, credit_limit_period)
     VALUES (:id, :accountId, :name, :livemode, :hash, :redacted, ARRAY[:scopes]::text[], :creditLimit, :creditLimitPeriod)
     RETURNING ${COLUMNS}`,
    {
      replacements: {
        id: newId(ID_PREFIX.apiKey),
        accountId: input.accountId,
        name: input.name,
        livemode: input.livemode,
        hash: hashSecret(secret),
        redacted: `${secret.slice(0, 8)}…${secret.slice(-4)}`,
        scopes: [...(input.scopes ?? SCOPES)],
        creditLimit: input.creditLimit ?? null,
        creditLimitPeriod: input.creditLimit ? input.creditLimitPeriod ?? 'total' : null,
      },
      type: QueryTypes.SELECT,
      transaction: t,
    },
  );
  return { key, secret };
}

/** Quota windows from the one that resets most often to the one that never resets. */
const PERIOD_LENGTH: Record<QuotaPeriod, number> = { day: 0, month: 1, total: 2 };

/**
 * Why a key with `inner`'s scopes and quota would hold more than `outer` (empty: it holds no more).
 * A key holds no more than another when every scope it has, the other has too, and whatever it can
 * draw in any quota window the other could draw as well: no quota only under no quota; otherwise a
 * limit no larger, over a window no shorter (1,000 a month fits under 1,000 a day, not the reverse).
 */
export function exceedsKey(
  inner: { scopes: readonly Scope[]; credit_limit: number | null; credit_limit_period: QuotaPeriod | null },
  outer: { scopes: readonly Scope[]; credit_limit: number | null; credit_limit_period: QuotaPeriod | null },
): { path: string; message: string }[] {
  const reasons: { path: string; message: string }[] = [];
  const extra = inner.scopes.filter((s) => !outer.scopes.includes(s));
  if (extra.length) reasons.push({ path: 'scopes', message: `holds ${extra.join(', ')}, which the calling key lacks` });
  if (outer.credit_limit !== null) {
    const outerPeriod = outer.credit_limit_period ?? 'total';
    const quota = `${outer.credit_limit} per ${outerPeriod}`;
    if (inner.credit_limit === null) reasons.push({ path: 'credit_limit', message: `must be set: the calling key's quota is ${quota}` });
    else if (inner.credit_limit > outer.credit_limit) reasons.push({ path: 'credit_limit', message: `must be at most ${outer.credit_limit}, the calling key's quota (${quota})` });
    else if (PERIOD_LENGTH[inner.credit_limit_period ?? 'total'] < PERIOD_LENGTH[outerPeriod])
      reasons.push({ path: 'credit_limit_period', message: `must be ${outerPeriod === 'total' ? "'total'" : `'${outerPeriod}' or longer`}, as the calling key's quota is ${quota}` });
  }
  return reasons;
}

export interface Principal {
  key: ApiKeyRow;
  accountId: string;
  livemode: boolean;
}

export const findKeyBySecret = (db: Sequelize, secret: string) => findKeyByHash(db, hashSecret(secret));

/** One indexed lookup by hash; returns revoked keys too so the caller can say why it refuses. */
export async function findKeyByHash(db: Sequelize, hash: string): Promise<ApiKeyRow | null> {
  const rows = await preparedQuery<ApiKeyRow>(db, 'api_key_by_hash', `SELECT ${COLUMNS} FROM api_keys WHERE secret_hash = $1`, [hash]);
  return rows[0] ?? null;
}

/** `last_used_at` is kept to the minute, so authenticating is not a write on every request. */
export async function touchKey(db: Sequelize, id: string): Promise<void> {
  await db.query(`UPDATE api_keys SET last_used_at = now() WHERE id = :id AND (last_used_at IS NULL OR last_used_at < now() - interval '1 minute')`, {
    replacements: { id },
  });
}

export async function findKey(db: Sequelize, accountId: string, livemode: boolean, id: string): Promise<ApiKeyRow | null> {
  const rows = await db.query<ApiKeyRow>(`SELECT ${COLUMNS} FROM api_keys WHERE id = :id AND account_id = :accountId AND livemode = :livemode`, {
    replacements: { id, accountId, livemode },
    type: QueryTypes.SELECT,
  });
  return rows[0] ?? null;
}

export async function listKeys(db: Sequelize, accountId: string, livemode: boolean, page: { limit: number; startingAfter?: string }): Promise<ApiKeyRow[]> {
  return db.query<ApiKeyRow>(
    `SELECT ${COLUMNS} FROM api_keys WHERE account_id = :accountId AND livemode = :livemode
       AND (:after::text IS NULL OR id < :after) ORDER BY id DESC LIMIT :limit`,
    { replacements: { accountId, livemode, after: page.startingAfter ?? null, limit: page.limit + 1 }, type: QueryTypes.SELECT },
  );
}

export async function revokeKey(db: Sequelize, accountId: string, livemode: boolean, id: string, t?: Transaction): Promise<ApiKeyRow | null> {
  const rows = await db.query<ApiKeyRow>(
    `UPDATE api_keys SET revoked_at = COALESCE(revoked_at, now()) WHERE id = :id AND account_id = :accountId AND livemode = :livemode RETURNING ${COLUMNS}`,
    { replacements: { id, accountId, livemode }, type: QueryTypes.SELECT, transaction: t },
  );
  return rows[0] ?? null;
}
