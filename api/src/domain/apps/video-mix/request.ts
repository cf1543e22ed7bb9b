/**
 * Video mixes: many distinct short videos from one pool of clips. This module is the API side of
 * the app (schema, validation, defaults, the plan, the price); the worker renders `VideoMixInput`.
 */

import { createHash } from 'node:crypto';
import { ApiError, invalidRequest, type FieldError } from '../../../errors/api-error';
import type { InputFileInfo, JobApp } from '../../jobs/app-contract';
import { quote, type PriceCatalogue, type Quote } from '../../pricing/pricing';
import { countSequences, PlanError, planMix, type PlanClip, type PlannedVariant } from './plan';

/** How clips are ordered within a variant. */
export type VideoMixOrder = 'shuffle' | 'fixed';
/** How grouped clips are combined. */
export type VideoMixGroupMode = 'sequential' | 'random';
/** How a fixed duration is shared among a variant's clips. */
export type VideoMixDistribution = 'equal' | 'proportional' | 'weighted';
/** Output frame shape (width:height). */
export type VideoMixAspectRatio = '9:16' | '16:9' | '1:1' | '4:5';
/** Output frame size by its short side. */
export type VideoMixResolution = '480p' | '720p' | '1080p' | '2160p';
/** Output frames per second. */
export type VideoMixFps = 24 | 30 | 60;
/** Encoding quality. */
export type VideoMixQuality = 'low' | 'medium' | 'high';
/** Keep the clips' sound or produce silent videos without an audio track. */
export type VideoMixAudio = 'keep' | 'mute';
/** Letterbox the whole picture or fill the frame by cropping. */
export type VideoMixFit = 'contain' | 'cover';

export interface VideoMixClip {
  /**
   * A video file uploaded to `/v1/files` (it must have a picture and a length).
   * @pattern ^file_[0-9a-z]+$
   * @example "file_01jf3v8a6q8m2k4c7xw9t5b3nd"
   */
  file_id: string;
  /**
   * Optional group name. When every clip has one, each variant plays one clip from each group,
   * groups in the order they first appear (e.g. hook → product → call to action). Either every clip
   * has a group or none does.
   * @minLength 1
   * @maxLength 64
   * @example "hook"
   */
  group?: string;
}

export interface VideoMixSpeed {
  /**
   * Slowest playback speed a variant may get (1 = as recorded). Video and audio change together and
   * stay in sync; the audio keeps its pitch.
   * @minimum 0.5
   * @maximum 2
   * @example 0.9
   */
  min: number;
  /**
   * Fastest playback speed a variant may get; each variant draws its speed uniformly from
   * [min, max] (two decimals). Equal to `min` for one speed for all.
   * @minimum 0.5
   * @maximum 2
   * @example 1.1
   */
  max: number;
}

/** Each variant lasts as long as its clips together (divided by its speed). */
export interface VideoMixOriginalDuration {
  mode: 'original';
}

/** Each variant lasts exactly `seconds`; clips are trimmed (their openings kept) to share that time. */
export interface VideoMixFixedDuration {
  mode: 'fixed';
  /**
   * Length of every variant, in seconds (rounded to whole frames). The clips of every variant must
   * hold at least this much footage (times its speed); footage is never repeated and the end is
   * never cut short, so a request that cannot be filled is rejected with the longest possible value.
   * @minimum 5
   * @maximum 600
   * @example 30
   */
  seconds: number;
  /**
   * How the time is shared among a variant's clips: `equal` (the same for each), `proportional`
   * (to each clip's own length) or `weighted` (by `weights`). A clip never gets more than its own
   * length; what it cannot hold goes to the others. Default `equal`.
   */
  distribution?: VideoMixDistribution;
  /**
   * With `distribution: "weighted"` (and only then): one positive weight per entry of `clips`, in
   * the same order. A clip's share of a variant is its weight over the weights of that variant's clips.
   * @minItems 2
   * @maxItems 100
   * @example [3, 1, 1, 2]
   */
  weights?: number[];
}

export type VideoMixDuration = VideoMixOriginalDuration | VideoMixFixedDuration;

export interface CreateVideoMixRequest {
  /**
   * The clip pool: 2–100 video files. Each variant uses `clips_per_variant` of them (all by
   * default, or one per group when the clips have groups).
   * @minItems 2
   * @maxItems 100
   */
  clips: VideoMixClip[];
  /**
   * How many variants to make. No two variants play the same clip sequence; asking for more than
   * the clips and options allow is rejected with `too_many_variants`, which says the maximum.
   * Default 1.
   * @isInt
   * @minimum 1
   * @maximum 500
   * @example 20
   */
  variants?: number;
  /**
   * `shuffle`: each variant plays its clips in a random order (seeded). `fixed`: clips play in
   * request order; variant i starts at clip i and wraps around, so there are at most as many
   * variants as clips. Default `shuffle` — or `fixed` when the clips have groups, where groups
   * always play in order (`shuffle` is rejected there).
   */
  order?: VideoMixOrder;
  /** Every variant opens with a different clip (the first clip is what viewers judge). Default false. */
  different_start?: boolean;
  /**
   * Only with grouped clips: which clip of each group a variant takes. `sequential` walks through
   * the combinations in order (the first group's clip changes every variant, then the second
   * group's, …); `random` picks distinct combinations at random (seeded). Default `random`.
   */
  group_mode?: VideoMixGroupMode;
  /** Per-variant playback speed range. Default {"min": 1, "max": 1} (no change). */
  speed?: VideoMixSpeed;
  /**
   * Makes the mix reproducible: the same request with the same seed gives the same variants.
   * Default: derived from the request itself, so repeating a request repeats its mix; send another
   * seed for another mix.
   * @isInt
   * @minimum 0
   * @maximum 2147483647
   * @example 42
   */
  seed?: number;
  /** How long each variant is. Default {"mode": "original"}. */
  duration?: VideoMixDuration;
  /**
   * Clips each variant plays (without groups). Default: all of them. With groups it must equal the
   * number of groups (one clip from each).
   * @isInt
   * @minimum 1
   * @maximum 100
   * @example 5
   */
  clips_per_variant?: number;
  /** Frame shape. Default `9:16` (vertical, for TikTok, Reels and Shorts). */
  aspect_ratio?: VideoMixAspectRatio;
  /**
   * Frame size by its short side: 480, 720, 1080 or 2160 pixels (1080p 9:16 is 1080×1920; 4:5 is
   * 1080×1350; 1:1 is 1080×1080). Priced per variant. Default `1080p`.
   */
  resolution?: VideoMixResolution;
  /** Output frame rate. 60 is priced higher. Default 30. */
  fps?: VideoMixFps;
  /** Encoding quality (H.264 CRF and preset; AAC bitrate 96/128/192 kb/s). Default `medium`. */
  quality?: VideoMixQuality;
  /** `keep` the clips' sound (clips without sound play silence) or `mute` (no audio track). Default `keep`. */
  audio?: VideoMixAudio;
  /**
   * `contain`: the whole picture, letterboxed with black bars. `cover`: fills the frame, cropping the
   * overflow around the centre. Default `contain`.
   */
  fit?: VideoMixFit;
  /** Also produce one ZIP of all variants. Default false. */
  zip?: boolean;
}

// ---------------------------------------------------------------------------------------------
// The normalized input: what was validated, priced and will be rendered.

export interface VideoMixInputClip {
  file_id: string;
  group: string | null;
  /** Probed length of the file, in seconds. */
  duration_seconds: number;
  /** Whole frames the clip holds at the output frame rate; trims never go past it. */
  frames: number;
  has_audio: boolean;
  /** Source frame rate if known, to pick the cheaper filter order. */
  source_fps: number | null;
}

export interface VideoMixPlannedSegment {
  /** Index into `clips`. */
  clip: number;
  /** First frame used (inclusive), at the output frame rate. */
  start_frame: number;
  /** Frame after the last one used. */
  end_frame: number;
}

export interface VideoMixPlannedVariant {
  index: number;
  speed: number;
  segments: VideoMixPlannedSegment[];
  /** Frames of footage the segments add up to, before speed. */
  source_frames: number;
  /** Frames of the rendered variant, after speed. */
  output_frames: number;
  /** output_frames / fps. */
  duration_seconds: number;
}

export interface VideoMixInput {
  clips: VideoMixInputClip[];
  variants: number;
  order: VideoMixOrder;
  different_start: boolean;
  /** null when the clips have no groups. */
  group_mode: VideoMixGroupMode | null;
  speed: { min: number; max: number };
  seed: number;
  duration:
    | { mode: 'original' }
    | { mode: 'fixed'; seconds: number; distribution: VideoMixDistribution; weights: number[] | null };
  clips_per_variant: number;
  aspect_ratio: VideoMixAspectRatio;
  resolution: VideoMixResolution;
  fps: VideoMixFps;
  quality: VideoMixQuality;
  audio: VideoMixAudio;
  fit: VideoMixFit;
  zip: boolean;
  /** Output frame size in pixels, from aspect_ratio and resolution. */
  width: number;
  height: number;
  /** How many distinct variants these clips and options allow (capped at 2^53 − 1). */
  max_variants: number;
  /** What each variant plays; the worker renders exactly this. */
  plan: VideoMixPlannedVariant[];
}

// ---------------------------------------------------------------------------------------------

export const VIDEO_MIX_LIMITS = {
  minClips: 2,
  maxClips: 100,
  maxVariants: 500,
  minSpeed: 0.5,
  maxSpeed: 2,
  minFixedSeconds: 5,
  maxFixedSeconds: 600,
  /** Longest variant in `original` mode too: the price is per variant, so its length is bounded. */
  maxOutputSeconds: 600,
  maxSeed: 2147483647,
} as const;

const ORDERS: readonly VideoMixOrder[] = ['shuffle', 'fixed'];
const GROUP_MODES: readonly VideoMixGroupMode[] = ['sequential', 'random'];
const DISTRIBUTIONS: readonly VideoMixDistribution[] = ['equal', 'proportional', 'weighted'];
const ASPECTS: readonly VideoMixAspectRatio[] = ['9:16', '16:9', '1:1', '4:5'];
const RESOLUTIONS: readonly VideoMixResolution[] = ['480p', '720p', '1080p', '2160p'];
const FPS: readonly VideoMixFps[] = [24, 30, 60];
const QUALITIES: readonly VideoMixQuality[] = ['low', 'medium', 'high'];
const AUDIO: readonly VideoMixAudio[] = ['keep', 'mute'];
const FITS: readonly VideoMixFit[] = ['contain', 'cover'];

const SHORT_SIDE: Record<VideoMixResolution, number> = { '480p': 480, '720p': 720, '1080p': 1080, '2160p': 2160 };
/** [width, height] proportions of each aspect ratio. */
const ASPECT: Record<VideoMixAspectRatio, [number, number]> = { '9:16': [9, 16], '16:9': [16, 9], '1:1': [1, 1], '4:5': [4, 5] };

const even = (v: number) => Math.max(2, Math.round(v / 2) * 2);

/** Output frame size: the short side is the resolution's, the long side follows the aspect ratio (even, for H.264). */
export function frameSize(aspect: VideoMixAspectRatio, resolution: VideoMixResolution): { width: number; height: number } {
  const short = SHORT_SIDE[resolution];
  const [w, h] = ASPECT[aspect];
  return w <= h ? { width: short, height: even((short * h) / w) } : { width: even((short * w) / h), height: short };
}

/** Whole frames a clip of `seconds` holds at `fps` (a hair of tolerance for rounded probe durations). */
export function framesIn(seconds: number, fps: number): number {
  return Math.floor(seconds * fps + 1e-6);
}

function defaultSeed(request: CreateVideoMixRequest): number {
  const digest = createHash('sha256').update(stableJson(request)).digest();
  return digest.readUInt32BE(0) & 0x7fffffff;
}

function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined).sort(([a], [b]) => (a < b ? -1 : 1));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const isInt = (v: unknown): v is number => Number.isSafeInteger(v);

function num(meta: Record<string, unknown>, key: string): number | null {
  const v = meta[key];
  return isNum(v) ? v : null;
}

/**
 * Semantic validation, defaults and the plan. Pure: the same request and files always give the
 * same input. Collects every field problem into one 422 `validation_failed`.
 */
export function normalizeVideoMix(request: CreateVideoMixRequest, files: Map<string, InputFileInfo>): VideoMixInput {
  const errors: FieldError[] = [];
  const err = (path: string, message: string) => errors.push({ path, message });
  const oneOf = <T>(path: string, value: T | undefined, allowed: readonly T[], fallback: T): T => {
    if (value === undefined) return fallback;
    if (!allowed.includes(value)) err(path, `must be one of ${allowed.join(', ')}`);
    return value;
  };
  const L = VIDEO_MIX_LIMITS;

  // Options first: the clip frame counts depend on the frame rate.
  const variants = request.variants ?? 1;
  if (!isInt(variants) || variants < 1 || variants > L.maxVariants) err('variants', `must be an integer from 1 to ${L.maxVariants}`);
  const aspect_ratio = oneOf('aspect_ratio', request.aspect_ratio, ASPECTS, '9:16');
  const resolution = oneOf('resolution', request.resolution, RESOLUTIONS, '1080p');
  const fps = oneOf('fps', request.fps, FPS, 30);
  const quality = oneOf('quality', request.quality, QUALITIES, 'medium');
  const audio = oneOf('audio', request.audio, AUDIO, 'keep');
  const fit = oneOf('fit', request.fit, FITS, 'contain');
  const zip = request.zip ?? false;
  if (typeof zip !== 'boolean') err('zip', 'must be true or false');
  const different_start = request.different_start ?? false;
  if (typeof different_start !== 'boolean') err('different_start', 'must be true or false');
  const seed = request.seed ?? defaultSeed(request);
  if (!isInt(seed) || seed < 0 || seed > L.maxSeed) err('seed', `must be an integer from 0 to ${L.maxSeed}`);

  const speed = { min: request.speed?.min ?? 1, max: request.speed?.max ?? 1 };
  for (const key of ['min', 'max'] as const) {
    if (!isNum(speed[key]) || speed[key] < L.minSpeed || speed[key] > L.maxSpeed) err(`speed.${key}`, `must be a number from ${L.minSpeed} to ${L.maxSpeed}`);
  }
  if (isNum(speed.min) && isNum(speed.max) && speed.min > speed.max) err('speed.max', 'must be at least speed.min');

  // Clips and groups.
  const clipsIn = Array.isArray(request.clips) ? request.clips : [];
  if (clipsIn.length < L.minClips || clipsIn.length > L.maxClips) err('clips', `must hold ${L.minClips} to ${L.maxClips} clips`);
  const grouped = clipsIn.filter((c) => c?.group !== undefined).length;
  const hasGroups = grouped > 0;
  if (hasGroups && grouped < clipsIn.length) {
    clipsIn.forEach((c, i) => c?.group === undefined && err(`clips[${i}].group`, 'is required when any clip has a group'));
  }
  const groupNames: string[] = [];
  const seen = new Map<string, number>();
  const clips: VideoMixInputClip[] = clipsIn.map((c, i) => {
    const path = `clips[${i}].file_id`;
    const group = hasGroups && typeof c?.group === 'string' ? c.group : null;
    if (hasGroups && group !== null && !group.trim()) err(`clips[${i}].group`, 'must not be blank');
    if (group !== null && !groupNames.includes(group)) groupNames.push(group);
    const dupKey = `${group ?? ''}\u0000${c?.file_id}`;
    if (seen.has(dupKey)) err(path, `repeats clips[${seen.get(dupKey)}]${group !== null ? ' in the same group' : ''}; each clip must be a different file`);
    else seen.set(dupKey, i);

    const info = typeof c?.file_id === 'string' ? files.get(c.file_id) : undefined;
    const meta = (info?.metadata ?? {}) as Record<string, unknown>;
    const duration = num(meta, 'duration_seconds') ?? 0;
    const clip: VideoMixInputClip = {
      file_id: c?.file_id,
      group,
      duration_seconds: duration,
      frames: framesIn(duration, fps),
      has_audio: meta.has_audio === true,
      source_fps: num(meta, 'fps'),
    };
    if (!info) err(path, 'no such file');
    else if (info.kind !== 'video' || meta.has_video === false) err(path, `must be a video with a picture; this file is ${info.kind === 'video' ? 'a video without a video stream' : `${info.kind === 'audio' ? 'an' : 'a'} ${info.kind} file`}`);
    else if (!(duration > 0)) err(path, 'has zero length; a clip must play for some time');
    else if (clip.frames < 1) err(path, `is shorter than one frame at ${fps} fps (${duration} s)`);
    return clip;
  });

  // Mixing mode.
  let order: VideoMixOrder;
  let group_mode: VideoMixGroupMode | null = null;
  let clips_per_variant: number;
  if (hasGroups) {
    order = oneOf('order', request.order, ORDERS, 'fixed');
    if (order === 'shuffle') err('order', 'must be "fixed" (or omitted) when clips have groups: groups always play in order');
    group_mode = oneOf('group_mode', request.group_mode, GROUP_MODES, 'random');
    clips_per_variant = request.clips_per_variant ?? groupNames.length;
    if (clips_per_variant !== groupNames.length) err('clips_per_variant', `must equal the number of groups (${groupNames.length}) when clips have groups: one clip from each`);
  } else {
    order = oneOf('order', request.order, ORDERS, 'shuffle');
    if (request.group_mode !== undefined) err('group_mode', 'applies only when clips have a group');
    clips_per_variant = request.clips_per_variant ?? clipsIn.length;
    if (!isInt(clips_per_variant) || clips_per_variant < 1 || clips_per_variant > clipsIn.length) err('clips_per_variant', `must be an integer from 1 to the number of clips (${clipsIn.length})`);
  }

  // Duration.
  let duration: VideoMixInput['duration'] = { mode: 'original' };
  const d = request.duration;
  if (d !== undefined) {
    if (d?.mode === 'original') duration = { mode: 'original' };
    else if (d?.mode === 'fixed') {
      const distribution = oneOf('duration.distribution', d.distribution, DISTRIBUTIONS, 'equal');
      if (!isNum(d.seconds) || d.seconds < L.minFixedSeconds || d.seconds > L.maxFixedSeconds) err('duration.seconds', `must be a number from ${L.minFixedSeconds} to ${L.maxFixedSeconds}`);
      let weights: number[] | null = null;
      if (distribution === 'weighted') {
        if (!Array.isArray(d.weights)) err('duration.weights', 'is required with distribution "weighted"');
        else if (d.weights.length !== clipsIn.length) err('duration.weights', `must hold one weight per clip (${clipsIn.length}), in the order of clips`);
        else {
          d.weights.forEach((w, i) => (!isNum(w) || w <= 0) && err(`duration.weights[${i}]`, 'must be a number greater than 0'));
          weights = [...d.weights];
        }
      } else if (d.weights !== undefined) err('duration.weights', 'applies only with distribution "weighted"');
      duration = { mode: 'fixed', seconds: d.seconds, distribution, weights };
    } else err('duration.mode', 'must be "original" or "fixed"');
  }

  if (errors.length) throw invalidRequest(errors.length === 1 ? `${errors[0].path} ${errors[0].message}.` : 'The video mix request has invalid fields.', errors);

  const planClips: PlanClip[] = clips.map((c, i) => ({
    frames: c.frames,
    group: c.group === null ? null : groupNames.indexOf(c.group),
    weight: duration.mode === 'fixed' && duration.weights ? duration.weights[i] : 1,
  }));
  const planOpts = {
    clips: planClips,
    variants,
    order,
    differentStart: different_start,
    groupMode: group_mode,
    clipsPerVariant: clips_per_variant,
    speed,
    seed,
    fps,
    duration:
      duration.mode === 'fixed'
        ? { mode: 'fixed' as const, frames: Math.max(1, Math.round(duration.seconds * fps)), distribution: duration.distribution }
        : { mode: 'original' as const },
    maxOutputFrames: Math.round(L.maxOutputSeconds * fps),
  };
  let plan: PlannedVariant[];
  try {
    plan = planMix(planOpts);
  } catch (e) {
    if (!(e instanceof PlanError)) throw e;
    const p = e.problem;
    if (p.kind === 'too_many_variants') {
      throw new ApiError(422, 'too_many_variants', e.message, { errors: [{ path: 'variants', message: `must be at most ${p.max}` }] });
    }
    const path = p.kind === 'duration_too_long' || p.kind === 'duration_too_short' ? 'duration.seconds' : 'duration';
    throw invalidRequest(e.message, [{ path, message: e.message }]);
  }

  return {
    clips,
    variants,
    order,
    different_start,
    group_mode,
    speed,
    seed,
    duration,
    clips_per_variant,
    aspect_ratio,
    resolution,
    fps,
    quality,
    audio,
    fit,
    zip,
    ...frameSize(aspect_ratio, resolution),
    max_variants: Math.min(Number.MAX_SAFE_INTEGER, countSequences(planOpts)),
    plan: plan.map((v) => ({ ...v, duration_seconds: Math.round((v.output_frames / fps) * 1e6) / 1e6 })),
  };
}

/** The price: one unit per variant, with the catalogue's surcharges for resolution and frame rate. */
export function quoteVideoMix(input: VideoMixInput, prices: PriceCatalogue): Quote {
  return quote(prices, 'video_mix', { quantity: input.variants, options: { resolution: input.resolution, fps: input.fps } });
}

export const videoMixApp: JobApp<CreateVideoMixRequest, VideoMixInput> = {
  name: 'video_mix',
  idPrefix: 'vmix',
  path: 'video_mixes',
  pool: 'media',
  fileIds: (request) => [...new Set((request.clips ?? []).map((c) => c.file_id))],
  normalize: normalizeVideoMix,
  quote: quoteVideoMix,
};
