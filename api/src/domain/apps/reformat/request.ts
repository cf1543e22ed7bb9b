import { invalidRequest, type FieldError } from '../../../errors/api-error';
import type { InputFileInfo } from '../../jobs/app-contract';
import { quote, type PriceCatalogue, type Quote } from '../../pricing/pricing';

/*
 * Reformats: one video or image, every social format. This module is the API side of the app
 * (request shape, validation, defaults, the price); the worker side is
 * `workers/src/apps/reformat/render.ts`.
 */

// ── Limits (the JSDoc below repeats them as literals because tsoa reads the comments) ──────────────
export const REFORMAT_LIMITS = {
  maxTargets: 10,
  minSide: 16,
  maxSide: 4096,
  /** Videos longer than this are refused (one hour). */
  maxVideoSeconds: 3600,
  /** Images larger than this (width × height as displayed) are refused: 50 megapixels. */
  maxImagePixels: 50_000_000,
} as const;

/** A social format: `9:16` 1080×1920, `1:1` 1080×1080, `4:5` 1080×1350, `16:9` 1920×1080. */
export type ReformatAspectRatio = '9:16' | '1:1' | '4:5' | '16:9';
/**
 * How the source fills the target frame: `crop` (scaled to cover the frame, the overflow cut away
 * at `anchor`), `blur_fill` (the whole source, contained, over a blurred copy of itself scaled to
 * cover the frame) or `pad` (the whole source, contained, on bars of `color`).
 */
export type ReformatFit = 'crop' | 'blur_fill' | 'pad';
/**
 * Which part a `crop` keeps: `centre`; `top` or `bottom` (the top or bottom of a source taller
 * than the frame; a wider source keeps its horizontal centre); `smart`: the busiest region (for
 * images the region that draws the eye, by saliency; for videos the region with the most detail
 * over frames sampled across the whole video, one fixed crop for the whole video).
 */
export type ReformatAnchor = 'centre' | 'top' | 'bottom' | 'smart';
/** File format of image outputs. */
export type ReformatImageFormat = 'jpeg' | 'png' | 'webp';

/** Frame size of each named format. */
export const REFORMAT_SIZES: Record<ReformatAspectRatio, { width: number; height: number }> = {
  '9:16': { width: 1080, height: 1920 },
  '1:1': { width: 1080, height: 1080 },
  '4:5': { width: 1080, height: 1350 },
  '16:9': { width: 1920, height: 1080 },
};

/**
 * An sRGB colour as `#RRGGBB`.
 * @pattern ^#[0-9A-Fa-f]{6}$
 * @example "#000000"
 */
export type ReformatColor = string;

/** One output: a named format or a custom size, and how the source fills it. */
export interface ReformatTarget {
  /** A named format (`9:16` 1080×1920, `1:1` 1080×1080, `4:5` 1080×1350, `16:9` 1920×1080). Give this, or `width` and `height`. @example "9:16" */
  aspect_ratio?: ReformatAspectRatio;
  /** A custom width in pixels, 16–4096, with `height` (for videos an even number). @isInt @minimum 16 @maximum 4096 @example 1200 */
  width?: number;
  /** A custom height in pixels, 16–4096, with `width` (for videos an even number). @isInt @minimum 16 @maximum 4096 @example 630 */
  height?: number;
  /** How the source fills the frame. Default `crop`. */
  fit?: ReformatFit;
  /** Only with `fit: "crop"`: which part is kept. Default `centre`. */
  anchor?: ReformatAnchor;
  /** Only with `fit: "pad"`: the colour of the bars. Default `#000000`. */
  color?: ReformatColor;
}

export interface CreateReformatRequest {
  /**
   * The source: a video or a still image uploaded to `/v1/files` (videos up to one hour, images up
   * to 50 megapixels; animated images are refused: upload them as videos).
   * @pattern ^file_[0-9a-z]+$
   * @example "file_01jf3v8a6q8m2k4c7xw9t5b3nd"
   */
  file_id: string;
  /**
   * The outputs, 1–10, each a different format or fit: one file per target, in this order, plus
   * a ZIP of them all. Priced per target (for videos per target and started minute).
   * @minItems 1
   * @maxItems 10
   */
  targets: ReformatTarget[];
  /**
   * Only for image sources: the file format of the outputs. Default: the source's own format
   * (JPEG, PNG or WebP; a GIF gives PNG). Transparent pixels are flattened onto white.
   */
  image_format?: ReformatImageFormat;
}

// ── The normalized input: what was validated, priced and will be rendered ─────────────────────────

export interface ReformatInputTarget {
  /** 0-based position in the request. */
  index: number;
  /** `9:16`, or `1200x630` for a custom size: names the output file. */
  label: string;
  aspect_ratio: ReformatAspectRatio | null;
  width: number;
  height: number;
  fit: ReformatFit;
  /** With `crop` only; null otherwise. */
  anchor: ReformatAnchor | null;
  /** With `pad` only (`#rrggbb`, lower case); null otherwise. */
  color: string | null;
}

export interface ReformatSource {
  width: number;
  height: number;
  /** Videos only. */
  duration_seconds: number | null;
  fps: number | null;
  has_audio: boolean;
  audio_codec: string | null;
  video_codec: string | null;
  /** Images only: the format sharp read (`jpeg`, `png`, `webp`, `gif`). */
  format: string | null;
}

export interface ReformatInput {
  file_id: string;
  media: 'image' | 'video';
  targets: ReformatInputTarget[];
  /** Images only: the outputs' format. */
  image_format: ReformatImageFormat | null;
  source: ReformatSource;
}

const ASPECTS = Object.keys(REFORMAT_SIZES) as ReformatAspectRatio[];
const FITS: readonly ReformatFit[] = ['crop', 'blur_fill', 'pad'];
const ANCHORS: readonly ReformatAnchor[] = ['centre', 'top', 'bottom', 'smart'];
const IMAGE_FORMATS: readonly ReformatImageFormat[] = ['jpeg', 'png', 'webp'];
const COLOR = /^#[0-9a-f]{6}$/i;

const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const num = (meta: Record<string, unknown>, key: string): number | null => (isNum(meta[key]) ? (meta[key] as number) : null);

/** The files a request names (one), so the engine can load and check it first. */
export function reformatFileIds(request: CreateReformatRequest): string[] {
  return typeof request?.file_id === 'string' ? [request.file_id] : [];
}

/**
 * Semantic validation and defaults. Pure: the same request and file always give the same input.
 * Collects every field problem into one 422 `validation_failed`, each at its path
 * (`targets[1].fit`).
 */
export function normalizeReformat(request: CreateReformatRequest, files: Map<string, InputFileInfo>): ReformatInput {
  const errors: FieldError[] = [];
  const err = (path: string, message: string) => errors.push({ path, message });
  const L = REFORMAT_LIMITS;
  const body = (request ?? {}) as CreateReformatRequest;

  // The source.
  const info = typeof body.file_id === 'string' ? files.get(body.file_id) : undefined;
  const meta = (info?.metadata ?? {}) as Record<string, unknown>;
  let media: 'image' | 'video' | null = null;
  const source: ReformatSource = {
    width: num(meta, 'width') ?? 0,
    height: num(meta, 'height') ?? 0,
    duration_seconds: null,
    fps: null,
    has_audio: false,
    audio_codec: null,
    video_codec: null,
    format: null,
  };
  if (typeof body.file_id !== 'string') err('file_id', 'is required');
  else if (!info) err('file_id', 'no such file');
  else if (info.kind === 'image') {
    source.format = typeof meta.format === 'string' ? meta.format : null;
    if (meta.animated === true || (num(meta, 'pages') ?? 1) > 1) err('file_id', 'is an animated image; upload it as a video to reformat it');
    else if (!(source.width > 0 && source.height > 0)) err('file_id', 'has no known pixel size');
    else if (source.width * source.height > L.maxImagePixels)
      err('file_id', `is ${source.width}×${source.height} (${((source.width * source.height) / 1e6).toFixed(1)} megapixels); images may have at most ${L.maxImagePixels / 1e6} megapixels`);
    else media = 'image';
  } else if (info.kind === 'video') {
    source.duration_seconds = num(meta, 'duration_seconds');
    source.fps = num(meta, 'fps');
    source.has_audio = meta.has_audio === true;
    source.audio_codec = typeof meta.audio_codec === 'string' ? meta.audio_codec : null;
    source.video_codec = typeof meta.video_codec === 'string' ? meta.video_codec : null;
    const seconds = source.duration_seconds ?? 0;
    if (meta.has_video === false) err('file_id', 'is a video without a picture');
    else if (!(source.width > 0 && source.height > 0)) err('file_id', 'has no known picture size');
    else if (!(seconds > 0)) err('file_id', 'has zero length; a video must play for some time');
    else if (seconds > L.maxVideoSeconds) err('file_id', `lasts ${seconds} s; videos may last at most ${L.maxVideoSeconds} s`);
    else media = 'video';
  } else err('file_id', `must be a video or an image; this file is ${info.kind === 'audio' ? 'an audio' : `an ${info.kind}`} file`);

  // The targets.
  const list = Array.isArray(body.targets) ? body.targets : null;
  if (body.targets === undefined) err('targets', 'is required');
  else if (!list) err('targets', 'must be a list');
  else if (list.length < 1 || list.length > L.maxTargets) err('targets', `must hold 1 to ${L.maxTargets} targets`);
  const seen = new Map<string, number>();
  const targets: ReformatInputTarget[] = (list ?? []).slice(0, L.maxTargets).map((raw, index) => {
    const p = `targets[${index}]`;
    const t = (raw && typeof raw === 'object' ? raw : {}) as ReformatTarget;
    if (!raw || typeof raw !== 'object') err(p, 'must be an object');
    let width = 0;
    let height = 0;
    let aspect_ratio: ReformatAspectRatio | null = null;
    if (t.aspect_ratio !== undefined) {
      if (!ASPECTS.includes(t.aspect_ratio)) err(`${p}.aspect_ratio`, `must be one of ${ASPECTS.join(', ')}`);
      else ({ width, height } = REFORMAT_SIZES[(aspect_ratio = t.aspect_ratio)]);
      if (t.width !== undefined || t.height !== undefined) err(`${p}.${t.width !== undefined ? 'width' : 'height'}`, 'give either aspect_ratio or width and height, not both');
    } else if (t.width === undefined && t.height === undefined) {
      if (raw && typeof raw === 'object') err(p, 'needs aspect_ratio, or width and height');
    } else {
      for (const side of ['width', 'height'] as const) {
        const v = t[side];
        if (v === undefined) err(`${p}.${side}`, `is required with ${side === 'width' ? 'height' : 'width'}`);
        else if (!Number.isInteger(v) || v < L.minSide || v > L.maxSide) err(`${p}.${side}`, `must be a whole number of pixels from ${L.minSide} to ${L.maxSide}`);
        else if (media === 'video' && v % 2 !== 0) err(`${p}.${side}`, `must be an even number for a video (H.264 halves the colour resolution); ${v} is odd`);
        else if (side === 'width') width = v;
        else height = v;
      }
    }
    const fit = t.fit ?? 'crop';
    if (!FITS.includes(fit)) err(`${p}.fit`, `must be one of ${FITS.join(', ')}`);
    let anchor: ReformatAnchor | null = null;
    if (fit === 'crop') {
      anchor = t.anchor ?? 'centre';
      if (!ANCHORS.includes(anchor)) err(`${p}.anchor`, `must be one of ${ANCHORS.join(', ')}`);
    } else if (t.anchor !== undefined) err(`${p}.anchor`, 'applies only with fit "crop"');
    let color: string | null = null;
    if (fit === 'pad') {
      color = (t.color ?? '#000000').toLowerCase();
      if (typeof t.color !== 'undefined' && (typeof t.color !== 'string' || !COLOR.test(t.color))) err(`${p}.color`, 'must be a colour as #RRGGBB');
    } else if (t.color !== undefined) err(`${p}.color`, 'applies only with fit "pad"');
    const label = aspect_ratio ?? `${width}x${height}`;
    const key = `${width}x${height}/${fit}/${anchor}/${color}`;
    if (width && height && seen.has(key)) err(p, `repeats targets[${seen.get(key)}]; each target must differ in size or fit`);
    else seen.set(key, index);
    return { index, label, aspect_ratio, width, height, fit, anchor, color };
  });

  // Image outputs.
  let image_format: ReformatImageFormat | null = null;
  if (body.image_format !== undefined) {
    if (media === 'video' || info?.kind === 'video') err('image_format', 'applies only to image sources; videos are reformatted to MP4 (H.264, AAC)');
    else if (!IMAGE_FORMATS.includes(body.image_format)) err('image_format', `must be one of ${IMAGE_FORMATS.join(', ')}`);
    else image_format = body.image_format;
  }
  if (media === 'image' && image_format === null) image_format = source.format === 'jpeg' || source.format === 'png' || source.format === 'webp' ? source.format : source.format === 'gif' ? 'png' : 'jpeg';

  if (errors.length || media === null) {
    throw invalidRequest(errors.length === 1 ? `${errors[0].path} ${errors[0].message}.` : 'The reformat request has invalid fields.', errors);
  }
  return { file_id: body.file_id, media, targets, image_format, source };
}

/** Started minutes of a video source (at least 1); 1 for an image. */
export function pricedMinutes(input: Pick<ReformatInput, 'media' | 'source'>): number {
  if (input.media !== 'video') return 1;
  return Math.max(1, Math.ceil((input.source.duration_seconds ?? 0) / 60 - 1e-9));
}

/** The price: one unit per target; for a video per target and started minute, with the video surcharge. */
export function quoteReformat(input: ReformatInput, prices: PriceCatalogue): Quote {
  return quote(prices, 'reformat', { quantity: input.targets.length * pricedMinutes(input), options: { media: input.media } });
}
