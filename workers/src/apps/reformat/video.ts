import fs from 'node:fs/promises';
import path from 'node:path';
import type { ReformatInput, ReformatInputTarget } from '../../../../api/src/domain/apps/reformat/request';
import { rotationOf, runFfprobe, type FfprobeStream } from '../../../../api/src/domain/files/probe';
import { asJobError, ffmpegTimeoutMs, runFfmpeg, throwIfAborted } from '../../media';
import { anchoredRect, blurSize, busiestWindow, containRect, coverRect, detailProfile, type Rect } from './geometry';

/**
 * Videos: one FFmpeg run decodes the source once and feeds every target through a `split` filter,
 * each branch cropping, containing or padding and encoding its own MP4. A target whose frame is
 * the source's own frame (same size, H.264 4:2:0, square pixels, no rotation) copies the video
 * stream instead of encoding it again. The sound is copied when it is AAC, else encoded to AAC.
 * `smart` crops are placed first, by the detail of frames sampled across the whole video.
 */

/** The encoder settings of every encoded target (the house settings of the other video apps). */
export const VIDEO_ENCODING = { preset: 'veryfast', crf: 20, audioBitrate: '192k' } as const;
/** Frames sampled across the video to place smart crops, and their size (long side, pixels). */
const SMART_SAMPLES = 8;
const SMART_LONG_SIDE = 256;

export interface VideoTargetPlan {
  target: ReformatInputTarget;
  /** `copy`: the video stream is copied as it is; `encode`: through the filter graph. */
  video: 'copy' | 'encode';
  /** The part of the source kept by a crop (source pixels); for pad and blur_fill, the whole source. */
  sourceRect: Rect;
  /** Where the source's picture lands in the frame (pad, blur_fill); the whole frame for a crop. */
  pictureRect: Rect;
  /** The FFmpeg filter chain from `[in]` to `[out]` (labels replaced per branch); null for a copy. */
  filter: string | null;
}

export interface VideoPlan {
  targets: VideoTargetPlan[];
  audio: 'copy' | 'encode' | null;
}

export interface SourceFacts {
  width: number;
  height: number;
  /** The source's frame can be copied into an MP4 as it is. */
  copyable: boolean;
}

const hex = (color: string) => `0x${color.slice(1)}`;

/** The filter chain of one target, from `[in]` to `[out]`. */
function targetFilter(t: ReformatInputTarget, src: { width: number; height: number }, sourceRect: Rect, picture: Rect, branch: string): string {
  const { width: W, height: H } = t;
  const rect = (r: Rect) => `crop=${r.width}:${r.height}:${r.x}:${r.y}`;
  if (t.fit === 'crop') return `[in]${rect(sourceRect)},scale=${W}:${H},setsar=1,format=yuv420p[out]`;
  const fg = `scale=${picture.width}:${picture.height},setsar=1`;
  if (t.fit === 'pad') return `[in]${fg},pad=${W}:${H}:${picture.x}:${picture.y}:color=${hex(t.color ?? '#000000')},format=yuv420p[out]`;
  const small = blurSize(t);
  const cover = coverRect(src, t);
  return [
    `[in]split=2[${branch}b][${branch}f]`,
    `[${branch}b]${rect(cover)},scale=${small.width}:${small.height},gblur=sigma=${small.sigma.toFixed(2)},scale=${W}:${H},setsar=1[${branch}bg]`,
    `[${branch}f]${fg}[${branch}fg]`,
    `[${branch}bg][${branch}fg]overlay=${picture.x}:${picture.y},format=yuv420p[out]`,
  ].join(';');
}

/** What the renderer needs to know of the source beyond its probe summary. */
export async function sourceFacts(file: string, input: ReformatInput, ffprobePath?: string): Promise<SourceFacts> {
  const probe = await runFfprobe(file, { ffprobePath });
  const v = probe.streams.find((s) => s.codec_type === 'video' && s.disposition?.attached_pic !== 1) as (FfprobeStream & { pix_fmt?: string; sample_aspect_ratio?: string }) | undefined;
  if (!v) throw new Error('the file has no video stream');
  const sar = v.sample_aspect_ratio ?? '1:1';
  const copyable =
    v.codec_name === 'h264' &&
    v.pix_fmt === 'yuv420p' &&
    (sar === '1:1' || sar === '0:1') &&
    rotationOf(v) === 0 &&
    /mp4|mov/.test(probe.format.format_name ?? '');
  return { width: input.source.width, height: input.source.height, copyable };
}

/**
 * The busiest place of each `smart` crop: frames sampled evenly across the video (one FFmpeg run,
 * small and grey), their detail summed along the crop's free axis, and the window of the target's
 * shape with the most detail (the most central of equals). Returns the source-pixel crop per target index.
 */
export async function placeSmartCrops(
  file: string,
  src: { width: number; height: number; duration: number },
  targets: ReformatInputTarget[],
  workDir: string,
  opts: { signal: AbortSignal; ffmpegPath?: string },
): Promise<Map<number, Rect>> {
  const placed = new Map<number, Rect>();
  const smart = targets.filter((t) => t.fit === 'crop' && t.anchor === 'smart' && coverRect(src, t).axis !== 'none');
  for (const t of targets.filter((x) => x.fit === 'crop' && x.anchor === 'smart' && !smart.includes(x))) placed.set(t.index, coverRect(src, t));
  if (!smart.length) return placed;

  const k = Math.min(1, SMART_LONG_SIDE / Math.max(src.width, src.height));
  const sw = Math.max(2, Math.round((src.width * k) / 2) * 2);
  const sh = Math.max(2, Math.round((src.height * k) / 2) * 2);
  const times = Array.from({ length: SMART_SAMPLES }, (_, i) => (src.duration * (i + 0.5)) / SMART_SAMPLES);
  const dir = path.join(workDir, 'smart');
  await fs.mkdir(dir, { recursive: true });
  const args: string[] = [];
  for (const t of times) args.push('-ss', t.toFixed(3), '-i', `file:${file}`);
  times.forEach((_, i) => args.push('-map', `${i}:v:0`, '-vf', `scale=${sw}:${sh},format=gray`, '-frames:v', '1', '-f', 'rawvideo', `file:${path.join(dir, `${i}.gray`)}`));
  await runFfmpeg(args, { signal: opts.signal, ffmpegPath: opts.ffmpegPath, timeoutMs: ffmpegTimeoutMs(SMART_SAMPLES * 2) });

  const profiles = { x: new Float64Array(sw), y: new Float64Array(sh) };
  let frames = 0;
  for (let i = 0; i < times.length; i += 1) {
    const grey = await fs.readFile(path.join(dir, `${i}.gray`)).catch(() => null);
    if (!grey || grey.length < sw * sh) continue; // past the last frame
    frames += 1;
    detailProfile(grey, sw, sh, 'x', profiles.x);
    detailProfile(grey, sw, sh, 'y', profiles.y);
  }
  await fs.rm(dir, { recursive: true, force: true });
  for (const t of smart) {
    const rect = coverRect(src, t);
    if (!frames) {
      placed.set(t.index, coverRect(src, t));
      continue;
    }
    const axis = rect.axis as 'x' | 'y';
    const scale = axis === 'x' ? sw / src.width : sh / src.height;
    const start = busiestWindow(profiles[axis], (axis === 'x' ? rect.width : rect.height) * scale);
    const room = axis === 'x' ? src.width - rect.width : src.height - rect.height;
    const at = Math.min(room, Math.max(0, Math.round(start / scale)));
    placed.set(t.index, axis === 'x' ? { ...rect, x: at } : { ...rect, y: at });
  }
  return placed;
}

/** Every target's plan: where its pixels come from and the filter that puts them there. */
export function planVideo(input: ReformatInput, facts: SourceFacts, smart: Map<number, Rect>): VideoPlan {
  const src = { width: facts.width, height: facts.height };
  const whole: Rect = { x: 0, y: 0, ...src };
  const targets = input.targets.map((t, i): VideoTargetPlan => {
    const frame: Rect = { x: 0, y: 0, width: t.width, height: t.height };
    const sameFrame = t.width === src.width && t.height === src.height;
    if (sameFrame && facts.copyable) return { target: t, video: 'copy', sourceRect: whole, pictureRect: frame, filter: null };
    if (t.fit === 'crop') {
      const r = t.anchor === 'smart' ? (smart.get(t.index) ?? coverRect(src, t)) : anchoredRect(src, t);
      const sourceRect = { x: r.x, y: r.y, width: r.width, height: r.height };
      return { target: t, video: 'encode', sourceRect, pictureRect: frame, filter: targetFilter(t, src, sourceRect, frame, `t${i}`) };
    }
    const picture = containRect(src, t, true);
    return { target: t, video: 'encode', sourceRect: whole, pictureRect: picture, filter: targetFilter(t, src, whole, picture, `t${i}`) };
  });
  const audio = !input.source.has_audio ? null : input.source.audio_codec === 'aac' ? 'copy' : 'encode';
  return { targets, audio };
}

/** The FFmpeg arguments of the one run that writes every target (`outFiles[i]` for target i). */
export function videoArgs(file: string, plan: VideoPlan, outFiles: string[]): string[] {
  const encoded = plan.targets.filter((t) => t.video === 'encode');
  const args = ['-i', `file:${file}`];
  const label = new Map<number, string>();
  if (encoded.length) {
    const branches = encoded.map((t, i) => `[s${i}]`);
    const graph = [encoded.length === 1 ? `[0:v:0]null${branches[0]}` : `[0:v:0]split=${encoded.length}${branches.join('')}`];
    encoded.forEach((t, i) => {
      label.set(t.target.index, `[v${i}]`);
      graph.push(t.filter!.replace('[in]', branches[i]).replace('[out]', `[v${i}]`));
    });
    args.push('-filter_complex', graph.join(';'));
  }
  plan.targets.forEach((t, i) => {
    if (t.video === 'copy') args.push('-map', '0:v:0', '-c:v', 'copy');
    else {
      args.push('-map', label.get(t.target.index)!, '-c:v', 'libx264', '-preset', VIDEO_ENCODING.preset, '-crf', String(VIDEO_ENCODING.crf), '-profile:v', 'high', '-pix_fmt', 'yuv420p');
    }
    if (plan.audio === 'copy') args.push('-map', '0:a:0', '-c:a', 'copy');
    else if (plan.audio === 'encode') args.push('-map', '0:a:0', '-c:a', 'aac', '-b:a', VIDEO_ENCODING.audioBitrate);
    // Each output waits on its own encoder: the copied sound of the others must not overflow the queue.
    args.push('-max_muxing_queue_size', '4096', '-map_metadata', '-1', '-movflags', '+faststart', '-f', 'mp4', `file:${outFiles[i]}`);
  });
  return args;
}

/** Renders every target of a video in one FFmpeg run; `progress` gets 0..1 of the run. */
export async function renderVideoTargets(
  input: ReformatInput,
  file: string,
  outFiles: string[],
  ctx: { workDir: string; signal: AbortSignal; ffmpegPath?: string; ffprobePath?: string },
  progress: (fraction: number, stage: string) => void,
): Promise<{ plan: VideoPlan }> {
  const duration = input.source.duration_seconds ?? 0;
  let facts: SourceFacts;
  try {
    facts = await sourceFacts(file, input, ctx.ffprobePath);
  } catch (err) {
    throw asJobError(err, 'media_unreadable', `The video ${input.file_id} could not be read.`);
  }
  throwIfAborted(ctx.signal);
  let smart = new Map<number, Rect>();
  if (input.targets.some((t) => t.fit === 'crop' && t.anchor === 'smart')) {
    progress(0, 'analysing');
    try {
      smart = await placeSmartCrops(file, { width: facts.width, height: facts.height, duration }, input.targets, ctx.workDir, ctx);
    } catch (err) {
      throw asJobError(err, 'media_unreadable', `The video ${input.file_id} could not be sampled for smart crops.`);
    }
  }
  const plan = planVideo(input, facts, smart);
  const encodes = plan.targets.filter((t) => t.video === 'encode').length;
  progress(0.05, 'rendering');
  try {
    await runFfmpeg(videoArgs(file, plan, outFiles), {
      signal: ctx.signal,
      ffmpegPath: ctx.ffmpegPath,
      expectedSeconds: duration,
      timeoutMs: ffmpegTimeoutMs(duration * Math.max(1, encodes)),
      onProgress: (p) => p.fraction !== null && progress(0.05 + 0.95 * p.fraction, 'rendering'),
    });
  } catch (err) {
    throw asJobError(err, 'render_failed', `The video ${input.file_id} could not be reformatted.`);
  }
  return { plan };
}
