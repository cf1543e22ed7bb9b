import { createReadStream, createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { finished } from 'node:stream/promises';
import { FfmpegError } from '../../media';

export interface Range {
  file: string;
  start: number;
  end: number;
}

/**
 * Writes buffers and byte ranges [start, end) of files, in order, into `dest`. The output stream
 * has an error listener for its whole life (a disk-full or I/O error while a range is being read
 * fails the job; it never goes unheard and stops the worker).
 */
export async function writeRanges(dest: string, parts: ReadonlyArray<Buffer | Range>, signal: AbortSignal): Promise<void> {
  const outStream = createWriteStream(dest);
  let failure: Error | undefined;
  outStream.on('error', (err) => {
    failure ??= err;
  });
  const write = async (chunk: Buffer) => {
    if (failure) throw failure;
    if (!outStream.write(chunk)) await once(outStream, 'drain');
  };
  try {
    for (const r of parts) {
      if (signal.aborted) throw new FfmpegError('canceled', 'canceled');
      if (Buffer.isBuffer(r)) {
        await write(r);
        continue;
      }
      if (r.end <= r.start) continue;
      const reader = createReadStream(r.file, { start: r.start, end: r.end - 1, highWaterMark: 1 << 20 });
      for await (const chunk of reader) await write(chunk as Buffer);
    }
  } finally {
    outStream.end();
    await finished(outStream).catch((err: Error) => {
      failure ??= err;
    });
  }
  if (failure) throw failure;
}
