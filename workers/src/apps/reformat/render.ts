import fs from 'node:fs/promises';
import path from 'node:path';
import type { ReformatImageFormat, ReformatInput, ReformatInputTarget } from '../../../../api/src/domain/apps/reformat/request';
import { JobError, type RenderedOutput, type Renderer } from '../../../../api/src/domain/jobs/app-contract';
import { throwIfAborted, writeZip } from '../../media';
import type { Rect } from './geometry';
import { renderImageTargets } from './image';
import { renderVideoTargets } from './video';

/**
 * The reformat renderer: one source, one file per target (in request order, `role: "target"`,
 * `index` = the target's position), then a ZIP of them all (`role: "zip"`). Videos go through
 * `video.ts` (one FFmpeg run for every target), images through `image.ts` (one decode, one sharp
 * pipeline per target).
 */

const IMAGE_EXT: Record<ReformatImageFormat, string> = { jpeg: 'jpg', png: 'png', webp: 'webp' };
const IMAGE_TYPE: Record<ReformatImageFormat, string> = { jpeg: 'image/jpeg', png: 'image/png', webp: 'image/webp' };
/** The renderer's share of the job's progress; the engine reports the rest (storing the outputs). */
const RENDER_SHARE = 0.95;
const LAST_PROGRESS = 0.98;

/** `reformat-01-9x16-crop.mp4`, `reformat-02-1200x630-blur-fill.jpg`: 1-based, like every name people see. */
export function targetFilename(t: ReformatInputTarget, ext: string): string {
  return `reformat-${String(t.index + 1).padStart(2, '0')}-${t.label.replace(':', 'x')}-${t.fit.replace('_', '-')}.${ext}`;
}

function targetMetadata(input: ReformatInput, t: ReformatInputTarget, sourceRect: Rect, pictureRect: Rect, extra: Record<string, unknown>): Record<string, unknown> {
  return {
    target: t.index,
    aspect_ratio: t.aspect_ratio,
    width: t.width,
    height: t.height,
    fit: t.fit,
    anchor: t.anchor,
    color: t.color,
    // Source pixels the output shows (a crop's kept part), and where they sit in the frame.
    source_rect: sourceRect,
    picture_rect: pictureRect,
    source: { file_id: input.file_id, width: input.source.width, height: input.source.height },
    ...extra,
  };
}

export const renderReformat: Renderer<ReformatInput> = async (input, ctx) => {
  const source = ctx.files.get(input.file_id);
  if (!source) throw new JobError('media_unreadable', `The input file ${input.file_id} is missing.`);
  throwIfAborted(ctx.signal);
  const dir = path.join(ctx.workDir, 'targets');
  await fs.mkdir(dir, { recursive: true });
  const progress = (f: number, stage: string) => ctx.progress(f * RENDER_SHARE, stage);
  const outputs: RenderedOutput[] = [];

  if (input.media === 'video') {
    const files = input.targets.map((t) => path.join(dir, targetFilename(t, 'mp4')));
    const { plan } = await renderVideoTargets(input, source.path, files, ctx, progress);
    plan.targets.forEach((p, i) => {
      outputs.push({
        path: files[i],
        filename: path.basename(files[i]),
        content_type: 'video/mp4',
        kind: 'video',
        role: 'target',
        index: p.target.index,
        metadata: targetMetadata(input, p.target, p.sourceRect, p.pictureRect, {
          duration_seconds: input.source.duration_seconds,
          // `copied`: the source's frame was already this target's frame, so its stream is kept as it is.
          video: p.video === 'copy' ? 'copied' : 'encoded',
          audio: plan.audio === null ? null : plan.audio === 'copy' ? 'copied' : 'encoded',
        }),
      });
    });
  } else {
    const format = input.image_format ?? 'jpeg';
    const files = input.targets.map((t) => path.join(dir, targetFilename(t, IMAGE_EXT[format])));
    const rendered = await renderImageTargets(input, source.path, files, ctx.signal, progress);
    rendered.forEach((r, i) => {
      outputs.push({
        path: files[i],
        filename: path.basename(files[i]),
        content_type: IMAGE_TYPE[format],
        kind: 'image',
        role: 'target',
        index: r.target.index,
        metadata: targetMetadata(input, r.target, r.sourceRect, r.pictureRect, { format }),
      });
    });
  }

  throwIfAborted(ctx.signal);
  const zip = path.join(ctx.workDir, 'reformats.zip');
  await writeZip(
    zip,
    outputs.map((o) => ({ file: o.path, name: o.filename })),
    { signal: ctx.signal, label: 'The ZIP of the targets', onProgress: (f) => ctx.progress(RENDER_SHARE + f * (LAST_PROGRESS - RENDER_SHARE), 'zipping') },
  );
  outputs.push({
    path: zip,
    filename: 'reformats.zip',
    content_type: 'application/zip',
    kind: 'archive',
    role: 'zip',
    metadata: { targets: input.targets.length, entries: outputs.map((o) => o.filename) },
  });
  ctx.progress(LAST_PROGRESS, 'rendered');
  return outputs;
};
