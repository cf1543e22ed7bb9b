import { invalidRequest, type FieldError } from '../../../errors/api-error';
import { InvariantError } from '../../errors';
import type { InputFileInfo, JobApp } from '../../jobs/app-contract';
import { quote, type PriceCatalogue, type Quote } from '../../pricing/pricing';

/**
 * Loops: one short clip turned into a long, seamless loop of an exact length. This module is the
 * API side of the app (schema, validation, defaults, the price); the worker renders `LoopInput`.
 */

export type LoopStyle = 'simple' | 'crossfade' | 'boomerang';
export type LoopResolution = 'source' | '720p' | '1080p' | '2160p';
export type LoopOriginalAudio = 'keep' | 'mute';

export interface LoopAudio {
  /**
   * `keep` the clip's own sound (looped with the picture; a clip without sound adds nothing) or
   * `mute` it. Default `keep`.
   */
  original?: LoopOriginalAudio;
  /**
   * Level of the clip's own sound, 0–100 (a linear gain: 100 = as recorded, 50 = half the
   * amplitude, 0 = silent). Only with `original: "keep"`. Default 100.
   * @minimum 0
   * @maximum 100
   * @example 80
   */
  volume?: number;
}

export interface LoopAudioLayer {
  /**
   * An audio file (or a video with sound, whose sound is used) uploaded to `/v1/files`. It is
   * repeated back to back until the loop ends, and cut there.
   * @pattern ^file_[0-9a-z]+$
   * @example "file_01jf3v8a6q8m2k4c7xw9t5b3nd"
   */
  file_id: string;
  /**
   * Level of this layer, 0–100 (linear gain; 100 = as recorded). Default 100.
   * @minimum 0
   * @maximum 100
   * @example 40
   */
  volume?: number;
  /**
   * Seconds over which this layer rises from silence at the start of the loop. Default 0.
   * `fade_in_seconds + fade_out_seconds` may not exceed `duration_seconds`.
   * @minimum 0
   * @maximum 600
   * @example 3
   */
  fade_in_seconds?: number;
  /**
   * Seconds over which this layer falls to silence at the end of the loop. Default 0.
   * @minimum 0
   * @maximum 600
   * @example 5
   */
  fade_out_seconds?: number;
}

export interface CreateLoopRequest {
  /**
   * The clip to loop: a video file uploaded to `/v1/files` (it must have a picture and a length).
   * @pattern ^file_[0-9a-z]+$
   * @example "file_01jf3v8a6q8m2k4c7xw9t5b3nd"
   */
  file_id: string;
  /**
   * Length of the loop in seconds, 1 to 43,200 (12 h). The output lasts exactly this long, to
   * within one frame. Priced per started minute.
   * @minimum 1
   * @maximum 43200
   * @example 3600
   */
  duration_seconds: number;
  /**
   * What happens at the seam, where the clip starts over: `simple` (a hard cut), `crossfade` (the
   * clip's end dissolves into its start over `crossfade_seconds`, so each pass is that much
   * shorter than the clip, and the loop opens `crossfade_seconds` into the clip, where the
   * dissolve has ended) or `boomerang` (the clip plays forwards, then backwards, sound included).
   * Default `simple`.
   */
  style?: LoopStyle;
  /**
   * Only with `style: "crossfade"`: length of the dissolve, 0.1–5 s, and less than half the clip.
   * Default 1 (for clips of 2 s or less: the longest dissolve shorter than half the clip).
   * @minimum 0.1
   * @maximum 5
   * @example 1.5
   */
  crossfade_seconds?: number;
  /** The clip's own sound. Default {"original": "keep", "volume": 100}. */
  audio?: LoopAudio;
  /**
   * Up to 5 extra sounds (music, ambience, a voice-over) mixed over the whole loop, each repeated
   * to its length with its own level and fades. Each layer is priced. Default none.
   * @maxItems 5
   */
  audio_layers?: LoopAudioLayer[];
  /**
   * Level of the final mix, 0–100 (linear gain applied after the clip's sound and the layers are
   * added together). Default 100.
   * @minimum 0
   * @maximum 100
   * @example 90
   */
  master_volume?: number;
  /**
   * Seconds over which the whole loop (picture from black, sound from silence) fades in at its
   * start. Default 0. `fade_in_seconds + fade_out_seconds` may not exceed `duration_seconds`.
   * @minimum 0
   * @maximum 600
   * @example 2
   */
  fade_in_seconds?: number;
  /**
   * Seconds over which the whole loop (picture to black, sound to silence) fades out at its end.
   * Default 0.
   * @minimum 0
   * @maximum 600
   * @example 2
   */
  fade_out_seconds?: number;
  /**
   * Frame size by its short side, keeping the clip's proportions: 720, 1080 or 2160 pixels, or
   * `source` for the clip's own size (at most 2160 on the short side). Priced by the size of the
   * output. Default `source`.
   */
  resolution?: LoopResolution;
}

// ---------------------------------------------------------------------------------------------
// The normalized input: what was validated, priced and will be rendered.

export interface LoopInputLayer {
  file_id: string;
  /** 0–100. */
  volume: number;
  fade_in_seconds: number;
  fade_out_seconds: number;
  /** Probed length of the layer's sound, in seconds. */
  duration_seconds: number;
}

export interface LoopInput {
  file_id: string;
  duration_seconds: number;
  style: LoopStyle;
  /** The dissolve length for `crossfade`; null for the other styles. */
  crossfade_seconds: number | null;
  audio: { original: LoopOriginalAudio; volume: number };
  audio_layers: LoopInputLayer[];
  master_volume: number;
  fade_in_seconds: number;
  fade_out_seconds: number;
  resolution: LoopResolution;
  /** Output frame size in pixels (even numbers, for H.264). */
  width: number;
  height: number;
  /** Output frame rate as an exact fraction for FFmpeg ("30000/1001") and as a number (29.97). */
  frame_rate: string;
  fps: number;
  /** Frames of the output: duration × fps, rounded. */
  frames: number;
  /** What the clip is, from its probe. */
  source: { duration_seconds: number; width: number; height: number; fps: number | null; has_audio: boolean };
}

// ---------------------------------------------------------------------------------------------

export const LOOP_LIMITS = {
  minDurationSeconds: 1,
  maxDurationSeconds: 43_200,
  minCrossfadeSeconds: 0.1,
  maxCrossfadeSeconds: 5,
  /** The dissolve a crossfade gets when the request does not say. */
  defaultCrossfadeSeconds: 1,
  maxFadeSeconds: 600,
  maxAudioLayers: 5,
  maxVolume: 100,
  /** Output frame rates above this are halved (or divided further) to stay within it. */
  maxFps: 60,
  /** The longest short side `source` keeps; larger clips are scaled down to it. */
  maxShortSide: 2160,
} as const;

const STYLES: readonly LoopStyle[] = ['simple', 'crossfade', 'boomerang'];
const RESOLUTIONS: readonly LoopResolution[] = ['source', '720p', '1080p', '2160p'];
const ORIGINAL: readonly LoopOriginalAudio[] = ['keep', 'mute'];
const SHORT_SIDE: Record<Exclude<LoopResolution, 'source'>, number> = { '720p': 720, '1080p': 1080, '2160p': 2160 };

const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const round = (v: number, digits: number) => Math.round(v * 10 ** digits) / 10 ** digits;
const floorTo = (v: number, digits: number) => Math.floor(v * 10 ** digits + 1e-9) / 10 ** digits;
const even = (v: number) => Math.max(2, Math.round(v / 2) * 2);

function num(meta: Record<string, unknown>, key: string): number | null {
  const v = meta[key];
  return isNum(v) ? v : null;
}

/** A frame rate as a fraction FFmpeg takes exactly. */
export interface FrameRate {
  num: number;
  den: number;
}

export function parseFrameRate(rate: string): FrameRate {
  const [n, d = '1'] = rate.split('/');
  return { num: Number(n), den: Number(d) };
}

/**
 * The output frame rate for a clip probed at `fps` (rounded to 3 decimals by the probe): the
 * NTSC rates come back as their exact fractions; rates above 60 are divided by a whole number
 * (120 → 60, 90 → 45) so every kept frame is an original one; unknown rates play at 30.
 */
export function outputFrameRate(fps: number | null): { frame_rate: string; fps: number } {
  if (fps === null || !(fps > 0)) return { frame_rate: '30/1', fps: 30 };
  let f = fps > LOOP_LIMITS.maxFps ? fps / Math.ceil(fps / LOOP_LIMITS.maxFps - 1e-9) : fps;
  f = Math.max(1, f);
  for (const base of [24, 30, 48, 60]) {
    if (Math.abs(f - (base * 1000) / 1001) < 0.005) return { frame_rate: `${base * 1000}/1001`, fps: round((base * 1000) / 1001, 3) };
  }
  if (Math.abs(f - Math.round(f)) < 0.005) return { frame_rate: `${Math.round(f)}/1`, fps: Math.round(f) };
  const milli = Math.round(f * 1000);
  return { frame_rate: `${milli}/1000`, fps: milli / 1000 };
}

/** Output frame size: the clip's proportions, scaled so its short side is the resolution's (even numbers). */
export function loopFrameSize(resolution: LoopResolution, width: number, height: number): { width: number; height: number } {
  const short = Math.min(width, height);
  const target = resolution === 'source' ? Math.min(short, LOOP_LIMITS.maxShortSide) : SHORT_SIDE[resolution];
  if (resolution === 'source' && target === short) return { width: Math.max(2, Math.floor(width / 2) * 2), height: Math.max(2, Math.floor(height / 2) * 2) };
  const scale = target / short;
  return width <= height ? { width: even(target), height: even(height * scale) } : { width: even(width * scale), height: even(target) };
}

/** Whole frames in `seconds` at `rate` (a hair of tolerance for rounded probe durations). */
export function framesIn(seconds: number, rate: FrameRate): number {
  return Math.floor((seconds * rate.num) / rate.den + 1e-6);
}

/**
 * The longest crossfade a clip of `clipFrames` allows: the dissolve takes frames from both ends of
 * the clip, and at least one frame must stay between them.
 */
export function maxCrossfadeSeconds(clipFrames: number, rate: FrameRate): number {
  return Math.max(0, Math.floor((clipFrames - 1) / 2)) * (rate.den / rate.num);
}

/**
 * Semantic validation and defaults. Pure: the same request and files always give the same input.
 * Collects every field problem into one 422 `validation_failed`.
 */
export function normalizeLoop(request: CreateLoopRequest, files: Map<string, InputFileInfo>): LoopInput {
  const errors: FieldError[] = [];
  const err = (path: string, message: string) => errors.push({ path, message });
  const oneOf = <T>(path: string, value: T | undefined, allowed: readonly T[], fallback: T): T => {
    if (value === undefined) return fallback;
    if (!allowed.includes(value)) {
      err(path, `must be one of ${allowed.join(', ')}`);
      return fallback;
    }
    return value;
  };
  const range = (path: string, value: number | undefined, min: number, max: number, fallback: number): number => {
    if (value === undefined) return fallback;
    if (!isNum(value) || value < min || value > max) {
      err(path, `must be a number from ${min} to ${max}`);
      return fallback;
    }
    return value;
  };
  const L = LOOP_LIMITS;
  const body = (request ?? {}) as CreateLoopRequest;

  const duration_seconds = range('duration_seconds', body.duration_seconds, L.minDurationSeconds, L.maxDurationSeconds, NaN);
  if (body.duration_seconds === undefined) err('duration_seconds', 'is required');
  const style = oneOf('style', body.style, STYLES, 'simple');
  const resolution = oneOf('resolution', body.resolution, RESOLUTIONS, 'source');
  const master_volume = range('master_volume', body.master_volume, 0, L.maxVolume, 100);
  const fade_in_seconds = range('fade_in_seconds', body.fade_in_seconds, 0, L.maxFadeSeconds, 0);
  const fade_out_seconds = range('fade_out_seconds', body.fade_out_seconds, 0, L.maxFadeSeconds, 0);
  if (isNum(duration_seconds) && fade_in_seconds + fade_out_seconds > duration_seconds) {
    err('fade_out_seconds', `fade_in_seconds + fade_out_seconds must not exceed duration_seconds (${duration_seconds})`);
  }

  // The clip.
  const info = typeof body.file_id === 'string' ? files.get(body.file_id) : undefined;
  const meta = (info?.metadata ?? {}) as Record<string, unknown>;
  const source = {
    duration_seconds: num(meta, 'duration_seconds') ?? 0,
    width: num(meta, 'width') ?? 0,
    height: num(meta, 'height') ?? 0,
    fps: num(meta, 'fps'),
    has_audio: meta.has_audio === true,
  };
  const { frame_rate, fps } = outputFrameRate(source.fps);
  const rate = parseFrameRate(frame_rate);
  const clipFrames = framesIn(source.duration_seconds, rate);
  let clipOk = false;
  if (typeof body.file_id !== 'string') err('file_id', 'is required');
  else if (!info) err('file_id', 'no such file');
  else if (info.kind !== 'video' || meta.has_video === false) {
    err('file_id', `must be a video with a picture; this file is ${info.kind === 'video' ? 'a video without a video stream' : `an ${info.kind} file`}`);
  } else if (!(source.width > 0 && source.height > 0)) err('file_id', 'has no picture size');
  else if (!(source.duration_seconds > 0)) err('file_id', 'has zero length; a clip must play for some time');
  else if (clipFrames < 1) err('file_id', `is shorter than one frame (${source.duration_seconds} s at ${fps} fps)`);
  else clipOk = true;

  // The seam.
  let crossfade_seconds: number | null = null;
  if (style === 'crossfade') {
    const longest = clipOk ? maxCrossfadeSeconds(clipFrames, rate) : Infinity;
    if (body.crossfade_seconds === undefined) {
      const fallback = Math.min(L.defaultCrossfadeSeconds, floorTo(longest, 2));
      if (fallback < L.minCrossfadeSeconds) {
        const minFrames = 2 * Math.ceil((L.minCrossfadeSeconds * rate.num) / rate.den - 1e-9) + 1;
        err('style', `crossfade needs a clip of at least ${round((minFrames * rate.den) / rate.num, 3)} s; this clip lasts ${source.duration_seconds} s`);
      } else crossfade_seconds = fallback;
    } else {
      const c = range('crossfade_seconds', body.crossfade_seconds, L.minCrossfadeSeconds, L.maxCrossfadeSeconds, NaN);
      if (isNum(c)) {
        const frames = Math.round((c * rate.num) / rate.den);
        if (clipOk && (c >= source.duration_seconds / 2 || frames > Math.floor((clipFrames - 1) / 2))) {
          err('crossfade_seconds', `must be less than half the clip: at most ${floorTo(longest, 3)} s for this ${source.duration_seconds} s clip`);
        } else crossfade_seconds = c;
      }
    }
  } else if (body.crossfade_seconds !== undefined) {
    err('crossfade_seconds', 'applies only with style "crossfade"');
  }

  // Sound.
  const original = oneOf('audio.original', body.audio?.original, ORIGINAL, 'keep');
  const volume = range('audio.volume', body.audio?.volume, 0, L.maxVolume, 100);
  if (original === 'mute' && body.audio?.volume !== undefined) err('audio.volume', 'applies only with original "keep"');

  const layersIn = body.audio_layers ?? [];
  if (!Array.isArray(layersIn)) err('audio_layers', 'must be a list');
  else if (layersIn.length > L.maxAudioLayers) err('audio_layers', `must hold at most ${L.maxAudioLayers} layers`);
  const audio_layers: LoopInputLayer[] = (Array.isArray(layersIn) ? layersIn : []).map((layer, i) => {
    const p = `audio_layers[${i}]`;
    const lInfo = typeof layer?.file_id === 'string' ? files.get(layer.file_id) : undefined;
    const lMeta = (lInfo?.metadata ?? {}) as Record<string, unknown>;
    const lDuration = num(lMeta, 'duration_seconds') ?? 0;
    if (typeof layer?.file_id !== 'string') err(`${p}.file_id`, 'is required');
    else if (!lInfo) err(`${p}.file_id`, 'no such file');
    else if (!(lInfo.kind === 'audio' || (lInfo.kind === 'video' && lMeta.has_audio === true)) || lMeta.has_audio === false) {
      err(`${p}.file_id`, `must be an audio file or a video with sound; this file is ${lInfo.kind === 'video' ? 'a video without sound' : `an ${lInfo.kind} file`}`);
    } else if (!(lDuration > 0)) err(`${p}.file_id`, 'has zero length');
    const fi = range(`${p}.fade_in_seconds`, layer?.fade_in_seconds, 0, L.maxFadeSeconds, 0);
    const fo = range(`${p}.fade_out_seconds`, layer?.fade_out_seconds, 0, L.maxFadeSeconds, 0);
    if (isNum(duration_seconds) && fi + fo > duration_seconds) err(`${p}.fade_out_seconds`, `fade_in_seconds + fade_out_seconds must not exceed duration_seconds (${duration_seconds})`);
    return {
      file_id: layer?.file_id,
      volume: range(`${p}.volume`, layer?.volume, 0, L.maxVolume, 100),
      fade_in_seconds: fi,
      fade_out_seconds: fo,
      duration_seconds: lDuration,
    };
  });

  if (errors.length) throw invalidRequest(errors.length === 1 ? `${errors[0].path} ${errors[0].message}.` : 'The loop request has invalid fields.', errors);

  const size = loopFrameSize(resolution, source.width, source.height);
  return {
    file_id: body.file_id,
    duration_seconds,
    style,
    crossfade_seconds,
    audio: { original, volume: original === 'keep' ? volume : 0 },
    audio_layers,
    master_volume,
    fade_in_seconds,
    fade_out_seconds,
    resolution,
    width: size.width,
    height: size.height,
    frame_rate,
    fps,
    frames: Math.max(1, Math.round((duration_seconds * rate.num) / rate.den)),
    source,
  };
}

/**
 * The price tier of the output size: `source` is priced like the named resolution it amounts to,
 * so a 4K clip looped at its own size costs what `2160p` costs.
 */
export function pricedResolution(input: Pick<LoopInput, 'resolution' | 'width' | 'height'>): LoopResolution {
  if (input.resolution !== 'source') return input.resolution;
  const short = Math.min(input.width, input.height);
  if (short > 1080) return '2160p';
  if (short > 720) return '1080p';
  return 'source';
}

/** The price: one unit per started minute of output, plus the resolution and audio-layer surcharges. */
export function quoteLoop(input: LoopInput, prices: PriceCatalogue): Quote {
  const quantity = Math.ceil(input.duration_seconds / 60 - 1e-9);
  if (!Number.isSafeInteger(quantity) || quantity < 1) throw new InvariantError('A loop has no length to price.');
  return quote(prices, 'loop', { quantity, options: { resolution: pricedResolution(input), audio_layers: input.audio_layers.length } });
}

export const loopApp: JobApp<CreateLoopRequest, LoopInput> = {
  name: 'loop',
  idPrefix: 'loop',
  path: 'loops',
  pool: 'media',
  fileIds: (request) => [...new Set([request?.file_id, ...(Array.isArray(request?.audio_layers) ? request.audio_layers.map((l) => l?.file_id) : [])].filter((id): id is string => typeof id === 'string'))],
  normalize: normalizeLoop,
  quote: quoteLoop,
};
