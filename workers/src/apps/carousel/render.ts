import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import {
  MAX_INPUT_PIXELS,
  slideKey,
  styleKey,
  type CarouselFormat,
  type CarouselInput,
  type ResolvedCarouselTextStyle,
} from '../../../../api/src/domain/apps/carousel/request';
import { JobError, type RenderContext, type RenderedOutput, type Renderer } from '../../../../api/src/domain/jobs/app-contract';
import { runPool, throwIfAborted, writeZip } from '../../media';
import { useBundledFonts } from './fonts';
import { renderTextLayer, type TextLayer } from './text';

/**
 * The carousel renderer. It does each piece of work once:
 *
 * 1. every distinct source image is decoded, EXIF-rotated and cover-resized to the frame once;
 * 2. every distinct text block (text, style, frame) is laid out, fitted and drawn once, as an RGBA
 *    layer;
 * 3. every distinct slide (image, text, style) is composited and encoded once, to one file;
 * 4. each (set, position) output is a hard link to its slide's file (a copy only where the file
 *    system cannot link), so a slide that repeats across sets costs no rendering and no disk.
 *
 * Outputs: one `slide` output per set and position (`index` = set, `position` = slide, both
 * 0-based; files `set-003-slide-02.jpg`, 1-based like every name people see), in set order, then
 * the `zip` (a folder per set) when asked. One output per (set, position) keeps the job's
 * `outputs` what the client wants (each set as ordered slide files) while the work stays per
 * distinct slide; `metadata.distinct_slide` (and, on disk, the shared inode) shows the repeats, so
 * the engine may store a repeated file once if its storage can.
 *
 * Memory stays bounded: slides are rendered position by position, and a decoded image or a text
 * layer is dropped as soon as the last slide that needs it is done.
 */

// The bundled fonts must be fontconfig's only fonts before any text is drawn in this process, so
// this runs when the worker loads its renderers (a failure here is reported by the first render).
try {
  useBundledFonts();
} catch {
  // reported by renderCarousel
}

const EXT: Record<CarouselFormat, string> = { jpeg: 'jpg', png: 'png', webp: 'webp' };
const CONTENT_TYPE: Record<CarouselFormat, string> = { jpeg: 'image/jpeg', png: 'image/png', webp: 'image/webp' };
/** The renderer's share of the job's progress; the engine reports the rest (storing the outputs). */
const LAST_PROGRESS = 0.98;

export interface CarouselRenderStats {
  /** Source images decoded and resized (one per distinct file used). */
  images_decoded: number;
  /** Text blocks drawn (one per distinct text and style). */
  text_layers: number;
  /** Text layouts tried while fitting (≥ text_layers). */
  text_layouts: number;
  /** Slide files composited and encoded (one per distinct slide). */
  slides_encoded: number;
  /** (set, position) slide outputs. */
  slide_outputs: number;
  /** Outputs that had to be copied because hard links were refused. */
  copies: number;
}

interface Frame {
  data: Buffer;
  width: number;
  height: number;
}

interface DistinctSlide {
  index: number;
  key: string;
  position: number;
  fileId: string;
  textIndex: number | null;
  text: string | null;
  style: ResolvedCarouselTextStyle;
  textKey: string | null;
  file?: string;
  layer?: Pick<TextLayer, 'left' | 'top' | 'width' | 'height' | 'fontSizePx' | 'requestedFontSizePx' | 'wordsBroken'> | null;
}

const pad = (n: number, width: number) => String(n).padStart(width, '0');
export const slideFilename = (set: number, position: number, format: CarouselFormat) => `set-${pad(set + 1, 3)}-slide-${pad(position + 1, 2)}.${EXT[format]}`;
export const zipEntryName = (set: number, position: number, format: CarouselFormat) => `set-${pad(set + 1, 3)}/slide-${pad(position + 1, 2)}.${EXT[format]}`;

/** Decodes one source image, applies its EXIF orientation and cover-resizes it to the frame (raw sRGB). */
export async function prepareFrame(filePath: string, width: number, height: number, label = path.basename(filePath)): Promise<Frame> {
  try {
    const { data, info } = await sharp(filePath, { limitInputPixels: MAX_INPUT_PIXELS, failOn: 'error' })
      .autoOrient()
      .resize(width, height, { fit: 'cover', position: 'centre' })
      .flatten({ background: '#ffffff' })
      .toColourspace('srgb')
      .removeAlpha()
      .raw({ depth: 'uchar' })
      .toBuffer({ resolveWithObject: true });
    if (info.channels !== 3 || info.width !== width || info.height !== height) throw new Error(`unexpected decode result ${info.width}×${info.height}×${info.channels}`);
    return { data, width, height };
  } catch (err) {
    throw new JobError('media_unreadable', `The image ${label} could not be read: ${(err as Error).message}`, { cause: err });
  }
}

/**
 * The frame with the text layer blended "over" it (straight alpha), written into `out` (a
 * frame-sized buffer; reusing one saves the page faults of a fresh 4–6 MB allocation per slide).
 */
export function blendLayer(frame: Frame, layer: TextLayer, out: Buffer = Buffer.allocUnsafe(frame.data.length)): Buffer {
  frame.data.copy(out);
  const x0 = Math.max(0, layer.left);
  const y0 = Math.max(0, layer.top);
  const x1 = Math.min(frame.width, layer.left + layer.width);
  const y1 = Math.min(frame.height, layer.top + layer.height);
  const src = layer.data;
  for (let y = y0; y < y1; y += 1) {
    let j = ((y - layer.top) * layer.width + (x0 - layer.left)) * 4;
    let i = (y * frame.width + x0) * 3;
    for (let x = x0; x < x1; x += 1, i += 3, j += 4) {
      const a = src[j + 3];
      if (a === 0) continue;
      if (a === 255) {
        out[i] = src[j];
        out[i + 1] = src[j + 1];
        out[i + 2] = src[j + 2];
      } else {
        const b = 255 - a;
        out[i] = (src[j] * a + out[i] * b + 127) / 255;
        out[i + 1] = (src[j + 1] * a + out[i + 1] * b + 127) / 255;
        out[i + 2] = (src[j + 2] * a + out[i + 2] * b + 127) / 255;
      }
    }
  }
  return out;
}

/** Frame-sized scratch buffers, reused from slide to slide. */
export class BufferPool {
  private readonly free: Buffer[] = [];
  take(bytes: number): Buffer {
    const i = this.free.findIndex((b) => b.length === bytes);
    return i >= 0 ? this.free.splice(i, 1)[0] : Buffer.allocUnsafe(bytes);
  }
  give(buffer: Buffer) {
    this.free.push(buffer);
  }
}

/** Puts a text layer (if any) on a frame and encodes the slide to `outFile`. */
export async function encodeSlide(frame: Frame, layer: TextLayer | null, format: CarouselFormat, outFile: string, buffers = new BufferPool()): Promise<void> {
  const scratch = layer ? buffers.take(frame.data.length) : null;
  try {
    const pixels = layer ? blendLayer(frame, layer, scratch!) : frame.data;
    let img = sharp(pixels, { raw: { width: frame.width, height: frame.height, channels: 3 } });
    if (format === 'jpeg') img = img.jpeg({ quality: 90, chromaSubsampling: '4:2:0' });
    else if (format === 'png') img = img.png({ compressionLevel: 6 });
    else img = img.webp({ quality: 88, effort: 4 });
    await img.toFile(outFile);
  } catch (err) {
    throw new JobError('render_failed', `A slide could not be encoded: ${(err as Error).message}`, { cause: err });
  } finally {
    if (scratch) buffers.give(scratch);
  }
}

/** A cache of values built on first use and dropped after their last use. */
class RefCache<V> {
  private readonly values = new Map<string, Promise<V>>();
  private readonly refs = new Map<string, number>();
  constructor(private readonly build: (key: string) => Promise<V>) {}
  expect(key: string) {
    this.refs.set(key, (this.refs.get(key) ?? 0) + 1);
  }
  get(key: string): Promise<V> {
    let v = this.values.get(key);
    if (!v) {
      v = this.build(key);
      v.catch(() => {}); // awaited by every user; never an unhandled rejection
      this.values.set(key, v);
    }
    return v;
  }
  release(key: string) {
    const left = (this.refs.get(key) ?? 1) - 1;
    this.refs.set(key, left);
    if (left <= 0) this.values.delete(key);
  }
}

async function linkOrCopy(from: string, to: string): Promise<'link' | 'copy'> {
  try {
    await fs.promises.link(from, to);
    return 'link';
  } catch {
    await fs.promises.copyFile(from, to, fs.constants.COPYFILE_FICLONE);
    return 'copy';
  }
}

/** The renderer, with counts of the work it did (for tests and benchmarks). */
export async function renderCarouselWithStats(input: CarouselInput, ctx: RenderContext): Promise<{ outputs: RenderedOutput[]; stats: CarouselRenderStats }> {
  try {
    useBundledFonts();
  } catch (err) {
    throw new JobError('render_failed', `The bundled fonts could not be set up: ${(err as Error).message}`, { cause: err });
  }
  const stats: CarouselRenderStats = { images_decoded: 0, text_layers: 0, text_layouts: 0, slides_encoded: 0, slide_outputs: 0, copies: 0 };
  const { width, height, format } = input;
  throwIfAborted(ctx.signal);
  ctx.progress(0, 'preparing');

  // Distinct slides, in the order they are rendered: by position, then image, then text.
  const distinct = new Map<string, DistinctSlide>();
  const keys: string[][] = input.plan.map((set, s) => {
    if (set.length !== input.slides.length) throw new JobError('render_failed', `Set ${s} of the plan has ${set.length} slides, not ${input.slides.length}.`);
    return set.map((choice, p) => {
      const key = slideKey(input, p, choice);
      if (!distinct.has(key)) {
        const slide = input.slides[p];
        const text = choice.text === null ? null : slide.texts[choice.text];
        const fileId = slide.images[choice.image];
        if (fileId === undefined || text === undefined) throw new JobError('render_failed', `Set ${s} slide ${p} refers to a variant that does not exist.`);
        distinct.set(key, { index: -1, key, position: p, fileId, textIndex: choice.text, text, style: slide.text_style, textKey: text === null ? null : `${text}\u0000${styleKey(slide.text_style)}` });
      }
      return key;
    });
  });
  const order = [...distinct.values()].sort(
    (a, b) => a.position - b.position || (a.fileId < b.fileId ? -1 : a.fileId > b.fileId ? 1 : 0) || (a.textIndex ?? -1) - (b.textIndex ?? -1),
  );
  order.forEach((d, i) => (d.index = i));
  const slideOf = keys.map((set) => set.map((key) => distinct.get(key)!.index));

  const frames = new RefCache<Frame>(async (fileId) => {
    const file = ctx.files.get(fileId);
    if (!file) throw new JobError('media_unreadable', `The input file ${fileId} is missing.`);
    throwIfAborted(ctx.signal);
    const frame = await prepareFrame(file.path, width, height, fileId);
    stats.images_decoded += 1;
    return frame;
  });
  const layers = new RefCache<TextLayer>(async (textKey) => {
    const d = order.find((x) => x.textKey === textKey)!;
    throwIfAborted(ctx.signal);
    const layer = await renderTextLayer(d.text!, d.style, width, height);
    stats.text_layers += 1;
    stats.text_layouts += layer.attempts;
    return layer;
  });
  for (const d of order) {
    frames.expect(d.fileId);
    if (d.textKey) layers.expect(d.textKey);
  }

  const slidesDir = path.join(ctx.workDir, 'slides');
  const setsDir = path.join(ctx.workDir, 'sets');
  await fs.promises.mkdir(slidesDir, { recursive: true });
  await fs.promises.mkdir(setsDir, { recursive: true });

  const renderShare = input.zip ? 0.85 : LAST_PROGRESS - 0.02;
  let done = 0;
  const concurrency = Math.max(1, Math.min(4, os.availableParallelism()));
  const buffers = new BufferPool();
  await runPool(order, concurrency, async (d) => {
    throwIfAborted(ctx.signal);
    const frame = await frames.get(d.fileId);
    const layer = d.textKey ? await layers.get(d.textKey) : null;
    throwIfAborted(ctx.signal);
    const file = path.join(slidesDir, `slide-${pad(d.index + 1, 4)}.${EXT[format]}`);
    await encodeSlide(frame, layer, format, file, buffers);
    stats.slides_encoded += 1;
    d.file = file;
    d.layer = layer && { left: layer.left, top: layer.top, width: layer.width, height: layer.height, fontSizePx: layer.fontSizePx, requestedFontSizePx: layer.requestedFontSizePx, wordsBroken: layer.wordsBroken };
    frames.release(d.fileId);
    if (d.textKey) layers.release(d.textKey);
    done += 1;
    ctx.progress((done / order.length) * renderShare, 'rendering_slides');
  }, { signal: ctx.signal });
  throwIfAborted(ctx.signal);

  const outputs: RenderedOutput[] = [];
  const zipEntries: { file: string; name: string }[] = [];
  for (let s = 0; s < input.plan.length; s += 1) {
    for (let p = 0; p < input.slides.length; p += 1) {
      const d = order[slideOf[s][p]];
      const filename = slideFilename(s, p, format);
      const out = path.join(setsDir, filename);
      if ((await linkOrCopy(d.file!, out)) === 'copy') stats.copies += 1;
      stats.slide_outputs += 1;
      zipEntries.push({ file: d.file!, name: zipEntryName(s, p, format) });
      const choice = input.plan[s][p];
      outputs.push({
        path: out,
        filename,
        content_type: CONTENT_TYPE[format],
        kind: 'image',
        role: 'slide',
        index: s,
        position: p,
        metadata: {
          set: s,
          position: p,
          width,
          height,
          format,
          image_file_id: d.fileId,
          image_index: choice.image,
          text_index: choice.text,
          // The font size drawn (after shrinking to fit), in px and in % of the width; null without text.
          font_size_px: d.layer?.fontSizePx ?? null,
          font_size_percent: d.layer ? Math.round((d.layer.fontSizePx / width) * 10000) / 100 : null,
          requested_font_size_px: d.layer?.requestedFontSizePx ?? null,
          text_shrunk: d.layer ? d.layer.fontSizePx < d.layer.requestedFontSizePx : false,
          // True only when a single word was wider than the box even at the smallest size.
          text_words_broken: d.layer ? d.layer.wordsBroken : false,
          text_box: d.layer ? { left: d.layer.left, top: d.layer.top, width: d.layer.width, height: d.layer.height } : null,
          distinct_slide: d.index,
        },
      });
    }
  }
  ctx.progress(renderShare + 0.02, 'linking');

  if (input.zip) {
    throwIfAborted(ctx.signal);
    const zipFile = path.join(ctx.workDir, 'carousel-sets.zip');
    const start = renderShare + 0.02;
    await writeZip(zipFile, zipEntries, { signal: ctx.signal, onProgress: (f) => ctx.progress(start + f * (LAST_PROGRESS - start), 'zipping') });
    outputs.push({
      path: zipFile,
      filename: 'carousel-sets.zip',
      content_type: 'application/zip',
      kind: 'archive',
      role: 'zip',
      metadata: {
        sets: input.plan.length,
        slides_per_set: input.slides.length,
        entries: zipEntries.length,
        distinct_slides: order.length,
        layout: `set-NNN/slide-NN.${EXT[format]}`,
      },
    });
  }
  ctx.progress(LAST_PROGRESS, 'rendered');
  return { outputs, stats };
}

export const renderCarousel: Renderer<CarouselInput> = async (input, ctx) => (await renderCarouselWithStats(input, ctx)).outputs;
