import type { QueryInterface } from 'sequelize';

export async function up({ context: qi }: { context: QueryInterface }) {
  await qi.sequelize.query(`
    -- The outbox: written in the same transaction as the change it describes.
    CREATE TABLE events (
      id text PRIMARY KEY,
      account_id text NOT NULL REFERENCES accounts(id),
      livemode boolean NOT NULL,
      type text NOT NULL,
      job_id text,
      data jsonb NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      -- Set once the relay has turned the event into delivery messages (NULL: still to relay).
      relayed_at timestamptz
    );
    CREATE INDEX events_account_idx ON events (account_id, livemode, id DESC);
    CREATE INDEX events_job_idx ON events (job_id, id) WHERE job_id IS NOT NULL;
    CREATE INDEX events_unrelayed_idx ON events (id) WHERE relayed_at IS NULL;

    CREATE TABLE webhook_endpoints (
      id text PRIMARY KEY,
      account_id text NOT NULL REFERENCES accounts(id),
      livemode boolean NOT NULL,
      url text NOT NULL,
      description text,
      -- NULL: every event type.
      event_types text[],
      enabled boolean NOT NULL DEFAULT true,
      disabled_reason text,
      secret text NOT NULL,
      previous_secret text,
      previous_secret_expires_at timestamptz,
      -- First failure of the current run of failures (NULL once a delivery succeeds).
      failing_since timestamptz,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      deleted_at timestamptz
    );
    CREATE INDEX webhook_endpoints_account_idx ON webhook_endpoints (account_id, livemode, id DESC) WHERE deleted_at IS NULL;

    -- The secret that signs per-request webhooks (jobs created with webhook_url), one per account and mode.
    CREATE TABLE webhook_default_secrets (
      account_id text NOT NULL REFERENCES accounts(id),
      livemode boolean NOT NULL,
      secret text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (account_id, livemode)
    );

    -- Per-request webhooks: jobs created with webhook_url (and optionally webhook_events).
    CREATE TABLE job_webhooks (
      job_id text PRIMARY KEY REFERENCES jobs(id),
      url text NOT NULL,
      event_types text[]
    );

    -- One row per (event, destination): the unit of delivery and retry.
    CREATE TABLE webhook_messages (
      id text PRIMARY KEY,
      event_id text NOT NULL REFERENCES events(id),
      account_id text NOT NULL REFERENCES accounts(id),
      endpoint_id text REFERENCES webhook_endpoints(id),
      -- Set for per-request webhooks (no endpoint).
      url text,
      status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'succeeded', 'failed')),
      attempts integer NOT NULL DEFAULT 0,
      next_attempt_at timestamptz,
      locked_until timestamptz,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE UNIQUE INDEX webhook_messages_destination_idx ON webhook_messages (event_id, COALESCE(endpoint_id, url));
    CREATE INDEX webhook_messages_due_idx ON webhook_messages (next_attempt_at) WHERE status = 'pending';
    CREATE INDEX webhook_messages_endpoint_idx ON webhook_messages (endpoint_id, status, created_at);

    -- Every delivery attempt, as the deliveries log shows it.
    CREATE TABLE webhook_attempts (
      id text PRIMARY KEY,
      message_id text NOT NULL REFERENCES webhook_messages(id),
      endpoint_id text,
      attempt integer NOT NULL,
      attempted_at timestamptz NOT NULL,
      status_code integer,
      latency_ms integer NOT NULL,
      outcome text NOT NULL CHECK (outcome IN ('succeeded', 'failed')),
      error text,
      response_excerpt text,
      next_retry_at timestamptz
    );
    CREATE INDEX webhook_attempts_endpoint_idx ON webhook_attempts (endpoint_id, id DESC);
    CREATE INDEX webhook_attempts_message_idx ON webhook_attempts (message_id);
  `);
}

export async function down({ context: qi }: { context: QueryInterface }) {
  await qi.sequelize.query(`
    DROP TABLE IF EXISTS webhook_attempts;
    DROP TABLE IF EXISTS webhook_messages;
    DROP TABLE IF EXISTS job_webhooks;
    DROP TABLE IF EXISTS webhook_default_secrets;
    DROP TABLE IF EXISTS webhook_endpoints;
    DROP TABLE IF EXISTS events;
  `);
}
