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
  return Promise.all(
    formats.map(async (format) => {
      const size = exportSize(format, original);
      let pipeline = sharp(data, { raw: { width: info.width, height: info.height, channels: info.channels } });
      if (size.width !== original.width || size.height !== original.height) pipeline = pipeline.resize(size.width, size.height, { fit: 'cover', position: 'north' });
      pipeline = as === 'jpeg' ? pipeline.jpeg({ quality: 90 }) : as === 'png' ? pipeline.png({ compressionLevel: 6 }) : pipeline.webp({ quality: 90 });
      const filename = `${base}-${format}.${EXT[as]}`;
      const file = path.join(dir, filename);
      const out = await pipeline.toFile(file);
      return { format, path: file, filename, content_type: CONTENT_TYPE[as], width: out.width, height: out.height };
    }),
  );
}
