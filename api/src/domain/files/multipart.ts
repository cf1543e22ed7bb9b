import fs from 'node:fs';
import type { IncomingHttpHeaders } from 'node:http';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import busboy from 'busboy';
import { FileError } from './errors';
import { MeteredStream, newTempPath, removeQuietly } from './temp';

/** An upload that was streamed to a local temp file; the caller owns (and removes) `path`. */
export interface ReceivedFile {
  path: string;
  bytes: number;
  sha256: string;
  /** The name the client gave (part filename or the `filename` field), unsanitised; null if none. */
  filename: string | null;
  /** The part's declared Content-Type: recorded for nothing, trusted for nothing. */
  declaredType: string | null;
}

export interface MultipartOptions {
  tmpDir: string;
  /** The file part may be at most this many bytes; one more and the upload fails at once. */
  maxBytes: number;
  /** Name of the file part. */
  fileField?: string;
  /** Text fields that may accompany the file; any other field is refused. */
  textFields?: readonly string[];
}

/**
 * Streams a multipart/form-data body to a temp file: one file part, counted and hashed on the
 * way, never buffered whole. The size cap is enforced while streaming: the first byte over it
 * stops reading (the body is unpiped, the partial file removed) and the promise rejects with
 * `payload_too_large`, without waiting for the rest of the body.
 */
const WRITE_CHUNK = 1024 * 1024;

export function receiveMultipartFile(body: Readable, headers: IncomingHttpHeaders, opts: MultipartOptions): Promise<ReceivedFile & { fields: Record<string, string> }> {
  const fileField = opts.fileField ?? 'file';
  const textFields = new Set(opts.textFields ?? []);
  return new Promise((resolve, reject) => {
    let parser: busboy.Busboy;
    try {
      parser = busboy({
        headers,
        defParamCharset: 'utf8',
        // 1 MiB chunks to disk instead of Node's 16 KiB default: fewer, larger writes (a few MiB per upload).
        fileHwm: WRITE_CHUNK,
        limits: { files: 1, fields: 10, parts: 12, fieldSize: 4096, fieldNameSize: 100, headerPairs: 50 },
      });
    } catch (err) {
      return reject(new FileError('invalid_request', `Malformed multipart request: ${(err as Error).message}.`, { cause: err }));
    }

    const fields: Record<string, string> = {};
    let settled = false;
    let tmpPath: string | null = null;
    let file: { filename: string | null; declaredType: string | null; meter: MeteredStream; source: Readable; writing: Promise<void> } | null = null;

    const detach = () => {
      body.unpipe(parser);
      body.off('error', onBodyError);
      body.off('close', onBodyClose);
    };

    const fail = async (err: FileError) => {
      if (settled) return;
      settled = true;
      detach();
      // Stop reading: the rest of the body is left to the HTTP layer (which closes the connection).
      body.pause();
      if (file) {
        file.source.destroy();
        file.meter.destroy();
        await file.writing.catch(() => {});
      }
      parser.destroy();
      await removeQuietly(tmpPath);
      reject(err);
    };

    const onBodyError = (err: Error) => void fail(new FileError('invalid_request', 'The upload was interrupted.', { cause: err }));
    const onBodyClose = () => {
      if (!body.readableEnded) void fail(new FileError('invalid_request', 'The upload was interrupted.'));
    };

    parser.on('file', (name, stream, info) => {
      if (settled) return void stream.resume();
      if (name !== fileField) {
        stream.resume();
        return void fail(new FileError('validation_failed', `Unexpected file part '${name}'; send the file as '${fileField}'.`, { field: name }));
      }
      const meter = new MeteredStream(opts.maxBytes, () => new FileError('payload_too_large', `The file is over the ${opts.maxBytes}-byte upload cap.`));
      // Reading pauses until the temp file exists; busboy buffers at most one highWaterMark meanwhile.
      const writing = newTempPath(opts.tmpDir, 'upload').then((p) => {
        tmpPath = p;
        if (settled) throw new Error('upload already failed');
        return pipeline(stream, meter, fs.createWriteStream(p, { flags: 'wx', mode: 0o600, highWaterMark: WRITE_CHUNK }));
      });
      file = { filename: info.filename || null, declaredType: info.mimeType || null, meter, source: stream, writing };
      writing.catch((err: unknown) => void fail(err instanceof FileError ? err : new FileError('invalid_request', 'The upload could not be written.', { cause: err })));
    });

    parser.on('field', (name, value, info) => {
      if (settled) return;
      if (!textFields.has(name)) return void fail(new FileError('validation_failed', `Unexpected field '${name}'.`, { field: name }));
      if (info.valueTruncated) return void fail(new FileError('validation_failed', `Field '${name}' is too long.`, { field: name }));
      fields[name] = value;
    });

    parser.on('filesLimit', () => void fail(new FileError('invalid_request', 'Send exactly one file per request.')));
    parser.on('fieldsLimit', () => void fail(new FileError('invalid_request', 'Too many form fields.')));
    parser.on('partsLimit', () => void fail(new FileError('invalid_request', 'Too many form parts.')));
    parser.on('error', (err: Error) => void fail(new FileError('invalid_request', `Malformed multipart body: ${err.message}.`, { cause: err })));

    parser.on('close', async () => {
      if (settled) return;
      if (!file) return void fail(new FileError('validation_failed', `The form has no '${fileField}' part.`, { field: fileField }));
      const current = file;
      try {
        await current.writing;
      } catch {
        return; // `fail` already ran from the writing promise's handler.
      }
      if (settled) return;
      settled = true;
      detach();
      resolve({
        path: tmpPath!,
        bytes: current.meter.bytes,
        sha256: current.meter.sha256(),
        filename: current.filename,
        declaredType: current.declaredType,
        fields,
      });
    });

    body.on('error', onBodyError);
    body.on('close', onBodyClose);
    body.pipe(parser);
  });
}
