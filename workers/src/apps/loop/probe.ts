import { execFile } from 'node:child_process';
import path from 'node:path';
import type { LoopInput } from '../../../../api/src/domain/apps/loop/request';
import { resolveFfprobePath } from '../../../../api/src/domain/files/probe';

/** What the probe says about the clip's pictures, and whether they need converting at all. */
export interface PictureFormat {
  pix_fmt?: string;
  color_space?: string;
  color_range?: string;
  sample_aspect_ratio?: string;
  /** Colour matrix the pictures are in (tagged, or what players assume for untagged ones). */
  matrix: 'bt709' | 'bt601';
  /** Already the output's size, pixel format, matrix and range: no scaler pass needed. */
  passthrough: boolean;
}

export function pictureFormat(stream: { pix_fmt?: string; color_space?: string; color_range?: string; sample_aspect_ratio?: string; width?: number; height?: number }, input: LoopInput): PictureFormat {
  const tagged = stream.color_space && stream.color_space !== 'unknown' ? stream.color_space : null;
  // Untagged pictures: HD is BT.709, SD is BT.601 — what players assume.
  const matrix = tagged ? (tagged === 'bt709' ? 'bt709' : 'bt601') : input.source.height >= 720 || input.source.width >= 1280 ? 'bt709' : 'bt601';
  const squarePixels = !stream.sample_aspect_ratio || ['1:1', '0:1', 'N/A'].includes(stream.sample_aspect_ratio);
  const tvRange = !stream.color_range || stream.color_range === 'tv' || stream.color_range === 'unknown';
  const sameSize = input.source.width === input.width && input.source.height === input.height;
  const passthrough = sameSize && stream.pix_fmt === 'yuv420p' && matrix === 'bt709' && (!tagged || tagged === 'bt709') && tvRange && squarePixels;
  return { ...stream, matrix, passthrough };
}

export interface StreamFacts {
  frames: number | null;
  duration: number | null;
  extradata: string;
}

/** Frame count, length and codec header of one stream (ffprobe reads the container's index only). */
export function streamFacts(file: string, stream: string, ffprobePath?: string): Promise<StreamFacts> {
  const args = ['-v', 'error', '-protocol_whitelist', 'file', '-select_streams', stream, '-show_streams', '-show_data', '-of', 'json', `file:${file}`];
  return new Promise((resolve, reject) => {
    execFile(resolveFfprobePath(ffprobePath), args, { timeout: 30_000, killSignal: 'SIGKILL', maxBuffer: 4 * 1024 * 1024, encoding: 'utf8' }, (err, stdout) => {
      if (err) return reject(err);
      try {
        const s = (JSON.parse(stdout) as { streams?: Array<{ nb_frames?: string; duration?: string; extradata?: string }> }).streams?.[0];
        if (!s) return reject(new Error(`no stream ${stream} in ${path.basename(file)}`));
        const n = Number(s.nb_frames);
        const d = Number(s.duration);
        resolve({ frames: Number.isFinite(n) && s.nb_frames !== undefined ? n : null, duration: Number.isFinite(d) && s.duration !== undefined ? d : null, extradata: s.extradata ?? '' });
      } catch (parseErr) {
        reject(parseErr);
      }
    });
  });
}
