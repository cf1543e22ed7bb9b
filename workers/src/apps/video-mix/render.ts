import fs from 'node:fs/promises';
import path from 'node:path';
import type { VideoMixInput } from '../../../../api/src/domain/apps/video-mix/request';
import { JobError, type RenderContext, type RenderedOutput, type Renderer } from '../../../../api/src/domain/jobs/app-contract';
import { runPool, writeZip } from '../../media';
import { ASSEMBLY_CONCURRENCY, variantAssembler } from './assemble';
import { NORMALIZE_CONCURRENCY, normalizeClip } from './normalize';
import { planWork } from './plan';
import { progressMeter } from './progress';

export { adtsPacketOffsets, atempoChain, planAacPackets } from './audio';
export type { VideoMixVariantMetadata } from './assemble';

/**
 * Renders a video mix with the encoding done once per job, not once per variant:
 *
 * 1. Normalise: each clip the plan uses is decoded and encoded ONCE to the output frame size, frame
 *    rate and codec settings (H.264, fixed closed GOPs), as fragmented MP4 with an IDR frame — and
 *    so a fragment boundary — at every frame where some variant's segment starts or ends. Its sound
 *    is encoded once to AAC (ADTS) at one rate and layout — silence for clips without sound — and,
 *    only when some variant changes speed, also kept as raw PCM.
 * 2. Assemble: a variant's picture is the fragments of its segments, joined byte for byte with
 *    their decode times rewritten (see fmp4.ts), so every distinct (clip, in, out) is cut once, at
 *    normalisation, and reused by every variant that plays it; its sound is joined from AAC packets
 *    of the clips. One FFmpeg per variant then only remuxes (`-c copy`, `+faststart`). Only variants
 *    with a speed other than 1 are re-encoded (setpts + atempo from the normalised picture and
 *    PCM, so still no source decode).
 * 3. Thumbnails (one JPEG per distinct opening, copied per variant) and the optional ZIP.
 *
 * Sound stays within half an AAC packet of the picture at every cut (see audio.ts).
 *
 * The stages, one module each: `plan` (which clips, where to cut, weights), `normalize` (the
 * video stage, with the clips' sound), `audio` (a variant's sound), `assemble` (+ `mux`,
 * `thumbnail`), then the ZIP (the media toolkit's).
 */

export const renderVideoMix: Renderer<VideoMixInput> = async (input, ctx) => {
  const work = path.join(ctx.workDir, 'video-mix-work');
  const out = path.join(ctx.workDir, 'video-mix-out');
  await fs.mkdir(work, { recursive: true });
  await fs.mkdir(out, { recursive: true });
  // Siblings stop at once when one step fails; the caller's signal stops everything.
  const local = new AbortController();
  const onAbort = () => local.abort();
  ctx.signal.addEventListener('abort', onAbort, { once: true });
  if (ctx.signal.aborted) local.abort();
  let ok = false;
  try {
    const outputs = await render(input, ctx, work, out, local);
    ok = true;
    return outputs;
  } catch (err) {
    local.abort();
    if (ctx.signal.aborted) throw ctx.signal.reason instanceof Error ? ctx.signal.reason : new JobError('canceled', 'The job was canceled.');
    throw err;
  } finally {
    ctx.signal.removeEventListener('abort', onAbort);
    await fs.rm(work, { recursive: true, force: true });
    if (!ok) await fs.rm(out, { recursive: true, force: true });
  }
};

async function render(input: VideoMixInput, ctx: RenderContext, work: string, out: string, local: AbortController): Promise<RenderedOutput[]> {
  const { signal } = local;
  const { clipWork, sound, units } = planWork(input, ctx);
  const meter = progressMeter(ctx, units.total);
  const stopSiblings = { signal, onFailure: () => local.abort() };

  // 1. Normalise every used clip once.
  await runPool(
    [...clipWork.values()],
    NORMALIZE_CONCURRENCY,
    async (cw) => {
      const task = meter.start('normalizing', units.normalize(cw));
      await normalizeClip(input, ctx, cw, work, sound, signal, task.update);
      task.done();
    },
    stopSiblings,
  );

  // 2. Assemble the variants.
  const assemble = variantAssembler({ input, ctx, work, out, clipWork, sound, signal });
  const outputs: RenderedOutput[][] = new Array(input.plan.length);
  await runPool(
    input.plan,
    ASSEMBLY_CONCURRENCY,
    async (v) => {
      const task = meter.start('rendering', units.variant(v));
      outputs[v.index] = await assemble(v, task.update);
      task.done();
    },
    stopSiblings,
  );
  const result = outputs.flat();

  // 3. The ZIP of all variants.
  if (input.zip) {
    const task = meter.start('zipping', units.zip);
    const zipPath = path.join(out, 'video-mix.zip');
    const entries = result.filter((o) => o.role === 'variant').map((o) => o.filename);
    await writeZip(
      zipPath,
      entries.map((name) => ({ file: path.join(out, name), name })),
      { signal, onProgress: task.update, label: 'The ZIP of the variants' },
    );
    task.done();
    result.push({ path: zipPath, filename: 'video-mix.zip', content_type: 'application/zip', kind: 'archive', role: 'zip', metadata: { variants: entries.length, entries } });
  }
  return result;
}
