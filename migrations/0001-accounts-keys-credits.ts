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

    -- Reserve: draws the key quota (if any) and the balance with conditional single-statement
    -- updates, then records the hold and its ledger row. Returns an outcome instead of raising, so
    -- many reservations can run in one statement (see ledger.ts: one commit for a batch).
    -- Lock order everywhere: account row, then key usage row.
    CREATE FUNCTION reserve_credits(p_account text, p_key text, p_limit bigint, p_period timestamptz, p_amount bigint,
                                    p_reservation text, p_txn text, p_description text)
    RETURNS TABLE (outcome text, balance bigint) LANGUAGE plpgsql AS $$
    DECLARE v_balance bigint;
    BEGIN
      SELECT a.balance INTO v_balance FROM accounts a WHERE a.id = p_account FOR UPDATE;
      IF NOT FOUND THEN RETURN QUERY SELECT 'no_account'::text, NULL::bigint; RETURN; END IF;
      IF v_balance < p_amount THEN RETURN QUERY SELECT 'insufficient_credits'::text, v_balance; RETURN; END IF;
      IF p_limit IS NOT NULL THEN
        INSERT INTO api_key_usage AS u (api_key_id, period_start, used) VALUES (p_key, p_period, p_amount)
        ON CONFLICT (api_key_id, period_start) DO UPDATE SET used = u.used + EXCLUDED.used
        WHERE u.used + EXCLUDED.used <= p_limit;
        IF NOT FOUND THEN RETURN QUERY SELECT 'key_quota_exceeded'::text, v_balance; RETURN; END IF;
      END IF;
      UPDATE accounts SET balance = accounts.balance - p_amount, updated_at = now()
      WHERE id = p_account AND accounts.balance >= p_amount RETURNING accounts.balance INTO v_balance;
      INSERT INTO credit_reservations (id, account_id, api_key_id, usage_period_start, amount, status)
      VALUES (p_reservation, p_account, p_key, CASE WHEN p_limit IS NULL THEN NULL ELSE p_period END, p_amount, 'held');
      INSERT INTO credit_transactions (id, account_id, api_key_id, reservation_id, type, amount, balance_after, description)
      VALUES (p_txn, p_account, p_key, p_reservation, 'reserve', -p_amount, v_balance, p_description);
      RETURN QUERY SELECT 'reserved'::text, v_balance;
    END $$;

    -- Settle: captures p_charge of a held reservation and releases the rest, exactly once
    -- (the conditional update on status = 'held' is the guard). Returns no row if already settled.
    CREATE FUNCTION settle_credit_reservation(p_reservation text, p_charge bigint, p_capture_txn text, p_release_txn text)
    RETURNS SETOF credit_reservations LANGUAGE plpgsql AS $$
    DECLARE r credit_reservations; v_balance bigint;
    BEGIN
      UPDATE credit_reservations SET status = CASE WHEN p_charge > 0 THEN 'captured' ELSE 'released' END,
             captured = LEAST(p_charge, amount), released = amount - LEAST(p_charge, amount), settled_at = now()
      WHERE id = p_reservation AND status = 'held' RETURNING * INTO r;
      IF NOT FOUND THEN RETURN; END IF;
      IF p_charge > r.amount THEN RAISE EXCEPTION 'cannot capture % of a %-credit reservation', p_charge, r.amount; END IF;
      IF r.released > 0 THEN
        UPDATE accounts SET balance = balance + r.released, updated_at = now() WHERE id = r.account_id RETURNING balance INTO v_balance;
        IF r.usage_period_start IS NOT NULL THEN
          UPDATE api_key_usage SET used = GREATEST(used - r.released, 0) WHERE api_key_id = r.api_key_id AND period_start = r.usage_period_start;
        END IF;
      ELSE
        SELECT balance INTO v_balance FROM accounts WHERE id = r.account_id;
      END IF;
      IF r.captured > 0 THEN
        INSERT INTO credit_transactions (id, account_id, api_key_id, reservation_id, type, amount, balance_after)
        VALUES (p_capture_txn, r.account_id, r.api_key_id, r.id, 'capture', 0, v_balance);
      END IF;
      IF r.released > 0 THEN
        INSERT INTO credit_transactions (id, account_id, api_key_id, reservation_id, type, amount, balance_after)
        VALUES (p_release_txn, r.account_id, r.api_key_id, r.id, 'release', r.released, v_balance);
      END IF;
      RETURN NEXT r;
    END $$;

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
    DROP FUNCTION IF EXISTS settle_credit_reservation(text, bigint, text, text);
    DROP FUNCTION IF EXISTS reserve_credits(text, text, bigint, timestamptz, bigint, text, text, text);
    DROP TABLE IF EXISTS credit_transactions;
    DROP FUNCTION IF EXISTS credit_transactions_append_only();
    DROP TABLE IF EXISTS credit_reservations;
    DROP TABLE IF EXISTS api_key_usage;
    DROP TABLE IF EXISTS api_keys;
    DROP TABLE IF EXISTS accounts;
  `);
}
