import fs from 'node:fs/promises';
import path from 'node:path';
import type { LoopInput } from '../../../../api/src/domain/apps/loop/request';
import { JobError, type RenderContext, type RenderedOutput, type Renderer } from '../../../../api/src/domain/jobs/app-contract';
import { FfmpegError, settleAll } from '../../media';
import { assembleLoop } from './assemble';
import { renderAudio } from './audio';
import { prepareLoop } from './prepare';
import { renderVideo } from './video';

export type { LoopOutputMetadata } from './assemble';

/**
 * Renders a loop doing the expensive work once:
 *
 * 1. Picture: the loop UNIT (the clip; the clip with its end dissolved into its start; or the
 *    clip forwards then backwards) is encoded once, H.264 with a fixed GOP, one file per GOP, each
 *    starting on an IDR frame. The output is made of those GOPs copied round and round (whole
 *    units joined once into a unit file, and blocks of units, so the join opens few files). Only
 *    what a copy cannot give is encoded again, from the unit's own frames: the start up to the
 *    first GOP boundary after the fade-in, and the end from the last GOP boundary that fits (with
 *    the fade-out). The whole hour is never encoded.
 * 2. Sound, at the same time: one unit of the clip's sound (the same cut as the picture, raw PCM,
 *    sample exact), then one mix over the whole length — the unit's sound repeated, each layer
 *    repeated with its volume and fades, the master volume and fades — encoded to AAC in a few
 *    chunks side by side that overlap by some frames and are cut on frame boundaries, so they
 *    join without a seam.
 * 3. Assemble: picture parts and sound chunks joined by the concat demuxer with stream copy (no
 *    decode, no encode) in one pass, `+faststart`; the result is checked to be exactly as long as
 *    promised.
 *
 * Every encode shares one set of H.264 settings and frame rate, so all parts carry the same
 * SPS/PPS and join without re-encoding; that is checked before the join.
 *
 * The stages, one module each: `prepare` (probe and plan; the pure planning is `plan.ts`),
 * `video` (with its filter graphs in `video-graph`), `audio` (`audio-unit`, `audio-mix`) and
 * `assemble`.
 */

export const renderLoop: Renderer<LoopInput> = async (input, ctx) => {
  const work = await fs.mkdtemp(path.join(ctx.workDir, 'loop-work-'));
  const output = path.join(ctx.workDir, 'loop.mp4');
  // Sibling steps stop at once when one fails; the caller's signal stops everything.
  const local = new AbortController();
  const onAbort = () => local.abort();
  if (ctx.signal.aborted) local.abort();
  ctx.signal.addEventListener('abort', onAbort, { once: true });
  let ok = false;
  try {
    const result = await render(input, ctx, work, output, local);
    ok = true;
    return result;
  } catch (err) {
    local.abort();
    if (ctx.signal.aborted && !(err instanceof JobError)) throw err instanceof FfmpegError ? err : new FfmpegError('canceled', 'canceled');
    throw err;
  } finally {
    ctx.signal.removeEventListener('abort', onAbort);
    await fs.rm(work, { recursive: true, force: true });
    if (!ok) await fs.rm(output, { force: true });
  }
};

async function render(input: LoopInput, ctx: RenderContext, work: string, output: string, local: AbortController): Promise<RenderedOutput[]> {
  const { env, clipPath, keepOriginal, hasAudio } = await prepareLoop(input, ctx, work, local);
  // Picture and sound are independent until the join: run them side by side (x264 uses every
  // core only part of the time; the sound is one thread). A failure of either stops the other.
  const [list, audio] = await settleAll<[string, { file: string; list: boolean } | null]>(
    [renderVideo(env, clipPath), hasAudio ? renderAudio(env, clipPath, keepOriginal) : Promise.resolve(null)],
    { onFailure: env.abort },
  );
  return assembleLoop(env, list, audio, output);
}
