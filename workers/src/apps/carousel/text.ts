import sharp from 'sharp';
import type { ResolvedCarouselTextStyle } from '../../../../api/src/domain/apps/carousel/request';
import { JobError } from '../../../../api/src/domain/jobs/app-contract';
import { fontFor } from './fonts';

/**
 * One text block drawn once, as an RGBA layer (straight alpha) the size of its box, with where the
 * box goes in the frame. Composited onto every slide that shows this text in this style.
 */
export interface TextLayer {
  data: Buffer;
  width: number;
  height: number;
  left: number;
  top: number;
  /** The font size drawn, after any shrinking to fit. */
  fontSizePx: number;
  /** The font size the style asked for. */
  requestedFontSizePx: number;
  /** How many layouts were tried (1 when the text fitted at once). */
  attempts: number;
  /** True when a word longer than the box had to be broken across lines. */
  wordsBroken: boolean;
}

interface Mask {
  data: Buffer;
  width: number;
  height: number;
}

/** The smallest font size the fitter goes down to before giving up. */
export const MIN_FONT_PX = 6;
/** Each shrinking step takes at least this much off the size. */
const SHRINK_STEP = 0.92;
const SHADOW_OPACITY = 0.6;

interface Effects {
  outline: number;
  shadowOffset: number;
  shadowSigma: number;
  /** Margin around the glyphs that the outline and shadow may cover (all four sides, so the text stays centred in its box). */
  margin: number;
}

function effectsFor(style: ResolvedCarouselTextStyle, sizePx: number): Effects {
  const outline = style.outline ? Math.max(1, Math.round(sizePx * 0.06)) : 0;
  const shadowOffset = style.shadow ? Math.max(1, Math.round(sizePx * 0.04)) : 0;
  const shadowSigma = style.shadow ? Math.max(0.5, sizePx * 0.04) : 0;
  const margin = outline + (style.shadow ? shadowOffset + Math.ceil(3 * shadowSigma) : 0);
  return { outline, shadowOffset, shadowSigma, margin };
}

const escapeMarkup = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function hexToRgb(hex: string): [number, number, number] {
  const n = parseInt(hex.slice(1), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

/** Glyph coverage of `text` wrapped at `wrapWidth` px: a one-band mask cropped to the text's extents. */
async function renderMask(text: string, style: ResolvedCarouselTextStyle, sizePx: number, wrapWidth: number, wrap: 'word' | 'word-char'): Promise<Mask> {
  const { font, fontfile } = fontFor(style.font_family, style.weight, sizePx);
  const { data, info } = await sharp({
    text: {
      text: escapeMarkup(text),
      font,
      fontfile,
      width: Math.max(1, Math.floor(wrapWidth)),
      dpi: 72,
      align: style.align === 'center' ? 'centre' : style.align,
      wrap,
    },
  })
    .extractChannel(0)
    .raw()
    .toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height };
}

/** Greyscale dilation by a square of half-width `r` (separable running max). */
function dilateSquare(src: Uint8Array, w: number, h: number, r: number): Uint8Array {
  if (r <= 0) return src;
  const tmp = new Uint8Array(src.length);
  for (let y = 0; y < h; y += 1) {
    const row = y * w;
    for (let x = 0; x < w; x += 1) {
      let m = 0;
      const x0 = Math.max(0, x - r);
      const x1 = Math.min(w - 1, x + r);
      for (let i = x0; i <= x1; i += 1) if (src[row + i] > m) m = src[row + i];
      tmp[row + x] = m;
    }
  }
  const out = new Uint8Array(src.length);
  for (let y = 0; y < h; y += 1) {
    const y0 = Math.max(0, y - r);
    const y1 = Math.min(h - 1, y + r);
    for (let x = 0; x < w; x += 1) {
      let m = 0;
      for (let j = y0; j <= y1; j += 1) if (tmp[j * w + x] > m) m = tmp[j * w + x];
      out[y * w + x] = m;
    }
  }
  return out;
}

/** Greyscale dilation by a diamond of radius `r` (r steps of the 4-neighbour cross, two buffers in turn). */
function dilateDiamond(src: Uint8Array, w: number, h: number, r: number): Uint8Array {
  if (r <= 0) return src;
  let cur = Uint8Array.from(src);
  let next = new Uint8Array(src.length);
  for (let step = 0; step < r; step += 1) {
    for (let y = 0; y < h; y += 1) {
      const row = y * w;
      const up = y > 0 ? -w : 0;
      const down = y < h - 1 ? w : 0;
      for (let x = 0; x < w; x += 1) {
        const i = row + x;
        let m = cur[i];
        const l = x > 0 ? cur[i - 1] : 0;
        const rt = x < w - 1 ? cur[i + 1] : 0;
        const u = cur[i + up];
        const d = cur[i + down];
        if (l > m) m = l;
        if (rt > m) m = rt;
        if (u > m) m = u;
        if (d > m) m = d;
        next[i] = m;
      }
    }
    [cur, next] = [next, cur];
  }
  return cur;
}

/**
 * Dilation by a near-circular octagon of radius `r`: a square of half-width r(√2−1) followed by a
 * diamond of radius r(2−√2) reaches r along the axes and the diagonals. Antialiased glyph edges
 * stay antialiased (a max filter carries their grey levels outwards).
 */
export function dilate(src: Uint8Array, w: number, h: number, r: number): Uint8Array {
  const a = Math.round(r * (Math.SQRT2 - 1));
  return dilateDiamond(dilateSquare(src, w, h, a), w, h, r - a);
}

/**
 * Draws `text` in `style` for a `frameWidth` × `frameHeight` slide. The text wraps to the box
 * width; if the block (with padding, outline and shadow) is still wider than the box may be or
 * taller than the frame, the font shrinks step by step (≥ 8 % a step, more when far off) until it
 * fits, so text never leaves the frame. The box is placed by `x_percent`/`y_percent` within the
 * free space, so it is always entirely inside the frame.
 */
export async function renderTextLayer(text: string, style: ResolvedCarouselTextStyle, frameWidth: number, frameHeight: number): Promise<TextLayer> {
  const requested = Math.max(MIN_FONT_PX, Math.round((frameWidth * style.size_percent) / 100));
  const pad = Math.round((frameWidth * style.padding_percent) / 100);
  const maxBoxWidth = Math.floor((frameWidth * style.max_width_percent) / 100);
  const maxBoxHeight = frameHeight;

  let attempts = 0;
  // Lines break between words; a word wider than the box shrinks the font like any overflow. Only
  // text that cannot fit even at the smallest size that way (a very long unbroken string) is laid
  // out again with breaks inside words.
  for (const wrap of ['word', 'word-char'] as const) {
    let size = requested;
    for (;;) {
      const fx = effectsFor(style, size);
      const wrapWidth = maxBoxWidth - 2 * pad - 2 * fx.margin;
      let boxWidth = Infinity;
      let boxHeight = Infinity;
      let mask: Mask | undefined;
      if (wrapWidth >= 1) {
        attempts += 1;
        try {
          mask = await renderMask(text, style, size, wrapWidth, wrap);
        } catch (err) {
          throw new JobError('render_failed', `The text could not be drawn: ${(err as Error).message}`, { cause: err });
        }
        boxWidth = mask.width + 2 * (pad + fx.margin);
        boxHeight = mask.height + 2 * (pad + fx.margin);
      }
      if (mask && boxWidth <= maxBoxWidth && boxHeight <= maxBoxHeight) {
        const data = await composeLayer(mask, style, fx, pad, boxWidth, boxHeight);
        return {
          data,
          width: boxWidth,
          height: boxHeight,
          left: Math.round(((frameWidth - boxWidth) * style.x_percent) / 100),
          top: Math.round(((frameHeight - boxHeight) * style.y_percent) / 100),
          fontSizePx: size,
          requestedFontSizePx: requested,
          attempts,
          wordsBroken: wrap === 'word-char',
        };
      }
      if (size <= MIN_FONT_PX) break;
      // Wrapped text grows with the square of the size (wider lines and more of them), a single
      // line linearly: the square root of the height excess never shrinks too far.
      const factor = Number.isFinite(boxWidth) ? Math.min(maxBoxWidth / boxWidth, Math.sqrt(maxBoxHeight / boxHeight)) : 0.5;
      size = Math.max(MIN_FONT_PX, Math.min(size - 1, Math.floor(size * Math.min(SHRINK_STEP, factor))));
    }
  }
  throw new JobError('render_failed', `The text does not fit the slide even at ${MIN_FONT_PX} px: "${text.slice(0, 40)}…"`);
}

/** Background box, shadow, outline and glyphs, composited ("over", straight alpha) into one RGBA layer. */
async function composeLayer(mask: Mask, style: ResolvedCarouselTextStyle, fx: Effects, pad: number, w: number, h: number): Promise<Buffer> {
  const n = w * h;
  const glyphs = new Uint8Array(n);
  const off = pad + fx.margin;
  for (let y = 0; y < mask.height; y += 1) glyphs.set(mask.data.subarray(y * mask.width, (y + 1) * mask.width), (y + off) * w + off);

  const outline = fx.outline ? dilate(glyphs, w, h, fx.outline) : null;
  let shadow: Buffer | null = null;
  if (style.shadow) {
    const src = outline ?? glyphs;
    const shifted = new Uint8Array(n);
    const d = fx.shadowOffset;
    for (let y = 0; y + d < h; y += 1) shifted.set(src.subarray(y * w, y * w + w - d), (y + d) * w + d);
    shadow = await sharp(Buffer.from(shifted.buffer, shifted.byteOffset, shifted.byteLength), { raw: { width: w, height: h, channels: 1 } })
      .blur(Math.max(0.3, fx.shadowSigma))
      .extractChannel(0)
      .raw()
      .toBuffer();
  }

  const [br, bg, bb] = hexToRgb(style.background_color);
  const [tr, tg, tb] = hexToRgb(style.color);
  const [or, og, ob] = hexToRgb(style.outline_color);
  const bgA = style.background_opacity;
  const out = Buffer.alloc(n * 4);
  for (let i = 0; i < n; i += 1) {
    let a = bgA;
    let r = br * a;
    let g = bg * a;
    let b = bb * a;
    // Premultiplied "over": c = c_top + c_under × (1 − a_top).
    if (shadow && shadow[i]) {
      const sa = (shadow[i] / 255) * SHADOW_OPACITY;
      r *= 1 - sa;
      g *= 1 - sa;
      b *= 1 - sa;
      a = sa + a * (1 - sa);
    }
    if (outline && outline[i]) {
      const oa = outline[i] / 255;
      r = or * oa + r * (1 - oa);
      g = og * oa + g * (1 - oa);
      b = ob * oa + b * (1 - oa);
      a = oa + a * (1 - oa);
    }
    if (glyphs[i]) {
      const ta = glyphs[i] / 255;
      r = tr * ta + r * (1 - ta);
      g = tg * ta + g * (1 - ta);
      b = tb * ta + b * (1 - ta);
      a = ta + a * (1 - ta);
    }
    const j = i * 4;
    if (a > 0) {
      out[j] = Math.round(r / a);
      out[j + 1] = Math.round(g / a);
      out[j + 2] = Math.round(b / a);
      out[j + 3] = Math.round(a * 255);
    }
  }
  return out;
}
