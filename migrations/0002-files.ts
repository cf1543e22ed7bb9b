import type { QueryInterface } from 'sequelize';

export async function up({ context: qi }: { context: QueryInterface }) {
  await qi.sequelize.query(`
    CREATE TABLE files (
      id text PRIMARY KEY,
      account_id text NOT NULL REFERENCES accounts(id),
      livemode boolean NOT NULL,
      filename text NOT NULL,
      content_type text NOT NULL,
      kind text NOT NULL CHECK (kind IN ('image', 'video', 'audio', 'archive')),
      bytes bigint NOT NULL CHECK (bytes >= 0),
      sha256 text NOT NULL,
      storage_key text NOT NULL,
      source text NOT NULL CHECK (source IN ('upload', 'url', 'output')),
      source_url text,
      metadata jsonb NOT NULL DEFAULT '{}'::jsonb,
      created_at timestamptz NOT NULL DEFAULT now(),
      expires_at timestamptz,
      deleted_at timestamptz
    );
    CREATE INDEX files_account_idx ON files (account_id, livemode, id DESC) WHERE deleted_at IS NULL;
  `);
}

export async function down({ context: qi }: { context: QueryInterface }) {
  await qi.sequelize.query(`DROP TABLE IF EXISTS files;`);
}
