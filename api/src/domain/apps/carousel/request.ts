import crypto from 'node:crypto';
import { z } from 'zod';
import { ApiError, type FieldError } from '../../../errors/api-error';
import type { InputFileInfo, JobApp } from '../../jobs/app-contract';
import { quote, type PriceCatalogue, type Quote } from '../../pricing/pricing';
import { distinctSetCount, planSets, type CarouselSelection, type CarouselSlideChoice } from './plan';

export type { CarouselSelection, CarouselSlideChoice } from './plan';

/*
 * Carousels: many Instagram/TikTok carousel sets from per-slide image and text variants.
 * This module is the API side (request shape, validation, selection plan, price); the worker side
 * is `workers/src/apps/carousel/render.ts`.
 */

// ── Limits (the JSDoc below repeats them as literals because tsoa reads the comments) ──────────────
export const MIN_SLIDES = 2;
export const MAX_SLIDES = 10;
export const MAX_IMAGES_PER_SLIDE = 8;
export const MAX_TEXTS_PER_SLIDE = 20;
export const MAX_TEXT_LENGTH = 500;
export const MAX_SETS = 100;
/** Source images larger than this (width × height as displayed) are refused: 50 megapixels. */
export const MAX_INPUT_PIXELS = 50_000_000;
export const MAX_SEED = 2_147_483_647;

/** Fonts bundled with Lumiku (DejaVu, from the `dejavu-fonts-ttf` package); nothing else is used. */
export const CAROUSEL_FONT_FAMILIES = ['dejavu_sans', 'dejavu_sans_condensed', 'dejavu_serif', 'dejavu_serif_condensed', 'dejavu_sans_mono'] as const;
/** A bundled font family. Every family has a normal and a bold weight. */
export type CarouselFontFamily = (typeof CAROUSEL_FONT_FAMILIES)[number];
/** Font weight: every bundled family has both. */
export type CarouselFontWeight = 'normal' | 'bold';
/** Alignment of the text lines within their box. */
export type CarouselTextAlign = 'left' | 'center' | 'right';
/** Output frame: `1:1` 1080×1080, `4:5` 1080×1350, `9:16` 1080×1920. */
export type CarouselAspectRatio = '1:1' | '4:5' | '9:16';
/** Image format of the slide files. */
export type CarouselFormat = 'jpeg' | 'png' | 'webp';

/** Output frame per aspect ratio: always 1080 px wide. */
export const CAROUSEL_SIZES: Record<CarouselAspectRatio, { width: number; height: number }> = {
  '1:1': { width: 1080, height: 1080 },
  '4:5': { width: 1080, height: 1350 },
  '9:16': { width: 1080, height: 1920 },
};

/**
 * An sRGB colour as `#RRGGBB`.
 * @pattern ^#[0-9A-Fa-f]{6}$
 * @example "#FFFFFF"
 */
export type HexColor = string;

/**
 * The id of an uploaded image file (`POST /v1/files`).
 * @pattern ^file_[0-9a-z]{26}$
 * @example "file_01jf3v8a6q8m2k4c7xw9t5b3nd"
 */
export type CarouselImageFileId = string;

/**
 * One text variant: plain text (no markup; `<`, `&` are shown as typed), `\n` forces a line break.
 * It wraps to the text box and is shrunk until it fits the image.
 * @minLength 1
 * @maxLength 500
 * @example "5 tips for better sleep"
 */
export type CarouselText = string;

/**
 * How a slide's text looks. Every field is optional: a slide's `text_style` overrides the
 * request's `text_style`, which overrides the defaults given here. Sizes and positions are in
 * percent of the output frame, so a style looks the same at every aspect ratio.
 */
export interface CarouselTextStyle {
  /** A bundled font family. Default `dejavu_sans`. @example "dejavu_sans" */
  font_family?: CarouselFontFamily;
  /**
   * Font size in percent of the output width (1080 px): 5 → 54 px. Text that does not fit its box
   * is shrunk step by step until it does; outputs report the size used. Default 6.
   * @minimum 1
   * @maximum 20
   * @example 6
   */
  size_percent?: number;
  /** Default `bold`. */
  weight?: CarouselFontWeight;
  /** Text colour. Default `#FFFFFF`. */
  color?: HexColor;
  /** Colour of the box behind the text (shown when `background_opacity` > 0). Default `#000000`. */
  background_color?: HexColor;
  /**
   * Opacity of the box behind the text: 0 (no box) to 1 (solid). Default 0.
   * @minimum 0
   * @maximum 1
   * @example 0.6
   */
  background_opacity?: number;
  /** Alignment of the lines within the box. Default `center`. */
  align?: CarouselTextAlign;
  /**
   * Horizontal position of the box, as in CSS `background-position`: 0 puts it against the left
   * edge, 100 against the right edge, 50 centres it. The box never leaves the image. Default 50.
   * @minimum 0
   * @maximum 100
   * @example 50
   */
  x_percent?: number;
  /**
   * Vertical position of the box: 0 against the top edge, 100 against the bottom, 50 centred.
   * Default 50.
   * @minimum 0
   * @maximum 100
   * @example 80
   */
  y_percent?: number;
  /**
   * The widest the box may be (padding included), in percent of the output width; the text wraps
   * to fit inside. The box is as narrow as its text. Default 90.
   * @minimum 10
   * @maximum 100
   * @example 90
   */
  max_width_percent?: number;
  /** A soft drop shadow under the text (and its outline). Default true. */
  shadow?: boolean;
  /** An outline around every glyph, in `outline_color`. Default false. */
  outline?: boolean;
  /** Outline colour (used when `outline` is true). Default `#000000`. */
  outline_color?: HexColor;
  /**
   * Space between the text and the edge of its box on every side, in percent of the output width.
   * `max_width_percent` minus twice the padding must be at least 5 (room for the text). Default 3.
   * @minimum 0
   * @maximum 20
   * @example 3
   */
  padding_percent?: number;
}

/** One position of every set: its image variants, its text variants and their style. */
export interface CarouselSlide {
  /**
   * Image variants for this position: ids of uploaded image files (not videos). The same id may
   * not appear twice in one slide.
   * @minItems 1
   * @maxItems 8
   */
  images: CarouselImageFileId[];
  /**
   * Text variants for this position, each drawn on the slide's image; empty (the default) for no
   * text. The same text may not appear twice in one slide.
   * @maxItems 20
   */
  texts?: CarouselText[];
  /** Overrides the request's `text_style` for this position, field by field. */
  text_style?: CarouselTextStyle;
}

export interface CreateCarouselRequest {
  /**
   * The positions of each set, in order (slide 1, slide 2, …).
   * @minItems 2
   * @maxItems 10
   */
  slides: CarouselSlide[];
  /** The default text style of every slide (each slide may override fields). */
  text_style?: CarouselTextStyle;
  /**
   * How many carousel sets to make. The price is per set.
   * @isInt
   * @minimum 1
   * @maximum 100
   * @example 20
   */
  sets: number;
  /**
   * How each set picks its variants. `round_robin`: set k uses image k mod n and text k mod m of
   * every slide. `random`: every slide of every set picks at random (from `seed`). `unique`: random,
   * but no two sets are identical; asking for more sets than distinct combinations exist is refused
   * with `too_many_sets`, which states the maximum. Default `unique`.
   */
  selection?: CarouselSelection;
  /**
   * Seed of the random choices: the same request with the same seed makes the same sets. Default: a
   * random seed (the seed used is kept with the job's normalized input).
   * @isInt
   * @minimum 0
   * @maximum 2147483647
   * @example 42
   */
  seed?: number;
  /** Output frame, 1080 px wide: `1:1` 1080×1080, `4:5` 1080×1350, `9:16` 1080×1920. Default `4:5`. */
  aspect_ratio?: CarouselAspectRatio;
  /** Image format of the slide files. Default `jpeg`. */
  format?: CarouselFormat;
  /** Also produce one ZIP with a folder per set. Default true. */
  zip?: boolean;
}

/** A text style with every default applied: what the renderer draws. */
export type ResolvedCarouselTextStyle = Required<CarouselTextStyle>;

export interface CarouselSlideInput {
  images: string[];
  texts: string[];
  text_style: ResolvedCarouselTextStyle;
}

/** The normalized job input: everything the renderer needs, and exactly what was priced. */
export interface CarouselInput {
  slides: CarouselSlideInput[];
  sets: number;
  selection: CarouselSelection;
  seed: number;
  aspect_ratio: CarouselAspectRatio;
  format: CarouselFormat;
  zip: boolean;
  /** Output frame in pixels (from `aspect_ratio`). */
  width: number;
  height: number;
  /** `plan[set][position]`: the image and text each slide of each set shows (0-based indexes). */
  plan: CarouselSlideChoice[][];
  /** How many different slide files the plan needs (a repeated slide is rendered once). */
  distinct_slides: number;
}

export const DEFAULT_TEXT_STYLE: ResolvedCarouselTextStyle = {
  font_family: 'dejavu_sans',
  size_percent: 6,
  weight: 'bold',
  color: '#FFFFFF',
  background_color: '#000000',
  background_opacity: 0,
  align: 'center',
  x_percent: 50,
  y_percent: 50,
  max_width_percent: 90,
  shadow: true,
  outline: false,
  outline_color: '#000000',
  padding_percent: 3,
};

// ── Schema (the same rules tsoa applies, kept here so normalize is safe on any caller) ────────────
const hex = z.string().regex(/^#[0-9A-Fa-f]{6}$/, 'must be a colour like #RRGGBB');
const TextStyle = z
  .object({
    font_family: z.enum(CAROUSEL_FONT_FAMILIES),
    size_percent: z.number().min(1).max(20),
    weight: z.enum(['normal', 'bold']),
    color: hex,
    background_color: hex,
    background_opacity: z.number().min(0).max(1),
    align: z.enum(['left', 'center', 'right']),
    x_percent: z.number().min(0).max(100),
    y_percent: z.number().min(0).max(100),
    max_width_percent: z.number().min(10).max(100),
    shadow: z.boolean(),
    outline: z.boolean(),
    outline_color: hex,
    padding_percent: z.number().min(0).max(20),
  })
  .partial()
  .strict();
const Request = z
  .object({
    slides: z
      .array(
        z
          .object({
            images: z.array(z.string().regex(/^file_[0-9a-z]{26}$/, 'must be a file id')).min(1).max(MAX_IMAGES_PER_SLIDE),
            texts: z.array(z.string().min(1).max(MAX_TEXT_LENGTH)).max(MAX_TEXTS_PER_SLIDE).optional(),
            text_style: TextStyle.optional(),
          })
          .strict(),
      )
      .min(MIN_SLIDES)
      .max(MAX_SLIDES),
    text_style: TextStyle.optional(),
    sets: z.number().int().min(1).max(MAX_SETS),
    selection: z.enum(['round_robin', 'random', 'unique']).optional(),
    seed: z.number().int().min(0).max(MAX_SEED).optional(),
    aspect_ratio: z.enum(['1:1', '4:5', '9:16']).optional(),
    format: z.enum(['jpeg', 'png', 'webp']).optional(),
    zip: z.boolean().optional(),
  })
  .strict();

const zodPath = (p: PropertyKey[]) => p.reduce<string>((s, k) => (typeof k === 'number' ? `${s}[${k}]` : s ? `${s}.${String(k)}` : String(k)), '');

/** Control characters other than line feed and tab (a NUL would cut the text short in the renderer). */
const CONTROL = /[\u0000-\u0008\u000B-\u001F\u007F]/;

function resolveStyle(...layers: (CarouselTextStyle | undefined)[]): ResolvedCarouselTextStyle {
  const style = { ...DEFAULT_TEXT_STYLE };
  for (const layer of layers) {
    if (!layer) continue;
    for (const [k, v] of Object.entries(layer)) if (v !== undefined) (style as Record<string, unknown>)[k] = v;
  }
  return style;
}

/** The fields of a resolved style in a fixed order (stored JSON may come back with keys reordered). */
export function styleKey(s: ResolvedCarouselTextStyle): string {
  return [s.font_family, s.size_percent, s.weight, s.color.toUpperCase(), s.background_color.toUpperCase(), s.background_opacity, s.align, s.x_percent, s.y_percent, s.max_width_percent, s.shadow, s.outline, s.outline_color.toUpperCase(), s.padding_percent].join('|');
}

/** What makes two slides the same file: the image, the text and (with text) its style. */
export function slideKey(input: Pick<CarouselInput, 'slides'>, position: number, choice: CarouselSlideChoice): string {
  const slide = input.slides[position];
  const file = slide.images[choice.image];
  if (choice.text === null) return `${file}\u0000`;
  return `${file}\u0000${slide.texts[choice.text]}\u0000${styleKey(slide.text_style)}`;
}

export function countDistinctSlides(input: Pick<CarouselInput, 'slides' | 'plan'>): number {
  const keys = new Set<string>();
  input.plan.forEach((set) => set.forEach((choice, p) => keys.add(slideKey(input, p, choice))));
  return keys.size;
}

function fileIds(request: CreateCarouselRequest): string[] {
  return [...new Set((request.slides ?? []).flatMap((s) => s.images ?? []))];
}

function normalize(request: CreateCarouselRequest, files: Map<string, InputFileInfo>): CarouselInput {
  const parsed = Request.safeParse(request);
  if (!parsed.success) {
    const errors = parsed.error.issues.map((i) => ({ path: zodPath(i.path) || '(body)', message: i.message }));
    throw new ApiError(422, 'validation_failed', `Invalid carousel request: ${errors.map((e) => `${e.path}: ${e.message}`).join('; ')}`, { errors });
  }
  const body = parsed.data;
  const errors: FieldError[] = [];
  const slides: CarouselSlideInput[] = body.slides.map((slide, p) => {
    const texts = slide.texts ?? [];
    const style = resolveStyle(body.text_style, slide.text_style);
    if (new Set(slide.images).size !== slide.images.length) errors.push({ path: `slides[${p}].images`, message: 'lists the same file twice' });
    if (new Set(texts).size !== texts.length) errors.push({ path: `slides[${p}].texts`, message: 'lists the same text twice' });
    texts.forEach((t, i) => {
      if (!t.trim()) errors.push({ path: `slides[${p}].texts[${i}]`, message: 'is blank' });
      else if (CONTROL.test(t)) errors.push({ path: `slides[${p}].texts[${i}]`, message: 'contains control characters (only line breaks and tabs are allowed)' });
    });
    if (style.max_width_percent - 2 * style.padding_percent < 5)
      errors.push({ path: `slides[${p}].text_style.padding_percent`, message: `leaves no room for text: max_width_percent (${style.max_width_percent}) − 2 × padding_percent (${style.padding_percent}) must be at least 5` });
    slide.images.forEach((id, i) => {
      const path = `slides[${p}].images[${i}]`;
      const info = files.get(id);
      if (!info) return void errors.push({ path, message: `no file ${id}` });
      if (info.kind !== 'image') return void errors.push({ path, message: `${id} is ${info.kind === 'archive' ? 'an' : 'a'} ${info.kind} file; carousel slides take images only` });
      const w = Number(info.metadata.width);
      const h = Number(info.metadata.height);
      if (!(w > 0 && h > 0)) return void errors.push({ path, message: `${id} has no known pixel size` });
      if (w * h > MAX_INPUT_PIXELS)
        errors.push({ path, message: `${id} is ${w}×${h} (${(w * h / 1e6).toFixed(1)} megapixels); images may have at most ${MAX_INPUT_PIXELS / 1e6} megapixels` });
    });
    return { images: slide.images, texts, text_style: style };
  });
  if (errors.length) throw new ApiError(422, 'validation_failed', `Invalid carousel request: ${errors.map((e) => `${e.path} ${e.message}`).join('; ')}`, { errors });

  const selection = body.selection ?? 'unique';
  const positions = slides.map((s) => ({ images: s.images.length, texts: s.texts.length }));
  if (selection === 'unique') {
    const max = distinctSetCount(positions);
    if (BigInt(body.sets) > max)
      throw new ApiError(422, 'too_many_sets', `Only ${max} distinct ${max === 1n ? 'set' : 'sets'} can be made from these variants: ask for at most ${max}, add variants, or use selection round_robin or random.`, {
        errors: [{ path: 'sets', message: `must be at most ${max} (the number of distinct sets) with selection unique` }],
      });
  }
  const seed = body.seed ?? crypto.randomInt(0, MAX_SEED + 1);
  const aspect_ratio = body.aspect_ratio ?? '4:5';
  const plan = planSets(positions, body.sets, selection, seed);
  const input: CarouselInput = {
    slides,
    sets: body.sets,
    selection,
    seed,
    aspect_ratio,
    format: body.format ?? 'jpeg',
    zip: body.zip ?? true,
    ...CAROUSEL_SIZES[aspect_ratio],
    plan,
    distinct_slides: 0,
  };
  input.distinct_slides = countDistinctSlides(input);
  return input;
}

/** The price: one unit per set; output options go to the catalogue so it can price them. */
function quoteCarousel(input: CarouselInput, prices: PriceCatalogue): Quote {
  return quote(prices, 'carousel', { quantity: input.sets, options: { aspect_ratio: input.aspect_ratio, format: input.format } });
}

export const carouselApp: JobApp<CreateCarouselRequest, CarouselInput> = {
  name: 'carousel',
  idPrefix: 'crsl',
  path: 'carousels',
  pool: 'image',
  fileIds,
  normalize,
  quote: quoteCarousel,
};
