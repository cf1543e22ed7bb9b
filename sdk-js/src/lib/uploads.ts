import { APIPromise } from './api-promise.js';
import { type Core, type RequestBody, type RequestOptions, uuid } from './core.js';
import { LumikuError } from './errors.js';

/** What `files.upload` takes: a file path (Node), bytes, a Blob/File, a web ReadableStream or a Node Readable. */
export type Uploadable = string | Uint8Array | ArrayBuffer | Blob | ReadableStream<Uint8Array> | AsyncIterable<Uint8Array>;

export interface UploadProgress {
  /** Bytes of the file sent so far. */
  loaded: number;
  /** The file's size, when known (paths, bytes, Blobs). */
  total: number | undefined;
}

export interface UploadOptions {
  /** The stored name; default: the path's base name, a File's name, or `upload`. */
  filename?: string | undefined;
  /** The declared type (the server decides from the bytes anyway). Default `application/octet-stream`. */
  contentType?: string | undefined;
  /** Called as the bytes go out. */
  onProgress?: ((progress: UploadProgress) => void) | undefined;
}

/** Read size per chunk for file paths (also what the server writes per chunk). */
const CHUNK = 1024 * 1024;

interface Source {
  /** A fresh iterator over the bytes (called once per attempt). */
  open(): AsyncIterable<Uint8Array> | Promise<AsyncIterable<Uint8Array>>;
  size: number | undefined;
  name: string;
  /** Whether `open` may be called again (false for streams: an upload from a stream is not retried). */
  replayable: boolean;
  /** The Blob itself, when the platform can send it without our stream (no progress needed). */
  blob?: Blob;
}

/** The part of node:fs used here (typed locally: the package builds without Node's types). */
interface NodeFs {
  promises: { stat(path: string): Promise<{ isFile(): boolean; size: number }> };
  createReadStream(path: string, options: { highWaterMark: number }): AsyncIterable<Uint8Array>;
}

const importNode = <T>(specifier: string): Promise<T> => import(/* webpackIgnore: true */ specifier) as Promise<T>;

async function toSource(input: Uploadable, filename: string | undefined): Promise<Source> {
  if (typeof input === 'string') {
    const fs = await importNode<NodeFs>('node:fs');
    const stat = await fs.promises.stat(input);
    if (!stat.isFile()) throw new LumikuError(`${input} is not a file.`);
    const name = filename ?? input.split(/[\\/]/).pop() ?? 'upload';
    return { open: () => fs.createReadStream(input, { highWaterMark: CHUNK }), size: stat.size, name, replayable: true };
  }
  if (input instanceof Uint8Array || input instanceof ArrayBuffer) {
    const bytes = input instanceof Uint8Array ? input : new Uint8Array(input);
    return {
      open: async function* () {
        for (let at = 0; at < bytes.byteLength; at += CHUNK) yield bytes.subarray(at, Math.min(at + CHUNK, bytes.byteLength));
      },
      size: bytes.byteLength,
      name: filename ?? 'upload',
      replayable: true,
    };
  }
  if (typeof Blob !== 'undefined' && input instanceof Blob) {
    const name = filename ?? ((input as { name?: string }).name || 'upload');
    return { open: () => streamIterator(input.stream()), size: input.size, name, replayable: true, blob: input };
  }
  if (typeof ReadableStream !== 'undefined' && input instanceof ReadableStream) {
    return { open: () => streamIterator(input), size: undefined, name: filename ?? 'upload', replayable: false };
  }
  if (input && typeof (input as AsyncIterable<Uint8Array>)[Symbol.asyncIterator] === 'function') {
    // A Node fs.ReadStream knows its path: use its base name.
    const path = (input as { path?: unknown }).path;
    const name = filename ?? (typeof path === 'string' ? (path.split(/[\\/]/).pop() ?? 'upload') : 'upload');
    return { open: () => input as AsyncIterable<Uint8Array>, size: undefined, name, replayable: false };
  }
  if (input && typeof input === 'object') throw new LumikuError('files.upload takes a file path, bytes, a Blob, or a readable stream.');
  throw new LumikuError(`files.upload cannot upload a ${typeof input}.`);
}

async function* streamIterator(stream: ReadableStream<Uint8Array>): AsyncGenerator<Uint8Array> {
  const reader = stream.getReader();
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      yield value;
    }
  } finally {
    reader.releaseLock();
  }
}

const quoteName = (name: string) => name.replace(/[\r\n"\\]/g, '_');

/**
 * A streamed multipart body: the part header, the file's chunks as they are read, the closing
 * boundary. Nothing is buffered beyond one chunk.
 */
function multipartBody(source: Source, boundary: string, contentType: string, onProgress: UploadOptions['onProgress']): RequestBody {
  const encoder = new TextEncoder();
  const head = encoder.encode(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${quoteName(source.name)}"\r\nContent-Type: ${contentType}\r\n\r\n`);
  const tail = encoder.encode(`\r\n--${boundary}--\r\n`);
  if (source.blob && !onProgress) return new Blob([head, source.blob, tail]);
  let iterator: AsyncIterator<Uint8Array> | undefined;
  let loaded = 0;
  let stage: 'head' | 'file' | 'done' = 'head';
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (stage === 'head') {
        stage = 'file';
        controller.enqueue(head);
        onProgress?.({ loaded, total: source.size });
        return;
      }
      if (stage === 'file') {
        iterator ??= (await source.open())[Symbol.asyncIterator]();
        const { value, done } = await iterator.next();
        if (!done) {
          const chunk = typeof value === 'string' ? encoder.encode(value) : value;
          loaded += chunk.byteLength;
          controller.enqueue(chunk);
          onProgress?.({ loaded, total: source.size });
          return;
        }
        stage = 'done';
        controller.enqueue(tail);
        controller.close();
      }
    },
    async cancel(reason) {
      await iterator?.return?.(reason);
    },
  });
}

/** `POST /v1/files` as a streamed multipart upload. */
export function upload<T>(core: Core, input: Uploadable, options: UploadOptions, opts?: RequestOptions): APIPromise<T> {
  const sent = toSource(input, options.filename).then((source) => {
    const boundary = `lumiku-${uuid()}`;
    const contentType = options.contentType ?? ((input as { type?: string }).type || 'application/octet-stream');
    return core
      .request<T>(
        {
          method: 'POST',
          path: '/v1/files',
          rawBody: () => multipartBody(source, boundary, contentType, options.onProgress),
          replayable: source.replayable,
          headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
        },
        opts,
      )
      .withResponse();
  });
  return new APIPromise<T>(sent);
}
