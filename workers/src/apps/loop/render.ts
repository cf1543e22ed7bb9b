import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';
import { framesIn, parseFrameRate, type FrameRate, type LoopInput } from '../../../../api/src/domain/apps/loop/request';
import { resolveFfprobePath, runFfprobe, videoStreamOf } from '../../../../api/src/domain/files/probe';
import { JobError, type RenderContext, type RenderedOutput, type Renderer } from '../../../../api/src/domain/jobs/app-contract';
import { FfmpegError, runFfmpeg } from '../../media/ffmpeg';
import { AUDIO_RATE, LoopPlanError, planLoop, segmentFrames, type LoopPlan, type Piece, type Segment } from './plan';

/**
 * Renders a loop doing the expensive work once:
 *
 * 1. Video: the loop UNIT (the clip; the clip with its end dissolved into its start; or the clip
 *    forwards then backwards) is encoded once, H.264 with a fixed GOP, starting on a keyframe.
 *    Only the parts that are not plain repeats of it are encoded again, from the unit itself: the
 *    whole units under the fade-in, and the last partial unit with the fade-out.
 * 2. Sound, at the same time: one unit of the clip's sound (same cut as the picture, as raw PCM,
 *    sample exact), then ONE mix over the whole length — the unit's sound repeated, each layer
 *    repeated with its volume and fades, the master volume and fades — encoded to AAC.
 * 3. Assemble: the encoded parts and the unit, repeated, joined by the concat demuxer with stream
 *    copy (no decode, no encode), with the sound muxed in, in one pass, `+faststart`.
 *
 * Every encode shares one set of H.264 settings and frame rate, so all parts carry the same
 * SPS/PPS and join without re-encoding; that is checked before the join.
 */

const ENCODING = {
  // The unit is encoded once and repeated for hours, but the 1080p unit of a 10 s clip must still
  // encode in seconds on two cores; veryfast at CRF 20 is the balance.
  preset: 'veryfast',
  crf: 20,
  /** Keyframe interval in seconds (fixed: no scene-cut keyframes). */
  gopSeconds: 2,
  audioBitrate: '192k',
} as const;

/** Relative cost of the steps, for the progress fraction (≈ seconds on two cores). */
const COST = {
  /** One 1080p frame encoded. */
  encodeFrame: 1 / 30,
  /** One second of output sound mixed and encoded, per source. */
  audioSecond: 1 / 150,
  /** One second of output joined by stream copy. */
  copySecond: 1 / 300,
};

/** Free disk the output may not eat into (the rest of the worker needs room too). */
const DISK_RESERVE_BYTES = 256 * 1024 * 1024;

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
  try {
    const probe = await runFfprobe(clip.path, { ffprobePath: ctx.ffprobePath });
    const video = videoStreamOf(probe);
    if (!video) throw new Error('no video stream');
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
    });
  } catch (err) {
    if (err instanceof LoopPlanError) throw new JobError('render_failed', err.message, { cause: err });
    throw err;
  }
  const total = plan.segments.reduce((s, seg) => s + segmentFrames(seg, plan.unitFrames), 0);
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
  const env: Env = { input, ctx, plan, rate, work, signal, meter };

  // Picture and sound are independent until the join: run them side by side (x264 uses every
  // core only part of the time; the sound is one thread).
  const tasks = [renderVideo(env, clip.path), hasAudio ? renderAudio(env, clip.path, keepOriginal) : Promise.resolve(null)] as const;
  const settled = await Promise.allSettled(tasks.map((t) => t.catch((err) => {
    local.abort();
    throw err;
  })));
  const failed = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
  if (failed) {
    // The first real failure, not a sibling that stopped because of it.
    const real = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected' && !(s.reason instanceof FfmpegError && s.reason.code === 'canceled'));
    throw (real ?? failed).reason;
  }
  const list = (settled[0] as PromiseFulfilledResult<string>).value;
  const audio = (settled[1] as PromiseFulfilledResult<string | null>).value;

  // Join by stream copy, sound muxed in, index at the front for streaming.
  meter.stage('joining');
  const args = ['-f', 'concat', '-safe', '1', '-protocol_whitelist', 'file', '-i', `file:${list}`];
  if (audio) args.push('-protocol_whitelist', 'file', '-i', `file:${audio}`);
  args.push('-map', '0:v:0');
  if (audio) args.push('-map', '1:a:0');
  args.push('-c', 'copy', '-map_metadata', '-1', '-movflags', '+faststart', '-f', 'mp4', `file:${output}`);
  try {
    await runFfmpeg(args, {
      signal,
      ffmpegPath: ctx.ffmpegPath,
      expectedSeconds: seconds,
      timeoutMs: timeoutFor(seconds * COST.copySecond * Math.max(1, pixels)),
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

interface Env {
  input: LoopInput;
  ctx: RenderContext;
  plan: LoopPlan;
  rate: FrameRate;
  work: string;
  signal: AbortSignal;
  meter: ProgressMeter;
}

// ---------------------------------------------------------------------------------------------
// Video

/** Encodes the unit and the fades; returns the join list. */
async function renderVideo(env: Env, clipPath: string): Promise<string> {
  const { plan, work, input, ctx, signal, meter } = env;
  const pixels = (input.width * input.height) / (1920 * 1080);
  const videoCost = (frames: number) => frames * pixels * COST.encodeFrame;
  let done = 0;
  const total = meter.weight('video');
  const step = (cost: number) => (f: number) => meter.update('video', total > 0 ? (done + cost * f) / total : 1);

  // 1. The unit (or, when the output is shorter than one unit, the output itself) from the clip.
  const unit = path.join(work, plan.direct ? 'direct.mp4' : 'unit.mp4');
  meter.stage(plan.direct ? 'encoding' : 'encoding_unit');
  const direct = plan.segments[0].kind === 'direct' ? plan.segments[0] : null;
  const { inputs, graph } = unitVideoGraph(env, direct);
  const args: string[] = [];
  for (let i = 0; i < inputs; i++) args.push('-protocol_whitelist', 'file', '-i', `file:${clipPath}`);
  args.push('-filter_complex', graph, '-map', '[v]', '-frames:v', String(plan.unitEncodeFrames), '-an', ...x264Args(env), '-f', 'mp4', `file:${unit}`);
  const unitCost = videoCost(plan.unitEncodeFrames);
  try {
    await runFfmpeg(args, {
      signal,
      ffmpegPath: ctx.ffmpegPath,
      expectedSeconds: plan.unitEncodeFrames / (env.rate.num / env.rate.den),
      timeoutMs: timeoutFor(unitCost * 4),
      onProgress: (p) => p.fraction !== null && step(unitCost)(p.fraction),
    });
  } catch (err) {
    throw asJobError(err, 'media_unreadable', `The clip ${input.file_id} could not be decoded.`);
  }
  done += unitCost;
  const unitFacts = await streamFacts(unit, 'v:0', ctx.ffprobePath);
  if (unitFacts.frames !== null && unitFacts.frames !== plan.unitEncodeFrames) {
    throw new JobError('render_failed', `The loop unit came out ${unitFacts.frames} frames long instead of ${plan.unitEncodeFrames}.`);
  }
  if (direct) return writeList(work, [{ file: unit, frames: plan.frames }], env.rate);

  // Will the output fit on this disk? It is about the unit's size per unit of length.
  const { size: unitBytes } = await fs.stat(unit);
  const estimate = (unitBytes * plan.frames) / plan.unitFrames + (parseInt(ENCODING.audioBitrate, 10) * 1000 * plan.frames * env.rate.den) / env.rate.num / 8;
  await ensureDiskSpace(ctx.workDir, estimate * 1.05);

  // 2. The parts with fades (and the last partial unit), from the unit played from its start.
  const entries: Array<{ file: string; frames: number }> = [];
  const files = new Map<Segment, string>();
  for (const seg of plan.segments) {
    if (seg.kind !== 'encode') continue;
    const file = path.join(work, `${seg.name}.mp4`);
    meter.stage(seg.fadeInFrames || seg.fadeOutFrames ? 'encoding_fades' : 'encoding_tail');
    const cost = videoCost(seg.frames);
    const filters = [`setpts=N/(${env.rate.num}/${env.rate.den})/TB`, ...fades(seg.frames, seg.fadeInFrames, seg.fadeOutFrames)];
    try {
      await runFfmpeg(
        ['-stream_loop', '-1', '-protocol_whitelist', 'file', '-i', `file:${unit}`, '-filter_complex', `[0:v:0]${filters.join(',')}[v]`, '-map', '[v]', '-frames:v', String(seg.frames), '-an', ...x264Args(env), '-f', 'mp4', `file:${file}`],
        {
          signal,
          ffmpegPath: ctx.ffmpegPath,
          expectedSeconds: seg.frames / (env.rate.num / env.rate.den),
          timeoutMs: timeoutFor(cost * 4),
          onProgress: (p) => p.fraction !== null && step(cost)(p.fraction),
        },
      );
    } catch (err) {
      throw asJobError(err, 'render_failed', `The ${seg.name} of the loop could not be encoded.`);
    }
    done += cost;
    files.set(seg, file);
  }

  // 3. Blocks of units, so a long loop of a short clip joins a few hundred files, not tens of thousands.
  const block = plan.segments.find((s): s is Extract<Segment, { kind: 'block' }> => s.kind === 'block');
  let blockFile: string | null = null;
  if (block) {
    meter.stage('joining');
    blockFile = path.join(work, 'block.mp4');
    const blockList = await writeList(work, Array.from({ length: block.units }, () => ({ file: unit, frames: plan.unitFrames })), env.rate, 'block.ffconcat');
    try {
      await runFfmpeg(['-f', 'concat', '-safe', '1', '-protocol_whitelist', 'file', '-i', `file:${blockList}`, '-map', '0:v:0', '-c', 'copy', '-f', 'mp4', `file:${blockFile}`], {
        signal,
        ffmpegPath: ctx.ffmpegPath,
        timeoutMs: timeoutFor(block.units * plan.unitFrames * COST.copySecond),
      });
    } catch (err) {
      throw asJobError(err, 'render_failed', 'The loop could not be assembled.');
    }
  }

  // Stream copy joins only files with identical codec headers: check before joining.
  const reference = unitFacts.extradata;
  for (const file of [...files.values(), ...(blockFile ? [blockFile] : [])]) {
    const facts = await streamFacts(file, 'v:0', ctx.ffprobePath);
    if (facts.extradata !== reference) throw new JobError('render_failed', `The parts of the loop were encoded with different H.264 headers (${path.basename(file)}).`);
  }

  for (const seg of plan.segments) {
    if (seg.kind === 'encode') entries.push({ file: files.get(seg)!, frames: seg.frames });
    else if (seg.kind === 'unit') for (let i = 0; i < seg.count; i++) entries.push({ file: unit, frames: plan.unitFrames });
    else if (seg.kind === 'block') for (let i = 0; i < seg.count; i++) entries.push({ file: blockFile!, frames: seg.units * plan.unitFrames });
  }
  meter.update('video', 1);
  return writeList(work, entries, env.rate);
}

/** The base chain of every clip input: output frame rate from t = 0, size, pixel format, last frame held. */
function baseChain(env: Env, index: number): string {
  const { input, rate } = env;
  const fps = `fps=fps=${rate.num}/${rate.den}:start_time=0`;
  // One colour matrix and range for every part: the SPS of all parts must match for stream copy.
  const scale = `scale=w=${input.width}:h=${input.height}:flags=bicubic:out_color_matrix=bt709:out_range=tv`;
  // Dropping frames before scaling is cheaper; when adding frames, scale first.
  const body = input.source.fps !== null && input.source.fps > input.fps ? [fps, scale] : [scale, fps];
  // A picture that ends before its probed length holds its last frame (trims never run short).
  return `[${index}:v:0]${[...body, 'setsar=1', 'format=yuv420p', 'tpad=stop_mode=clone:stop=-1'].join(',')}`;
}

/**
 * The filter graph of the unit: each stretch of the clip reads the clip through its own input
 * (decoding from the start), so no branch ever waits on another and memory holds at most one
 * reversed stretch or one dissolve at a time.
 */
function unitVideoGraph(env: Env, direct: Extract<Segment, { kind: 'direct' }> | null): { inputs: number; graph: string } {
  const { plan } = env;
  const chains: string[] = [];
  const labels: string[] = [];
  let next = 0;
  for (const p of plan.videoPieces) {
    const label = `p${labels.length}`;
    if (p.kind === 'forward' || p.kind === 'reverse') {
      const i = next++;
      chains.push(`${baseChain(env, i)},trim=start_frame=${p.start}:end_frame=${p.end},setpts=PTS-STARTPTS${p.kind === 'reverse' ? ',reverse' : ''}[${label}]`);
    } else {
      const head = next++;
      const tail = next++;
      // The head fades in (by its alpha) over the tail: at the unit's first frame only the tail
      // shows, which continues the unit's last frame; by the end of the dissolve only the head.
      chains.push(`${baseChain(env, head)},trim=end_frame=${p.length},setpts=PTS-STARTPTS,format=yuva420p,fade=t=in:s=0:n=${p.length}:alpha=1[h${label}]`);
      chains.push(`${baseChain(env, tail)},trim=start_frame=${p.tailStart}:end_frame=${p.tailStart + p.length},setpts=PTS-STARTPTS[t${label}]`);
      chains.push(`[t${label}][h${label}]overlay=x=0:y=0:format=yuv420:eof_action=pass,format=yuv420p[${label}]`);
    }
    labels.push(label);
  }
  const joined = labels.length > 1 ? `${labels.map((l) => `[${l}]`).join('')}concat=n=${labels.length}:v=1:a=0` : `[${labels[0]}]null`;
  const tailFilters = [`trim=end_frame=${plan.unitEncodeFrames}`];
  if (direct) tailFilters.push(...fades(direct.frames, direct.fadeInFrames, direct.fadeOutFrames));
  chains.push(`${joined},${tailFilters.join(',')}[v]`);
  return { inputs: next, graph: chains.join(';') };
}

function fades(frames: number, fadeIn: number, fadeOut: number): string[] {
  const out: string[] = [];
  if (fadeIn > 0) out.push(`fade=t=in:s=0:n=${fadeIn}`);
  if (fadeOut > 0) out.push(`fade=t=out:s=${frames - fadeOut}:n=${fadeOut}`);
  return out.length ? out : ['null'];
}

function x264Args(env: Env): string[] {
  const gop = Math.max(1, Math.round((ENCODING.gopSeconds * env.rate.num) / env.rate.den));
  return [
    // The same frame rate everywhere: it is written into the SPS, and timestamps stay on its grid.
    '-vsync', 'cfr', '-r', `${env.rate.num}/${env.rate.den}`,
    '-c:v', 'libx264', '-preset', ENCODING.preset, '-crf', String(ENCODING.crf),
    '-profile:v', 'high', '-pix_fmt', 'yuv420p',
    // Fixed, closed GOPs without scene-cut keyframes: every part starts on an IDR frame.
    '-g', String(gop), '-keyint_min', String(gop), '-sc_threshold', '0',
    '-color_primaries', 'bt709', '-color_trc', 'bt709', '-colorspace', 'bt709', '-color_range', 'tv',
  ];
}

/** ffconcat with each part's exact length, so joined timestamps stay on the frame grid. */
async function writeList(work: string, entries: Array<{ file: string; frames: number }>, rate: FrameRate, name = 'loop.ffconcat'): Promise<string> {
  const lines = ['ffconcat version 1.0'];
  for (const e of entries) lines.push(`file '${path.basename(e.file)}'`, `duration ${((e.frames * rate.den) / rate.num).toFixed(9)}`);
  const file = path.join(work, name);
  await fs.writeFile(file, `${lines.join('\n')}\n`);
  return file;
}

// ---------------------------------------------------------------------------------------------
// Sound

/** One unit of the clip's sound (raw PCM), then the whole mix encoded once; returns the AAC file. */
async function renderAudio(env: Env, clipPath: string, keepOriginal: boolean): Promise<string> {
  const { plan, input, ctx, signal, work, meter } = env;
  const A = plan.audio;
  const fmt = `aformat=sample_fmts=fltp:sample_rates=${AUDIO_RATE}:channel_layouts=stereo`;
  const total = meter.weight('audio');
  const seconds = A.samples / AUDIO_RATE;

  let unitPcm: string | null = null;
  if (keepOriginal && A.unitWriteSamples > 0) {
    unitPcm = path.join(work, 'unit-audio.f32');
    const chains: string[] = [];
    const labels: string[] = [];
    let next = 0;
    // Start at t = 0 like the picture (a late first sample is preceded by silence), pad the end.
    const base = (i: number) => `[${i}:a:0]aresample=${AUDIO_RATE}:async=1:first_pts=0,${upmix(ctx.files.get(input.file_id)!.info.metadata)}${fmt},apad`;
    for (const p of A.pieces) {
      const label = `p${labels.length}`;
      if (p.kind === 'forward' || p.kind === 'reverse') {
        chains.push(`${base(next++)},atrim=start_sample=${p.start}:end_sample=${p.end},asetpts=PTS-STARTPTS${p.kind === 'reverse' ? ',areverse' : ''}[${label}]`);
      } else {
        const h = next++;
        const t = next++;
        chains.push(`${base(h)},atrim=end_sample=${p.length},asetpts=PTS-STARTPTS,afade=t=in:ss=0:ns=${p.length}[h${label}]`);
        chains.push(`${base(t)},atrim=start_sample=${p.tailStart}:end_sample=${p.tailStart + p.length},asetpts=PTS-STARTPTS,afade=t=out:ss=0:ns=${p.length}[t${label}]`);
        chains.push(`[h${label}][t${label}]amerge=inputs=2,pan=stereo|c0=c0+c2|c1=c1+c3[${label}]`);
      }
      labels.push(label);
    }
    const joined = labels.length > 1 ? `${labels.map((l) => `[${l}]`).join('')}concat=n=${labels.length}:v=0:a=1` : `[${labels[0]}]anull`;
    chains.push(`${joined},${fmt},apad,atrim=end_sample=${A.unitWriteSamples}[a]`);
    const args: string[] = [];
    for (let i = 0; i < next; i++) args.push('-protocol_whitelist', 'file', '-i', `file:${clipPath}`);
    args.push('-filter_complex', chains.join(';'), '-map', '[a]', '-vn', '-c:a', 'pcm_f32le', '-f', 'f32le', `file:${unitPcm}`);
    try {
      await runFfmpeg(args, { signal, ffmpegPath: ctx.ffmpegPath, timeoutMs: timeoutFor((A.unitWriteSamples / AUDIO_RATE) * COST.audioSecond * 4) });
    } catch (err) {
      throw asJobError(err, 'media_unreadable', `The sound of the clip ${input.file_id} could not be decoded.`);
    }
    const { size } = await fs.stat(unitPcm);
    if (size !== A.unitWriteSamples * 8) throw new JobError('render_failed', `The loop's sound unit came out ${size / 8} samples long instead of ${A.unitWriteSamples}.`);
  }

  // The mix: every source repeated to the end, exact to the sample.
  meter.stage('mixing_audio');
  const args: string[] = [];
  const chains: string[] = [];
  const labels: string[] = [];
  const trimTo = `asetpts=N/SR/TB,atrim=end_sample=${A.samples}`;
  if (unitPcm) {
    args.push('-stream_loop', '-1', '-f', 'f32le', '-ar', String(AUDIO_RATE), '-ac', '2', '-protocol_whitelist', 'file', '-i', `file:${unitPcm}`);
    chains.push(`[${labels.length}:a:0]${fmt},${trimTo},volume=${gain(input.audio.volume)}[s${labels.length}]`);
    labels.push(`s${labels.length}`);
  }
  for (const layer of input.audio_layers) {
    const file = ctx.files.get(layer.file_id)!;
    const i = labels.length;
    args.push('-stream_loop', '-1', '-protocol_whitelist', 'file', '-i', `file:${file.path}`);
    const f = [`[${i}:a:0]aresample=${AUDIO_RATE}`, `${upmix(file.info.metadata)}${fmt}`, trimTo, `volume=${gain(layer.volume)}`, ...audioFades(A.samples, layer.fade_in_seconds, layer.fade_out_seconds)];
    chains.push(`${f.join(',')}[s${i}]`);
    labels.push(`s${i}`);
  }
  // Added, not averaged (amix would scale every source down by the number of sources).
  const sum =
    labels.length > 1
      ? `${labels.map((l) => `[${l}]`).join('')}amerge=inputs=${labels.length},pan=stereo|c0=${labels.map((_, k) => `c${2 * k}`).join('+')}|c1=${labels.map((_, k) => `c${2 * k + 1}`).join('+')}`
      : `[${labels[0]}]anull`;
  const master = [`volume=${gain(input.master_volume)}`, ...audioFades(A.samples, input.fade_in_seconds, input.fade_out_seconds), fmt];
  chains.push(`${sum},${master.join(',')}[a]`);
  const m4a = path.join(work, 'audio.m4a');
  args.push('-filter_complex', chains.join(';'), '-map', '[a]', '-vn', '-c:a', 'aac', '-b:a', ENCODING.audioBitrate, '-ar', String(AUDIO_RATE), '-ac', '2', '-f', 'mp4', `file:${m4a}`);
  try {
    await runFfmpeg(args, {
      signal,
      ffmpegPath: ctx.ffmpegPath,
      expectedSeconds: seconds,
      timeoutMs: timeoutFor(total * 6),
      onProgress: (p) => p.fraction !== null && meter.update('audio', p.fraction),
    });
  } catch (err) {
    throw asJobError(err, 'media_unreadable', 'The sound of the loop could not be mixed (an audio layer could not be decoded).');
  }
  meter.update('audio', 1);
  return m4a;
}

function audioFades(samples: number, fadeInSeconds: number, fadeOutSeconds: number): string[] {
  const out: string[] = [];
  const fi = Math.min(samples, Math.round(fadeInSeconds * AUDIO_RATE));
  const fo = Math.min(samples, Math.round(fadeOutSeconds * AUDIO_RATE));
  if (fi > 0) out.push(`afade=t=in:ss=0:ns=${fi}`);
  if (fo > 0) out.push(`afade=t=out:ss=${samples - fo}:ns=${fo}`);
  return out;
}

/**
 * Mono plays on both speakers at its own level, as players play it (FFmpeg's default upmix puts
 * it 3 dB down on each side, so a loop would come out quieter than its clip).
 */
function upmix(metadata: Record<string, unknown>): string {
  return metadata.audio_channels === 1 ? 'pan=stereo|c0=c0|c1=c0,' : '';
}

/** 0–100 → a linear gain. */
function gain(volume: number): string {
  return (Math.max(0, Math.min(100, volume)) / 100).toFixed(4);
}

// ---------------------------------------------------------------------------------------------
// Helpers

class ProgressMeter {
  private readonly done: Record<string, number> = {};
  private current = 'rendering';
  private last = 0;
  constructor(
    private readonly ctx: RenderContext,
    private readonly weights: Record<string, number>,
  ) {}

  weight(part: string): number {
    return this.weights[part] ?? 0;
  }

  stage(name: string): void {
    this.current = name;
    this.emit();
  }

  update(part: string, fraction: number): void {
    this.done[part] = Math.max(this.done[part] ?? 0, Math.min(1, Math.max(0, fraction)));
    this.emit();
  }

  private emit(): void {
    const total = Object.values(this.weights).reduce((s, w) => s + w, 0);
    const done = Object.entries(this.weights).reduce((s, [k, w]) => s + w * (this.done[k] ?? 0), 0);
    // Never backwards, and 1 only when the file is checked.
    this.last = Math.max(this.last, total > 0 ? Math.min(0.98, done / total) : 0);
    this.ctx.progress(this.last, this.current);
  }
}

interface StreamFacts {
  frames: number | null;
  duration: number | null;
  extradata: string;
}

/** Frame count, length and codec header of one stream (ffprobe reads the container's index only). */
function streamFacts(file: string, stream: string, ffprobePath?: string): Promise<StreamFacts> {
  const args = ['-v', 'error', '-protocol_whitelist', 'file', '-select_streams', stream, '-show_streams', '-show_data', '-of', 'json', `file:${file}`];
  return new Promise((resolve, reject) => {
    execFile(resolveFfprobePath(ffprobePath), args, { timeout: 30_000, killSignal: 'SIGKILL', maxBuffer: 4 * 1024 * 1024, encoding: 'utf8' }, (err, stdout) => {
      if (err) return reject(err);
      try {
        const s = (JSON.parse(stdout) as { streams?: Array<{ nb_frames?: string; duration?: string; extradata?: string }> }).streams?.[0];
        if (!s) return reject(new Error(`no stream ${stream} in ${path.basename(file)}`));
        const n = Number(s.nb_frames);
        const d = Number(s.duration);
        resolve({ frames: Number.isFinite(n) && s.nb_frames !== undefined ? n : null, duration: Number.isFinite(d) && s.duration !== undefined ? d : null, extradata: s.extradata ?? '' });
      } catch (parseErr) {
        reject(parseErr);
      }
    });
  });
}

async function ensureDiskSpace(dir: string, bytes: number): Promise<void> {
  let free: number;
  try {
    const s = await fs.statfs(dir);
    free = s.bavail * s.bsize;
  } catch {
    return; // Not knowable here: the write itself will fail cleanly if the disk fills.
  }
  if (free - DISK_RESERVE_BYTES < bytes) {
    throw new JobError('render_failed', `The loop needs about ${Math.ceil(bytes / 1e9)} GB of disk and this worker has ${Math.floor(free / 1e9)} GB free.`, { transient: true });
  }
}

/** A failure with a cause we know; cancellation passes through untouched. */
function asJobError(err: unknown, code: 'media_unreadable' | 'render_failed', message: string): Error {
  if (err instanceof JobError) return err;
  if (err instanceof FfmpegError && err.code === 'canceled') return err;
  if (err instanceof FfmpegError && err.code === 'ffmpeg_timeout') return new JobError('render_failed', `${message} (it took too long)`, { cause: err });
  return new JobError(code, message, { cause: err });
}

/** A generous limit for one FFmpeg run expected to take `seconds` (a stuck process must still end). */
function timeoutFor(seconds: number): number {
  return Math.round((600 + seconds * 10) * 1000);
}

function round6(v: number): number {
  return Math.round(v * 1e6) / 1e6;
}
