import type { QueryInterface } from 'sequelize';

/**
 * Direct uploads (`POST /v1/files/uploads`): a multipart upload on S3 whose parts the client PUTs
 * itself through presigned URLs. The object is written at the key its file will have
 * (`files/<account>/<file id>`, the file id chosen up front); completing it inspects the bytes and
 * records the `files` row. `completing` keeps two completions of one upload from racing.
 */
export async function up({ context: qi }: { context: QueryInterface }) {
  await qi.sequelize.query(`
    CREATE TABLE file_uploads (
      id text PRIMARY KEY,
      account_id text NOT NULL REFERENCES accounts(id),
      livemode boolean NOT NULL,
      filename text NOT NULL,
      declared_content_type text NOT NULL,
      bytes bigint NOT NULL CHECK (bytes > 0),
      part_size bigint NOT NULL,
      part_count integer NOT NULL CHECK (part_count BETWEEN 1 AND 10000),
      file_id text NOT NULL,
      storage_key text NOT NULL,
      s3_upload_id text NOT NULL,
      status text NOT NULL CHECK (status IN ('open', 'completing', 'completed', 'aborted', 'failed')),
      expires_at timestamptz NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX file_uploads_account_idx ON file_uploads (account_id, livemode, created_at DESC);
    CREATE INDEX file_uploads_open_idx ON file_uploads (expires_at) WHERE status IN ('open', 'completing');
  `);
}

export async function down({ context: qi }: { context: QueryInterface }) {
  await qi.sequelize.query(`DROP TABLE IF EXISTS file_uploads;`);
}
