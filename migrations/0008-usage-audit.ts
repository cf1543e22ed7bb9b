import type { QueryInterface } from 'sequelize';

/**
 * The audit log (who did what to the organization: keys, members, webhook endpoints, sessions) and
 * the indexes the usage report reads.
 *
 * `audit_events` is append-only, as the ledger is: a trigger refuses UPDATE and DELETE (and the
 * domain module has no statement that would try). `livemode` is NULL for organization-wide actions
 * (members, invitations, sessions), which every mode lists; otherwise the mode of what was touched.
 */
export async function up({ context: qi }: { context: QueryInterface }) {
  await qi.sequelize.query(`
    CREATE TABLE audit_events (
      id text PRIMARY KEY,
      account_id text NOT NULL REFERENCES accounts(id),
      livemode boolean,
      action text NOT NULL CHECK (action ~ '^[a-z_]+(\\.[a-z_]+)+$'),
      actor_type text NOT NULL CHECK (actor_type IN ('api_key', 'user', 'system')),
      actor_id text,
      actor_email text,
      target_type text,
      target_id text,
      ip text,
      user_agent text,
      data jsonb NOT NULL DEFAULT '{}'::jsonb,
      created_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX audit_events_account_idx ON audit_events (account_id, id DESC);
    CREATE INDEX audit_events_action_idx ON audit_events (account_id, action, id DESC);
    CREATE INDEX audit_events_actor_idx ON audit_events (account_id, actor_id, id DESC);

    CREATE FUNCTION audit_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN RAISE EXCEPTION 'audit_events is append-only'; END $$;
    CREATE TRIGGER audit_events_no_update BEFORE UPDATE OR DELETE ON audit_events
      FOR EACH ROW EXECUTE FUNCTION audit_events_append_only();
    CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events
      FOR EACH STATEMENT EXECUTE FUNCTION audit_events_append_only();
  `);
}

export async function down({ context: qi }: { context: QueryInterface }) {
  await qi.sequelize.query(`
    DROP TABLE IF EXISTS audit_events;
    DROP FUNCTION IF EXISTS audit_events_append_only();
  `);
}
