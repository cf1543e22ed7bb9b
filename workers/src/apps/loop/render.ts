import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { framesIn, parseFrameRate, type FrameRate, type LoopInput } from '../../../../api/src/domain/apps/loop/request';
import { resolveFfprobePath, runFfprobe, videoStreamOf } from '../../../../api/src/domain/files/probe';
import { JobError, type RenderContext, type RenderedOutput, type Renderer } from '../../../../api/src/domain/jobs/app-contract';
import { FfmpegError, runFfmpeg } from '../../media/ffmpeg';
import { AUDIO_RATE, audioChunks, LoopPlanError, planLoop, segmentFrames, type AudioChunk, type LoopPlan, type Segment } from './plan';

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

/** Samples per frame in the mix (≈ 170 ms). */
const MIX_FRAME = 8192;
/** Units of sound up to this size (≈ 87 s) are written out as their drift-free passes. */
const REPEAT_PCM_MAX_BYTES = 32 * 1024 * 1024;
/** Chunks of sound encoded side by side: at most this many, each at least this long. */
const MAX_AUDIO_CHUNKS = 4;
const MIN_AUDIO_CHUNK_SECONDS = 120;
/** Layers up to this long that must repeat are decoded once to PCM (20 min ≈ 460 MB). */
const PCM_LAYER_MAX_SECONDS = 1200;

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

  // Picture and sound are independent until the join: run them side by side (x264 uses every
  // core only part of the time; the sound is one thread).
  const [list, audio] = (await together<unknown>(env, [renderVideo(env, clip.path), hasAudio ? renderAudio(env, clip.path, keepOriginal) : Promise.resolve(null)])) as [
    string,
    { file: string; list: boolean } | null,
  ];

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
  picture: PictureFormat;
  ctx: RenderContext;
  plan: LoopPlan;
  rate: FrameRate;
  work: string;
  signal: AbortSignal;
  /** Stops every step of this render (siblings of a failed step). */
  abort(): void;
  meter: ProgressMeter;
}

/**
 * Runs steps side by side. When one fails the others are stopped, and all of them have ended —
 * their FFmpeg processes gone — before the first real failure (not a sibling's stop) is thrown,
 * so nothing is still writing into the work folder when it is removed.
 */
async function together<T>(env: Pick<Env, 'abort'>, steps: Array<Promise<T>>): Promise<T[]> {
  const settled = await Promise.allSettled(
    steps.map((step) =>
      step.catch((err) => {
        env.abort();
        throw err;
      }),
    ),
  );
  const failures = settled.filter((s): s is PromiseRejectedResult => s.status === 'rejected');
  if (failures.length) {
    const real = failures.find((f) => !(f.reason instanceof FfmpegError && f.reason.code === 'canceled'));
    throw (real ?? failures[0]).reason;
  }
  return settled.map((s) => (s as PromiseFulfilledResult<T>).value);
}

// ---------------------------------------------------------------------------------------------
// Video

/** Encodes the unit (as GOP files) and the parts with fades; returns the join list. */
async function renderVideo(env: Env, clipPath: string): Promise<string> {
  const { plan, work, input, ctx, signal, meter, rate } = env;
  const pixels = (input.width * input.height) / (1920 * 1080);
  const videoCost = (frames: number) => frames * pixels * COST.encodeFrame;
  let done = 0;
  const total = meter.weight('video');
  const step = (cost: number) => (f: number) => meter.update('video', total > 0 ? (done + cost * f) / total : 1);
  const seconds = (frames: number) => (frames * rate.den) / rate.num;

  // 1. The unit (or, when the output is no longer than one unit, the output itself) from the
  //    clip, written as one file per GOP.
  meter.stage(plan.direct ? 'encoding' : 'encoding_unit');
  const direct = plan.segments[0].kind === 'direct' ? plan.segments[0] : null;
  const { inputs, graph } = unitVideoGraph(env, direct);
  const args: string[] = [];
  for (let i = 0; i < inputs; i++) args.push('-protocol_whitelist', 'file', '-i', `file:${clipPath}`);
  args.push('-filter_complex', graph, '-map', '[v]', '-frames:v', String(plan.unitEncodeFrames), '-an', ...x264Args(env));
  const gops = direct ? [{ start: 0, frames: plan.frames }] : plan.gops;
  const gopFiles = gops.map((_, i) => path.join(work, `gop-${String(i).padStart(5, '0')}.mp4`));
  if (gops.length > 1) {
    // An IDR frame (closed GOP) at every GOP start, and a file per GOP.
    const cuts = gops.slice(1).map((g) => g.start);
    args.push('-forced-idr', '1', '-force_key_frames', `expr:eq(mod(n,${gops[0].frames}),0)`);
    // The segment muxer reads its file name as a pattern: a literal % in the folder must be doubled.
    args.push('-f', 'segment', '-segment_format', 'mp4', '-segment_frames', cuts.join(','), '-reset_timestamps', '1', `${path.join(work, 'gop').replace(/%/g, '%%')}-%05d.mp4`);
  } else {
    args.push('-f', 'mp4', `file:${gopFiles[0]}`);
  }
  const unitCost = videoCost(plan.unitEncodeFrames);
  try {
    await runFfmpeg(args, {
      signal,
      ffmpegPath: ctx.ffmpegPath,
      expectedSeconds: seconds(plan.unitEncodeFrames),
      timeoutMs: timeoutFor(unitCost * 4),
      onProgress: (p) => p.fraction !== null && step(unitCost)(p.fraction),
    });
  } catch (err) {
    throw asJobError(err, 'media_unreadable', `The clip ${input.file_id} could not be decoded.`);
  }
  done += unitCost;
  for (const file of gopFiles) {
    if (!(await exists(file))) throw new JobError('render_failed', `The loop unit was not cut into its ${gopFiles.length} GOPs.`);
  }
  const first = await streamFacts(gopFiles[0], 'v:0', ctx.ffprobePath);
  if (first.frames !== null && first.frames !== gops[0].frames) throw new JobError('render_failed', `The loop unit's first GOP came out ${first.frames} frames long instead of ${gops[0].frames}.`);
  if (direct) return writeList(work, [{ file: gopFiles[0], frames: plan.frames }], rate);

  // Will the output fit on this disk? It is about the unit's size per unit of length.
  let unitBytes = 0;
  for (const file of gopFiles) unitBytes += (await fs.stat(file)).size;
  const estimate = (unitBytes * plan.frames) / plan.unitFrames + (parseInt(ENCODING.audioBitrate, 10) * 1000 * seconds(plan.frames)) / 8;
  await ensureDiskSpace(ctx.workDir, estimate * 1.05);

  // The unit's GOPs from `first`, round and round, as join-list entries.
  const unitEntries = gopFiles.map((file, i) => ({ file, frames: gops[i].frames }));
  const gopRun = (firstGop: number, frames: number) => {
    const out: Array<{ file: string; frames: number }> = [];
    for (let i = firstGop, covered = 0; covered < frames; i = (i + 1) % unitEntries.length) {
      out.push(unitEntries[i]);
      covered += unitEntries[i].frames;
    }
    return out;
  };

  // 2. The parts with fades, and the frames after the last GOP that fits: encoded again from the
  //    unit's own GOPs (decoded through the join demuxer), starting at a GOP boundary.
  const encoded = new Map<Segment, string>();
  for (const seg of plan.segments) {
    if (seg.kind !== 'encode') continue;
    const file = path.join(work, `${seg.name}.mp4`);
    meter.stage(seg.fadeInFrames || seg.fadeOutFrames ? 'encoding_fades' : 'encoding_tail');
    const cost = videoCost(seg.frames);
    const source = await writeList(work, gopRun(seg.phase / gops[0].frames, seg.frames), rate, `${seg.name}-source.ffconcat`);
    const filters = [`setpts=N/(${rate.num}/${rate.den})/TB`, ...fades(seg.frames, seg.fadeInFrames, seg.fadeOutFrames)];
    try {
      await runFfmpeg(
        ['-f', 'concat', '-safe', '1', '-protocol_whitelist', 'file', '-i', `file:${source}`, '-filter_complex', `[0:v:0]${filters.join(',')}[v]`, '-map', '[v]', '-frames:v', String(seg.frames), '-an', ...x264Args(env), '-f', 'mp4', `file:${file}`],
        {
          signal,
          ffmpegPath: ctx.ffmpegPath,
          expectedSeconds: seconds(seg.frames),
          timeoutMs: timeoutFor(cost * 4),
          onProgress: (p) => p.fraction !== null && step(cost)(p.fraction),
        },
      );
    } catch (err) {
      throw asJobError(err, 'render_failed', `The ${seg.name} of the loop could not be encoded.`);
    }
    done += cost;
    encoded.set(seg, file);
  }

  // 3. Whole units as one file, and blocks of whole units: the join demuxer probes every file it
  //    opens (tens of ms each at 1080p), so long loops join a few dozen files, not thousands.
  const join = async (name: string, parts: Array<{ file: string; frames: number }>) => {
    const file = path.join(work, `${name}.mp4`);
    const list = await writeList(work, parts, rate, `${name}.ffconcat`);
    try {
      await runFfmpeg(['-f', 'concat', '-safe', '1', '-protocol_whitelist', 'file', '-i', `file:${list}`, '-map', '0:v:0', '-c', 'copy', '-f', 'mp4', `file:${file}`], {
        signal,
        ffmpegPath: ctx.ffmpegPath,
        timeoutMs: timeoutFor(seconds(parts.reduce((sum, p) => sum + p.frames, 0)) * COST.copySecond),
      });
    } catch (err) {
      throw asJobError(err, 'render_failed', 'The loop could not be assembled.');
    }
    return file;
  };
  const block = plan.segments.find((s): s is Extract<Segment, { kind: 'block' }> => s.kind === 'block');
  const needUnit = plan.segments.some((s) => s.kind === 'unit' || s.kind === 'block');
  let unitFile: { file: string; frames: number } | null = null;
  let blockFile: string | null = null;
  if (needUnit) {
    meter.stage('joining');
    unitFile = { file: unitEntries.length > 1 ? await join('unit', unitEntries) : unitEntries[0].file, frames: plan.unitFrames };
    if (block) blockFile = await join('block', Array.from({ length: block.units }, () => unitFile!));
  }

  // Stream copy joins only files with identical codec headers: check before joining.
  const reference = first.extradata;
  for (const file of [...encoded.values(), ...(unitFile ? [unitFile.file] : []), ...(blockFile ? [blockFile] : [])]) {
    const facts = await streamFacts(file, 'v:0', ctx.ffprobePath);
    if (facts.extradata !== reference) throw new JobError('render_failed', `The parts of the loop were encoded with different H.264 headers (${path.basename(file)}).`);
  }

  const entries: Array<{ file: string; frames: number }> = [];
  for (const seg of plan.segments) {
    if (seg.kind === 'encode') entries.push({ file: encoded.get(seg)!, frames: seg.frames });
    else if (seg.kind === 'gops') entries.push(...unitEntries.slice(seg.first, seg.first + seg.count));
    else if (seg.kind === 'unit') for (let i = 0; i < seg.count; i++) entries.push(unitFile!);
    else if (seg.kind === 'block') for (let i = 0; i < seg.count; i++) entries.push({ file: blockFile!, frames: seg.units * plan.unitFrames });
  }
  meter.update('video', 1);
  return writeList(work, entries, rate);
}

async function exists(file: string): Promise<boolean> {
  try {
    await fs.access(file);
    return true;
  } catch {
    return false;
  }
}

/** What the probe says about the clip's pictures, and whether they need converting at all. */
interface PictureFormat {
  pix_fmt?: string;
  color_space?: string;
  color_range?: string;
  sample_aspect_ratio?: string;
  /** Colour matrix the pictures are in (tagged, or what players assume for untagged ones). */
  matrix: 'bt709' | 'bt601';
  /** Already the output's size, pixel format, matrix and range: no scaler pass needed. */
  passthrough: boolean;
}

function pictureFormat(stream: { pix_fmt?: string; color_space?: string; color_range?: string; sample_aspect_ratio?: string; width?: number; height?: number }, input: LoopInput): PictureFormat {
  const tagged = stream.color_space && stream.color_space !== 'unknown' ? stream.color_space : null;
  // Untagged pictures: HD is BT.709, SD is BT.601 — what players assume.
  const matrix = tagged ? (tagged === 'bt709' ? 'bt709' : 'bt601') : input.source.height >= 720 || input.source.width >= 1280 ? 'bt709' : 'bt601';
  const squarePixels = !stream.sample_aspect_ratio || ['1:1', '0:1', 'N/A'].includes(stream.sample_aspect_ratio);
  const tvRange = !stream.color_range || stream.color_range === 'tv' || stream.color_range === 'unknown';
  const sameSize = input.source.width === input.width && input.source.height === input.height;
  const passthrough = sameSize && stream.pix_fmt === 'yuv420p' && matrix === 'bt709' && (!tagged || tagged === 'bt709') && tvRange && squarePixels;
  return { ...stream, matrix, passthrough };
}

/** The base chain of every clip input: output frame rate from t = 0, size, pixel format, last frame held. */
function baseChain(env: Env, index: number): string {
  const { input, rate, picture } = env;
  const fps = `fps=fps=${rate.num}/${rate.den}:start_time=0`;
  // One colour matrix and range for every part: the SPS of all parts must match for stream copy.
  // The scaler is skipped for clips already in the output format (it costs as much as decoding).
  const inMatrix = picture.color_space && picture.color_space !== 'unknown' ? '' : `:in_color_matrix=${picture.matrix}`;
  const scale = picture.passthrough ? null : `scale=w=${input.width}:h=${input.height}:flags=bicubic${inMatrix}:out_color_matrix=bt709:out_range=tv`;
  // Dropping frames before scaling is cheaper; when adding frames, scale first.
  const body = input.source.fps !== null && input.source.fps > input.fps ? [fps, scale] : [scale, fps];
  // A picture that ends before its probed length holds its last frame (trims never run short).
  return `[${index}:v:0]${[...body.filter((f): f is string => f !== null), 'setsar=1', 'format=yuv420p', 'tpad=stop_mode=clone:stop=-1'].join(',')}`;
}

/**
 * The filter graph of the unit: each stretch of the clip reads the clip through its own input
 * (decoding from the start), so no branch ever waits on another and memory holds at most one
 * reversed stretch or one dissolve at a time.
 */
function unitVideoGraph(env: Env, direct: Extract<Segment, { kind: 'direct' }> | null): { inputs: number; graph: string } {
  const { plan } = env;
  const pieces = plan.videoPieces;
  const chains: string[] = [];
  const labels: string[] = [];
  let next = 0;
  /** A dissolve's tail that comes from the decode of the stretch just before it. */
  let sharedTail: string | null = null;
  pieces.forEach((p, k) => {
    const label = `p${k}`;
    const after = pieces[k + 1];
    if (p.kind === 'forward' && after?.kind === 'dissolve' && after.tailStart === p.end) {
      // One decode, front to back: this stretch, then (right after it in the clip) the dissolve's tail.
      const i = next++;
      chains.push(`${baseChain(env, i)},split=2[a${k}][b${k}]`);
      chains.push(`[a${k}]trim=start_frame=${p.start}:end_frame=${p.end},setpts=PTS-STARTPTS[${label}]`);
      sharedTail = `[b${k}]`;
    } else if (p.kind === 'forward' || p.kind === 'reverse') {
      const i = next++;
      chains.push(`${baseChain(env, i)},trim=start_frame=${p.start}:end_frame=${p.end},setpts=PTS-STARTPTS${p.kind === 'reverse' ? ',reverse' : ''}[${label}]`);
    } else {
      const head = next++;
      const tail = sharedTail ?? `${baseChain(env, next++)},`;
      // The head fades in (by its alpha) over the tail: at the dissolve's first frame only the
      // tail shows, continuing the frame before it; by its end only the head, which the next
      // pass continues.
      chains.push(`${baseChain(env, head)},trim=end_frame=${p.length},setpts=PTS-STARTPTS,format=yuva420p,fade=t=in:s=0:n=${p.length}:alpha=1[h${label}]`);
      chains.push(`${tail}trim=start_frame=${p.tailStart}:end_frame=${p.tailStart + p.length},setpts=PTS-STARTPTS[t${label}]`);
      chains.push(`[t${label}][h${label}]overlay=x=0:y=0:format=yuv420:eof_action=pass,format=yuv420p[${label}]`);
      sharedTail = null;
    }
    labels.push(label);
  });
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

function gopFrames(rate: FrameRate): number {
  return Math.max(1, Math.round((ENCODING.gopSeconds * rate.num) / rate.den));
}

function x264Args(env: Env): string[] {
  const gop = gopFrames(env.rate);
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
async function renderAudio(env: Env, clipPath: string, keepOriginal: boolean): Promise<{ file: string; list: boolean }> {
  const { plan, input, ctx, signal, work, meter } = env;
  const A = plan.audio;
  const fmt = `aformat=sample_fmts=fltp:sample_rates=${AUDIO_RATE}:channel_layouts=stereo`;
  const total = meter.weight('audio');

  let unitPcm: string | null = null;
  let unitPeriod = A.unitWriteSamples;
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
    // The passes of a unit that is not a whole number of samples, so the repeats keep the picture's clock.
    if (A.repeatLengths.length > 1 && A.unitWriteSamples === A.unitSamples && size <= REPEAT_PCM_MAX_BYTES) {
      const unit = await fs.readFile(unitPcm);
      const passes = path.join(work, 'unit-audio-passes.f32');
      const handle = await fs.open(passes, 'w');
      try {
        for (const len of A.repeatLengths) await handle.write(unit, 0, len * 8);
      } finally {
        await handle.close();
      }
      unitPcm = passes;
      unitPeriod = A.repeatLengths.reduce((sum, len) => sum + len, 0);
    }
  }

  // Layers that must repeat are decoded once to PCM (a short file), so the mix repeats samples
  // instead of decoding and resampling the layer again on every pass.
  const layerSources = await together(env, input.audio_layers.map((layer, i) => prepareLayer(env, layer, i)));

  // The mix: every source repeated to the end, exact to the sample, mixed and encoded in chunks
  // side by side (one AAC encoder is one thread, and the longest step of an hour-long loop).
  meter.stage('mixing_audio');
  const raw = ['-f', 'f32le', '-ar', String(AUDIO_RATE), '-ac', '2'];
  const sources: MixSource[] = [];
  if (unitPcm) {
    sources.push({ input: ['-stream_loop', '-1', ...raw, '-protocol_whitelist', 'file', '-i', `file:${unitPcm}`], prepare: [], period: unitPeriod, weight: input.audio.volume / 100, fadeIn: 0, fadeOut: 0 });
  }
  input.audio_layers.forEach((layer, k) => {
    const source = layerSources[k];
    sources.push({
      input: source.pcm ? ['-stream_loop', '-1', ...raw, '-protocol_whitelist', 'file', '-i', `file:${source.pcm}`] : ['-stream_loop', '-1', '-protocol_whitelist', 'file', '-i', `file:${source.path}`],
      prepare: source.pcm ? [] : [`aresample=${AUDIO_RATE}`, `${upmix(source.metadata)}${fmt}`],
      period: source.pcmSamples,
      weight: layer.volume / 100,
      fadeIn: Math.min(A.samples, Math.round(layer.fade_in_seconds * AUDIO_RATE)),
      fadeOut: Math.min(A.samples, Math.round(layer.fade_out_seconds * AUDIO_RATE)),
    });
  });
  const master = { fadeIn: Math.min(A.samples, Math.round(input.fade_in_seconds * AUDIO_RATE)), fadeOut: Math.min(A.samples, Math.round(input.fade_out_seconds * AUDIO_RATE)) };
  const chunks = audioChunks(A.samples, {
    parallel: Math.min(MAX_AUDIO_CHUNKS, os.cpus().length),
    fadeInSamples: Math.max(master.fadeIn, ...sources.map((s) => s.fadeIn)),
    fadeOutSamples: Math.max(master.fadeOut, ...sources.map((s) => s.fadeOut)),
    minChunkSamples: MIN_AUDIO_CHUNK_SECONDS * AUDIO_RATE,
  });
  const done = chunks.map(() => 0);
  const files = await together(
    env,
    chunks.map(async (chunk, i) => {
      const file = path.join(work, `audio-${i}.m4a`);
      const len = chunk.end - chunk.start + chunk.pre + chunk.post;
      try {
        await runFfmpeg([...mixArgs(env, sources, master, chunk), '-c:a', 'aac', '-b:a', ENCODING.audioBitrate, '-ar', String(AUDIO_RATE), '-ac', '2', '-f', 'mp4', `file:${file}`], {
          signal,
          ffmpegPath: ctx.ffmpegPath,
          expectedSeconds: len / AUDIO_RATE,
          timeoutMs: timeoutFor((total * 6 * len) / A.samples),
          onProgress: (p) => {
            if (p.fraction === null) return;
            done[i] = p.fraction * len;
            meter.update('audio', done.reduce((s, d) => s + d, 0) / A.samples);
          },
        });
      } catch (err) {
        throw asJobError(err, 'media_unreadable', 'The sound of the loop could not be mixed (an audio layer could not be decoded).');
      }
      return file;
    }),
  );
  meter.update('audio', 1);
  if (files.length === 1) return { file: files[0], list: false };
  // Joined by stream copy: each chunk from its first own frame to its last.
  const lines = ['ffconcat version 1.0'];
  chunks.forEach((c, i) => {
    lines.push(`file '${path.basename(files[i])}'`);
    if (c.pre) lines.push(`inpoint ${(c.pre / AUDIO_RATE).toFixed(9)}`);
    lines.push(`outpoint ${((c.pre + c.end - c.start) / AUDIO_RATE).toFixed(9)}`);
  });
  const list = path.join(work, 'audio.ffconcat');
  await fs.writeFile(list, `${lines.join('\n')}\n`);
  return { file: list, list: true };
}

interface MixSource {
  /** Input options and `-i`. */
  input: string[];
  /** Filters that bring it to 48 kHz stereo float. */
  prepare: string[];
  /** Samples per repeat when known exactly (PCM), so a chunk can start inside a repeat; null: decode from the start. */
  period: number | null;
  /** 0–1. */
  weight: number;
  fadeIn: number;
  fadeOut: number;
}

/** FFmpeg input and filter arguments that mix output samples [start − pre, end + post). */
function mixArgs(env: Env, sources: MixSource[], master: { fadeIn: number; fadeOut: number }, chunk: AudioChunk): string[] {
  const total = env.plan.audio.samples;
  const from = chunk.start - chunk.pre;
  const to = chunk.end + chunk.post;
  const fmt = `aformat=sample_fmts=fltp:sample_rates=${AUDIO_RATE}:channel_layouts=stereo`;
  const fades = (fadeIn: number, fadeOut: number): string[] => {
    const out: string[] = [];
    if (fadeIn > 0 && from < fadeIn) {
      if (from !== 0) throw new JobError('render_failed', 'A chunk of the sound starts inside a fade-in.');
      out.push(`afade=t=in:ss=0:ns=${fadeIn}`);
    }
    if (fadeOut > 0 && to > total - fadeOut) {
      if (total - fadeOut < from) throw new JobError('render_failed', 'A chunk of the sound starts inside a fade-out.');
      out.push(`afade=t=out:ss=${total - fadeOut - from}:ns=${fadeOut}`);
    }
    return out;
  };
  const args: string[] = [];
  const chains: string[] = [];
  sources.forEach((s, i) => {
    args.push(...s.input);
    const skip = s.period ? from % s.period : from;
    // Big frames: for an hour of sound the per-frame cost of the filters, not the arithmetic, is what counts.
    const f = [...s.prepare, `asetnsamples=n=${MIX_FRAME}:p=0`, 'asetpts=N/SR/TB', `atrim=start_sample=${skip}:end_sample=${skip + to - from}`, 'asetpts=PTS-STARTPTS', ...fades(s.fadeIn, s.fadeOut)];
    chains.push(`[${i}:a:0]${f.join(',')}[s${i}]`);
  });
  // Added, not averaged: amix divides by the sum of its weights, the volume after it multiplies back.
  const weights = sources.map((s) => s.weight);
  const weightSum = weights.reduce((s, w) => s + w, 0);
  const level = (weightSum * env.input.master_volume) / 100;
  const sum =
    sources.length > 1
      ? `${sources.map((_, i) => `[s${i}]`).join('')}amix=inputs=${sources.length}:duration=longest:dropout_transition=0:weights=${weights.map((w) => (weightSum > 0 ? w : 1).toFixed(4)).join(' ')}`
      : '[s0]anull';
  chains.push(`${sum},${[`volume=${level.toFixed(6)}`, ...fades(master.fadeIn, master.fadeOut), fmt].join(',')}[a]`);
  return [...args, '-filter_complex', chains.join(';'), '-map', '[a]', '-vn'];
}

/** Decodes a layer that must repeat to 48 kHz stereo PCM, when that file stays small. */
async function prepareLayer(env: Env, layer: LoopInput['audio_layers'][number], index: number): Promise<{ path: string; metadata: Record<string, unknown>; pcm: string | null; pcmSamples: number | null }> {
  const file = env.ctx.files.get(layer.file_id)!;
  const seconds = env.plan.audio.samples / AUDIO_RATE;
  if (!(layer.duration_seconds < seconds && layer.duration_seconds <= PCM_LAYER_MAX_SECONDS)) return { path: file.path, metadata: file.info.metadata, pcm: null, pcmSamples: null };
  const pcm = path.join(env.work, `layer-${index}.f32`);
  const chain = `aresample=${AUDIO_RATE},${upmix(file.info.metadata)}aformat=sample_fmts=flt:sample_rates=${AUDIO_RATE}:channel_layouts=stereo`;
  try {
    await runFfmpeg(['-protocol_whitelist', 'file', '-i', `file:${file.path}`, '-map', '0:a:0', '-vn', '-af', chain, '-c:a', 'pcm_f32le', '-f', 'f32le', `file:${pcm}`], {
      signal: env.signal,
      ffmpegPath: env.ctx.ffmpegPath,
      timeoutMs: timeoutFor(layer.duration_seconds * COST.audioSecond * 4),
    });
  } catch (err) {
    throw asJobError(err, 'media_unreadable', `The audio layer ${layer.file_id} could not be decoded.`);
  }
  const samples = Math.floor((await fs.stat(pcm)).size / 8);
  if (samples < 1) throw new JobError('media_unreadable', `The audio layer ${layer.file_id} has no sound.`);
  return { path: file.path, metadata: file.info.metadata, pcm, pcmSamples: samples };
}

/**
 * Mono plays on both speakers at its own level, as players play it (FFmpeg's default upmix puts
 * it 3 dB down on each side, so a loop would come out quieter than its clip).
 */
function upmix(metadata: Record<string, unknown>): string {
  return metadata.audio_channels === 1 ? 'pan=stereo|c0=c0|c1=c0,' : '';
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
