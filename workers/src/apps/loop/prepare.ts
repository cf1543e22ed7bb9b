import { framesIn, parseFrameRate, type LoopInput } from '../../../../api/src/domain/apps/loop/request';
import { runFfprobe, videoStreamOf } from '../../../../api/src/domain/files/probe';
import { JobError, type RenderContext } from '../../../../api/src/domain/jobs/app-contract';
import { COST, gopFrames } from './encoding';
import type { Env } from './env';
import { LoopPlanError, planLoop, segmentFrames, type LoopPlan } from './plan';
import { pictureFormat, type PictureFormat } from './probe';
import { ProgressMeter } from './progress';

/** What the render stages need to start: the shared environment and where the sound comes from. */
export interface PreparedLoop {
  env: Env;
  clipPath: string;
  /** The clip's own sound is part of the mix. */
  keepOriginal: boolean;
  /** The loop has a sound track at all (its own sound or layers). */
  hasAudio: boolean;
}

/**
 * The plan stage: checks the inputs are there, probes the clip's picture (its format, and where it
 * really ends), plans the loop (what is encoded, what is copied) and weighs the steps for progress.
 */
export async function prepareLoop(input: LoopInput, ctx: RenderContext, work: string, local: AbortController): Promise<PreparedLoop> {
  const { signal } = local;
  const rate = parseFrameRate(input.frame_rate);
  const clip = ctx.files.get(input.file_id);
  if (!clip) throw new JobError('media_unreadable', `The clip ${input.file_id} is not available to the renderer.`);
  for (const layer of input.audio_layers) {
    if (!ctx.files.get(layer.file_id)) throw new JobError('media_unreadable', `The audio layer ${layer.file_id} is not available to the renderer.`);
  }
  ctx.progress(0, 'preparing');

  // The picture may stop before the file does (a longer sound track): loop only the picture.
  let clipSeconds = input.source.duration_seconds;
  let picture: PictureFormat;
  try {
    const probe = await runFfprobe(clip.path, { ffprobePath: ctx.ffprobePath });
    const video = videoStreamOf(probe);
    if (!video) throw new Error('no video stream');
    picture = pictureFormat(video as PictureFormat & typeof video, input);
    const streamSeconds = Number(video.duration);
    if (Number.isFinite(streamSeconds) && streamSeconds > 0 && framesIn(streamSeconds, rate) >= 1) clipSeconds = Math.min(clipSeconds, streamSeconds);
  } catch (err) {
    throw new JobError('media_unreadable', `The clip ${input.file_id} could not be read.`, { cause: err });
  }

  let plan: LoopPlan;
  try {
    plan = planLoop({
      style: input.style,
      rate,
      clipFrames: framesIn(clipSeconds, rate),
      crossfadeSeconds: input.crossfade_seconds,
      frames: input.frames,
      fadeInSeconds: input.fade_in_seconds,
      fadeOutSeconds: input.fade_out_seconds,
      frameBytes: input.width * input.height * 1.5,
      gopFrames: gopFrames(rate),
    });
  } catch (err) {
    if (err instanceof LoopPlanError) throw new JobError('render_failed', err.message, { cause: err });
    throw err;
  }
  const total = plan.segments.reduce((s, seg) => s + segmentFrames(seg, plan), 0);
  if (total !== plan.frames) throw new JobError('render_failed', `The loop plan adds up to ${total} frames instead of ${plan.frames}.`);

  const keepOriginal = input.audio.original === 'keep' && input.source.has_audio;
  const hasAudio = keepOriginal || input.audio_layers.length > 0;
  const seconds = plan.frames / (rate.num / rate.den);
  const pixels = (input.width * input.height) / (1920 * 1080);
  const encodedFrames = plan.unitEncodeFrames + plan.segments.reduce((s, seg) => s + (seg.kind === 'encode' ? seg.frames : 0), 0);
  const meter = new ProgressMeter(ctx, {
    video: encodedFrames * pixels * COST.encodeFrame,
    audio: hasAudio ? seconds * COST.audioSecond * ((keepOriginal ? 1 : 0) + input.audio_layers.length) : 0,
    join: seconds * COST.copySecond * Math.max(1, pixels),
  });
  const env: Env = { input, ctx, plan, rate, work, signal, abort: () => local.abort(), meter, picture };
  return { env, clipPath: clip.path, keepOriginal, hasAudio };
}
