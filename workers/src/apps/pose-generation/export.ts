import fs from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { exportSize, type ExportFormat } from '../../../../api/src/domain/apps/pose-generation/export-formats';
import type { PoseOutputFormat } from '../../../../api/src/domain/apps/pose-generation/request';

export interface ExportedImage {
  format: ExportFormat;
  path: string;
  filename: string;
  content_type: string;
  width: number;
  height: number;
}

const CONTENT_TYPE: Record<PoseOutputFormat, string> = { jpeg: 'image/jpeg', png: 'image/png', webp: 'image/webp' };
const EXT: Record<PoseOutputFormat, string> = { jpeg: 'jpg', png: 'png', webp: 'webp' };

/**
 * One image into every export frame: decoded once to raw pixels, then each frame is a cover-crop
 * (scaled to fill, cut, never stretched) anchored at the top centre (heads stay in frame when a
 * portrait is cut to a landscape banner), encoded side by side on libvips' threads.
 */
export async function exportImage(image: Buffer, formats: readonly ExportFormat[], as: PoseOutputFormat, dir: string, base: string): Promise<ExportedImage[]> {
  const { data, info } = await sharp(image).rotate().removeAlpha().toColourspace('srgb').raw().toBuffer({ resolveWithObject: true });
  const original = { width: info.width, height: info.height };
  // Frames of the same size (instagram_story and tiktok) are encoded once and copied.
  const encoded = new Map<string, Promise<{ file: string; width: number; height: number }>>();
  const encode = (size: { width: number; height: number }, file: string) => {
    let pipeline = sharp(data, { raw: { width: info.width, height: info.height, channels: info.channels } });
    if (size.width !== original.width || size.height !== original.height) {
      // Cover-crop done as crop-then-scale: the cut is taken from the source (top centre) and only
      // the frame's own pixels are resampled, not the parts a resize-then-crop would throw away.
      const crop = coverCrop(original, size);
      if (crop.width !== original.width || crop.height !== original.height) pipeline = pipeline.extract(crop);
      const scale = size.width / crop.width;
      // Enlarging adds no detail, so bilinear is as good as Lanczos there and several times faster
      // (print_a4 is an 8.7 MP enlargement); reductions keep Lanczos.
      pipeline = pipeline.resize(size.width, size.height, { fit: 'fill', kernel: scale > 1 ? 'linear' : 'lanczos3' });
    }
    // No second Huffman pass: a few percent larger files for a much cheaper encode.
    pipeline = as === 'jpeg' ? pipeline.jpeg({ quality: 90, optimiseCoding: false }) : as === 'png' ? pipeline.png({ compressionLevel: 6 }) : pipeline.webp({ quality: 90 });
    return pipeline.toFile(file).then((out) => ({ file, width: out.width, height: out.height }));
  };
  // The largest frames start first (print_a4 is half of all the work), so the small ones fill the
  // other cores around it instead of leaving it to run alone at the end.
  const frames = formats.map((format) => ({ format, size: exportSize(format, original), file: path.join(dir, `${base}-${format}.${EXT[as]}`) }));
  for (const f of [...frames].sort((a, b) => b.size.width * b.size.height - a.size.width * a.size.height)) {
    const key = `${f.size.width}x${f.size.height}`;
    if (!encoded.has(key)) encoded.set(key, encode(f.size, f.file));
  }
  return Promise.all(
    frames.map(async ({ format, size, file }) => {
      const filename = path.basename(file);
      const out = await encoded.get(`${size.width}x${size.height}`)!;
      if (out.file !== file) await fs.copyFile(out.file, file);
      return { format, path: file, filename, content_type: CONTENT_TYPE[as], width: out.width, height: out.height };
    }),
  );
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
