import type { QueryInterface } from 'sequelize';

/**
 * The audit log (who did what to the organization: keys, members, webhook endpoints, sessions) and
 * what the usage report reads (sealed days' totals, an index of unfinished jobs per account).
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

    -- Usage: a UTC day of an account's jobs (one mode) is "sealed" once it ended over an hour ago and
    -- none of its jobs is still queued or processing: from then on nothing about it can change (a
    -- job's app, key, creation time, terminal status and settled credits are final), so its totals
    -- are kept once here and the usage report reads them instead of the day's jobs. Days not sealed
    -- (today, and days with a job still running) are read from the jobs themselves.
    CREATE TABLE usage_sealed_days (
      account_id text NOT NULL REFERENCES accounts(id),
      livemode boolean NOT NULL,
      day date NOT NULL,
      sealed_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (account_id, livemode, day)
    );
    CREATE TABLE usage_day_rollups (
      account_id text NOT NULL REFERENCES accounts(id),
      livemode boolean NOT NULL,
      day date NOT NULL,
      app text NOT NULL,
      api_key_id text,
      status text NOT NULL,
      jobs bigint NOT NULL,
      credits_charged bigint NOT NULL,
      credits_refunded bigint NOT NULL
    );
    -- Covering: the report reads a range of days with an index-only scan (the table is insert-only).
    CREATE INDEX usage_day_rollups_idx ON usage_day_rollups (account_id, livemode, day)
      INCLUDE (app, api_key_id, status, jobs, credits_charged, credits_refunded);
    -- Which days of an account still have a running job (so cannot be sealed): small, as only
    -- unfinished jobs are in it.
    CREATE INDEX jobs_unfinished_account_idx ON jobs (account_id, livemode, created_at) WHERE status IN ('queued', 'processing');
  `);
}

export async function down({ context: qi }: { context: QueryInterface }) {
  await qi.sequelize.query(`
    DROP INDEX IF EXISTS jobs_unfinished_account_idx;
    DROP TABLE IF EXISTS usage_day_rollups;
    DROP TABLE IF EXISTS usage_sealed_days;
    DROP TABLE IF EXISTS audit_events;
    DROP FUNCTION IF EXISTS audit_events_append_only();
  `);
}
