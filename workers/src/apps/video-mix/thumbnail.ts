import fs from 'node:fs/promises';
import path from 'node:path';
import { asJobError, runFfmpeg } from '../../media';
import { round6 } from './encoding';

/** Thumbnails: the variant's first frame, at most this many pixels on the long side. */
export const THUMB_LONG_SIDE = 640;

/**
 * Thumbnails of variants: the first frame of a variant is the first frame of its first segment,
 * decoded once per distinct opening and copied per variant.
 */
export class Thumbnails {
  private readonly made = new Map<string, Promise<string>>();
  readonly size: { width: number; height: number };

  constructor(
    private readonly work: string,
    width: number,
    height: number,
    private readonly fps: number,
    private readonly signal: AbortSignal,
    private readonly ffmpegPath?: string,
  ) {
    this.size = fitWithin(width, height, THUMB_LONG_SIDE);
  }

  /** Writes the thumbnail of the frame `startFrame` of the normalised clip `video` (of clip `clip`) to `dest`. */
  async copyTo(dest: string, clip: number, video: string, startFrame: number): Promise<void> {
    const key = `${clip}:${startFrame}`;
    let source = this.made.get(key);
    if (!source) {
      source = makeThumbnail(video, startFrame / this.fps, path.join(this.work, `thumb-${this.made.size}.jpg`), this.size, this.signal, this.ffmpegPath);
      this.made.set(key, source);
    }
    await fs.copyFile(await source, dest);
  }
}

async function makeThumbnail(video: string, atSeconds: number, dest: string, size: { width: number; height: number }, signal: AbortSignal, ffmpegPath?: string): Promise<string> {
  try {
    // One decoder thread and keyframes only: the frame wanted is an IDR, and frame threading would decode several first.
    await runFfmpeg(['-threads', '1', '-skip_frame', 'nokey', '-ss', String(round6(atSeconds)), '-i', `file:${video}`, '-frames:v', '1', '-vf', `scale=${size.width}:${size.height}`, '-q:v', '3', '-f', 'image2', '-update', '1', `file:${dest}`], { signal, ffmpegPath, timeoutMs: 60_000 });
  } catch (err) {
    throw asJobError(err, 'render_failed', 'A thumbnail could not be made.');
  }
  return dest;
}

function fitWithin(width: number, height: number, longSide: number): { width: number; height: number } {
  const scale = Math.min(1, longSide / Math.max(width, height));
  const even = (v: number) => Math.max(2, Math.round((v * scale) / 2) * 2);
  return { width: even(width), height: even(height) };
}
