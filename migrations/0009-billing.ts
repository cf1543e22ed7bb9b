import type { QueryInterface } from 'sequelize';

/**
 * Billing: money in, exactly once.
 *
 * - `payment_events`: every verified event a gateway sent, once per (gateway, event id). The row is
 *   inserted in the same transaction as the ledger rows it causes, so a replayed, duplicated or
 *   concurrent delivery finds the row and grants nothing again.
 * - `payments`: one row per payment at a gateway (a Stripe PaymentIntent or invoice, a Duitku order),
 *   keyed by (gateway, gateway_ref). Its counters (`credits_granted`, `amount_refunded`,
 *   `amount_disputed`, `credits_reversed`) only grow, and the ledger rows follow from them, so
 *   events arriving out of order or twice converge on the same state.
 * - `billing_customers`: the gateway's customer for an organization (one per gateway).
 * - `subscriptions`: an organization's plan at a gateway; changes apply by the object's own time.
 *
 * A refund or dispute may take a balance below zero (the organization is then `restricted`, and new
 * jobs are refused until the balance is positive again), so the non-negative checks of 0001 give way
 * to the ledger's own guards (reservations still never draw a balance below zero). Ledger rows get
 * the `reversal` type for credits taken back.
 */
export async function up({ context: qi }: { context: QueryInterface }) {
  await qi.sequelize.query(`
    ALTER TABLE accounts DROP CONSTRAINT IF EXISTS accounts_balance_check;
    ALTER TABLE credit_transactions DROP CONSTRAINT IF EXISTS credit_transactions_balance_after_check;
    ALTER TABLE credit_transactions DROP CONSTRAINT IF EXISTS credit_transactions_type_check;
    ALTER TABLE credit_transactions ADD CONSTRAINT credit_transactions_type_check
      CHECK (type IN ('grant', 'purchase', 'reserve', 'capture', 'release', 'refund', 'adjust', 'reversal'));

    ALTER TABLE accounts
      ADD COLUMN auto_top_up_threshold bigint CHECK (auto_top_up_threshold IS NULL OR auto_top_up_threshold >= 0),
      ADD COLUMN auto_top_up_pack text,
      ADD COLUMN auto_top_up_failures integer NOT NULL DEFAULT 0,
      ADD COLUMN auto_top_up_started_at timestamptz;

    CREATE TABLE billing_customers (
      account_id text NOT NULL REFERENCES accounts(id),
      gateway text NOT NULL CHECK (gateway IN ('stripe', 'duitku')),
      customer_id text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (account_id, gateway),
      UNIQUE (gateway, customer_id)
    );

    CREATE TABLE payments (
      id text PRIMARY KEY,
      account_id text NOT NULL REFERENCES accounts(id),
      gateway text NOT NULL CHECK (gateway IN ('stripe', 'duitku')),
      -- The gateway's id of the payment: a Checkout Session (cs_…), an invoice (in_…), a Duitku merchantOrderId.
      gateway_ref text NOT NULL,
      -- Stripe's PaymentIntent, which refunds and disputes name.
      payment_intent text,
      kind text NOT NULL CHECK (kind IN ('pack', 'plan')),
      item_id text NOT NULL,
      amount bigint NOT NULL CHECK (amount >= 0),
      currency text NOT NULL,
      credits bigint NOT NULL CHECK (credits >= 0),
      status text NOT NULL CHECK (status IN ('pending', 'succeeded', 'failed', 'refunded', 'partially_refunded', 'disputed')),
      credits_granted bigint NOT NULL DEFAULT 0,
      amount_refunded bigint NOT NULL DEFAULT 0,
      amount_disputed bigint NOT NULL DEFAULT 0,
      credits_reversed bigint NOT NULL DEFAULT 0,
      -- Refunded or disputed money beyond what the purchase's credits cover (recorded, not reversed).
      amount_uncovered bigint NOT NULL DEFAULT 0,
      receipt_url text,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (gateway, gateway_ref),
      CHECK (credits_reversed <= credits_granted)
    );
    CREATE INDEX payments_account_idx ON payments (account_id, id DESC);
    CREATE INDEX payments_intent_idx ON payments (gateway, payment_intent) WHERE payment_intent IS NOT NULL;

    CREATE TABLE payment_events (
      id text PRIMARY KEY,
      gateway text NOT NULL CHECK (gateway IN ('stripe', 'duitku')),
      event_id text NOT NULL,
      type text NOT NULL,
      account_id text REFERENCES accounts(id),
      payment_id text REFERENCES payments(id),
      -- What the event is about at the gateway (a PaymentIntent, invoice, subscription, order id): an
      -- event about a payment not known yet is found again by it when the payment arrives.
      object_ref text,
      outcome text NOT NULL CHECK (outcome IN ('applied', 'ignored', 'flagged')),
      note text,
      payload jsonb NOT NULL,
      received_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (gateway, event_id)
    );
    CREATE INDEX payment_events_received_idx ON payment_events (received_at);
    CREATE INDEX payment_events_object_idx ON payment_events (gateway, object_ref) WHERE object_ref IS NOT NULL;

    CREATE TABLE subscriptions (
      account_id text PRIMARY KEY REFERENCES accounts(id),
      gateway text NOT NULL CHECK (gateway IN ('stripe', 'duitku')),
      subscription_id text NOT NULL,
      plan_id text NOT NULL,
      status text NOT NULL,
      current_period_end timestamptz,
      cancel_at_period_end boolean NOT NULL DEFAULT false,
      -- The gateway's time of the last state applied: an older event never overwrites a newer one.
      state_at timestamptz NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (gateway, subscription_id)
    );
  `);
}

export async function down({ context: qi }: { context: QueryInterface }) {
  await qi.sequelize.query(`
    DROP TABLE IF EXISTS subscriptions;
    DROP TABLE IF EXISTS payment_events;
    DROP TABLE IF EXISTS payments;
    DROP TABLE IF EXISTS billing_customers;
    ALTER TABLE accounts
      DROP COLUMN IF EXISTS auto_top_up_threshold,
      DROP COLUMN IF EXISTS auto_top_up_pack,
      DROP COLUMN IF EXISTS auto_top_up_failures,
      DROP COLUMN IF EXISTS auto_top_up_started_at;
    ALTER TABLE credit_transactions DROP CONSTRAINT IF EXISTS credit_transactions_type_check;
    ALTER TABLE credit_transactions ADD CONSTRAINT credit_transactions_type_check
      CHECK (type IN ('grant', 'purchase', 'reserve', 'capture', 'release', 'refund', 'adjust'));
    ALTER TABLE credit_transactions ADD CONSTRAINT credit_transactions_balance_after_check CHECK (balance_after >= 0);
    ALTER TABLE accounts ADD CONSTRAINT accounts_balance_check CHECK (balance >= 0);
  `);
}
