import fs from 'node:fs/promises';
import path from 'node:path';
import sharp, { type Sharp } from 'sharp';
import { exportSize, type ExportFormat } from '../../../../api/src/domain/apps/pose-generation/export-formats';
import type { PoseOutputFormat } from '../../../../api/src/domain/apps/pose-generation/request';
import { joinJpegStrips } from './jpeg-strips';

export interface ExportedImage {
  format: ExportFormat;
  path: string;
  filename: string;
  content_type: string;
  width: number;
  height: number;
}

/** What one export did; pass an object to have it counted (tests, benchmarks). */
export interface ExportStats {
  /** Files encoded (a frame size shared by several formats is encoded once and copied). */
  encodes: number;
  /** Scalings of the source: one per frame size, or one per family of frames cut from one scaling. */
  scalings: number;
  /** Frames encoded as JPEG strips side by side and joined. */
  stripped: number;
}

type Size = { width: number; height: number };

const CONTENT_TYPE: Record<PoseOutputFormat, string> = { jpeg: 'image/jpeg', png: 'image/png', webp: 'image/webp' };
const EXT: Record<PoseOutputFormat, string> = { jpeg: 'jpg', png: 'png', webp: 'webp' };

/** The encoders' settings: JPEG 90 with 4:2:0 chroma and the standard Huffman tables (no second pass). */
function encoder(pipeline: Sharp, as: PoseOutputFormat): Sharp {
  return as === 'jpeg' ? pipeline.jpeg({ quality: 90, optimiseCoding: false }) : as === 'png' ? pipeline.png({ compressionLevel: 6 }) : pipeline.webp({ quality: 90 });
}

/** A JPEG frame of at least this many pixels is encoded as strips on several threads at once (print_a4: 8.7 MP). */
const STRIP_MIN_PIXELS = 4_000_000;
/**
 * About this many pixels per strip (print_a4: two), and at most this many strips (libuv runs four
 * sharp calls at a time). Each strip is a scaling and a JPEG encode running on two threads, so two
 * strips keep two cores busy; more add set-up work for no gain there.
 */
const STRIP_PIXELS = 4_500_000;
const MAX_STRIPS = 4;
/** Strip heights are whole MCU rows (16 px for 4:2:0, 8 for 4:4:4), so the strips join losslessly. */
const MCU_ROWS = 16;

/**
 * One image into every export frame: decoded once to raw pixels, then each frame is a cover-crop
 * (scaled to fill, cut, never stretched) anchored at the top centre (heads stay in frame when a
 * portrait is cut to a landscape banner), encoded side by side on libvips' threads.
 *
 * The work is planned first (`planExport`):
 * - a frame size shared by several formats (instagram_story and tiktok) is encoded once and copied;
 * - frames that keep the source's full width and differ only in how many rows they keep from the top
 *   (facebook, twitter, linkedin and tokopedia from a square source: all 1200 wide) are one scaling of
 *   the source to that width, and each is a cut of it, encoded straight from those pixels;
 * - a large JPEG frame (print_a4, an 8.7 MP enlargement) is scaled and encoded as horizontal strips on
 *   several threads at once, joined into one baseline JPEG with restart markers (`jpeg-strips.ts`):
 *   the same pixels as one encode of the whole, without waiting on one thread.
 * Scaling is bilinear for enlargements (they add no detail; several times cheaper than Lanczos) and
 * Lanczos 3 for reductions; the encoders' settings are in `encoder`.
 */
export async function exportImage(image: Buffer, formats: readonly ExportFormat[], as: PoseOutputFormat, dir: string, base: string, stats?: ExportStats): Promise<ExportedImage[]> {
  const { data, info } = await sharp(image).rotate().removeAlpha().toColourspace('srgb').raw().toBuffer({ resolveWithObject: true });
  const original = { width: info.width, height: info.height };
  const source = () => sharp(data, { raw: { width: info.width, height: info.height, channels: info.channels } });
  const frames = formats.map((format) => ({ format, size: exportSize(format, original), file: path.join(dir, `${base}-${format}.${EXT[as]}`) }));
  const plan = planExport(original, frames.map((f) => f.size), as);
  const count = (key: keyof ExportStats, n = 1) => {
    if (stats) stats[key] += n;
  };

  /** The frame, cut and scaled from the source (not yet encoded). */
  const scaled = (size: Size) => {
    let pipeline = source();
    if (size.width === original.width && size.height === original.height) return pipeline;
    // Cover-crop done as crop-then-scale: the cut is taken from the source (top centre) and only
    // the frame's own pixels are resampled, not the parts a resize-then-crop would throw away.
    const crop = coverCrop(original, size);
    if (crop.width !== original.width || crop.height !== original.height) pipeline = pipeline.extract(crop);
    return pipeline.resize(size.width, size.height, { fit: 'fill', kernel: size.width > crop.width ? 'linear' : 'lanczos3' });
  };

  const families = plan.families.map((family) => {
    let pending: Promise<Buffer> | undefined;
    // One scaling of the whole source to the family's width; only the rows the family keeps are computed.
    return () =>
      (pending ??= (() => {
        count('scalings');
        const kernel = family.width > original.width ? 'linear' : 'lanczos3';
        let pipeline = source().resize(family.width, family.height, { fit: 'fill', kernel });
        if (family.rows < family.height) pipeline = pipeline.extract({ left: 0, top: 0, width: family.width, height: family.rows });
        return pipeline.raw().toBuffer();
      })());
  });

  const encodeOne = async (encode: PlannedEncode, file: string): Promise<Size> => {
    count('encodes');
    const { size } = encode;
    if (encode.family !== undefined) {
      const family = plan.families[encode.family];
      const pixels = await families[encode.family]();
      let pipeline = sharp(pixels, { raw: { width: family.width, height: family.rows, channels: info.channels } });
      if (size.height < family.rows) pipeline = pipeline.extract({ left: 0, top: 0, width: size.width, height: size.height });
      await encoder(pipeline, as).toFile(file);
      return size;
    }
    if (size.width !== original.width || size.height !== original.height) count('scalings');
    if (encode.strips > 1) {
      const cuts = stripCuts(size.height, encode.strips);
      const strips = await Promise.all(
        cuts.map(([top, height]) => encoder(scaled(size).extract({ left: 0, top, width: size.width, height }), as).toBuffer()),
      );
      const joined = joinJpegStrips(strips);
      if (joined) {
        count('stripped');
        await fs.writeFile(file, joined);
        return size;
      }
      // The encoder wrote something the strips cannot be joined from: encode the frame whole.
    }
    const out = await encoder(scaled(size), as).toFile(file);
    return { width: out.width, height: out.height };
  };

  // Started biggest first (libuv runs them in that order), so the small ones fill the cores around
  // the large ones instead of leaving one to run alone at the end.
  const done = new Map<PlannedEncode, Promise<{ file: string; size: Size }>>();
  for (const encode of [...plan.encodes].sort((a, b) => b.cost - a.cost)) {
    const file = frames[encode.frames[0]].file;
    done.set(encode, encodeOne(encode, file).then((size) => ({ file, size })));
  }
  const byFrame = new Map<number, PlannedEncode>();
  for (const encode of plan.encodes) for (const i of encode.frames) byFrame.set(i, encode);
  return Promise.all(
    frames.map(async ({ format, file }, i) => {
      const out = await done.get(byFrame.get(i)!)!;
      if (out.file !== file) await fs.copyFile(out.file, file);
      return { format, path: file, filename: path.basename(file), content_type: CONTENT_TYPE[as], width: out.size.width, height: out.size.height };
    }),
  );
}

export interface PlannedEncode {
  size: Size;
  /** Indexes of the requested frames this one file serves (copied to the others). */
  frames: number[];
  /** Index into `families` when the frame is cut from a family's one scaling. */
  family?: number;
  /** Strips the frame is encoded as (1: in one piece). */
  strips: number;
  /** Rough work, to start the largest first. */
  cost: number;
}

export interface ExportPlan {
  encodes: PlannedEncode[];
  /** A scaling of the whole source to `width`×`height`, of which the top `rows` rows are kept. */
  families: { width: number; height: number; rows: number }[];
}

/** How `exportImage` makes the frames of these sizes from a source of this size. */
export function planExport(original: Size, sizes: readonly Size[], as: PoseOutputFormat): ExportPlan {
  const encodes: PlannedEncode[] = [];
  const bySize = new Map<string, PlannedEncode>();
  sizes.forEach((size, i) => {
    const key = `${size.width}x${size.height}`;
    const known = bySize.get(key);
    if (known) known.frames.push(i);
    else {
      const pixels = size.width * size.height;
      const strips = as === 'jpeg' && pixels >= STRIP_MIN_PIXELS ? Math.min(MAX_STRIPS, Math.ceil(pixels / STRIP_PIXELS), Math.floor(size.height / MCU_ROWS)) : 1;
      const encode: PlannedEncode = { size, frames: [i], strips, cost: pixels };
      bySize.set(key, encode);
      encodes.push(encode);
    }
  });

  // Frames that keep the source's full width from the top row down, by target width: scaled to that
  // width, each is the top rows of the same scaled image.
  const families: ExportPlan['families'] = [];
  const byWidth = new Map<number, PlannedEncode[]>();
  for (const encode of encodes) {
    const { size } = encode;
    if (size.width === original.width && size.height === original.height) continue;
    if (encode.strips > 1) continue;
    const crop = coverCrop(original, size);
    const fullHeight = Math.round((original.height * size.width) / original.width);
    if (crop.left !== 0 || crop.top !== 0 || crop.width !== original.width || size.height > fullHeight) continue;
    byWidth.set(size.width, [...(byWidth.get(size.width) ?? []), encode]);
  }
  for (const [width, members] of byWidth) {
    if (members.length < 2) continue;
    const height = Math.round((original.height * width) / original.width);
    const rows = Math.max(...members.map((m) => m.size.height));
    const index = families.push({ width, height, rows }) - 1;
    // The family's one scaling is started by whichever member starts first, and all its encodes
    // wait on it: it goes early, as one piece of work the size of all of them.
    const cost = members.reduce((sum, m) => sum + m.cost, 0);
    for (const m of members) {
      m.family = index;
      m.cost = cost;
    }
  }
  return { encodes, families };
}

/** `[top, height]` of each strip: whole MCU rows, the last one taking what is left. */
function stripCuts(height: number, strips: number): [number, number][] {
  const step = Math.ceil(height / strips / MCU_ROWS) * MCU_ROWS;
  const cuts: [number, number][] = [];
  for (let top = 0; top < height; top += step) cuts.push([top, Math.min(step, height - top)]);
  return cuts;
}

/** The largest region of `source` with the frame's aspect ratio, centred horizontally and anchored at the top. */
export function coverCrop(source: { width: number; height: number }, frame: { width: number; height: number }) {
  const target = frame.width / frame.height;
  if (source.width / source.height > target) {
    const width = Math.max(1, Math.min(source.width, Math.round(source.height * target)));
    return { left: Math.floor((source.width - width) / 2), top: 0, width, height: source.height };
  }
  const height = Math.max(1, Math.min(source.height, Math.round(source.width / target)));
  return { left: 0, top: 0, width: source.width, height };
}
