import type { Readable } from 'node:stream';
import type { Request as ExpressRequest } from 'express';
import { Body, Controller, Delete, Example, Get, Header, OperationId, Path, Post, Query, Request, Response, Route, Security, SuccessResponse, Tags } from '@tsoa/runtime';
import { ApiError, invalidRequest } from '../errors/api-error';
import type { Problem } from '../errors/problem';
import { contextOf } from '../http/context';
import type { List } from '../services/pagination';
import { deleteFile, getFile, importFile, listFiles, openFileContent, uploadFile, type DeletedFile, type FileObject, type ImportFileRequest } from '../services/files';

/** After refusing an upload mid-body, how long the rest of it may keep arriving before the connection is cut. */
const LINGER_MS = 2000;

/**
 * The request body was refused before it was read to the end. Reading it all (a 10 GB upload)
 * would waste the bandwidth; closing at once can make the client's kernel discard our response
 * when its pending data meets a reset. So: answer, half-close our side, discard whatever still
 * arrives for a short while, then cut the connection.
 */
function lingerAndClose(req: ExpressRequest) {
  const res = req.res;
  const socket = req.socket;
  if (!res || !socket || req.complete) return;
  res.once('finish', () => {
    req.resume();
    socket.end();
    const cut = setTimeout(() => socket.destroy(), LINGER_MS);
    cut.unref();
    socket.once('close', () => clearTimeout(cut));
  });
}

/** What `GET /v1/files/{id}/content` sends: each file's own type, by its kind (`FileKind`: image, video, audio, archive). */
const FILE_CONTENT_TYPES = ['image/*', 'video/*', 'audio/*', 'application/zip'];

@Route('v1/files')
@Tags('Files')
@Response<Problem>(401, 'Missing, unknown or revoked API key')
@Response<Problem>(429, 'Rate limited')
export class FilesController extends Controller {
  /**
   * Stores a media file, either uploaded as `multipart/form-data` (a `file` part, streamed; an
   * optional `filename` field overrides the part's name) or imported from a public URL with
   * `application/json` `{"url": "https://…"}`. The type is decided from the bytes (JPEG, PNG, WebP,
   * GIF, MP4, MOV, WebM, MKV, MP3, M4A/AAC, WAV, Ogg), whatever the name or declared type says,
   * and the media is probed for its `metadata` before the file is stored. Uploads over the size cap
   * are refused with 413 as soon as the cap is passed.
   * @example body {"url": "https://cdn.example.com/media/clip.mp4"}
   * @summary Upload or import a file
   * @param idempotencyKey Makes retries safe: the same key and request return the first response.
   */
  @Post()
  @OperationId('files.create')
  @Example<FileObject>({
    id: 'file_01jhx7f1le000000000000000a',
    object: 'file',
    filename: 'clip.mp4',
    content_type: 'video/mp4',
    kind: 'video',
    bytes: 1843200,
    sha256: '9f2c4e1b0a7d6c5b4a39281706f5e4d3c2b1a09f8e7d6c5b4a3928170f6e5d4c',
    metadata: { width: 1080, height: 1920, duration_seconds: 6.2, fps: 30, video_codec: 'h264', audio_codec: 'aac', has_audio: true, has_video: true, container: 'mp4' },
    source: 'upload',
    source_url: null,
    url: 'https://api.example.com/v1/files/file_01jhx7f1le000000000000000a/content?expires=1768474800&signature=…',
    url_expires_at: '2026-01-15T11:00:00.000Z',
    livemode: false,
    created_at: '2026-01-15T10:00:00.000Z',
  })
  @Security('api_key', ['files:write'])
  @SuccessResponse(201, 'Created')
  @Response<Problem>(403, 'The key lacks the `files:write` scope')
  @Response<Problem>(409, 'Idempotency-Key reused with a different request')
  @Response<Problem>(413, 'The upload is over the size cap (`payload_too_large`)')
  @Response<Problem>(415, 'The content is not an accepted media type (`unsupported_media_type`), or the request is neither multipart nor JSON')
  @Response<Problem>(422, '`validation_failed`, `url_not_allowed`, `import_failed` or `file_unprocessable`')
  public async create(@Request() req: ExpressRequest, @Body() body?: ImportFileRequest, @Header('Idempotency-Key') idempotencyKey?: string): Promise<FileObject> {
    void idempotencyKey;
    const ctx = contextOf(req);
    let file: FileObject;
    try {
      if (req.is('multipart/form-data')) {
        file = await uploadFile(ctx, { body: req, headers: req.headers });
      } else if (req.is(['application/json', 'application/*+json'])) {
        if (!body) throw invalidRequest('The JSON body needs a `url`.', [{ path: 'url', message: "'url' is required" }]);
        file = await importFile(ctx, body);
      } else {
        throw new ApiError(415, 'unsupported_media_type', 'Send multipart/form-data with a `file` part, or application/json with a `url` to import.');
      }
    } catch (err) {
      lingerAndClose(req);
      throw err;
    }
    this.setStatus(201);
    this.setHeader('Location', `/v1/files/${file.id}`);
    return file;
  }

  /**
   * Files of the calling key's mode, newest first. Deleted files are not listed.
   * @summary List files
   * @param limit 1–100, default 20.
   * @isInt limit
   * @minimum limit 1
   * @maximum limit 100
   * @param starting_after A file id: return the files after it (the previous page's `next_cursor`).
   */
  @Get()
  @OperationId('files.list')
  @Example<List<FileObject>>({ object: 'list', data: [{
    id: 'file_01jhx7f1le000000000000000a',
    object: 'file',
    filename: 'clip.mp4',
    content_type: 'video/mp4',
    kind: 'video',
    bytes: 1843200,
    sha256: '9f2c4e1b0a7d6c5b4a39281706f5e4d3c2b1a09f8e7d6c5b4a3928170f6e5d4c',
    metadata: { width: 1080, height: 1920, duration_seconds: 6.2, fps: 30, video_codec: 'h264', audio_codec: 'aac', has_audio: true, has_video: true, container: 'mp4' },
    source: 'upload',
    source_url: null,
    url: 'https://api.example.com/v1/files/file_01jhx7f1le000000000000000a/content?expires=1768474800&signature=…',
    url_expires_at: '2026-01-15T11:00:00.000Z',
    livemode: false,
    created_at: '2026-01-15T10:00:00.000Z',
  }], has_more: false, next_cursor: null })
  @Security('api_key', ['read'])
  @Response<Problem>(403, 'The key lacks the `read` scope')
  @Response<Problem>(422, 'Invalid query')
  public async list(@Request() req: ExpressRequest, @Query() limit?: number, @Query() starting_after?: string): Promise<List<FileObject>> {
    return listFiles(contextOf(req), limit, starting_after);
  }

  /**
   * The file's record: type, size, SHA-256, probed media `metadata`, and a fresh signed `url` that
   * downloads it without an API key until `url_expires_at`.
   * @summary Retrieve a file
   */
  @Get('{id}')
  @OperationId('files.retrieve')
  @Example<FileObject>({
    id: 'file_01jhx7f1le000000000000000a',
    object: 'file',
    filename: 'clip.mp4',
    content_type: 'video/mp4',
    kind: 'video',
    bytes: 1843200,
    sha256: '9f2c4e1b0a7d6c5b4a39281706f5e4d3c2b1a09f8e7d6c5b4a3928170f6e5d4c',
    metadata: { width: 1080, height: 1920, duration_seconds: 6.2, fps: 30, video_codec: 'h264', audio_codec: 'aac', has_audio: true, has_video: true, container: 'mp4' },
    source: 'upload',
    source_url: null,
    url: 'https://api.example.com/v1/files/file_01jhx7f1le000000000000000a/content?expires=1768474800&signature=…',
    url_expires_at: '2026-01-15T11:00:00.000Z',
    livemode: false,
    created_at: '2026-01-15T10:00:00.000Z',
  })
  @Security('api_key', ['read'])
  @Response<Problem>(403, 'The key lacks the `read` scope')
  @Response<Problem>(404, 'No such file in this account and mode')
  public async retrieve(@Request() req: ExpressRequest, @Path() id: string): Promise<FileObject> {
    return getFile(contextOf(req), id);
  }

  /**
   * The file's bytes, with its Content-Type, Content-Length and a Content-Disposition carrying
   * its name. A single `Range: bytes=…` range is answered with 206. The file's signed `url` reaches
   * this same path without an API key (`?expires=…&signature=…`); such a URL answers 403
   * `invalid_signature` or `url_expired` when it is not valid.
   * @summary Download a file's content
   * @param range One byte range, e.g. `bytes=0-1023`, `bytes=1024-` or `bytes=-500`.
   * @example range "bytes=0-1023"
   */
  @Get('{id}/content')
  @OperationId('files.content')
  @Security('api_key', ['read'])
  @SuccessResponse<{ 'Content-Length': string; 'Accept-Ranges': 'bytes'; 'Content-Disposition': string }>(200, "The file's bytes, sent as its own `content_type`: an image, video or audio upload, or a job's output (also `application/zip`)", FILE_CONTENT_TYPES)
  @Response<Readable, { 'Content-Length': string; 'Content-Range': string; 'Accept-Ranges': 'bytes'; 'Content-Disposition': string }>(206, 'The requested range of the bytes (`Content-Range` says which), with the same Content-Type', undefined, FILE_CONTENT_TYPES)
  @Response<Problem>(403, 'The key lacks the `read` scope')
  @Response<Problem>(404, 'No such file in this account and mode')
  @Response<Problem>(416, 'The range is outside the file (`range_not_satisfiable`)')
  public async content(@Request() req: ExpressRequest, @Path() id: string, @Header('Range') range?: string): Promise<Readable> {
    const content = await openFileContent(contextOf(req), id, range, { headOnly: req.method === 'HEAD' });
    this.setStatus(content.status);
    for (const [name, value] of Object.entries(content.headers)) this.setHeader(name, value);
    // A storage error mid-stream cannot become a problem document any more: cut the response.
    content.body.once('error', () => req.res?.destroy());
    req.res?.once('close', () => content.body.destroy());
    return content.body;
  }

  /**
   * Deletes the file: it disappears from the API and its bytes are removed from storage. Jobs that
   * already read it are unaffected.
   * @summary Delete a file
   */
  @Delete('{id}')
  @OperationId('files.delete')
  @Example<DeletedFile>({ id: 'file_01jhx7f1le000000000000000a', object: 'file', deleted: true })
  @Security('api_key', ['files:write'])
  @Response<Problem>(403, 'The key lacks the `files:write` scope')
  @Response<Problem>(404, 'No such file in this account and mode')
  public async delete(@Request() req: ExpressRequest, @Path() id: string): Promise<DeletedFile> {
    return deleteFile(contextOf(req), id);
  }
}
