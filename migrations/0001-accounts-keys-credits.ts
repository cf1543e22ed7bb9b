import type { QueryInterface } from 'sequelize';

export async function up({ context: qi }: { context: QueryInterface }) {
  await qi.sequelize.query(`
    CREATE TABLE accounts (
      id text PRIMARY KEY,
      name text NOT NULL,
      email text,
      plan text NOT NULL DEFAULT 'free',
      balance bigint NOT NULL DEFAULT 0 CHECK (balance >= 0),
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    );

    CREATE TABLE api_keys (
      id text PRIMARY KEY,
      account_id text NOT NULL REFERENCES accounts(id),
      name text NOT NULL,
      livemode boolean NOT NULL,
      secret_hash text NOT NULL UNIQUE,
      redacted text NOT NULL,
      scopes text[] NOT NULL,
      credit_limit bigint CHECK (credit_limit IS NULL OR credit_limit > 0),
      credit_limit_period text CHECK (credit_limit_period IN ('day', 'month', 'total')),
      last_used_at timestamptz,
      revoked_at timestamptz,
      created_at timestamptz NOT NULL DEFAULT now(),
      CHECK ((credit_limit IS NULL) = (credit_limit_period IS NULL))
    );
    CREATE INDEX api_keys_account_idx ON api_keys (account_id, id DESC);

    -- Credits a key has drawn in one quota window ('epoch' for a 'total' quota).
    CREATE TABLE api_key_usage (
      api_key_id text NOT NULL REFERENCES api_keys(id),
      period_start timestamptz NOT NULL,
      used bigint NOT NULL CHECK (used >= 0),
      PRIMARY KEY (api_key_id, period_start)
    );

    CREATE TABLE credit_reservations (
      id text PRIMARY KEY,
      account_id text NOT NULL REFERENCES accounts(id),
      api_key_id text REFERENCES api_keys(id),
      usage_period_start timestamptz,
      amount bigint NOT NULL CHECK (amount >= 0),
      status text NOT NULL CHECK (status IN ('held', 'captured', 'released')),
      captured bigint NOT NULL DEFAULT 0,
      released bigint NOT NULL DEFAULT 0,
      created_at timestamptz NOT NULL DEFAULT now(),
      settled_at timestamptz
    );

    CREATE TABLE credit_transactions (
      id text PRIMARY KEY,
      account_id text NOT NULL REFERENCES accounts(id),
      api_key_id text REFERENCES api_keys(id),
      reservation_id text REFERENCES credit_reservations(id),
      type text NOT NULL CHECK (type IN ('grant', 'purchase', 'reserve', 'capture', 'release', 'refund', 'adjust')),
      amount bigint NOT NULL,
      balance_after bigint NOT NULL CHECK (balance_after >= 0),
      description text,
      created_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX credit_transactions_account_idx ON credit_transactions (account_id, id DESC);

    -- The ledger is append-only: rows are never changed or removed.
    CREATE FUNCTION credit_transactions_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN RAISE EXCEPTION 'credit_transactions is append-only'; END $$;
    CREATE TRIGGER credit_transactions_no_update BEFORE UPDATE OR DELETE ON credit_transactions
      FOR EACH ROW EXECUTE FUNCTION credit_transactions_append_only();

    CREATE TABLE idempotency_keys (
      account_id text NOT NULL REFERENCES accounts(id),
      livemode boolean NOT NULL,
      key text NOT NULL,
      fingerprint text NOT NULL,
      state text NOT NULL CHECK (state IN ('processing', 'completed')),
      response_status integer,
      response_headers jsonb,
      response_body jsonb,
      created_at timestamptz NOT NULL DEFAULT now(),
      expires_at timestamptz NOT NULL,
      PRIMARY KEY (account_id, livemode, key)
    );
    CREATE INDEX idempotency_keys_expiry_idx ON idempotency_keys (expires_at);
  `);
}

export async function down({ context: qi }: { context: QueryInterface }) {
  await qi.sequelize.query(`
    DROP TABLE IF EXISTS idempotency_keys;
    DROP TABLE IF EXISTS credit_transactions;
    DROP FUNCTION IF EXISTS credit_transactions_append_only();
    DROP TABLE IF EXISTS credit_reservations;
    DROP TABLE IF EXISTS api_key_usage;
    DROP TABLE IF EXISTS api_keys;
    DROP TABLE IF EXISTS accounts;
  `);
}
