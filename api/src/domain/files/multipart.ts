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
 *
 * No body can throw outside the promise: every stream here (the parser, each part busboy hands
 * over, the meter, the temp file) has an error listener from the moment it exists, because busboy
 * destroys an unfinished part with an error ("Unexpected end of file") when the form is cut short
 * or the parser is destroyed, and an unheard stream error is an uncaught exception. A refused or
 * broken upload leaves no temp file: the temp file is removed only after its stream has closed.
 */
const WRITE_CHUNK = 1024 * 1024;

type Received = ReceivedFile & { fields: Record<string, string> };

interface FilePart {
  filename: string | null;
  declaredType: string | null;
  meter: MeteredStream;
  source: Readable;
  /** Set once the temp path exists and the write stream is open(ing). */
  out: fs.WriteStream | null;
  writing: Promise<void>;
}

/** A parser or part error as the client's fault; a FileError (e.g. the cap, passed along by the pipeline) as itself. */
const malformed = (err: Error) => (err instanceof FileError ? err : new FileError('invalid_request', `Malformed multipart body: ${err.message.replace(/\.$/, '')}.`, { cause: err }));

export function receiveMultipartFile(body: Readable, headers: IncomingHttpHeaders, opts: MultipartOptions): Promise<Received> {
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
    let file: FilePart | null = null;

    const detach = () => {
      body.unpipe(parser);
      body.off('error', onBodyError);
      body.off('close', onBodyClose);
    };

    /** Stops reading, tears every stream down, removes the temp file, rejects. Never throws. */
    const fail = (err: FileError) => {
      if (settled) return;
      settled = true;
      detach();
      // Stop reading: the rest of the body is left to the HTTP layer (which closes the connection).
      body.pause();
      const current = file;
      if (current) {
        current.source.destroy();
        current.meter.destroy();
        current.out?.destroy();
      }
      parser.destroy();
      void (async () => {
        if (current) {
          await current.writing.catch(() => {});
          if (current.out && !current.out.closed) await new Promise<void>((r) => current.out!.once('close', () => r()));
        }
        await removeQuietly(tmpPath);
      })()
        .catch(() => {})
        .finally(() => reject(err));
    };

    const onBodyError = (err: Error) => fail(new FileError('invalid_request', 'The upload was interrupted.', { cause: err }));
    const onBodyClose = () => {
      if (!body.readableEnded) fail(new FileError('invalid_request', 'The upload was interrupted.'));
    };

    parser.on('file', (name, stream, info) => {
      // First of all: busboy may destroy this stream with an error (form cut short, parser destroyed).
      stream.on('error', (err: Error) => fail(malformed(err)));
      if (settled) return void stream.resume();
      if (name !== fileField) {
        stream.resume();
        if (!name) return fail(new FileError('validation_failed', `A file part has no name; send the file as '${fileField}'.`, { field: fileField }));
        return fail(new FileError('validation_failed', `Unexpected file part '${name}'; send the file as '${fileField}'.`, { field: name }));
      }
      const meter = new MeteredStream(opts.maxBytes, () => new FileError('payload_too_large', `The file is over the ${opts.maxBytes}-byte upload cap.`));
      meter.on('error', () => {}); // reported through `writing` (pipeline), which starts only once the temp path exists
      const part: FilePart = { filename: info.filename || null, declaredType: info.mimeType || null, meter, source: stream, out: null, writing: Promise.resolve() };
      // Reading pauses until the temp file exists; busboy buffers at most one highWaterMark meanwhile.
      part.writing = newTempPath(opts.tmpDir, 'upload').then((p) => {
        if (settled) throw new Error('upload already failed');
        tmpPath = p;
        part.out = fs.createWriteStream(p, { flags: 'wx', mode: 0o600, highWaterMark: WRITE_CHUNK });
        return pipeline(stream, meter, part.out);
      });
      file = part;
      part.writing.catch((err: unknown) => fail(err instanceof FileError ? err : new FileError('invalid_request', 'The upload could not be written.', { cause: err })));
    });

    parser.on('field', (name, value, info) => {
      if (settled) return;
      if (!name) return fail(new FileError('validation_failed', 'A form field has no name.', { field: 'body' }));
      if (!textFields.has(name)) return fail(new FileError('validation_failed', `Unexpected field '${name}'.`, { field: name }));
      if (info.valueTruncated) return fail(new FileError('validation_failed', `Field '${name}' is too long.`, { field: name }));
      fields[name] = value;
    });

    parser.on('filesLimit', () => fail(new FileError('invalid_request', 'Send exactly one file per request.')));
    parser.on('fieldsLimit', () => fail(new FileError('invalid_request', 'Too many form fields.')));
    parser.on('partsLimit', () => fail(new FileError('invalid_request', 'Too many form parts.')));
    parser.on('error', (err: Error) => fail(malformed(err)));

    parser.on('close', () => {
      if (settled) return;
      const current = file;
      if (!current) return fail(new FileError('validation_failed', `The form has no '${fileField}' part.`, { field: fileField }));
      current.writing.then(
        () => {
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
        },
        () => {}, // `fail` already ran from the writing promise's handler.
      );
    });

    body.on('error', onBodyError);
    body.on('close', onBodyClose);
    // The client may have gone while the request was authenticated: no 'close' would come again.
    if (body.destroyed && !body.readableEnded) return fail(new FileError('invalid_request', 'The upload was interrupted.'));
    body.pipe(parser);
  });
}
