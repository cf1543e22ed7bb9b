import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import crypto from 'node:crypto';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { ObjectNotFoundError, type ByteRange, type Storage } from './storage';

/** Files under one root folder. Writes land under a temp name and are renamed into place when complete. */
export class LocalStorage implements Storage {
  readonly driver = 'local' as const;
  private readonly root: string;
  constructor(root: string) {
    this.root = path.resolve(root);
  }

  private pathOf(key: string): string {
    const full = path.resolve(this.root, key);
    if (!full.startsWith(this.root + path.sep)) throw new Error(`storage key escapes the root: ${key}`);
    return full;
  }

  private partialOf(dest: string): string {
    return `${dest}.${crypto.randomBytes(6).toString('hex')}.partial`;
  }

  async putFile(key: string, filePath: string, _opts: { contentType: string }): Promise<{ bytes: number }> {
    const dest = this.pathOf(key);
    await fsp.mkdir(path.dirname(dest), { recursive: true });
    const { size } = await fsp.stat(filePath);
    try {
      // The temp folder sits under the data folder, normally on the same filesystem: a rename is free.
      await fsp.rename(filePath, dest);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EXDEV') throw err;
      // Another device: copy under a temp name, then rename, so readers never see half a file.
      const partial = this.partialOf(dest);
      try {
        await fsp.copyFile(filePath, partial);
        await fsp.rename(partial, dest);
      } catch (copyErr) {
        await fsp.rm(partial, { force: true });
        throw copyErr;
      }
      await fsp.rm(filePath, { force: true });
    }
    return { bytes: size };
  }

  async put(key: string, body: Readable, _opts: { contentType: string }): Promise<{ bytes: number }> {
    const dest = this.pathOf(key);
    await fsp.mkdir(path.dirname(dest), { recursive: true });
    const partial = this.partialOf(dest);
    let bytes = 0;
    const count = new Transform({
      transform(chunk: Buffer, _enc, cb) {
        bytes += chunk.length;
        cb(null, chunk);
      },
    });
    try {
      await pipeline(body, count, fs.createWriteStream(partial));
      await fsp.rename(partial, dest);
    } catch (err) {
      await fsp.rm(partial, { force: true });
      throw err;
    }
    return { bytes };
  }

  async get(key: string, range?: ByteRange): Promise<Readable> {
    let handle: fsp.FileHandle;
    try {
      handle = await fsp.open(this.pathOf(key), 'r');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw new ObjectNotFoundError(key);
      throw err;
    }
    return handle.createReadStream(range ? { start: range.start, end: range.end } : {});
  }

  async delete(key: string): Promise<void> {
    await fsp.rm(this.pathOf(key), { force: true });
  }

  async check(): Promise<void> {
    await fsp.mkdir(this.root, { recursive: true });
    await fsp.access(this.root, fs.constants.W_OK);
  }
}
