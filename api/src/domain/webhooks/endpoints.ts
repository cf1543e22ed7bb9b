import { QueryTypes, type Sequelize, type Transaction } from 'sequelize';
import { newId } from '../ids';
import { newWebhookSecret } from './secrets';

export const ENDPOINT_ID_PREFIX = 'we';

export interface EndpointRow {
  id: string;
  account_id: string;
  livemode: boolean;
  url: string;
  description: string | null;
  event_types: string[] | null;
  enabled: boolean;
  disabled_reason: string | null;
  secret: string;
  previous_secret: string | null;
  previous_secret_expires_at: Date | null;
  failing_since: Date | null;
  created_at: Date;
  updated_at: Date;
  deleted_at: Date | null;
}

type Scope = { accountId: string; livemode: boolean };

export async function insertEndpoint(db: Sequelize, scope: Scope, e: { url: string; description: string | null; eventTypes: string[] | null; enabled: boolean }, t?: Transaction): Promise<EndpointRow> {
  const [row] = await db.query<EndpointRow>(
    `INSERT INTO webhook_endpoints (id, account_id, livemode, url, description, event_types, enabled, secret)
     VALUES (:id, :accountId, :livemode, :url, :description, :eventTypes::text[], :enabled, :secret) RETURNING *`,
    { replacements: { id: newId(ENDPOINT_ID_PREFIX), ...scope, url: e.url, description: e.description, eventTypes: e.eventTypes ? `{${e.eventTypes.map((t) => `"${t}"`).join(',')}}` : null, enabled: e.enabled, secret: newWebhookSecret() }, type: QueryTypes.SELECT, transaction: t },
  );
  return row;
}

export async function findEndpoint(db: Sequelize, scope: Scope, id: string, t?: Transaction): Promise<EndpointRow | null> {
  const rows = await db.query<EndpointRow>(`SELECT * FROM webhook_endpoints WHERE id = :id AND account_id = :accountId AND livemode = :livemode AND deleted_at IS NULL`, {
    replacements: { id, ...scope },
    type: QueryTypes.SELECT,
    transaction: t,
  });
  return rows[0] ?? null;
}

export async function listEndpoints(db: Sequelize, scope: Scope, q: { limit: number; startingAfter?: string }): Promise<EndpointRow[]> {
  return db.query<EndpointRow>(
    `SELECT * FROM webhook_endpoints WHERE account_id = :accountId AND livemode = :livemode AND deleted_at IS NULL AND (:after::text IS NULL OR id < :after) ORDER BY id DESC LIMIT :limit`,
    { replacements: { ...scope, after: q.startingAfter ?? null, limit: q.limit + 1 }, type: QueryTypes.SELECT },
  );
}

export async function updateEndpoint(
  db: Sequelize,
  scope: Scope,
  id: string,
  patch: { url?: string; description?: string | null; eventTypes?: string[] | null; enabled?: boolean },
  t?: Transaction,
): Promise<EndpointRow | null> {
  const sets: string[] = ['updated_at = now()'];
  const r: Record<string, unknown> = { id, ...scope };
  if (patch.url !== undefined) (sets.push('url = :url'), (r.url = patch.url));
  if (patch.description !== undefined) (sets.push('description = :description'), (r.description = patch.description));
  if (patch.eventTypes !== undefined) (sets.push('event_types = :eventTypes::text[]'), (r.eventTypes = patch.eventTypes ? `{${patch.eventTypes.map((t) => `"${t}"`).join(',')}}` : null));
  if (patch.enabled !== undefined) {
    sets.push('enabled = :enabled');
    r.enabled = patch.enabled;
    // Re-enabling starts a fresh failure window.
    if (patch.enabled) sets.push('disabled_reason = NULL', 'failing_since = NULL');
    else sets.push(`disabled_reason = 'manual'`);
  }
  const rows = await db.query<EndpointRow>(
    `UPDATE webhook_endpoints SET ${sets.join(', ')} WHERE id = :id AND account_id = :accountId AND livemode = :livemode AND deleted_at IS NULL RETURNING *`,
    { replacements: r, type: QueryTypes.SELECT, transaction: t },
  );
  return rows[0] ?? null;
}

export async function deleteEndpoint(db: Sequelize, scope: Scope, id: string, t?: Transaction): Promise<EndpointRow | null> {
  const rows = await db.query<EndpointRow>(
    `UPDATE webhook_endpoints SET deleted_at = now(), enabled = false, updated_at = now() WHERE id = :id AND account_id = :accountId AND livemode = :livemode AND deleted_at IS NULL RETURNING *`,
    { replacements: { id, ...scope }, type: QueryTypes.SELECT, transaction: t },
  );
  return rows[0] ?? null;
}

/** New secret now; the old one keeps signing (both signatures are sent) until the grace period ends. */
export async function rotateEndpointSecret(db: Sequelize, scope: Scope, id: string, graceSeconds: number, t?: Transaction): Promise<EndpointRow | null> {
  const rows = await db.query<EndpointRow>(
    `UPDATE webhook_endpoints SET previous_secret = secret, previous_secret_expires_at = now() + make_interval(secs => :grace), secret = :secret, updated_at = now()
     WHERE id = :id AND account_id = :accountId AND livemode = :livemode AND deleted_at IS NULL RETURNING *`,
    { replacements: { id, ...scope, grace: graceSeconds, secret: newWebhookSecret() }, type: QueryTypes.SELECT, transaction: t },
  );
  return rows[0] ?? null;
}

/** The secrets that sign a delivery to this endpoint now: the current one, and the previous one during its grace period. */
export function signingSecrets(e: Pick<EndpointRow, 'secret' | 'previous_secret' | 'previous_secret_expires_at'>, now = Date.now()): string[] {
  return e.previous_secret && e.previous_secret_expires_at && new Date(e.previous_secret_expires_at).getTime() > now ? [e.secret, e.previous_secret] : [e.secret];
}

/** The account's secret for per-request webhooks (`webhook_url` on a job), made on first use. */
export async function defaultSecret(db: Sequelize, scope: Scope, t?: Transaction): Promise<string> {
  const [row] = await db.query<{ secret: string }>(
    `WITH ins AS (
       INSERT INTO webhook_default_secrets (account_id, livemode, secret) VALUES (:accountId, :livemode, :secret) ON CONFLICT DO NOTHING RETURNING secret
     )
     SELECT secret FROM ins UNION ALL SELECT secret FROM webhook_default_secrets WHERE account_id = :accountId AND livemode = :livemode LIMIT 1`,
    { replacements: { ...scope, secret: newWebhookSecret() }, type: QueryTypes.SELECT, transaction: t },
  );
  return row.secret;
}

export function matchesEventType(filter: string[] | null, type: string): boolean {
  return !filter || filter.length === 0 || filter.includes(type) || filter.some((f) => f.endsWith('.*') && type.startsWith(f.slice(0, -1)));
}
