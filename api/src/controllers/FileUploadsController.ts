import type { Request as ExpressRequest } from 'express';
import { Body, Controller, Example, Get, Header, OperationId, Path, Post, Request, Response, Route, Security, SuccessResponse, Tags } from '@tsoa/runtime';
import type { Problem } from '../errors/problem';
import { contextOf } from '../http/context';
import type { FileObject } from '../services/files';
import { abortFileUpload, completeFileUpload, createFileUpload, getFileUpload, type CompleteFileUploadRequest, type CreateFileUploadRequest, type FileUpload } from '../services/file-uploads';

@Route('v1/files/uploads')
@Tags('Files')
@Response<Problem>(401, 'Missing, unknown or revoked API key')
@Response<Problem>(429, 'Rate limited')
export class FileUploadsController extends Controller {
  /**
   * Starts a direct upload of a large file that bypasses the API: the answer lists one presigned
   * URL per part (`part_size` bytes each, the last one smaller). `PUT` each part's bytes to its URL
   * (no API key; in any order, in parallel if you like) and keep each response's `ETag` header, then
   * complete the upload with the part numbers and ETags. Needs S3 storage on the deployment.
   * @example body {"filename": "long-take.mp4", "content_type": "video/mp4", "bytes": 150000000}
   * @summary Start a direct upload
   * @param idempotencyKey Makes retries safe: the same key and request return the first response.
   */
  @Post()
  @OperationId('fileUploads.create')
  @Example<FileUpload>({
    id: 'upl_01jhx7f1le000000000000000b',
    object: 'file_upload',
    status: 'open',
    filename: 'long-take.mp4',
    content_type: 'video/mp4',
    bytes: 150000000,
    part_size: 67108864,
    parts: [
      { part_number: 1, bytes: 67108864, url: 'https://files.s3.example.com/files/acct_01jhx7f1le0000000000000000/file_01jhx7f1le000000000000000a?partNumber=1&uploadId=2~abc&X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Signature=…' },
      { part_number: 2, bytes: 67108864, url: 'https://files.s3.example.com/files/acct_01jhx7f1le0000000000000000/file_01jhx7f1le000000000000000a?partNumber=2&uploadId=2~abc&X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Signature=…' },
      { part_number: 3, bytes: 15782272, url: 'https://files.s3.example.com/files/acct_01jhx7f1le0000000000000000/file_01jhx7f1le000000000000000a?partNumber=3&uploadId=2~abc&X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Signature=…' },
    ],
    file_id: 'file_01jhx7f1le000000000000000a',
    expires_at: '2026-01-16T10:00:00.000Z',
    livemode: false,
    created_at: '2026-01-15T10:00:00.000Z',
  })
  @Security('api_key', ['files:write'])
  @SuccessResponse(201, 'Created')
  @Response<Problem>(403, 'The key lacks the `files:write` scope')
  @Response<Problem>(409, '`direct_upload_needs_s3`: this deployment stores files locally (upload with `POST /v1/files`)')
  @Response<Problem>(413, '`bytes` is over the upload cap (`payload_too_large`)')
  @Response<Problem>(422, 'Invalid fields (`validation_failed`)')
  public async create(@Request() req: ExpressRequest, @Body() body: CreateFileUploadRequest, @Header('Idempotency-Key') idempotencyKey?: string): Promise<FileUpload> {
    void idempotencyKey;
    const upload = await createFileUpload(contextOf(req), body);
    this.setStatus(201);
    return upload;
  }

  /**
   * The upload, with freshly signed part URLs while it is `open`.
   * @summary Retrieve a direct upload
   */
  @Get('{id}')
  @OperationId('fileUploads.retrieve')
  @Example<FileUpload>({
    id: 'upl_01jhx7f1le000000000000000b',
    object: 'file_upload',
    status: 'open',
    filename: 'long-take.mp4',
    content_type: 'video/mp4',
    bytes: 150000000,
    part_size: 67108864,
    parts: [
      { part_number: 1, bytes: 67108864, url: 'https://files.s3.example.com/files/acct_01jhx7f1le0000000000000000/file_01jhx7f1le000000000000000a?partNumber=1&uploadId=2~abc&X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Signature=…' },
      { part_number: 2, bytes: 67108864, url: 'https://files.s3.example.com/files/acct_01jhx7f1le0000000000000000/file_01jhx7f1le000000000000000a?partNumber=2&uploadId=2~abc&X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Signature=…' },
      { part_number: 3, bytes: 15782272, url: 'https://files.s3.example.com/files/acct_01jhx7f1le0000000000000000/file_01jhx7f1le000000000000000a?partNumber=3&uploadId=2~abc&X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Signature=…' },
    ],
    file_id: 'file_01jhx7f1le000000000000000a',
    expires_at: '2026-01-16T10:00:00.000Z',
    livemode: false,
    created_at: '2026-01-15T10:00:00.000Z',
  })
  @Security('api_key', ['read'])
  @Response<Problem>(403, 'The key lacks the `read` scope')
  @Response<Problem>(404, 'No such upload in this account and mode')
  @Response<Problem>(409, '`direct_upload_needs_s3`: this deployment stores files locally (upload with `POST /v1/files`)')
  public async retrieve(@Request() req: ExpressRequest, @Path() id: string): Promise<FileUpload> {
    return getFileUpload(contextOf(req), id);
  }

  /**
   * Assembles the parts into the file, then reads it back and inspects it exactly like an upload
   * through `POST /v1/files` (type decided from the bytes, media probed for `metadata`): the answer
   * is the file `file_id`. Every part must be listed once with the ETag its `PUT` returned; a wrong
   * or missing part is refused with 422 (naming `parts`). Completing a completed upload returns its
   * file again.
   * @example body {"parts": [{"part_number": 1, "etag": "\"6f1ed002ab5595859014ebf0951522d9\""}, {"part_number": 2, "etag": "\"c4ca4238a0b923820dcc509a6f75849b\""}, {"part_number": 3, "etag": "\"1679091c5a880faf6fb5e6087eb1b2dc\""}]}
   * @summary Complete a direct upload
   * @param idempotencyKey Makes retries safe: the same key and request return the first response.
   */
  @Post('{id}/complete')
  @OperationId('fileUploads.complete')
  @Example<FileObject>({
    id: 'file_01jhx7f1le000000000000000a',
    object: 'file',
    filename: 'long-take.mp4',
    content_type: 'video/mp4',
    kind: 'video',
    bytes: 150000000,
    sha256: '9f2c4e1b0a7d6c5b4a39281706f5e4d3c2b1a09f8e7d6c5b4a3928170f6e5d4c',
    metadata: { width: 1920, height: 1080, duration_seconds: 312.4, fps: 30, video_codec: 'h264', audio_codec: 'aac', has_audio: true, has_video: true, container: 'mp4' },
    source: 'upload',
    source_url: null,
    url: 'https://api.example.com/v1/files/file_01jhx7f1le000000000000000a/content?expires=1768474800&signature=…',
    url_expires_at: '2026-01-15T11:00:00.000Z',
    livemode: false,
    created_at: '2026-01-15T10:05:00.000Z',
  })
  @Security('api_key', ['files:write'])
  @Response<Problem>(403, 'The key lacks the `files:write` scope')
  @Response<Problem>(404, 'No such upload in this account and mode')
  @Response<Problem>(409, '`direct_upload_needs_s3` (files are stored locally here), or `upload_not_open`: the upload was aborted, failed or expired')
  @Response<Problem>(413, 'The uploaded file is over the upload cap (`payload_too_large`)')
  @Response<Problem>(415, 'The content is not an accepted media type (`unsupported_media_type`)')
  @Response<Problem>(422, '`validation_failed` (a part missing, listed twice or with a wrong ETag; the parts not adding up to `bytes`) or `file_unprocessable`')
  public async complete(@Request() req: ExpressRequest, @Path() id: string, @Body() body: CompleteFileUploadRequest, @Header('Idempotency-Key') idempotencyKey?: string): Promise<FileObject> {
    void idempotencyKey;
    return completeFileUpload(contextOf(req), id, body);
  }

  /**
   * Abandons the upload: its parts are discarded from storage. Aborting an aborted upload answers it again.
   * @summary Abort a direct upload
   * @param idempotencyKey Makes retries safe: the same key and request return the first response.
   */
  @Post('{id}/abort')
  @OperationId('fileUploads.abort')
  @Example<FileUpload>({
    id: 'upl_01jhx7f1le000000000000000b',
    object: 'file_upload',
    status: 'aborted',
    filename: 'long-take.mp4',
    content_type: 'video/mp4',
    bytes: 150000000,
    part_size: 67108864,
    parts: [],
    file_id: 'file_01jhx7f1le000000000000000a',
    expires_at: '2026-01-16T10:00:00.000Z',
    livemode: false,
    created_at: '2026-01-15T10:00:00.000Z',
  })
  @Security('api_key', ['files:write'])
  @Response<Problem>(403, 'The key lacks the `files:write` scope')
  @Response<Problem>(404, 'No such upload in this account and mode')
  @Response<Problem>(409, '`direct_upload_needs_s3` (files are stored locally here), or `upload_not_open`: the upload is completed, completing or failed')
  public async abort(@Request() req: ExpressRequest, @Path() id: string, @Header('Idempotency-Key') idempotencyKey?: string): Promise<FileUpload> {
    void idempotencyKey;
    return abortFileUpload(contextOf(req), id);
  }
}
