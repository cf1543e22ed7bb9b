import fs from 'node:fs/promises';
import sharp from 'sharp';
import type { PoseGenerationInput, PoseItemPlan } from '../../../../api/src/domain/apps/pose-generation/request';
import { JobError, type ItemUpdate, type RenderContext, type RenderedOutput, type RenderResult } from '../../../../api/src/domain/jobs/app-contract';
import { renderConditioningImage } from '../../../../api/src/domain/poses';
import { runPool } from '../../media';
import { itemErrorOf } from '../ai-errors';
import { exportImage } from './export';

/** Items of one job in flight at once (the provider's limiter caps calls across jobs too). */
export const ITEMS_IN_FLIGHT = 4;
/** Reference and background images are sent at most this large on their longer side. */
const REFERENCE_MAX_SIDE = 1024;

async function prepareImage(file: string, what: string): Promise<Buffer> {
  try {
    return await sharp(file, { failOn: 'error' }).rotate().resize(REFERENCE_MAX_SIDE, REFERENCE_MAX_SIDE, { fit: 'inside', withoutEnlargement: true }).flatten({ background: '#ffffff' }).png({ compressionLevel: 1 }).toBuffer();
  } catch (err) {
    throw new JobError('media_unreadable', `The ${what} image could not be decoded.`, { cause: err });
  }
}

/**
 * One item per (pose, variation): the pose's OpenPose conditioning image (at the generation size)
 * and the reference image (the avatar or the uploaded image) go to the model together; each image
 * is exported to every requested frame. Items succeed or fail on their own; the job succeeds if any
 * item did, and only the successful ones are charged (`billable_units`).
 */
export async function renderPoseGeneration(input: PoseGenerationInput, ctx: RenderContext): Promise<RenderResult> {
  if (!ctx.ai) throw new JobError('internal_error', 'This worker has no AI gateway (it does not run the gpu pool).');
  const ai = ctx.ai;
  const reference = await prepareImage(ctx.files.get(input.reference.file_id)!.path, input.reference.source === 'avatar' ? 'avatar' : 'reference');
  const background = input.background_image ? await prepareImage(ctx.files.get(input.background_image)!.path, 'background') : undefined;

  const total = input.items.length;
  const outputs: RenderedOutput[][] = input.items.map(() => []);
  const finals = new Map<number, ItemUpdate & { index: number }>();
  let done = 0;
  for (const it of input.items) ctx.item?.(it.index, { status: 'queued', metadata: itemFacts(it) });

  async function runItem(it: PoseItemPlan) {
    ctx.item?.(it.index, { status: 'processing' });
    try {
      const control = it.pose_id ? await renderConditioningImage(it.pose_id, { width: input.width, height: input.height }) : undefined;
      const out = await ai.generate(
        {
          model: input.model,
          prompt: it.prompt,
          negative_prompt: input.negative_prompt ?? undefined,
          width: input.width,
          height: input.height,
          seed: it.seed,
          image: reference,
          control_image: control,
          background_image: background,
          strength: input.strength,
        },
        { livemode: ctx.livemode ?? true, signal: ctx.signal },
      );
      const base = `pose-${String(it.index + 1).padStart(3, '0')}`;
      const exported = await exportImage(out.image, input.export_formats, input.output_format, ctx.workDir, base).catch((err) => {
        throw new JobError('provider_bad_response', 'The model returned an image that could not be exported.', { cause: err });
      });
      const facts = { ...itemFacts(it), model: input.model.key, provider: out.provider, provider_model: out.provider_model, fallback: out.fallback, placeholder: out.placeholder };
      outputs[it.index] = exported.map((e) => ({
        path: e.path,
        filename: e.filename,
        content_type: e.content_type,
        kind: 'image' as const,
        role: 'pose_image',
        index: it.index,
        metadata: { ...facts, export_format: e.format, width: e.width, height: e.height },
      }));
      const final = { index: it.index, status: 'succeeded' as const, error: null, metadata: { ...facts, files: exported.length } };
      finals.set(it.index, final);
      ctx.item?.(it.index, final);
    } catch (err) {
      if (ctx.signal.aborted) throw err;
      const final = { index: it.index, status: 'failed' as const, error: itemErrorOf(err) };
      finals.set(it.index, final);
      ctx.item?.(it.index, final);
    } finally {
      done++;
      ctx.progress((done / total) * 0.95, 'generating');
    }
  }

  // An item's failure is its own (runItem records it); only a cancel stops the pool.
  await runPool(input.items, ITEMS_IN_FLIGHT, runItem, { signal: ctx.signal });

  const succeeded = [...finals.values()].filter((f) => f.status === 'succeeded').length;
  if (succeeded === 0) {
    const first = [...finals.values()].sort((a, b) => a.index - b.index)[0];
    throw new JobError(first?.error?.code ?? 'internal_error', `Every image failed; the first: ${first?.error?.message ?? 'unknown'}`);
  }
  // Failed items leave no files behind in the work folder (the engine removes it anyway).
  await Promise.all([...finals.values()].filter((f) => f.status === 'failed').map((f) => Promise.all(outputs[f.index].map((o) => fs.rm(o.path, { force: true })))));
  return { outputs: outputs.flat(), billable_units: succeeded, items: [...finals.values()] };
}

function itemFacts(it: PoseItemPlan) {
  return { pose_id: it.pose_id, pose_name: it.pose_name, variation: it.variation, seed: it.seed };
}
