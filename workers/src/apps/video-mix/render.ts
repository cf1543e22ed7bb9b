import { createReadStream, createWriteStream } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { once } from 'node:events';
import type { Archiver, ArchiverOptions } from 'archiver';
import { JobError, type RenderContext, type RenderedOutput, type Renderer } from '../../../../api/src/domain/jobs/app-contract';
import type { VideoMixInput, VideoMixPlannedVariant, VideoMixQuality } from '../../../../api/src/domain/apps/video-mix/request';
import { FfmpegError, runFfmpeg } from '../../media/ffmpeg';
import { Fmp4Error, fragmentsBetween, readFragmentedMp4, relocatedMoof, type FragmentedTrack } from './fmp4';

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
 * Sound and picture: an AAC packet holds 1024 samples, which never line up with video frames, so
 * cutting AAC at each frame boundary and joining would drift (up to 21 ms per cut, accumulating).
 * Instead each variant picks, per segment, the number of packets that brings its running sound
 * length closest to its running picture length: the offset at every cut stays within half a packet
 * (±10.7 ms at 48 kHz, far below what viewers notice) and never accumulates.
 */

/** The sound of every output: one rate and layout, so slices of different clips join byte for byte. */
const SAMPLE_RATE = 48_000;
const CHANNELS = 2;
const BYTES_PER_SAMPLE_FRAME = CHANNELS * 2; // s16le
/** Samples per AAC-LC packet. */
const AAC_PACKET_SAMPLES = 1024;

const ENCODING: Record<VideoMixQuality, { crf: number; preset: string; audioBitrate: string }> = {
  low: { crf: 28, preset: 'veryfast', audioBitrate: '96k' },
  medium: { crf: 23, preset: 'veryfast', audioBitrate: '128k' },
  high: { crf: 19, preset: 'fast', audioBitrate: '192k' },
};

/** Thumbnails: the variant's first frame, at most this many pixels on the long side. */
const THUMB_LONG_SIDE = 640;
/** Variants assembled at once: a remux is mostly process start-up and I/O, one core each. */
const ASSEMBLY_CONCURRENCY = 2;
/** Clips normalised at once: x264 threads well, but short clips leave cores idle between start-ups. */
const NORMALIZE_CONCURRENCY = 2;

/** Frames a re-timed variant may fall short by after the frame-rate filter rounds; the last one is held. */
const SPEED_SLACK_FRAMES = 4;

/** Relative cost of the steps, to turn work done into a progress fraction. */
const COST = { encodeFrame: 1, copyFrame: 0.02, zipFrame: 0.01 };

export interface VideoMixVariantMetadata {
  variant: number;
  /** The clip sequence: which file, which part (seconds from the clip's start). */
  clips: Array<{ clip_index: number; file_id: string; group: string | null; start_seconds: number; end_seconds: number }>;
  duration_seconds: number;
  frames: number;
  width: number;
  height: number;
  fps: number;
  has_audio: boolean;
  speed: number;
  video_codec: 'h264';
  audio_codec: 'aac' | null;
}

interface ClipWork {
  clip: number;
  /** Sorted frame numbers where some segment starts or ends (0 first, the last frame used last). */
  boundaries: number[];
  /** The normalised picture (fragmented MP4) and its fragment layout. */
  video: { file: string; track: FragmentedTrack } | null;
  /** Raw s16le PCM of the clip's sound, for re-timed variants. */
  pcm: string | null;
  /** The clip's sound as ADTS AAC, with the byte offset of every packet (plus the end). */
  aac: { file: string; offsets: number[] } | null;
}

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
  const { fps, width, height } = input;
  const hasAudio = input.audio === 'keep';
  const enc = ENCODING[input.quality];
  const samplesPerFrame = SAMPLE_RATE / fps; // 2000, 1600 or 800: whole numbers for 24, 30, 60 fps.
  const sound = {
    aac: hasAudio && input.plan.some((v) => v.speed === 1),
    pcm: hasAudio && input.plan.some((v) => v.speed !== 1),
    samplesPerFrame,
  };

  // Which clips are used and where each must be cut.
  const clipWork = new Map<number, ClipWork>();
  for (const v of input.plan) {
    for (const s of v.segments) {
      const cw = clipWork.get(s.clip) ?? { clip: s.clip, boundaries: [], video: null, pcm: null, aac: null };
      cw.boundaries.push(s.start_frame, s.end_frame);
      clipWork.set(s.clip, cw);
    }
  }
  for (const cw of clipWork.values()) {
    cw.boundaries = [...new Set([0, ...cw.boundaries])].sort((a, b) => a - b);
    const file = ctx.files.get(input.clips[cw.clip]?.file_id);
    if (!file) throw new JobError('media_unreadable', `Clip ${cw.clip} (${input.clips[cw.clip]?.file_id}) is not available to the renderer.`);
  }

  // Progress over the whole job.
  const normalizeUnits = [...clipWork.values()].reduce((s, cw) => s + cw.boundaries[cw.boundaries.length - 1] * COST.encodeFrame, 0);
  const variantUnits = (v: VideoMixPlannedVariant) => v.output_frames * (v.speed === 1 ? COST.copyFrame : COST.encodeFrame);
  const assembleUnits = input.plan.reduce((s, v) => s + variantUnits(v), 0);
  const zipUnits = input.zip ? input.plan.reduce((s, v) => s + v.output_frames * COST.zipFrame, 0) : 0;
  const meter = progressMeter(ctx, normalizeUnits + assembleUnits + zipUnits);

  // 1. Normalise every used clip once.
  await pool([...clipWork.values()], NORMALIZE_CONCURRENCY, local, async (cw) => {
    const units = cw.boundaries[cw.boundaries.length - 1] * COST.encodeFrame;
    const task = meter.start('normalizing', units);
    await normalizeClip(input, ctx, cw, work, sound, signal, task.update);
    task.done();
  });

  // Every clip must decode with the same sample description for its fragments to be joined.
  const tracks = [...clipWork.values()].map((cw) => cw.video!.track);
  const reference = tracks[0];
  if (tracks.some((t) => t.timescale !== reference.timescale || !t.sampleDescription.equals(reference.sampleDescription))) {
    throw new JobError('render_failed', 'The normalised clips came out with different stream parameters and cannot be joined.');
  }

  // The fragments of each distinct segment (clip, start, end), looked up once and shared by every variant that repeats it.
  const segmentFragments = new Map<string, ReturnType<typeof fragmentsBetween>>();
  const fragmentsOf = (clip: number, start: number, end: number) => {
    const key = `${clip}:${start}:${end}`;
    let found = segmentFragments.get(key);
    if (!found) {
      found = fragmentsBetween(clipWork.get(clip)!.video!.track, start, end);
      segmentFragments.set(key, found);
    }
    return found;
  };

  // 2. Assemble the variants.
  const thumbs = new Map<string, Promise<string>>();
  const thumbSize = fitWithin(width, height, THUMB_LONG_SIDE);
  const outputs: RenderedOutput[][] = new Array(input.plan.length);
  const digits = Math.max(3, String(input.plan.length).length);
  await pool(input.plan, ASSEMBLY_CONCURRENCY, local, async (v) => {
    const task = meter.start('rendering', variantUnits(v));
    const name = `variant-${String(v.index + 1).padStart(digits, '0')}`;
    const picture = path.join(work, `${name}.video.mp4`);
    let audio: { file: string; format: 'adts' | 's16le' } | null = null;
    const mp4 = path.join(out, `${name}.mp4`);
    try {
      const parts: Array<Buffer | Range> = [reference.init];
      let decodeTime = 0;
      let sequence = 1;
      for (const seg of v.segments) {
        const { file } = clipWork.get(seg.clip)!.video!;
        for (const f of fragmentsOf(seg.clip, seg.start_frame, seg.end_frame)) {
          parts.push(relocatedMoof(f, decodeTime, sequence++), { file, start: f.mdatOffset, end: f.mdatOffset + f.mdatSize });
          decodeTime += f.duration;
        }
      }
      await writeRanges(picture, parts, signal);
      if (hasAudio && v.speed === 1) {
        audio = { file: path.join(work, `${name}.aac`), format: 'adts' };
        const packets = planAacPackets(v.segments, (clip) => clipWork.get(clip)!.aac!.offsets.length - 1, samplesPerFrame);
        await writeRanges(
          audio.file,
          packets.map((p) => {
            const { file, offsets } = clipWork.get(p.clip)!.aac!;
            return { file, start: offsets[p.first], end: offsets[p.first + p.count] };
          }),
          signal,
        );
      } else if (hasAudio) {
        audio = { file: path.join(work, `${name}.pcm`), format: 's16le' };
        const bytesPerFrame = samplesPerFrame * BYTES_PER_SAMPLE_FRAME;
        await writeRanges(
          audio.file,
          v.segments.map((seg) => ({ file: clipWork.get(seg.clip)!.pcm!, start: seg.start_frame * bytesPerFrame, end: seg.end_frame * bytesPerFrame })),
          signal,
        );
      }
      await assembleVariant(input, v, picture, audio, mp4, enc, signal, ctx.ffmpegPath, task.update);
    } catch (err) {
      throw asJobError(err, 'render_failed', `Variant ${v.index} could not be assembled`);
    } finally {
      if (audio) await fs.rm(audio.file, { force: true });
      await fs.rm(picture, { force: true });
    }

    // The first frame of a variant is the first frame of its first segment: decode it once per distinct opening.
    const opening = v.segments[0];
    const thumbKey = `${opening.clip}:${opening.start_frame}`;
    let thumbSource = thumbs.get(thumbKey);
    if (!thumbSource) {
      thumbSource = makeThumbnail(clipWork.get(opening.clip)!.video!.file, opening.start_frame / fps, path.join(work, `thumb-${thumbs.size}.jpg`), thumbSize, signal, ctx.ffmpegPath);
      thumbs.set(thumbKey, thumbSource);
    }
    const jpg = path.join(out, `${name}.jpg`);
    await fs.copyFile(await thumbSource, jpg);

    const metadata: VideoMixVariantMetadata = {
      variant: v.index,
      clips: v.segments.map((s) => ({
        clip_index: s.clip,
        file_id: input.clips[s.clip].file_id,
        group: input.clips[s.clip].group,
        start_seconds: round6(s.start_frame / fps),
        end_seconds: round6(s.end_frame / fps),
      })),
      duration_seconds: round6(v.output_frames / fps),
      frames: v.output_frames,
      width,
      height,
      fps,
      has_audio: hasAudio,
      speed: v.speed,
      video_codec: 'h264',
      audio_codec: hasAudio ? 'aac' : null,
    };
    outputs[v.index] = [
      { path: mp4, filename: `${name}.mp4`, content_type: 'video/mp4', kind: 'video', role: 'variant', index: v.index, metadata: { ...metadata } },
      {
        path: jpg,
        filename: `${name}.jpg`,
        content_type: 'image/jpeg',
        kind: 'image',
        role: 'thumbnail',
        index: v.index,
        metadata: { variant: v.index, width: thumbSize.width, height: thumbSize.height, time_seconds: 0 },
      },
    ];
    task.done();
  });
  const result = outputs.flat();

  // 3. The ZIP of all variants.
  if (input.zip) {
    const task = meter.start('zipping', zipUnits);
    const zipPath = path.join(out, 'video-mix.zip');
    const entries = result.filter((o) => o.role === 'variant').map((o) => o.filename);
    try {
      await writeZip(zipPath, entries.map((name) => ({ file: path.join(out, name), name })), signal);
    } catch (err) {
      throw asJobError(err, 'render_failed', 'The ZIP of the variants could not be written');
    }
    task.done();
    result.push({ path: zipPath, filename: 'video-mix.zip', content_type: 'application/zip', kind: 'archive', role: 'zip', metadata: { variants: entries.length, entries } });
  }
  return result;
}

// ---------------------------------------------------------------------------------------------
// Normalisation

function videoChain(input: VideoMixInput, sourceFps: number | null, frames: number): string {
  const { width: W, height: H, fps } = input;
  // Pixel size from the decoded frame (after autorotation), with its sample aspect ratio.
  const dw = 'iw*sar';
  const scaleBy = input.fit === 'contain' ? `min(${W}/(${dw})\\,${H}/ih)` : `max(${W}/(${dw})\\,${H}/ih)`;
  const toEven = input.fit === 'contain' ? 'round' : 'ceil';
  const sw = `max(2\\,2*${toEven}(${dw}*${scaleBy}/2))`;
  const sh = `max(2\\,2*${toEven}(ih*${scaleBy}/2))`;
  // One colour matrix and range for every clip: all clips must share one sample description (SPS) to be joined.
  const scale = `scale=w=${sw}:h=${sh}:flags=bicubic:out_color_matrix=bt709:out_range=tv`;
  const frame = input.fit === 'contain' ? `pad=${W}:${H}:(ow-iw)/2:(oh-ih)/2:color=black` : `crop=${W}:${H}`;
  // Start exactly at 0 (a late first frame is repeated), so frame n is at n/fps like the audio's sample n·rate/fps.
  const rate = `fps=fps=${fps}:start_time=0`;
  // Dropping frames before scaling is cheaper; when adding frames, scale first.
  const body = sourceFps !== null && sourceFps > fps ? [rate, scale, frame] : [scale, frame, rate];
  // A clip whose picture ends before its probed length (sound runs longer) holds its last frame.
  // The pad must be finite: FFmpeg 4 never ends a two-output graph that holds an endless source.
  return ['[0:v:0]', [...body, 'setsar=1', 'format=yuv420p', `tpad=stop_mode=clone:stop=${frames}`].join(','), '[v]'].join('');
}

interface SoundNeeds {
  /** AAC for variants joined by stream copy. */
  aac: boolean;
  /** PCM for re-timed variants. */
  pcm: boolean;
  samplesPerFrame: number;
}

async function normalizeClip(
  input: VideoMixInput,
  ctx: RenderContext,
  cw: ClipWork,
  work: string,
  sound: SoundNeeds,
  signal: AbortSignal,
  onFraction: (f: number) => void,
): Promise<void> {
  const clip = input.clips[cw.clip];
  const source = ctx.files.get(clip.file_id)!;
  const { fps } = input;
  const enc = ENCODING[input.quality];
  const total = cw.boundaries[cw.boundaries.length - 1];
  const cuts = cw.boundaries.slice(1, -1);
  const seconds = total / fps;
  const prefix = `clip-${cw.clip}`;
  const samples = total * sound.samplesPerFrame;

  const graph = [videoChain(input, clip.source_fps, total)];
  const args = [
    // Only read what the plan uses (plus a margin for the decoder and the frame-rate filter).
    '-t', String(round6(seconds + 0.5)),
    '-protocol_whitelist', 'file',
    '-i', `file:${source.path}`,
  ];
  if (sound.aac || sound.pcm) {
    const layout = `aformat=sample_fmts=s16:sample_rates=${SAMPLE_RATE}:channel_layouts=stereo`;
    // Exactly `samples` long: the picture has `total` frames, and frame n starts at sample n·rate/fps.
    const chain = clip.has_audio
      ? `[0:a:0]aresample=${SAMPLE_RATE}:async=1:first_pts=0,${layout},apad=whole_len=${samples},atrim=end_sample=${samples}`
      : `anullsrc=r=${SAMPLE_RATE}:cl=stereo,${layout},atrim=end_sample=${samples}`;
    graph.push(sound.aac && sound.pcm ? `${chain},asplit=2[aac][pcm]` : `${chain}[${sound.aac ? 'aac' : 'pcm'}]`);
  }
  args.push('-filter_complex', graph.join(';'));
  args.push('-map', '[v]', '-frames:v', String(total), ...x264Args(input, enc));
  // An IDR frame (closed GOP) wherever a segment starts or ends; each keyframe opens a fragment,
  // so every segment is a run of whole fragments that decodes on its own.
  args.push('-forced-idr', '1', '-force_key_frames', `expr:${['eq(n,0)', ...cuts.map((c) => `eq(n,${c})`)].join('+')}`);
  const videoFile = path.join(work, `${prefix}.mp4`);
  // No metadata from the source: every clip's `moov` must come out the same.
  args.push('-map_metadata', '-1', '-map_chapters', '-1', '-f', 'mp4', '-movflags', '+frag_keyframe+empty_moov+default_base_moof', `file:${videoFile}`);
  const aacFile = path.join(work, `${prefix}.aac`);
  if (sound.aac) args.push('-map', '[aac]', '-c:a', 'aac', '-b:a', enc.audioBitrate, '-f', 'adts', `file:${aacFile}`);
  if (sound.pcm) {
    cw.pcm = path.join(work, `${prefix}.pcm`);
    args.push('-map', '[pcm]', '-c:a', 'pcm_s16le', '-f', 's16le', `file:${cw.pcm}`);
  }
  try {
    await runFfmpeg(args, {
      signal,
      ffmpegPath: ctx.ffmpegPath,
      expectedSeconds: seconds,
      timeoutMs: timeoutFor(seconds * 4),
      onProgress: (p) => p.fraction !== null && onFraction(p.fraction),
    });
  } catch (err) {
    throw asJobError(err, 'media_unreadable', `Clip ${cw.clip} (${clip.file_id}) could not be decoded`);
  }
  // Check what the assembly relies on: the planned frames, a fragment at every cut, the planned amount of sound.
  let track: FragmentedTrack;
  try {
    track = await readFragmentedMp4(videoFile);
  } catch (err) {
    throw new JobError('render_failed', `The normalised picture of clip ${cw.clip} (${clip.file_id}) is not readable: ${(err as Error).message}.`, { cause: err });
  }
  const starts = new Set(track.fragments.map((f) => f.firstFrame));
  if (track.frames !== total || cuts.some((c) => !starts.has(c))) {
    throw new JobError('render_failed', `Clip ${cw.clip} (${clip.file_id}) was not cut at the planned frames (${track.frames} of ${total} frames).`);
  }
  cw.video = { file: videoFile, track };
  if (cw.pcm) {
    const { size } = await fs.stat(cw.pcm);
    const want = samples * BYTES_PER_SAMPLE_FRAME;
    if (size !== want) throw new JobError('render_failed', `The sound of clip ${cw.clip} (${clip.file_id}) came out ${size} bytes long instead of ${want}.`);
  }
  if (sound.aac) {
    const offsets = adtsPacketOffsets(await fs.readFile(aacFile));
    // The encoder's priming packet, then one packet per 1024 samples (the last one padded).
    const want = 1 + Math.ceil(samples / AAC_PACKET_SAMPLES);
    if (!offsets || offsets.length - 1 < want) throw new JobError('render_failed', `The sound of clip ${cw.clip} (${clip.file_id}) was not encoded as expected.`);
    cw.aac = { file: aacFile, offsets };
  }
}

/**
 * Byte offset of every ADTS packet (plus the end of the last), or null when the stream is not
 * plain ADTS with one 1024-sample AAC frame per packet.
 */
export function adtsPacketOffsets(buf: Buffer): number[] | null {
  const offsets: number[] = [];
  let at = 0;
  while (at + 7 <= buf.length) {
    // Sync word 0xFFF, layer 00.
    if (buf[at] !== 0xff || (buf[at + 1] & 0xf6) !== 0xf0) return null;
    const length = ((buf[at + 3] & 0x03) << 11) | (buf[at + 4] << 3) | (buf[at + 5] >> 5);
    if (length < 7 || (buf[at + 6] & 0x03) !== 0) return null;
    offsets.push(at);
    at += length;
  }
  if (at !== buf.length) return null;
  offsets.push(at);
  return offsets;
}

/**
 * Which AAC packets make a variant's sound: for each segment a run of its clip's packets, sized so
 * the sound's running length stays within half a packet of the picture's at every cut. Packet 0 of
 * each clip stream is the encoder's priming; the variant starts with the first clip's (it is dropped
 * again by the MP4 edit list), so packet p ≥ 1 carries the clip's samples [(p−1)·1024, p·1024).
 */
export function planAacPackets(
  segments: ReadonlyArray<{ clip: number; start_frame: number; end_frame: number }>,
  packetsOf: (clip: number) => number,
  samplesPerFrame: number,
): Array<{ clip: number; first: number; count: number }> {
  const runs: Array<{ clip: number; first: number; count: number }> = [];
  if (!segments.length) return runs;
  runs.push({ clip: segments[0].clip, first: 0, count: 1 });
  let target = 0;
  let written = 0;
  for (const s of segments) {
    target += (s.end_frame - s.start_frame) * samplesPerFrame;
    const first = 1 + Math.round((s.start_frame * samplesPerFrame) / AAC_PACKET_SAMPLES);
    const wanted = Math.max(0, Math.round((target - written) / AAC_PACKET_SAMPLES));
    const count = Math.min(wanted, packetsOf(s.clip) - first);
    if (count <= 0) continue;
    const last = runs[runs.length - 1];
    if (last.clip === s.clip && last.first + last.count === first) last.count += count;
    else runs.push({ clip: s.clip, first, count });
    written += count * AAC_PACKET_SAMPLES;
  }
  return runs;
}

function x264Args(input: VideoMixInput, enc: (typeof ENCODING)[VideoMixQuality]): string[] {
  const gop = input.fps * 2;
  return [
    '-c:v', 'libx264', '-preset', enc.preset, '-crf', String(enc.crf),
    '-profile:v', 'high', '-pix_fmt', 'yuv420p',
    // Fixed GOP without scene-cut keyframes: the only extra keyframes are the forced ones at segment boundaries.
    '-g', String(gop), '-keyint_min', String(gop), '-sc_threshold', '0',
    '-color_primaries', 'bt709', '-color_trc', 'bt709', '-colorspace', 'bt709', '-color_range', 'tv',
  ];
}

// ---------------------------------------------------------------------------------------------
// Assembly

interface Range {
  file: string;
  start: number;
  end: number;
}

/** Writes buffers and byte ranges [start, end) of files, in order, into `dest`. */
async function writeRanges(dest: string, parts: ReadonlyArray<Buffer | Range>, signal: AbortSignal): Promise<void> {
  const outStream = createWriteStream(dest);
  try {
    for (const r of parts) {
      if (signal.aborted) throw new FfmpegError('canceled', 'canceled');
      if (Buffer.isBuffer(r)) {
        if (!outStream.write(r)) await once(outStream, 'drain');
        continue;
      }
      if (r.end <= r.start) continue;
      const reader = createReadStream(r.file, { start: r.start, end: r.end - 1, highWaterMark: 1 << 20 });
      for await (const chunk of reader) {
        if (!outStream.write(chunk)) await once(outStream, 'drain');
      }
    }
  } finally {
    outStream.end();
    await once(outStream, 'close');
  }
}

async function assembleVariant(
  input: VideoMixInput,
  v: VideoMixPlannedVariant,
  picture: string,
  audio: { file: string; format: 'adts' | 's16le' } | null,
  dest: string,
  enc: (typeof ENCODING)[VideoMixQuality],
  signal: AbortSignal,
  ffmpegPath: string | undefined,
  onFraction: (f: number) => void,
): Promise<void> {
  const { fps } = input;
  const args = ['-f', 'mp4', '-i', `file:${picture}`];
  if (v.speed === 1) {
    if (audio) {
      // Start one packet early so the first clip's priming packet sits before 0: the MP4 muxer turns
      // that into an edit list, and players skip the priming as they do for any AAC in MP4.
      args.push('-itsoffset', (-AAC_PACKET_SAMPLES / SAMPLE_RATE).toFixed(9), '-f', 'aac', '-i', `file:${audio.file}`);
    }
    args.push('-map', '0:v:0', '-c:v', 'copy');
    if (audio) args.push('-map', '1:a:0', '-c:a', 'copy');
  } else {
    if (audio) args.push('-f', 's16le', '-ar', String(SAMPLE_RATE), '-ac', String(CHANNELS), '-i', `file:${audio.file}`);
    // setpts and atempo by the same factor keep picture and sound together; the frame count and the
    // sample count are then pinned to the plan so rounding in either filter cannot make them drift.
    const samples = v.output_frames * (SAMPLE_RATE / fps);
    const graph = [`[0:v:0]setpts=(PTS-STARTPTS)/${v.speed},fps=fps=${fps},tpad=stop_mode=clone:stop=${SPEED_SLACK_FRAMES}[v]`];
    if (audio) graph.push(`[1:a:0]${atempoChain(v.speed)},apad=whole_len=${samples},atrim=end_sample=${samples}[a]`);
    args.push('-filter_complex', graph.join(';'), '-map', '[v]', '-frames:v', String(v.output_frames), ...x264Args(input, enc));
    if (audio) args.push('-map', '[a]', '-c:a', 'aac', '-b:a', enc.audioBitrate, '-ar', String(SAMPLE_RATE), '-ac', String(CHANNELS));
  }
  if (!audio) args.push('-an');
  args.push('-movflags', '+faststart', '-f', 'mp4', `file:${dest}`);
  const seconds = v.output_frames / fps;
  await runFfmpeg(args, {
    signal,
    ffmpegPath,
    expectedSeconds: seconds,
    timeoutMs: timeoutFor(seconds * (v.speed === 1 ? 1 : 4)),
    onProgress: (p) => p.fraction !== null && onFraction(p.fraction),
  });
}

/** atempo takes 0.5–2.0 per instance; chain instances for anything outside. */
export function atempoChain(speed: number): string {
  const parts: string[] = [];
  let rest = speed;
  while (rest > 2) {
    parts.push('atempo=2');
    rest /= 2;
  }
  while (rest < 0.5) {
    parts.push('atempo=0.5');
    rest /= 0.5;
  }
  parts.push(`atempo=${round6(rest)}`);
  return parts.join(',');
}

async function makeThumbnail(video: string, atSeconds: number, dest: string, size: { width: number; height: number }, signal: AbortSignal, ffmpegPath?: string): Promise<string> {
  try {
    // One decoder thread and keyframes only: the frame wanted is an IDR, and frame threading would decode several first.
    await runFfmpeg(['-threads', '1', '-skip_frame', 'nokey', '-ss', String(round6(atSeconds)), '-i', `file:${video}`, '-frames:v', '1', '-vf', `scale=${size.width}:${size.height}`, '-q:v', '3', '-f', 'image2', '-update', '1', `file:${dest}`], { signal, ffmpegPath, timeoutMs: 60_000 });
  } catch (err) {
    throw asJobError(err, 'render_failed', 'A thumbnail could not be made');
  }
  return dest;
}

async function writeZip(dest: string, entries: Array<{ file: string; name: string }>, signal: AbortSignal): Promise<void> {
  // MP4 does not compress further: store the entries, which is fast and lets clients stream them.
  // One stat at a time keeps the entries in variant order (archiver otherwise adds them as stats finish).
  const archive = createZip({ store: true, statConcurrency: 1 });
  const output = createWriteStream(dest);
  const onAbort = () => archive.abort();
  signal.addEventListener('abort', onAbort, { once: true });
  try {
    const closed = once(output, 'close');
    const failed = new Promise<never>((_, reject) => {
      archive.on('error', reject);
      output.on('error', reject);
    });
    archive.pipe(output);
    for (const e of entries) archive.file(e.file, { name: e.name });
    await Promise.race([Promise.all([archive.finalize(), closed]), failed]);
    if (signal.aborted) throw new FfmpegError('canceled', 'canceled');
  } finally {
    signal.removeEventListener('abort', onAbort);
    output.destroy();
  }
}

// ---------------------------------------------------------------------------------------------
// Helpers

/** archiver 7 exports a factory function; the installed type package describes the later class-based API. */
function createZip(options: ArchiverOptions): Archiver {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const factory = require('archiver') as (format: 'zip', options: ArchiverOptions) => Archiver;
  return factory('zip', options);
}

/** Runs `fn` over items with at most `concurrency` at once; on the first failure the rest stop and all in-flight work is awaited. */
async function pool<T>(items: readonly T[], concurrency: number, controller: AbortController, fn: (item: T) => Promise<void>): Promise<void> {
  const { signal } = controller;
  let next = 0;
  let failure: { err: unknown } | null = null;
  const lane = async () => {
    while (!failure && next < items.length) {
      if (signal.aborted) throw new FfmpegError('canceled', 'canceled');
      const item = items[next++];
      try {
        await fn(item);
      } catch (err) {
        failure ??= { err };
        // Stop the siblings' FFmpeg at once rather than letting them finish work nobody will use.
        controller.abort();
        throw err;
      }
    }
  };
  const results = await Promise.allSettled(Array.from({ length: Math.min(concurrency, items.length) }, lane));
  if (failure) throw (failure as { err: unknown }).err;
  if (signal.aborted) throw new FfmpegError('canceled', 'canceled');
  const rejected = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (rejected) throw rejected.reason;
}

function progressMeter(ctx: RenderContext, totalUnits: number) {
  let done = 0;
  let reported = 0;
  const inflight = new Map<number, { units: number; fraction: number }>();
  let ids = 0;
  let stage = 'normalizing';
  const emit = () => {
    let partial = 0;
    for (const t of inflight.values()) partial += t.units * t.fraction;
    const f = totalUnits > 0 ? Math.min(0.99, (done + partial) / totalUnits) : 0;
    // Never report going backwards, whatever the order tasks finish in.
    if (f < reported) return;
    reported = f;
    ctx.progress(f, stage);
  };
  return {
    start(taskStage: string, units: number) {
      const id = ids++;
      stage = taskStage;
      inflight.set(id, { units, fraction: 0 });
      emit();
      return {
        update: (fraction: number) => {
          const t = inflight.get(id);
          if (!t) return;
          t.fraction = Math.max(t.fraction, Math.min(1, fraction));
          emit();
        },
        done: () => {
          inflight.delete(id);
          done += units;
          emit();
        },
      };
    },
  };
}

function asJobError(err: unknown, code: 'media_unreadable' | 'render_failed', what: string): unknown {
  if (err instanceof JobError) return err;
  if (err instanceof Fmp4Error) return new JobError('render_failed', `${what}: ${err.message}.`, { cause: err });
  if (err instanceof FfmpegError) {
    if (err.code === 'canceled') return err;
    if (err.code === 'ffmpeg_timeout') return new JobError(code, `${what}: FFmpeg took too long.`, { cause: err });
    return new JobError(code, `${what}: ${err.message}`, { cause: err });
  }
  return new JobError(code, `${what}: ${(err as Error)?.message ?? String(err)}`, { cause: err });
}

/** Generous per-process limit: a stuck FFmpeg must not hold a worker forever. */
function timeoutFor(mediaSeconds: number): number {
  return Math.round(120_000 + mediaSeconds * 30_000);
}

function fitWithin(width: number, height: number, longSide: number): { width: number; height: number } {
  const scale = Math.min(1, longSide / Math.max(width, height));
  const even = (v: number) => Math.max(2, Math.round((v * scale) / 2) * 2);
  return { width: even(width), height: even(height) };
}

function round6(v: number): number {
  return Math.round(v * 1e6) / 1e6;
}
