import { createReadStream, createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { FfmpegError } from '../../media';

export interface Range {
  file: string;
  start: number;
  end: number;
}

/** Writes buffers and byte ranges [start, end) of files, in order, into `dest`. */
export async function writeRanges(dest: string, parts: ReadonlyArray<Buffer | Range>, signal: AbortSignal): Promise<void> {
  const outStream = createWriteStream(dest);
  try {
    for (const r of parts) {
      if (signal.aborted) throw new FfmpegError('canceled', 'canceled');
      if (Buffer.isBuffer(r)) {
        if (!outStream.write(r)) await once(outStream, 'drain');
        continue;
      }
      if (r.end <= r.start) continue;
      const reader = createReadStream(r.file, { start: r.start, end: r.end - 1, highWaterMark: 1 << 20 });
      for await (const chunk of reader) {
        if (!outStream.write(chunk)) await once(outStream, 'drain');
      }
    }
  } finally {
    outStream.end();
    await once(outStream, 'close');
  }
}
