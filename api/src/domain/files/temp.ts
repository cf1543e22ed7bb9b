import crypto from 'node:crypto';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { Transform } from 'node:stream';
import { FileError } from './errors';

/** Temp files live under `<dataDir>/tmp`, next to local storage, so handing one over is a rename. */
export function tempDirOf(dataDir: string): string {
  return path.join(dataDir, 'tmp');
}

/** A fresh, unguessable path in the temp folder (created if needed). Nothing is written yet. */
export async function newTempPath(tmpDir: string, prefix: string): Promise<string> {
  await fsp.mkdir(tmpDir, { recursive: true });
  return path.join(tmpDir, `${prefix}-${Date.now()}-${crypto.randomBytes(8).toString('hex')}`);
}

export async function removeQuietly(file: string | undefined | null): Promise<void> {
  if (file) await fsp.rm(file, { force: true }).catch(() => {});
}

/**
 * A pass-through that counts and hashes what flows through it and fails with `tooLarge()` the
 * moment more than `maxBytes` have passed, so no more than the cap is ever written.
 */
export class MeteredStream extends Transform {
  bytes = 0;
  private readonly hash = crypto.createHash('sha256');
  constructor(
    private readonly maxBytes: number,
    private readonly tooLarge: () => FileError,
  ) {
    super();
  }
  _transform(chunk: Buffer, _enc: BufferEncoding, cb: (err?: Error | null, data?: Buffer) => void) {
    this.bytes += chunk.length;
    if (this.bytes > this.maxBytes) return cb(this.tooLarge());
    this.hash.update(chunk);
    cb(null, chunk);
  }
  /** Hex sha256 of everything that passed; call once, after the stream finished. */
  sha256(): string {
    return this.hash.digest('hex');
  }
}

/** A name safe to store and to put in Content-Disposition: no path, no control characters, ≤ 255 characters. */
export function cleanFilename(raw: string | null | undefined, fallback: string): string {
  const base = (raw ?? '').split(/[/\\]/).pop() ?? '';
  // eslint-disable-next-line no-control-regex
  const cleaned = base.replace(/[\u0000-\u001f\u007f-\u009f]/g, '').trim();
  const usable = cleaned && cleaned !== '.' && cleaned !== '..' ? cleaned : fallback;
  return Array.from(usable).slice(0, 255).join('');
}

/**
 * Removes temp files older than `olderThanMs` (left behind when a process died mid-upload). Safe
 * to run while uploads are in progress as long as the age is well over the longest upload.
 */
export async function sweepTempFiles(tmpDir: string, olderThanMs: number, now = Date.now()): Promise<number> {
  let names: string[];
  try {
    names = await fsp.readdir(tmpDir);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return 0;
    throw err;
  }
  let removed = 0;
  for (const name of names) {
    const file = path.join(tmpDir, name);
    const stat = await fsp.lstat(file).catch(() => null);
    if (!stat?.isFile() || now - stat.mtimeMs < olderThanMs) continue;
    await fsp.rm(file, { force: true });
    removed++;
  }
  return removed;
}
