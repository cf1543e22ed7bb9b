import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import type { Archiver, ArchiverOptions } from 'archiver';
import { JobError } from '../../../api/src/domain/jobs/app-contract';
import { canceledError } from './job-errors';

export interface ZipEntry {
  /** The file to add. */
  file: string;
  /** Its path inside the archive (`set-001/slide-01.jpg`). */
  name: string;
}

export interface WriteZipOptions {
  /** Aborting stops the archive at once; `writeZip` then throws `canceled`. */
  signal?: AbortSignal;
  /** Entries written so far, 0..1. */
  onProgress?: (fraction: number) => void;
  /** What the archive is, for the error message (default "The ZIP"). */
  label?: string;
}

/** Fixed entry dates and modes, so the same files give the same archive bytes. */
export const ZIP_ENTRY_DATE = new Date('2024-01-01T00:00:00Z');
const ZIP_ENTRY_MODE = 0o644;

/** archiver 7 exports a factory; later majors (which the installed types describe) export classes. */
function createArchiver(options: ArchiverOptions): Archiver {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const mod: unknown = require('archiver');
  if (typeof mod === 'function') return (mod as (format: 'zip', o: ArchiverOptions) => Archiver)('zip', options);
  return new (mod as { ZipArchive: new (o: ArchiverOptions) => Archiver }).ZipArchive(options);
}

/**
 * Writes a ZIP of `entries` to `dest`, in the order given, and returns its size in bytes. Entries
 * are stored, not deflated (images and videos are compressed already: storing is fast and lets
 * clients stream them), with fixed dates and modes, so the archive is deterministic. A missing
 * entry, a write error or an archiver warning is a `render_failed` JobError; an abort is `canceled`.
 */
export async function writeZip(dest: string, entries: readonly ZipEntry[], opts: WriteZipOptions = {}): Promise<number> {
  const { signal, onProgress } = opts;
  if (signal?.aborted) throw canceledError(signal);
  // One stat at a time keeps the entries in the order given (archiver otherwise adds them as stats finish).
  const archive = createArchiver({ store: true, statConcurrency: 1 });
  const out = createWriteStream(dest);
  let onAbort = () => {};
  const stopped = new Promise<never>((_, reject) => {
    onAbort = () => {
      archive.abort();
      reject(canceledError(signal));
    };
    archive.on('error', reject);
    // archiver warns (and would skip the entry) when a file cannot be read: an incomplete archive is a failure.
    archive.on('warning', reject);
    out.on('error', reject);
  });
  stopped.catch(() => {});
  signal?.addEventListener('abort', onAbort, { once: true });
  if (onProgress) archive.on('progress', (p) => onProgress(p.entries.total ? p.entries.processed / p.entries.total : 0));
  try {
    const closed = once(out, 'close');
    closed.catch(() => {});
    archive.pipe(out);
    for (const e of entries) archive.file(e.file, { name: e.name, date: ZIP_ENTRY_DATE, mode: ZIP_ENTRY_MODE });
    await Promise.race([Promise.all([archive.finalize(), closed]), stopped]);
  } catch (err) {
    if (signal?.aborted) throw canceledError(signal);
    // The cause (archiver's or the file system's message, which names server paths) is for the log.
    throw new JobError('render_failed', `${opts.label ?? 'The ZIP'} could not be written.`, { cause: err });
  } finally {
    signal?.removeEventListener('abort', onAbort);
    out.destroy();
  }
  if (signal?.aborted) throw canceledError(signal);
  return archive.pointer();
}
