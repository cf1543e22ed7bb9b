import crypto from 'node:crypto';
import { QueryTypes, Sequelize } from 'sequelize';

/**
 * Stored results of POSTs sent with an Idempotency-Key, scoped to (account, mode, principal, key):
 * the principal is the API key that sent the request, so another key of the same account never
 * sees (or replays) its result. The first request claims the key (`processing`); the others wait
 * for its result, replay it, or get a conflict. Rows live `ttlHours` (24 h by default).
 *
 * A stored body never holds a secret (see `redact.ts`): a replay of a create that showed one
 * answers the object without it.
 *
 * Rows stored before migration 0006 have the principal '' and are honoured for every key of their
 * account and mode until they expire; nothing new is stored under ''.
 */

export interface IdempotencyScope {
  accountId: string;
  livemode: boolean;
  /** The API key id (or user id) of the caller. Never '' (that marks rows from before 0006). */
  principalId: string;
  key: string;
}

export interface StoredResponse {
  status: number;
  headers: Record<string, string>;
  body: unknown;
}

export type Claim =
  | { kind: 'claimed' }
  | { kind: 'replay'; response: StoredResponse }
  | { kind: 'mismatch' }
  | { kind: 'in_progress' };

export function fingerprint(method: string, path: string, body: unknown): string {
  return crypto.createHash('sha256').update(`${method} ${path}\n${JSON.stringify(body ?? null)}`).digest('hex');
}

interface Row {
  fingerprint: string;
  state: 'processing' | 'completed';
  response_status: number | null;
  response_headers: Record<string, string> | null;
  response_body: unknown;
}

const LEGACY_PRINCIPAL = '';

function check(scope: IdempotencyScope) {
  if (!scope.principalId) throw new Error('idempotency: a principal id is required');
}

export async function claimKey(db: Sequelize, scope: IdempotencyScope, print: string, ttlHours: number): Promise<Claim> {
  check(scope);
  // An expired row is as good as absent: replace it in the same statement that claims. A live
  // pre-0006 row for the same key (principal '') blocks the claim, so it is replayed instead.
  const claimed = await db.query<{ key: string }>(
    `INSERT INTO idempotency_keys (account_id, livemode, principal_id, key, fingerprint, state, expires_at)
     SELECT :accountId, :livemode, :principalId, :key, :print, 'processing', now() + make_interval(hours => :ttl)
     WHERE NOT EXISTS (SELECT 1 FROM idempotency_keys WHERE account_id = :accountId AND livemode = :livemode AND principal_id = :legacy AND key = :key AND expires_at >= now())
     ON CONFLICT (account_id, livemode, principal_id, key) DO UPDATE
       SET fingerprint = EXCLUDED.fingerprint, state = 'processing', response_status = NULL, response_headers = NULL,
           response_body = NULL, created_at = now(), expires_at = EXCLUDED.expires_at
       WHERE idempotency_keys.expires_at < now()
     RETURNING key`,
    { replacements: { ...scope, print, ttl: ttlHours, legacy: LEGACY_PRINCIPAL }, type: QueryTypes.SELECT },
  );
  if (claimed.length) return { kind: 'claimed' };
  const [row] = await db.query<Row>(
    `SELECT fingerprint, state, response_status, response_headers, response_body FROM idempotency_keys
     WHERE account_id = :accountId AND livemode = :livemode AND principal_id IN (:principalId, :legacy) AND key = :key
     ORDER BY principal_id DESC LIMIT 1`,
    { replacements: { ...scope, legacy: LEGACY_PRINCIPAL }, type: QueryTypes.SELECT },
  );
  if (!row) return claimKey(db, scope, print, ttlHours); // released between the two statements
  if (row.fingerprint !== print) return { kind: 'mismatch' };
  if (row.state === 'processing') return { kind: 'in_progress' };
  return { kind: 'replay', response: { status: row.response_status!, headers: row.response_headers ?? {}, body: row.response_body } };
}

/** Records the outcome. The caller stores a redacted body (`redactSecrets`): this table never holds a secret. */
export async function completeKey(db: Sequelize, scope: IdempotencyScope, response: StoredResponse): Promise<void> {
  check(scope);
  await db.query(
    `UPDATE idempotency_keys SET state = 'completed', response_status = :status, response_headers = :headers::jsonb, response_body = :body::jsonb
     WHERE account_id = :accountId AND livemode = :livemode AND principal_id = :principalId AND key = :key`,
    { replacements: { ...scope, status: response.status, headers: JSON.stringify(response.headers), body: JSON.stringify(response.body ?? null) } },
  );
}

/** Forgets a claim whose request did not run to a storable result, so a retry runs it afresh. */
export async function releaseKey(db: Sequelize, scope: IdempotencyScope): Promise<void> {
  check(scope);
  await db.query(`DELETE FROM idempotency_keys WHERE account_id = :accountId AND livemode = :livemode AND principal_id = :principalId AND key = :key AND state = 'processing'`, {
    replacements: { ...scope },
  });
}

export async function purgeExpiredKeys(db: Sequelize): Promise<number> {
  const [, meta] = await db.query(`DELETE FROM idempotency_keys WHERE expires_at < now()`);
  return (meta as { rowCount?: number })?.rowCount ?? 0;
}
