import type { FrameRate } from '../../../../api/src/domain/apps/loop/request';

/** The H.264 and AAC settings every part of a loop shares (stream copy joins only identical headers). */
export const ENCODING = {
  // The unit is encoded once and repeated for hours, but the 1080p unit of a 10 s clip must still
  // encode in seconds on two cores; veryfast at CRF 20 is the balance.
  preset: 'veryfast',
  crf: 20,
  /** Keyframe interval in seconds (fixed: no scene-cut keyframes). */
  gopSeconds: 2,
  audioBitrate: '192k',
} as const;

/** Relative cost of the steps, for the progress fraction (≈ seconds on two cores). */
export const COST = {
  /** One 1080p frame encoded. */
  encodeFrame: 1 / 30,
  /** One second of output sound mixed and encoded, per source. */
  audioSecond: 1 / 150,
  /** One second of output joined by stream copy. */
  copySecond: 1 / 300,
};

export function gopFrames(rate: FrameRate): number {
  return Math.max(1, Math.round((ENCODING.gopSeconds * rate.num) / rate.den));
}

export function x264Args(rate: FrameRate): string[] {
  const gop = gopFrames(rate);
  return [
    // The same frame rate everywhere: it is written into the SPS, and timestamps stay on its grid.
    '-vsync', 'cfr', '-r', `${rate.num}/${rate.den}`,
    '-c:v', 'libx264', '-preset', ENCODING.preset, '-crf', String(ENCODING.crf),
    '-profile:v', 'high', '-pix_fmt', 'yuv420p',
    // Fixed, closed GOPs without scene-cut keyframes: every part starts on an IDR frame.
    '-g', String(gop), '-keyint_min', String(gop), '-sc_threshold', '0',
    '-color_primaries', 'bt709', '-color_trc', 'bt709', '-colorspace', 'bt709', '-color_range', 'tv',
  ];
}
