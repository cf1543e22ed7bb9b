import type { QueryInterface } from 'sequelize';

/**
 * Auto top-up attempts. A live reservation that leaves the balance below the organization's
 * `auto_top_up_threshold` inserts a `pending` attempt in its own transaction; the API runs it after
 * the commit (an off-session payment for `auto_top_up_pack`). The unique partial index keeps at most
 * one attempt in flight (`pending`; `processing`: asking the gateway; `charged`: waiting for the
 * payment's event) per organization, so concurrent reservations start one payment. Credits come only
 * through the payment's webhook event, like any other purchase, and that event ends the attempt.
 */
export async function up({ context: qi }: { context: QueryInterface }) {
  await qi.sequelize.query(`
    CREATE TABLE auto_top_up_attempts (
      id text PRIMARY KEY,
      account_id text NOT NULL REFERENCES accounts(id),
      pack_id text NOT NULL,
      status text NOT NULL CHECK (status IN ('pending', 'processing', 'charged', 'succeeded', 'failed')),
      -- The balance the reservation left (below the threshold).
      balance_at_start bigint NOT NULL,
      payment_intent text,
      error text,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE UNIQUE INDEX auto_top_up_attempts_in_flight ON auto_top_up_attempts (account_id) WHERE status IN ('pending', 'processing', 'charged');
    CREATE INDEX auto_top_up_attempts_account_idx ON auto_top_up_attempts (account_id, created_at DESC);
    CREATE INDEX auto_top_up_attempts_intent_idx ON auto_top_up_attempts (payment_intent) WHERE payment_intent IS NOT NULL;
  `);
}

export async function down({ context: qi }: { context: QueryInterface }) {
  await qi.sequelize.query(`DROP TABLE IF EXISTS auto_top_up_attempts;`);
}
