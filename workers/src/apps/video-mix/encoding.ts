import type { VideoMixInput, VideoMixQuality } from '../../../../api/src/domain/apps/video-mix/request';

/** The sound of every output: one rate and layout, so slices of different clips join byte for byte. */
export const SAMPLE_RATE = 48_000;
export const CHANNELS = 2;
export const BYTES_PER_SAMPLE_FRAME = CHANNELS * 2; // s16le
/** Samples per AAC-LC packet. */
export const AAC_PACKET_SAMPLES = 1024;

export const ENCODING: Record<VideoMixQuality, { crf: number; preset: string; audioBitrate: string }> = {
  low: { crf: 28, preset: 'veryfast', audioBitrate: '96k' },
  medium: { crf: 23, preset: 'veryfast', audioBitrate: '128k' },
  high: { crf: 19, preset: 'fast', audioBitrate: '192k' },
};

export function x264Args(input: VideoMixInput, enc: (typeof ENCODING)[VideoMixQuality]): string[] {
  const gop = input.fps * 2;
  return [
    '-c:v', 'libx264', '-preset', enc.preset, '-crf', String(enc.crf),
    '-profile:v', 'high', '-pix_fmt', 'yuv420p',
    // Fixed GOP without scene-cut keyframes: the only extra keyframes are the forced ones at segment boundaries.
    '-g', String(gop), '-keyint_min', String(gop), '-sc_threshold', '0',
    '-color_primaries', 'bt709', '-color_trc', 'bt709', '-colorspace', 'bt709', '-color_range', 'tv',
  ];
}

export function round6(v: number): number {
  return Math.round(v * 1e6) / 1e6;
}
