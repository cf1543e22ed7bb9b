import fs from 'node:fs/promises';
import path from 'node:path';
import sharp, { type OutputInfo } from 'sharp';
import type { AvatarInput } from '../../../../api/src/domain/apps/avatar/request';
import { findPreset, presetSvg } from '../../../../api/src/domain/apps/avatar/presets';
import { JobError, type RenderContext, type RenderedOutput } from '../../../../api/src/domain/jobs/app-contract';
import { jobErrorOf } from '../ai-errors';

/** Avatars are stored as PNG no larger than this on their longer side. */
export const AVATAR_MAX_SIDE = 2048;
export const THUMBNAIL_SIDE = 256;

/**
 * Makes the avatar image and its thumbnail: from a model (prompt), from the uploaded photo
 * (EXIF orientation applied, converted to sRGB PNG, at most 2048 px on its longer side, alpha
 * flattened onto white) or from a bundled preset.
 */
export async function renderAvatar(input: AvatarInput, ctx: RenderContext): Promise<RenderedOutput[]> {
  let source: Buffer;
  const facts: Record<string, unknown> = { source: input.from };
  if (input.from === 'prompt') {
    if (!ctx.ai) throw new JobError('internal_error', 'This worker has no AI gateway (it does not run the gpu pool).');
    ctx.progress(0.05, 'generating');
    try {
      const out = await ctx.ai.generate(
        { model: input.model!, prompt: input.prompt!, negative_prompt: input.negative_prompt ?? undefined, width: input.width, height: input.height, seed: input.seed },
        { livemode: ctx.livemode ?? true, signal: ctx.signal },
      );
      source = out.image;
      Object.assign(facts, { model: input.model!.key, provider: out.provider, provider_model: out.provider_model, seed: out.seed, fallback: out.fallback, placeholder: out.placeholder });
    } catch (err) {
      if (ctx.signal.aborted) throw err;
      throw jobErrorOf(err);
    }
  } else if (input.from === 'upload') {
    // The file's own bytes (a sharp round trip here would drop the EXIF orientation applied below).
    source = await fs.readFile(ctx.files.get(input.file_id!)!.path);
  } else {
    const preset = findPreset(input.preset!);
    if (!preset) throw new JobError('render_failed', `Preset ${input.preset} no longer exists.`);
    source = await sharp(Buffer.from(presetSvg(preset, 1024))).png().toBuffer();
  }
  ctx.progress(0.8, 'normalizing');
  const image = path.join(ctx.workDir, 'avatar.png');
  const thumb = path.join(ctx.workDir, 'avatar-thumbnail.jpg');
  let info: OutputInfo;
  try {
    const normal = sharp(source, { failOn: 'error' })
      .rotate()
      .resize(AVATAR_MAX_SIDE, AVATAR_MAX_SIDE, { fit: 'inside', withoutEnlargement: true })
      .flatten({ background: '#ffffff' })
      .toColourspace('srgb');
    info = await normal.clone().png().toFile(image);
    await normal.clone().resize(THUMBNAIL_SIDE, THUMBNAIL_SIDE, { fit: 'cover', position: 'north' }).jpeg({ quality: 85 }).toFile(thumb);
  } catch (err) {
    throw new JobError('media_unreadable', 'The avatar image could not be decoded.', { cause: err });
  }
  return [
    { path: image, filename: 'avatar.png', content_type: 'image/png', kind: 'image', role: 'avatar', metadata: { ...facts, width: info.width, height: info.height } },
    { path: thumb, filename: 'avatar-thumbnail.jpg', content_type: 'image/jpeg', kind: 'image', role: 'thumbnail', metadata: { width: THUMBNAIL_SIDE, height: THUMBNAIL_SIDE } },
  ];
}
