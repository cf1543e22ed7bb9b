import { execFile } from 'node:child_process';
import sharp, { type Metadata as SharpMetadata } from 'sharp';

/**
 * Media inspection shared by the API (uploads) and the workers (inputs and outputs): ffprobe for
 * audio/video, sharp for images. ffprobe always runs as a child process with an argument array (no
 * shell), a timeout and a cap on its output, and may only read local files.
 */

export class ProbeError extends Error {
  constructor(message: string, opts: { cause?: unknown } = {}) {
    super(message, opts);
    this.name = 'ProbeError';
  }
}

/** FFPROBE_PATH if set, else the binary bundled by @ffprobe-installer/ffprobe. */
export function resolveFfprobePath(configured?: string): string {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return configured || (require('@ffprobe-installer/ffprobe') as { path: string }).path;
}

/** FFMPEG_PATH if set, else the binary bundled by @ffmpeg-installer/ffmpeg. */
export function resolveFfmpegPath(configured?: string): string {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return configured || (require('@ffmpeg-installer/ffmpeg') as { path: string }).path;
}

/** The parts of `ffprobe -show_format -show_streams -print_format json` we read. */
export interface FfprobeStream {
  index: number;
  codec_type?: 'video' | 'audio' | 'subtitle' | 'data' | 'attachment' | string;
  codec_name?: string;
  width?: number;
  height?: number;
  avg_frame_rate?: string;
  r_frame_rate?: string;
  duration?: string;
  channels?: number;
  sample_rate?: string;
  bit_rate?: string;
  disposition?: { attached_pic?: number };
  tags?: Record<string, string>;
  side_data_list?: Array<{ side_data_type?: string; rotation?: number }>;
}

export interface FfprobeOutput {
  streams: FfprobeStream[];
  format: { format_name?: string; duration?: string; bit_rate?: string; size?: string; nb_streams?: number; tags?: Record<string, string> };
}

export interface FfprobeOptions {
  ffprobePath?: string;
  /** Killed (SIGKILL) after this long. Default 30 s. */
  timeoutMs?: number;
}

const MAX_PROBE_OUTPUT = 4 * 1024 * 1024;

/** Runs ffprobe on a local file and returns its parsed JSON report. Rejects with ProbeError. */
export function runFfprobe(filePath: string, opts: FfprobeOptions = {}): Promise<FfprobeOutput> {
  const bin = resolveFfprobePath(opts.ffprobePath);
  const args = [
    '-v', 'error',
    '-hide_banner',
    // Only local files: a crafted container must not make the prober open URLs or other protocols.
    '-protocol_whitelist', 'file',
    '-print_format', 'json',
    '-show_format',
    '-show_streams',
    '-i', `file:${filePath}`,
  ];
  return new Promise((resolve, reject) => {
    execFile(
      bin,
      args,
      { timeout: opts.timeoutMs ?? 30_000, killSignal: 'SIGKILL', maxBuffer: MAX_PROBE_OUTPUT, windowsHide: true, encoding: 'utf8' },
      (err, stdout, stderr) => {
        if (err) {
          const e = err as NodeJS.ErrnoException & { killed?: boolean; signal?: string };
          if (e.killed || e.signal === 'SIGKILL') return reject(new ProbeError(`ffprobe timed out after ${opts.timeoutMs ?? 30_000} ms`, { cause: err }));
          if (e.code === 'ENOENT') return reject(new Error(`ffprobe not found at ${bin}`, { cause: err }));
          return reject(new ProbeError(firstLine(stderr) || 'ffprobe could not read the file', { cause: err }));
        }
        try {
          const out = JSON.parse(stdout) as Partial<FfprobeOutput>;
          resolve({ streams: out.streams ?? [], format: out.format ?? {} });
        } catch (parseErr) {
          reject(new ProbeError('ffprobe printed no readable report', { cause: parseErr }));
        }
      },
    );
  });
}

function firstLine(text: string): string {
  return (text ?? '').split('\n').map((l) => l.trim()).find(Boolean)?.slice(0, 300) ?? '';
}

/** What we record about audio and video. Width/height are as displayed (rotation applied). */
export interface MediaMetadata {
  duration_seconds: number | null;
  width: number | null;
  height: number | null;
  fps: number | null;
  video_codec: string | null;
  audio_codec: string | null;
  has_audio: boolean;
  has_video: boolean;
  audio_channels: number | null;
  audio_sample_rate: number | null;
  /** Clockwise degrees a player rotates the picture (0, 90, 180, 270). */
  rotation: number;
  container: string | null;
}

/** "30000/1001" → 29.97; "0/0" or nonsense → null. */
export function parseRate(rate: string | undefined): number | null {
  if (!rate) return null;
  const [n, d = '1'] = rate.split('/');
  const value = Number(n) / Number(d);
  return Number.isFinite(value) && value > 0 ? round(value, 3) : null;
}

function round(v: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(v * f) / f;
}

function positive(v: string | number | undefined): number | null {
  const n = Number(v);
  return v !== undefined && Number.isFinite(n) && n > 0 ? n : null;
}

/** The picture stream: cover art in audio files ("attached pictures") does not count. */
export function videoStreamOf(out: FfprobeOutput): FfprobeStream | undefined {
  return out.streams.find((s) => s.codec_type === 'video' && s.disposition?.attached_pic !== 1);
}

export function audioStreamOf(out: FfprobeOutput): FfprobeStream | undefined {
  return out.streams.find((s) => s.codec_type === 'audio');
}

/** Rotation from the display matrix (FFmpeg ≥ 5) or the legacy `rotate` tag, normalised to 0/90/180/270. */
export function rotationOf(stream: FfprobeStream | undefined): number {
  if (!stream) return 0;
  const matrix = stream.side_data_list?.find((d) => typeof d.rotation === 'number')?.rotation;
  const raw = matrix !== undefined ? -matrix : Number(stream.tags?.rotate ?? 0);
  const normalised = ((Math.round(raw / 90) * 90) % 360 + 360) % 360;
  return Number.isFinite(normalised) ? normalised : 0;
}

export function summarizeMedia(out: FfprobeOutput): MediaMetadata {
  const video = videoStreamOf(out);
  const audio = audioStreamOf(out);
  const rotation = rotationOf(video);
  const sideways = rotation === 90 || rotation === 270;
  const w = positive(video?.width);
  const h = positive(video?.height);
  const duration = positive(out.format.duration) ?? positive(video?.duration) ?? positive(audio?.duration);
  return {
    duration_seconds: duration === null ? null : round(duration, 3),
    width: sideways ? h : w,
    height: sideways ? w : h,
    fps: video ? parseRate(video.avg_frame_rate) ?? parseRate(video.r_frame_rate) : null,
    video_codec: video?.codec_name ?? null,
    audio_codec: audio?.codec_name ?? null,
    has_audio: Boolean(audio),
    has_video: Boolean(video),
    audio_channels: positive(audio?.channels),
    audio_sample_rate: positive(audio?.sample_rate),
    rotation,
    container: out.format.format_name ?? null,
  };
}

/** ffprobe + summary. Rejects with ProbeError when the file has neither an audio nor a video stream. */
export async function probeMedia(filePath: string, opts: FfprobeOptions = {}): Promise<MediaMetadata> {
  const meta = summarizeMedia(await runFfprobe(filePath, opts));
  if (!meta.has_audio && !meta.has_video) throw new ProbeError('no audio or video stream found');
  if (meta.has_video && (meta.width === null || meta.height === null)) throw new ProbeError('the video stream has no picture size');
  return meta;
}

export interface ImageMetadata {
  /** Pixels as displayed (EXIF orientation applied). */
  width: number;
  height: number;
  format: string;
  has_alpha: boolean;
  animated: boolean;
  /** Frames of an animated GIF/WebP; 1 otherwise. */
  pages: number;
}

/** Reads only the image header (no decode), so a decompression bomb costs nothing here. */
export async function probeImage(filePath: string): Promise<ImageMetadata> {
  let m: SharpMetadata;
  try {
    m = await sharp(filePath, { failOn: 'error' }).metadata();
  } catch (err) {
    throw new ProbeError(`the image could not be read: ${(err as Error).message}`, { cause: err });
  }
  if (!m.width || !m.height || !m.format) throw new ProbeError('the image has no size or format');
  // EXIF orientations 5–8 are rotated by 90°: what people see is height × width.
  const sideways = (m.orientation ?? 1) >= 5;
  const pages = m.pages ?? 1;
  const height = m.pageHeight && pages > 1 ? m.pageHeight : m.height;
  return {
    width: sideways ? height : m.width,
    height: sideways ? m.width : height,
    format: m.format,
    has_alpha: Boolean(m.hasAlpha),
    animated: pages > 1,
    pages,
  };
}
