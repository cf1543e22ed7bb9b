/**
 * Why a file was refused. Codes match the API's stable error codes (api/src/errors/codes.ts); the
 * API maps them to problem documents, a worker can map them to a job error.
 */
export type FileErrorCode =
  | 'payload_too_large'
  | 'unsupported_media_type'
  | 'file_unprocessable'
  | 'url_not_allowed'
  | 'import_failed'
  | 'invalid_request'
  | 'validation_failed';

export class FileError extends Error {
  constructor(
    readonly code: FileErrorCode,
    message: string,
    opts: { cause?: unknown; field?: string } = {},
  ) {
    super(message, { cause: opts.cause });
    this.name = 'FileError';
    this.field = opts.field;
  }
  /** For `validation_failed`: the offending field. */
  readonly field?: string;
}
