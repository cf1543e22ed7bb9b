import type { QueryInterface } from 'sequelize';

export async function up({ context: qi }: { context: QueryInterface }) {
  await qi.sequelize.query(`
    CREATE TABLE jobs (
      id text PRIMARY KEY,
      app text NOT NULL,
      account_id text NOT NULL REFERENCES accounts(id),
      api_key_id text REFERENCES api_keys(id),
      livemode boolean NOT NULL,
      status text NOT NULL CHECK (status IN ('queued', 'processing', 'succeeded', 'failed', 'canceled')),
      request jsonb NOT NULL,
      plan jsonb NOT NULL,
      quote jsonb NOT NULL,
      reservation_id text REFERENCES credit_reservations(id),
      credits_quoted bigint NOT NULL,
      credits_reserved bigint NOT NULL,
      credits_charged bigint NOT NULL DEFAULT 0,
      credits_refunded bigint NOT NULL DEFAULT 0,
      progress_fraction real NOT NULL DEFAULT 0,
      progress_stage text NOT NULL DEFAULT 'queued',
      eta_seconds integer,
      error_code text,
      error_message text,
      metadata jsonb NOT NULL DEFAULT '{}'::jsonb,
      external_id text,
      attempts integer NOT NULL DEFAULT 0,
      cancel_requested_at timestamptz,
      created_at timestamptz NOT NULL DEFAULT now(),
      started_at timestamptz,
      finished_at timestamptz,
      expires_at timestamptz,
      -- Touched by every state change, progress update and worker heartbeat: the sweeper's clock.
      updated_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE UNIQUE INDEX jobs_external_id_idx ON jobs (account_id, livemode, external_id) WHERE external_id IS NOT NULL;
    CREATE INDEX jobs_account_idx ON jobs (account_id, livemode, created_at DESC, id DESC);
    CREATE INDEX jobs_account_app_idx ON jobs (account_id, livemode, app, created_at DESC, id DESC);
    CREATE INDEX jobs_unfinished_idx ON jobs (updated_at) WHERE status IN ('queued', 'processing');

    CREATE TABLE job_outputs (
      job_id text NOT NULL REFERENCES jobs(id),
      file_id text NOT NULL REFERENCES files(id),
      ordinal integer NOT NULL,
      role text NOT NULL,
      idx integer,
      position integer,
      metadata jsonb NOT NULL DEFAULT '{}'::jsonb,
      PRIMARY KEY (job_id, ordinal)
    );
  `);
}

export async function down({ context: qi }: { context: QueryInterface }) {
  await qi.sequelize.query(`DROP TABLE IF EXISTS job_outputs; DROP TABLE IF EXISTS jobs;`);
}
