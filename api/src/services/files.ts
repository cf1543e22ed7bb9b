import type { IncomingHttpHeaders } from 'node:http';
import { Readable } from 'node:stream';
import type { AppDeps } from '../deps';
import { parseAllowlist, type AddressPolicy } from '../domain/files/address-policy';
import { FileError } from '../domain/files/errors';
import { inspectFile } from '../domain/files/inspect';
import type { FileKind } from '../domain/files/media-types';
import { receiveMultipartFile, type ReceivedFile } from '../domain/files/multipart';
import { parseRange } from '../domain/files/range';
import { findFile, findFileById, insertFile, listFiles as listFileRows, markFileDeleted, type FileRow, type FileSource } from '../domain/files/repository';
import { signedFileUrl, verifyFileSignature } from '../domain/files/signing';
import { cleanFilename, removeQuietly, tempDirOf } from '../domain/files/temp';
import { importUrlToFile } from '../domain/files/url-import';
import { ID_PREFIX, newId } from '../domain/ids';
import { ObjectNotFoundError } from '../domain/storage';
import { ApiError, forbidden, invalidRequest, notFound, payloadTooLarge } from '../errors/api-error';
import { ERROR_CODES } from '../errors/codes';
import type { RequestContext } from '../request-context';
import { iso, pageParams, toList, type List } from './pagination';

/**
 * What we know about a file's media, read from its bytes when it was stored. Images have `width`,
 * `height`, `format`, `has_alpha`, `animated`, `pages`; audio and video have `duration_seconds`,
 * `width`/`height`/`fps`/`video_codec` (null for audio), `audio_codec`, `has_audio`, `has_video`,
 * `audio_channels`, `audio_sample_rate`, `rotation` and `container`.
 */
export interface FileMetadata {
  /** Pixels as displayed (EXIF orientation or video rotation applied). @isInt */
  width?: number | null;
  /** @isInt */
  height?: number | null;
  /** Image format read from the bytes: jpeg, png, webp or gif. */
  format?: string;
  has_alpha?: boolean;
  /** True for an animated GIF or WebP. */
  animated?: boolean;
  /** Frames in an animated image; 1 otherwise. @isInt */
  pages?: number;
  /** Length in seconds (millisecond precision). */
  duration_seconds?: number | null;
  /** Average frames per second of the video stream. */
  fps?: number | null;
  /** ffprobe's codec name, e.g. `h264`, `hevc`, `vp9`. */
  video_codec?: string | null;
  /** ffprobe's codec name, e.g. `aac`, `mp3`, `opus`. */
  audio_codec?: string | null;
  has_audio?: boolean;
  has_video?: boolean;
  /** @isInt */
  audio_channels?: number | null;
  /** Hz. @isInt */
  audio_sample_rate?: number | null;
  /** Clockwise degrees a player rotates the picture: 0, 90, 180 or 270. @isInt */
  rotation?: number;
  /** ffprobe's container name(s), e.g. `mov,mp4,m4a,3gp,3g2,mj2`. */
  container?: string | null;
  /** A job's output also carries what made it, as its `outputs[].metadata` shows (e.g. `model`, `seed`, `pose_id`, `export_format`). */
  [key: string]: unknown;
}

/** A stored media file: an upload, a URL import or a job's output. */
export interface FileObject {
  /** @example "file_01jf3v8a6q8m2k4c7xw9t5b3nd" */
  id: string;
  object: 'file';
  /** The name given on upload (or taken from the URL), without any path. @example "clip.mp4" */
  filename: string;
  /** Decided from the bytes, never from the name or the declared type. @example "video/mp4" */
  content_type: string;
  kind: FileKind;
  /** Size in bytes. @isLong */
  bytes: number;
  /** Hex SHA-256 of the bytes. @example "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08" */
  sha256: string;
  metadata: FileMetadata;
  /** `upload` (multipart), `url` (imported) or `output` (made by a job). */
  source: FileSource;
  /** The URL an imported file was fetched from (after redirects); null otherwise. */
  source_url: string | null;
  /**
   * A signed download URL that works without an API key until `url_expires_at`. Retrieve the
   * file again for a fresh one.
   */
  url: string;
  url_expires_at: string;
  livemode: boolean;
  created_at: string;
}

/** Import a file from a URL instead of uploading it. */
export interface ImportFileRequest {
  /**
   * An http or https URL reachable from the public internet. Redirects are followed (a few);
   * private, loopback and link-local addresses are refused.
   * @example "https://example.com/media/clip.mp4"
   */
  url: string;
  /**
   * The name to store; default: from the server's Content-Disposition or the URL's last path segment.
   * @minLength 1
   * @maxLength 255
   */
  filename?: string;
}

export interface DeletedFile {
  id: string;
  object: 'file';
  deleted: true;
}

/** Bytes to send: status, headers and a stream (the HTTP layer writes them). */
export interface FileContent {
  status: 200 | 206;
  headers: Record<string, string>;
  body: Readable;
}

/** Multipart framing (boundaries, part headers, a `filename` field) on top of the file itself. */
const MULTIPART_OVERHEAD_BYTES = 1024 * 1024;

function toApiError(err: FileError): ApiError {
  const status = ERROR_CODES[err.code]?.[0] ?? 422;
  if (err.code === 'validation_failed') return invalidRequest(err.message, [{ path: err.field ?? 'body', message: err.message }]);
  return new ApiError(status, err.code, err.message, { cause: err });
}

export async function mapFileErrors<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    throw err instanceof FileError ? toApiError(err) : err;
  }
}

export function presentFile(deps: Pick<AppDeps, 'config'>, row: FileRow): FileObject {
  const signed = signedFileUrl({ baseUrl: deps.config.publicBaseUrl, secret: deps.config.signingSecret, id: row.id, ttlSeconds: deps.config.fileUrlTtlSeconds });
  return {
    id: row.id,
    object: 'file',
    filename: row.filename,
    content_type: row.content_type,
    kind: row.kind,
    bytes: Number(row.bytes),
    sha256: row.sha256,
    metadata: row.metadata as FileMetadata,
    source: row.source,
    source_url: row.source_url,
    url: signed.url,
    url_expires_at: signed.expiresAt.toISOString(),
    livemode: row.livemode,
    created_at: iso(row.created_at)!,
  };
}

let cachedPolicy: { entries: readonly string[]; policy: AddressPolicy } | undefined;
function importPolicy(entries: readonly string[]): AddressPolicy {
  if (cachedPolicy?.entries !== entries) cachedPolicy = { entries, policy: parseAllowlist(entries) };
  return cachedPolicy.policy;
}

/**
 * Inspects a received temp file, hands it to storage and records it. The temp file is always
 * removed; if recording fails after the bytes were stored, they are removed again.
 */
async function store(ctx: RequestContext, received: ReceivedFile, opts: { source: FileSource; sourceUrl: string | null; filename: string | null | undefined }): Promise<FileObject> {
  const { deps, principal } = ctx;
  try {
    const inspected = await inspectFile(received.path, { ffprobePath: deps.config.ffprobePath, probeTimeoutMs: deps.config.probeTimeoutMs });
    const id = newId(ID_PREFIX.file);
    const storageKey = `files/${principal.accountId}/${id}`;
    await deps.storage.putFile(storageKey, received.path, { contentType: inspected.contentType });
    try {
      const row = await insertFile(deps.db, {
        id,
        accountId: principal.accountId,
        livemode: principal.livemode,
        filename: cleanFilename(opts.filename, `${opts.source === 'url' ? 'download' : 'upload'}.${inspected.ext}`),
        contentType: inspected.contentType,
        kind: inspected.kind,
        bytes: received.bytes,
        sha256: received.sha256,
        storageKey,
        source: opts.source,
        sourceUrl: opts.sourceUrl,
        metadata: { ...inspected.metadata },
      });
      return presentFile(deps, row);
    } catch (err) {
      await deps.storage.delete(storageKey).catch((e) => deps.logger.warn({ err: e, storageKey }, 'could not remove stored bytes of a file that was not recorded'));
      throw err;
    }
  } finally {
    await removeQuietly(received.path);
  }
}

/** `POST /v1/files` with multipart/form-data: a `file` part (and optionally a `filename` field). */
export async function uploadFile(ctx: RequestContext, upload: { body: Readable; headers: IncomingHttpHeaders }): Promise<FileObject> {
  const { config } = ctx.deps;
  const declared = Number(upload.headers['content-length']);
  if (Number.isFinite(declared) && declared > config.fileMaxBytes + MULTIPART_OVERHEAD_BYTES)
    throw payloadTooLarge(`The upload is ${declared} bytes, over the ${config.fileMaxBytes}-byte cap.`);
  return mapFileErrors(async () => {
    const received = await receiveMultipartFile(upload.body, upload.headers, { tmpDir: tempDirOf(config.dataDir), maxBytes: config.fileMaxBytes, textFields: ['filename'] });
    return store(ctx, received, { source: 'upload', sourceUrl: null, filename: received.fields.filename || received.filename });
  });
}

/** `POST /v1/files` with application/json `{url, filename?}`. */
export async function importFile(ctx: RequestContext, body: ImportFileRequest): Promise<FileObject> {
  const { config } = ctx.deps;
  if (body.filename !== undefined && !body.filename.trim()) throw invalidRequest('filename must not be blank.', [{ path: 'filename', message: 'must not be blank' }]);
  return mapFileErrors(async () => {
    const imported = await importUrlToFile(body.url, {
      policy: importPolicy(config.importAllowlist),
      maxBytes: config.importMaxBytes,
      timeoutMs: config.importTimeoutMs,
      maxRedirects: config.importMaxRedirects,
      tmpDir: tempDirOf(config.dataDir),
    });
    return store(ctx, imported, { source: 'url', sourceUrl: imported.finalUrl, filename: body.filename ?? imported.filename });
  });
}

export async function listFiles(ctx: RequestContext, limit?: number, startingAfter?: string): Promise<List<FileObject>> {
  const page = pageParams(limit, startingAfter, ID_PREFIX.file);
  const rows = await listFileRows(ctx.deps.db, ctx.principal.accountId, ctx.principal.livemode, page);
  return toList(rows, page, (r) => presentFile(ctx.deps, r));
}

async function ownFile(ctx: RequestContext, id: string): Promise<FileRow> {
  const row = await findFile(ctx.deps.db, ctx.principal.accountId, ctx.principal.livemode, id);
  if (!row) throw notFound('file', id);
  return row;
}

export async function getFile(ctx: RequestContext, id: string): Promise<FileObject> {
  return presentFile(ctx.deps, await ownFile(ctx, id));
}

/**
 * Marks the file deleted (it disappears from the API at once) and removes its bytes. If removing
 * the bytes fails the deletion still stands; the failure is logged with the storage key.
 */
export async function deleteFile(ctx: RequestContext, id: string): Promise<DeletedFile> {
  const row = await markFileDeleted(ctx.deps.db, ctx.principal.accountId, ctx.principal.livemode, id);
  if (!row) throw notFound('file', id);
  await ctx.deps.storage.delete(row.storage_key).catch((err) => ctx.deps.logger.error({ err, storageKey: row.storage_key, fileId: row.id }, 'could not remove the bytes of a deleted file'));
  return { id: row.id, object: 'file', deleted: true };
}

/** `filename="ascii fallback"; filename*=UTF-8''…` so every client gets a usable name. */
export function contentDisposition(filename: string): string {
  const ascii = filename.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  const encoded = encodeURIComponent(filename).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

/** For HEAD: the same status and headers, and an empty body, without touching storage. */
const EMPTY = () => Readable.from([]);

async function openContent(deps: AppDeps, row: FileRow, rangeHeader: string | undefined, headOnly = false): Promise<FileContent> {
  const size = Number(row.bytes);
  const range = parseRange(rangeHeader, size);
  if (range.kind === 'unsatisfiable')
    throw new ApiError(416, 'range_not_satisfiable', `The file has ${size} bytes; the range '${rangeHeader}' is outside it.`, { headers: { 'Content-Range': `bytes */${size}` } });
  const headers: Record<string, string> = {
    'Content-Type': row.content_type,
    'Content-Disposition': contentDisposition(row.filename),
    'Accept-Ranges': 'bytes',
    'Cache-Control': 'private, max-age=0',
    'X-Content-Type-Options': 'nosniff',
    ETag: `"${row.sha256}"`,
    'Last-Modified': new Date(row.created_at).toUTCString(),
  };
  try {
    if (range.kind === 'partial') {
      const { start, end } = range.range;
      const body = headOnly ? EMPTY() : await deps.storage.get(row.storage_key, { start, end });
      return { status: 206, headers: { ...headers, 'Content-Length': String(end - start + 1), 'Content-Range': `bytes ${start}-${end}/${size}` }, body };
    }
    const body = headOnly ? EMPTY() : await deps.storage.get(row.storage_key);
    return { status: 200, headers: { ...headers, 'Content-Length': String(size) }, body };
  } catch (err) {
    if (err instanceof ObjectNotFoundError) {
      deps.logger.error({ fileId: row.id, storageKey: row.storage_key }, 'file row has no stored bytes');
      throw notFound('file', row.id);
    }
    throw err;
  }
}

/** `GET /v1/files/{id}/content` with an API key. */
export async function openFileContent(ctx: RequestContext, id: string, rangeHeader: string | undefined, opts: { headOnly?: boolean } = {}): Promise<FileContent> {
  return openContent(ctx.deps, await ownFile(ctx, id), rangeHeader, opts.headOnly);
}

/** `GET /v1/files/{id}/content?expires=…&signature=…`, no API key: the signature is the credential. */
export async function openSignedFileContent(
  deps: AppDeps,
  input: { id: string; expires: unknown; signature: unknown; range: string | undefined; headOnly?: boolean },
): Promise<FileContent> {
  const verdict = verifyFileSignature({ secret: deps.config.signingSecret, id: input.id, expires: input.expires, signature: input.signature });
  if (verdict === 'invalid') throw forbidden('invalid_signature', 'The download URL is not valid: its signature does not match.');
  if (verdict === 'expired') throw forbidden('url_expired', 'The download URL has expired; retrieve the file again for a fresh url.');
  const row = await findFileById(deps.db, input.id);
  if (!row) throw notFound('file', input.id);
  return openContent(deps, row, input.range, input.headOnly);
}
