import type { QueryInterface } from 'sequelize';

/**
 * Idempotency-Key results belong to the caller that made them: the key is scoped to (account,
 * mode, principal, key), where the principal is the API key (or, later, the signed-in user). A
 * stored response never holds a secret: bodies stored before this migration that carry one (API
 * key creates, webhook endpoint creates and secret rotations) lose it here and are marked
 * `secret_redacted`, as new ones are when they are stored.
 *
 * Rows stored before it get the principal '' (unknown). They are still honoured, for every key of
 * their account and mode, until they expire (24 h); `claimKey` reads them. Claims that were still
 * running are dropped: their requests died with the process that ran the old code.
 */
export async function up({ context: qi }: { context: QueryInterface }) {
  await qi.sequelize.query(`
    DELETE FROM idempotency_keys WHERE state = 'processing';
    UPDATE idempotency_keys
       SET response_body = (response_body - 'secret') || '{"secret_redacted": true}'::jsonb
     WHERE jsonb_typeof(response_body) = 'object' AND response_body ? 'secret';
    ALTER TABLE idempotency_keys ADD COLUMN principal_id text NOT NULL DEFAULT '';
    ALTER TABLE idempotency_keys ALTER COLUMN principal_id DROP DEFAULT;
    ALTER TABLE idempotency_keys DROP CONSTRAINT idempotency_keys_pkey;
    ALTER TABLE idempotency_keys ADD PRIMARY KEY (account_id, livemode, principal_id, key);
  `);
}

export async function down({ context: qi }: { context: QueryInterface }) {
  // Several principals may hold the same key string now; the old primary key allows one.
  await qi.sequelize.query(`
    DELETE FROM idempotency_keys WHERE principal_id <> '';
    ALTER TABLE idempotency_keys DROP CONSTRAINT idempotency_keys_pkey;
    ALTER TABLE idempotency_keys DROP COLUMN principal_id;
    ALTER TABLE idempotency_keys ADD PRIMARY KEY (account_id, livemode, key);
  `);
}
