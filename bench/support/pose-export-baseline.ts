/**
 * The pose-image export as it was before bench/pose-export.bench.ts (commit 92e7788), kept unchanged
 * as the baseline that benchmark measures in the same run: decode once to raw pixels, then one
 * crop-then-scale pipeline per distinct frame size (bilinear for enlargements, Lanczos 3 for
 * reductions), JPEG quality 90 without the second Huffman pass, all started at once, largest first.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { exportSize, type ExportFormat } from '../../api/src/domain/apps/pose-generation/export-formats';
import type { PoseOutputFormat } from '../../api/src/domain/apps/pose-generation/request';

const EXT: Record<PoseOutputFormat, string> = { jpeg: 'jpg', png: 'png', webp: 'webp' };

export async function exportImageBaseline(image: Buffer, formats: readonly ExportFormat[], as: PoseOutputFormat, dir: string, base: string) {
  const { data, info } = await sharp(image).rotate().removeAlpha().toColourspace('srgb').raw().toBuffer({ resolveWithObject: true });
  const original = { width: info.width, height: info.height };
  const encoded = new Map<string, Promise<{ file: string; width: number; height: number }>>();
  const encode = (size: { width: number; height: number }, file: string) => {
    let pipeline = sharp(data, { raw: { width: info.width, height: info.height, channels: info.channels } });
    if (size.width !== original.width || size.height !== original.height) {
      const crop = coverCrop(original, size);
      if (crop.width !== original.width || crop.height !== original.height) pipeline = pipeline.extract(crop);
      const scale = size.width / crop.width;
      pipeline = pipeline.resize(size.width, size.height, { fit: 'fill', kernel: scale > 1 ? 'linear' : 'lanczos3' });
    }
    pipeline = as === 'jpeg' ? pipeline.jpeg({ quality: 90, optimiseCoding: false }) : as === 'png' ? pipeline.png({ compressionLevel: 6 }) : pipeline.webp({ quality: 90 });
    return pipeline.toFile(file).then((out) => ({ file, width: out.width, height: out.height }));
  };
  const frames = formats.map((format) => ({ format, size: exportSize(format, original), file: path.join(dir, `${base}-${format}.${EXT[as]}`) }));
  for (const f of [...frames].sort((a, b) => b.size.width * b.size.height - a.size.width * a.size.height)) {
    const key = `${f.size.width}x${f.size.height}`;
    if (!encoded.has(key)) encoded.set(key, encode(f.size, f.file));
  }
  return Promise.all(
    frames.map(async ({ format, size, file }) => {
      const out = await encoded.get(`${size.width}x${size.height}`)!;
      if (out.file !== file) await fs.copyFile(out.file, file);
      return { format, path: file, width: out.width, height: out.height };
    }),
  );
}

function coverCrop(source: { width: number; height: number }, frame: { width: number; height: number }) {
  const target = frame.width / frame.height;
  if (source.width / source.height > target) {
    const width = Math.max(1, Math.min(source.width, Math.round(source.height * target)));
    return { left: Math.floor((source.width - width) / 2), top: 0, width, height: source.height };
  }
  const height = Math.max(1, Math.min(source.height, Math.round(source.width / target)));
  return { left: 0, top: 0, width: source.width, height };
}
