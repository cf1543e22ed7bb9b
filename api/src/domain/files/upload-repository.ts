import { QueryTypes, type Sequelize } from 'sequelize';

export type UploadStatus = 'open' | 'completing' | 'completed' | 'aborted' | 'failed';

/** A direct (presigned multipart) upload to S3; see migrations/0011-file-uploads.ts. */
export interface UploadRow {
  id: string;
  account_id: string;
  livemode: boolean;
  filename: string;
  declared_content_type: string;
  bytes: string | number;
  part_size: string | number;
  part_count: number;
  file_id: string;
  storage_key: string;
  s3_upload_id: string;
  status: UploadStatus;
  expires_at: Date;
  created_at: Date;
}

const COLUMNS = `id, account_id, livemode, filename, declared_content_type, bytes, part_size, part_count, file_id, storage_key, s3_upload_id, status, expires_at, created_at`;

export async function insertUpload(
  db: Sequelize,
  u: { id: string; accountId: string; livemode: boolean; filename: string; contentType: string; bytes: number; partSize: number; partCount: number; fileId: string; storageKey: string; s3UploadId: string; expiresAt: Date },
): Promise<UploadRow> {
  const [row] = await db.query<UploadRow>(
    `INSERT INTO file_uploads (id, account_id, livemode, filename, declared_content_type, bytes, part_size, part_count, file_id, storage_key, s3_upload_id, status, expires_at)
     VALUES (:id, :accountId, :livemode, :filename, :contentType, :bytes, :partSize, :partCount, :fileId, :storageKey, :s3UploadId, 'open', :expiresAt)
     RETURNING ${COLUMNS}`,
    { replacements: u, type: QueryTypes.SELECT },
  );
  return row;
}

/** An upload of this account and mode. */
export async function findUpload(db: Sequelize, accountId: string, livemode: boolean, id: string): Promise<UploadRow | null> {
  const rows = await db.query<UploadRow>(`SELECT ${COLUMNS} FROM file_uploads WHERE id = :id AND account_id = :accountId AND livemode = :livemode`, {
    replacements: { id, accountId, livemode },
    type: QueryTypes.SELECT,
  });
  return rows[0] ?? null;
}

/** Moves the upload from one status to another; null when it was not in `from` (someone else moved it first). */
export async function transitionUpload(db: Sequelize, id: string, from: UploadStatus[], to: UploadStatus, opts: { unexpired?: boolean } = {}): Promise<UploadRow | null> {
  const rows = await db.query<UploadRow>(
    `UPDATE file_uploads SET status = :to, updated_at = now()
     WHERE id = :id AND status IN (:from) ${opts.unexpired ? 'AND expires_at > now()' : ''}
     RETURNING ${COLUMNS}`,
    { replacements: { id, from, to }, type: QueryTypes.SELECT },
  );
  return rows[0] ?? null;
}
