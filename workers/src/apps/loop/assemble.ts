import type { LoopInput } from '../../../../api/src/domain/apps/loop/request';
import { JobError, type RenderedOutput } from '../../../../api/src/domain/jobs/app-contract';
import { asJobError, ffmpegTimeoutMs, runFfmpeg } from '../../media';
import { COST } from './encoding';
import type { Env } from './env';
import { streamFacts } from './probe';

export interface LoopOutputMetadata {
  duration_seconds: number;
  frames: number;
  width: number;
  height: number;
  fps: number;
  style: LoopInput['style'];
  /** Length of one pass of the loop (the unit), in seconds. */
  unit_seconds: number;
  crossfade_seconds: number | null;
  has_audio: boolean;
  audio_layers: number;
  video_codec: 'h264';
  audio_codec: 'aac' | null;
}

/**
 * The join: the picture's list and the sound (one AAC file or a list of chunks) by stream copy in
 * one pass, `+faststart`; then the file, not the plan, is checked to be exactly as long as promised.
 */
export async function assembleLoop(env: Env, list: string, audio: { file: string; list: boolean } | null, output: string): Promise<RenderedOutput[]> {
  const { input, ctx, plan, rate, signal, meter } = env;
  const seconds = plan.frames / (rate.num / rate.den);
  const pixels = (input.width * input.height) / (1920 * 1080);
  // Join by stream copy, sound muxed in, index at the front for streaming.
  meter.stage('joining');
  const args = ['-f', 'concat', '-safe', '1', '-protocol_whitelist', 'file', '-i', `file:${list}`];
  if (audio?.list) args.push('-f', 'concat', '-safe', '1', '-protocol_whitelist', 'file', '-i', `file:${audio.file}`);
  else if (audio) args.push('-protocol_whitelist', 'file', '-i', `file:${audio.file}`);
  args.push('-map', '0:v:0');
  if (audio) args.push('-map', '1:a:0');
  // -copyts: the sound's first (priming) frame keeps its negative time and becomes an edit list, as
  // the encoder meant; without it, a joined sound track would start one AAC frame (21 ms) late.
  args.push('-c', 'copy', '-copyts', '-map_metadata', '-1', '-movflags', '+faststart', '-f', 'mp4', `file:${output}`);
  try {
    await runFfmpeg(args, {
      signal,
      ffmpegPath: ctx.ffmpegPath,
      expectedSeconds: seconds,
      timeoutMs: ffmpegTimeoutMs(seconds * COST.copySecond * Math.max(1, pixels)),
      onProgress: (p) => p.fraction !== null && meter.update('join', p.fraction),
    });
  } catch (err) {
    throw asJobError(err, 'render_failed', 'The loop could not be assembled.');
  }
  meter.update('join', 1);

  // The promise is an exact length: check the file, not the plan.
  const facts = await streamFacts(output, 'v:0', ctx.ffprobePath).catch((err) => {
    throw new JobError('render_failed', 'The rendered loop could not be read back.', { cause: err });
  });
  const fps = rate.num / rate.den;
  if (facts.frames !== null && Math.abs(facts.frames - plan.frames) > 1) throw new JobError('render_failed', `The loop came out ${facts.frames} frames long instead of ${plan.frames}.`);
  if (facts.duration !== null && Math.abs(facts.duration - seconds) > 1 / fps + 1e-3) throw new JobError('render_failed', `The loop came out ${facts.duration} s long instead of ${seconds} s.`);

  const metadata: LoopOutputMetadata = {
    duration_seconds: round6(seconds),
    frames: plan.frames,
    width: input.width,
    height: input.height,
    fps: input.fps,
    style: input.style,
    unit_seconds: round6(plan.unitFrames / fps),
    crossfade_seconds: input.style === 'crossfade' ? round6(plan.crossfadeFrames / fps) : null,
    has_audio: audio !== null,
    audio_layers: input.audio_layers.length,
    video_codec: 'h264',
    audio_codec: audio ? 'aac' : null,
  };
  ctx.progress(1, 'done');
  return [{ path: output, filename: 'loop.mp4', content_type: 'video/mp4', kind: 'video', role: 'loop', metadata: { ...metadata } }];
}

function round6(v: number): number {
  return Math.round(v * 1e6) / 1e6;
}
