import crypto from 'node:crypto';
import fs from 'node:fs';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { FileError } from '../domain/files/errors';
import { inspectFile } from '../domain/files/inspect';
import { findFile, insertFile } from '../domain/files/repository';
import { cleanFilename, newTempPath, removeQuietly, tempDirOf } from '../domain/files/temp';
import { findUpload, insertUpload, transitionUpload, type UploadRow } from '../domain/files/upload-repository';
import { ID_PREFIX, newId } from '../domain/ids';
import { S3Storage, isPartsRejection } from '../domain/storage/s3';
import { conflict, invalidRequest, notFound, payloadTooLarge } from '../errors/api-error';
import type { RequestContext } from '../request-context';
import { mapFileErrors, presentFile, type FileObject } from './files';
import { iso } from './pagination';

/** How long an upload (and its part URLs) stays open. */
const UPLOAD_TTL_SECONDS = 24 * 3600;
/** S3's limit on the parts of one multipart upload. */
const MAX_PARTS = 10_000;

/** Start a direct upload of a large file. */
export interface CreateFileUploadRequest {
  /**
   * The name to store, without any path.
   * @minLength 1
   * @maxLength 255
   * @example "long-take.mp4"
   */
  filename: string;
  /**
   * The type the client believes the file has; the stored type is decided from the bytes on completion.
   * @minLength 1
   * @maxLength 255
   * @example "video/mp4"
   */
  content_type: string;
  /**
   * The exact size of the file in bytes, at most the deployment's upload cap.
   * @isLong
   * @minimum 1
   * @example 734003200
   */
  bytes: number;
}

/** One part to PUT: its bytes are `[ (part_number - 1) × part_size, … )` of the file. */
export interface FileUploadPart {
  /** @isInt */
  part_number: number;
  /** Size of this part in bytes (the last part may be smaller). @isLong */
  bytes: number;
  /** A presigned URL: `PUT` the part's bytes to it, without any API key, before `expires_at`. Keep the response's `ETag` header. */
  url: string;
}

/** A direct-to-storage upload: the client PUTs the parts, then completes it. */
export interface FileUpload {
  /** @example "upl_01jhx7f1le000000000000000b" */
  id: string;
  object: 'file_upload';
  /** `open` (parts may be sent), `completing`, `completed` (`file_id` is the file), `aborted` or `failed`. */
  status: 'open' | 'completing' | 'completed' | 'aborted' | 'failed';
  filename: string;
  /** The declared type; the file's `content_type` is decided from its bytes. */
  content_type: string;
  /** @isLong */
  bytes: number;
  /** Bytes per part (all but the last). @isLong */
  part_size: number;
  /** The part URLs while the upload is open; empty otherwise. */
  parts: FileUploadPart[];
  /** The file this upload becomes on completion (its id is fixed up front). */
  file_id: string;
  expires_at: string;
  livemode: boolean;
  created_at: string;
}

export interface CompletedPart {
  /** @isInt @minimum 1 @maximum 10000 */
  part_number: number;
  /** The `ETag` header S3 answered to the part's PUT (quotes optional). @minLength 1 @maxLength 200 */
  etag: string;
}

/** Every part, each once, with the ETag its PUT returned. */
export interface CompleteFileUploadRequest {
  /** @minItems 1 @maxItems 10000 */
  parts: CompletedPart[];
}

function s3Of(ctx: RequestContext): S3Storage {
  const storage = ctx.deps.storage;
  if (!(storage instanceof S3Storage))
    throw conflict('direct_upload_needs_s3', 'Direct uploads need S3 storage (STORAGE_DRIVER=s3); this deployment stores files locally: upload with POST /v1/files instead.');
  return storage;
}

const partCountOf = (bytes: number, partSize: number) => Math.ceil(bytes / partSize);

async function presentUpload(ctx: RequestContext, row: UploadRow, storage?: S3Storage): Promise<FileUpload> {
  const bytes = Number(row.bytes);
  const partSize = Number(row.part_size);
  const open = row.status === 'open' && row.expires_at.getTime() > Date.now() && storage;
  const expiresIn = Math.max(1, Math.floor((row.expires_at.getTime() - Date.now()) / 1000));
  const parts = open
    ? await Promise.all(
        Array.from({ length: row.part_count }, async (_, i) => ({
          part_number: i + 1,
          bytes: Math.min(partSize, bytes - i * partSize),
          url: await storage.presignPart(row.storage_key, row.s3_upload_id, i + 1, expiresIn),
        })),
      )
    : [];
  return {
    id: row.id,
    object: 'file_upload',
    status: row.status,
    filename: row.filename,
    content_type: row.declared_content_type,
    bytes,
    part_size: partSize,
    parts,
    file_id: row.file_id,
    expires_at: iso(row.expires_at)!,
    livemode: row.livemode,
    created_at: iso(row.created_at)!,
  };
}

/** `POST /v1/files/uploads`: a multipart upload at the key the file will have, and a presigned URL per part. */
export async function createFileUpload(ctx: RequestContext, body: CreateFileUploadRequest): Promise<FileUpload> {
  const storage = s3Of(ctx);
  const { config } = ctx.deps;
  const filename = cleanFilename(body.filename, '');
  if (!filename) throw invalidRequest('filename must name a file.', [{ path: 'filename', message: 'must not be blank' }]);
  if (!body.content_type.trim()) throw invalidRequest('content_type must not be blank.', [{ path: 'content_type', message: 'must not be blank' }]);
  if (body.bytes > config.fileMaxBytes) throw payloadTooLarge(`The file is ${body.bytes} bytes, over the ${config.fileMaxBytes}-byte cap.`);
  const partSize = Math.max(config.s3UploadPartBytes, Math.ceil(body.bytes / MAX_PARTS));
  const fileId = newId(ID_PREFIX.file);
  const storageKey = `files/${ctx.principal.accountId}/${fileId}`;
  const s3UploadId = await storage.createMultipartUpload(storageKey, body.content_type.trim());
  const row = await insertUpload(ctx.deps.db, {
    id: newId('upl'),
    accountId: ctx.principal.accountId,
    livemode: ctx.principal.livemode,
    filename,
    contentType: body.content_type.trim(),
    bytes: body.bytes,
    partSize,
    partCount: partCountOf(body.bytes, partSize),
    fileId,
    storageKey,
    s3UploadId,
    expiresAt: new Date(Date.now() + UPLOAD_TTL_SECONDS * 1000),
  });
  return presentUpload(ctx, row, storage);
}

async function ownUpload(ctx: RequestContext, id: string): Promise<UploadRow> {
  const row = await findUpload(ctx.deps.db, ctx.principal.accountId, ctx.principal.livemode, id);
  if (!row) throw notFound('file upload', id);
  return row;
}

/** `GET /v1/files/uploads/{id}`: the upload, with fresh part URLs while it is open. */
export async function getFileUpload(ctx: RequestContext, id: string): Promise<FileUpload> {
  const storage = s3Of(ctx);
  return presentUpload(ctx, await ownUpload(ctx, id), storage);
}

const notOpen = (row: UploadRow) =>
  conflict('upload_not_open', row.status === 'open' ? `The upload ${row.id} has expired; start a new one.` : `The upload ${row.id} is ${row.status}, not open.`);

const cleanEtag = (etag: string) => etag.trim().replace(/"/g, '').toLowerCase();

/** The client's list must name every part once, in any order; returned sorted. */
function checkParts(row: UploadRow, parts: CompletedPart[]): CompletedPart[] {
  const seen = new Set<number>();
  parts.forEach((p, i) => {
    if (p.part_number > row.part_count) throw invalidRequest(`The upload has ${row.part_count} parts; there is no part ${p.part_number}.`, [{ path: `parts[${i}].part_number`, message: `must be 1 to ${row.part_count}` }]);
    if (seen.has(p.part_number)) throw invalidRequest(`Part ${p.part_number} is listed twice.`, [{ path: `parts[${i}].part_number`, message: 'listed twice' }]);
    if (!cleanEtag(p.etag)) throw invalidRequest(`Part ${p.part_number} has a blank etag.`, [{ path: `parts[${i}].etag`, message: 'must not be blank' }]);
    seen.add(p.part_number);
  });
  const missing = Array.from({ length: row.part_count }, (_, i) => i + 1).filter((n) => !seen.has(n));
  if (missing.length) throw invalidRequest(`Part(s) ${missing.join(', ')} of ${row.part_count} are missing from parts.`, [{ path: 'parts', message: `missing part(s) ${missing.join(', ')}` }]);
  return [...parts].sort((a, b) => a.part_number - b.part_number);
}

/**
 * Reads the assembled object back into a temp file: its size (refused past the cap), SHA-256 and
 * the MD5 of each part (what S3 reports as a part's ETag for unencrypted or SSE-S3 objects).
 */
async function readBack(ctx: RequestContext, storage: S3Storage, row: UploadRow): Promise<{ path: string; bytes: number; sha256: string; partMd5s: string[] }> {
  const { config } = ctx.deps;
  const partSize = Number(row.part_size);
  const tmp = await newTempPath(tempDirOf(config.dataDir), 'upload');
  const sha = crypto.createHash('sha256');
  const md5s: string[] = [];
  let md5 = crypto.createHash('md5');
  let inPart = 0;
  let bytes = 0;
  const meter = new Transform({
    transform(chunk: Buffer, _enc, cb) {
      bytes += chunk.length;
      if (bytes > config.fileMaxBytes) return cb(new FileError('payload_too_large', `The uploaded file is over the ${config.fileMaxBytes}-byte cap.`));
      sha.update(chunk);
      let rest = chunk;
      while (rest.length) {
        const take = Math.min(rest.length, partSize - inPart);
        md5.update(rest.subarray(0, take));
        inPart += take;
        rest = rest.subarray(take);
        if (inPart === partSize) {
          md5s.push(md5.digest('hex'));
          md5 = crypto.createHash('md5');
          inPart = 0;
        }
      }
      cb(null, chunk);
    },
  });
  try {
    await pipeline(await storage.get(row.storage_key), meter, fs.createWriteStream(tmp));
  } catch (err) {
    await removeQuietly(tmp);
    throw err;
  }
  if (inPart > 0) md5s.push(md5.digest('hex'));
  return { path: tmp, bytes, sha256: sha.digest('hex'), partMd5s: md5s };
}

/**
 * `POST /v1/files/uploads/{id}/complete`: assembles the parts, then reads the object back and
 * inspects it exactly like an upload through the API; the upload becomes the file `file_id`.
 * Completing a completed upload returns its file again.
 */
export async function completeFileUpload(ctx: RequestContext, id: string, body: CompleteFileUploadRequest): Promise<FileObject> {
  const storage = s3Of(ctx);
  const { deps } = ctx;
  const found = await ownUpload(ctx, id);
  if (found.status === 'completed') {
    const file = await findFile(deps.db, found.account_id, found.livemode, found.file_id);
    if (!file) throw notFound('file', found.file_id);
    return presentFile(deps, file);
  }
  if (found.status !== 'open') throw notOpen(found);
  const parts = checkParts(found, body.parts);
  const row = await transitionUpload(deps.db, found.id, ['open'], 'completing', { unexpired: true });
  if (!row) throw notOpen((await ownUpload(ctx, id)) ?? found);

  let assembled: { etag: string };
  try {
    assembled = await storage.completeMultipartUpload(
      row.storage_key,
      row.s3_upload_id,
      parts.map((p) => ({ partNumber: p.part_number, etag: `"${cleanEtag(p.etag)}"` })),
    );
  } catch (err) {
    await transitionUpload(deps.db, row.id, ['completing'], 'open');
    if (isPartsRejection(err))
      throw invalidRequest('The parts do not match what was uploaded: each part must have been PUT, with the ETag its PUT returned.', [{ path: 'parts', message: (err as Error).message }]);
    throw err;
  }

  let tmp: string | undefined;
  try {
    return await mapFileErrors(async () => {
      const read = await readBack(ctx, storage, row);
      tmp = read.path;
      // AWS S3 checks the parts' ETags itself and reports a multipart object's ETag as `<md5>-<parts>`;
      // a store that does not is held to the parts' MD5s here.
      if (!/-\d+$/.test(assembled.etag)) {
        const wrong = parts.findIndex((p, i) => cleanEtag(p.etag) !== read.partMd5s[i]);
        if (wrong >= 0 || read.partMd5s.length !== parts.length)
          throw invalidRequest('The parts do not match what was uploaded: an ETag differs from its part\'s.', [{ path: `parts[${Math.max(0, wrong)}].etag`, message: 'does not match the uploaded part' }]);
      }
      if (read.bytes !== Number(row.bytes))
        throw invalidRequest(`The uploaded parts add up to ${read.bytes} bytes, not the ${row.bytes} declared.`, [{ path: 'parts', message: `${read.bytes} bytes uploaded, ${row.bytes} declared` }]);
      const inspected = await inspectFile(read.path, { ffprobePath: deps.config.ffprobePath, probeTimeoutMs: deps.config.probeTimeoutMs });
      const file = await insertFile(deps.db, {
        id: row.file_id,
        accountId: row.account_id,
        livemode: row.livemode,
        filename: row.filename,
        contentType: inspected.contentType,
        kind: inspected.kind,
        bytes: read.bytes,
        sha256: read.sha256,
        storageKey: row.storage_key,
        source: 'upload',
        sourceUrl: null,
        metadata: { ...inspected.metadata },
      });
      await transitionUpload(deps.db, row.id, ['completing'], 'completed');
      return presentFile(deps, file);
    });
  } catch (err) {
    // The parts are spent once assembled: the object goes, and the upload with it.
    await storage.delete(row.storage_key).catch((e) => deps.logger.warn({ err: e, storageKey: row.storage_key }, 'could not remove a refused direct upload'));
    await transitionUpload(deps.db, row.id, ['completing'], 'failed');
    throw err;
  } finally {
    await removeQuietly(tmp);
  }
}

/** `POST /v1/files/uploads/{id}/abort`: the multipart upload is aborted and its parts discarded. Aborting twice is harmless. */
export async function abortFileUpload(ctx: RequestContext, id: string): Promise<FileUpload> {
  const storage = s3Of(ctx);
  const found = await ownUpload(ctx, id);
  if (found.status === 'aborted') return presentUpload(ctx, found);
  const row = await transitionUpload(ctx.deps.db, found.id, ['open'], 'aborted');
  if (!row) throw notOpen((await ownUpload(ctx, id)) ?? found);
  await storage
    .abortMultipartUpload(row.storage_key, row.s3_upload_id)
    .catch((err) => ctx.deps.logger.warn({ err, uploadId: row.id }, 'could not abort the multipart upload in storage; a bucket lifecycle rule removes its parts'));
  return presentUpload(ctx, row);
}
