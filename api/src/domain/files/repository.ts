import { QueryTypes, type Sequelize, type Transaction } from 'sequelize';
import type { FileKind } from './media-types';

export type FileSource = 'upload' | 'url' | 'output';

export interface FileRow {
  id: string;
  account_id: string;
  livemode: boolean;
  filename: string;
  content_type: string;
  kind: FileKind;
  bytes: number;
  sha256: string;
  storage_key: string;
  source: FileSource;
  source_url: string | null;
  metadata: Record<string, unknown>;
  created_at: Date;
  expires_at: Date | null;
  deleted_at: Date | null;
}

const COLUMNS = `id, account_id, livemode, filename, content_type, kind, bytes, sha256, storage_key, source, source_url, metadata, created_at, expires_at, deleted_at`;

export interface NewFile {
  id: string;
  accountId: string;
  livemode: boolean;
  filename: string;
  contentType: string;
  kind: FileKind;
  bytes: number;
  sha256: string;
  storageKey: string;
  source: FileSource;
  sourceUrl: string | null;
  metadata: Record<string, unknown>;
  /** Job outputs expire; uploads do not. */
  expiresAt?: Date | null;
}

export async function insertFile(db: Sequelize, f: NewFile, t?: Transaction): Promise<FileRow> {
  const [row] = await db.query<FileRow>(
    `INSERT INTO files (id, account_id, livemode, filename, content_type, kind, bytes, sha256, storage_key, source, source_url, metadata, expires_at)
     VALUES (:id, :accountId, :livemode, :filename, :contentType, :kind, :bytes, :sha256, :storageKey, :source, :sourceUrl, CAST(:metadata AS jsonb), :expiresAt)
     RETURNING ${COLUMNS}`,
    { replacements: { ...f, metadata: JSON.stringify(f.metadata), expiresAt: f.expiresAt ?? null }, type: QueryTypes.SELECT, transaction: t },
  );
  return row;
}

/** A live (not deleted) file of this account and mode. */
export async function findFile(db: Sequelize, accountId: string, livemode: boolean, id: string): Promise<FileRow | null> {
  const rows = await db.query<FileRow>(
    `SELECT ${COLUMNS} FROM files WHERE id = :id AND account_id = :accountId AND livemode = :livemode AND deleted_at IS NULL`,
    { replacements: { id, accountId, livemode }, type: QueryTypes.SELECT },
  );
  return rows[0] ?? null;
}

/** By id alone, for signed download URLs (the signature stands in for the account). */
export async function findFileById(db: Sequelize, id: string): Promise<FileRow | null> {
  const rows = await db.query<FileRow>(`SELECT ${COLUMNS} FROM files WHERE id = :id AND deleted_at IS NULL`, {
    replacements: { id },
    type: QueryTypes.SELECT,
  });
  return rows[0] ?? null;
}

/** Newest first; `limit + 1` rows so the caller can tell whether another page exists. */
export async function listFiles(db: Sequelize, accountId: string, livemode: boolean, page: { limit: number; startingAfter?: string }): Promise<FileRow[]> {
  return db.query<FileRow>(
    `SELECT ${COLUMNS} FROM files WHERE account_id = :accountId AND livemode = :livemode AND deleted_at IS NULL
       AND (:after::text IS NULL OR id < :after) ORDER BY id DESC LIMIT :limit`,
    { replacements: { accountId, livemode, after: page.startingAfter ?? null, limit: page.limit + 1 }, type: QueryTypes.SELECT },
  );
}

/** Marks the file deleted; null when there is no such live file (already deleted included). */
export async function markFileDeleted(db: Sequelize, accountId: string, livemode: boolean, id: string): Promise<FileRow | null> {
  const rows = await db.query<FileRow>(
    `UPDATE files SET deleted_at = now() WHERE id = :id AND account_id = :accountId AND livemode = :livemode AND deleted_at IS NULL RETURNING ${COLUMNS}`,
    { replacements: { id, accountId, livemode }, type: QueryTypes.SELECT },
  );
  return rows[0] ?? null;
}

/** Marks up to `limit` files past their `expires_at` (job outputs) deleted and returns them, so their bytes can be removed. */
export async function expireFiles(db: Sequelize, limit = 500): Promise<FileRow[]> {
  return db.query<FileRow>(
    `UPDATE files SET deleted_at = now()
     WHERE id IN (SELECT id FROM files WHERE expires_at < now() AND deleted_at IS NULL ORDER BY expires_at LIMIT :limit)
     RETURNING ${COLUMNS}`,
    { replacements: { limit }, type: QueryTypes.SELECT },
  );
}
