import crypto from 'node:crypto';
import { QueryTypes, Sequelize } from 'sequelize';

/**
 * Stored results of POSTs sent with an Idempotency-Key, scoped to (account, mode, key).
 * The first request claims the key (`processing`); the others wait for its result, replay it, or get
 * a conflict. Rows live `ttlHours` (24 h by default).
 */

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

export async function claimKey(db: Sequelize, scope: { accountId: string; livemode: boolean; key: string }, print: string, ttlHours: number): Promise<Claim> {
  // An expired row is as good as absent: replace it in the same statement that claims.
  const claimed = await db.query<{ key: string }>(
    `INSERT INTO idempotency_keys (account_id, livemode, key, fingerprint, state, expires_at)
     VALUES (:accountId, :livemode, :key, :print, 'processing', now() + make_interval(hours => :ttl))
     ON CONFLICT (account_id, livemode, key) DO UPDATE
       SET fingerprint = EXCLUDED.fingerprint, state = 'processing', response_status = NULL, response_headers = NULL,
           response_body = NULL, created_at = now(), expires_at = EXCLUDED.expires_at
       WHERE idempotency_keys.expires_at < now()
     RETURNING key`,
    { replacements: { ...scope, print, ttl: ttlHours }, type: QueryTypes.SELECT },
  );
  if (claimed.length) return { kind: 'claimed' };
  const [row] = await db.query<Row>(
    `SELECT fingerprint, state, response_status, response_headers, response_body FROM idempotency_keys
     WHERE account_id = :accountId AND livemode = :livemode AND key = :key`,
    { replacements: scope, type: QueryTypes.SELECT },
  );
  if (!row) return claimKey(db, scope, print, ttlHours); // released between the two statements
  if (row.fingerprint !== print) return { kind: 'mismatch' };
  if (row.state === 'processing') return { kind: 'in_progress' };
  return { kind: 'replay', response: { status: row.response_status!, headers: row.response_headers ?? {}, body: row.response_body } };
}

export async function completeKey(db: Sequelize, scope: { accountId: string; livemode: boolean; key: string }, response: StoredResponse): Promise<void> {
  await db.query(
    `UPDATE idempotency_keys SET state = 'completed', response_status = :status, response_headers = :headers::jsonb, response_body = :body::jsonb
     WHERE account_id = :accountId AND livemode = :livemode AND key = :key`,
    { replacements: { ...scope, status: response.status, headers: JSON.stringify(response.headers), body: JSON.stringify(response.body ?? null) } },
  );
}

/** Forgets a claim whose request did not run to a storable result, so a retry runs it afresh. */
export async function releaseKey(db: Sequelize, scope: { accountId: string; livemode: boolean; key: string }): Promise<void> {
  await db.query(`DELETE FROM idempotency_keys WHERE account_id = :accountId AND livemode = :livemode AND key = :key AND state = 'processing'`, {
    replacements: scope,
  });
}

export async function purgeExpiredKeys(db: Sequelize): Promise<number> {
  const [, meta] = await db.query(`DELETE FROM idempotency_keys WHERE expires_at < now()`);
  return (meta as { rowCount?: number })?.rowCount ?? 0;
}
