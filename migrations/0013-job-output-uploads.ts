import type { QueryInterface } from 'sequelize';

/**
 * Job outputs on their way to storage. A worker records each output's storage key here BEFORE it
 * puts the bytes; the job's success removes the rows of the outputs it recorded as files (in its
 * transaction). A row left when the job has ended is an object nobody will ever reference — the
 * attempt was killed, failed or lost the race to another attempt — and is deleted with its bytes
 * (api/src/domain/jobs/output-uploads.ts).
 */
export async function up({ context: qi }: { context: QueryInterface }) {
  await qi.sequelize.query(`
    CREATE TABLE job_output_uploads (
      storage_key text PRIMARY KEY,
      file_id text NOT NULL,
      job_id text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX job_output_uploads_job_idx ON job_output_uploads (job_id);
  `);
}

export async function down({ context: qi }: { context: QueryInterface }) {
  await qi.sequelize.query(`DROP TABLE IF EXISTS job_output_uploads;`);
}
