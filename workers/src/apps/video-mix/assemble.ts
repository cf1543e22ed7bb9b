/**
 * The assemble stage: a variant's picture is the fragments of its segments, joined byte for byte
 * with their decode times rewritten (see fmp4.ts), so every distinct (clip, in, out) is cut once,
 * at normalisation, and reused by every variant that plays it; its sound is joined from the clips'
 * (audio.ts); one FFmpeg per variant then remuxes it, or re-times it (mux.ts). Then its thumbnail.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import type { VideoMixInput, VideoMixPlannedVariant } from '../../../../api/src/domain/apps/video-mix/request';
import { JobError, type RenderContext, type RenderedOutput } from '../../../../api/src/domain/jobs/app-contract';
import { asJobError } from '../../media';
import { variantSound } from './audio';
import { ENCODING, round6 } from './encoding';
import { Fmp4Error, fragmentsBetween, relocatedMoof } from './fmp4';
import { muxVariant } from './mux';
import type { ClipWork, SoundNeeds } from './plan';
import { writeRanges, type Range } from './ranges';
import { Thumbnails } from './thumbnail';

/** Variants assembled at once: a remux is mostly process start-up and I/O, one core each. */
export const ASSEMBLY_CONCURRENCY = 2;

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

export interface AssemblyEnv {
  input: VideoMixInput;
  ctx: RenderContext;
  /** Scratch files; `out`: the outputs. */
  work: string;
  out: string;
  clipWork: ReadonlyMap<number, ClipWork>;
  sound: SoundNeeds;
  signal: AbortSignal;
}

/**
 * Checks the normalised clips can be joined, and returns the function that assembles one variant
 * (its MP4 and thumbnail outputs); the fragments of each distinct segment are looked up once.
 */
export function variantAssembler(env: AssemblyEnv): (v: VideoMixPlannedVariant, onFraction: (f: number) => void) => Promise<RenderedOutput[]> {
  const { input, ctx, work, out, clipWork, sound, signal } = env;
  const { fps, width, height } = input;
  const hasAudio = input.audio === 'keep';
  const enc = ENCODING[input.quality];

  // Every clip must decode with the same sample description for its fragments to be joined.
  const tracks = [...clipWork.values()].map((cw) => cw.video!.track);
  const reference = tracks[0];
  if (tracks.some((t) => t.timescale !== reference.timescale || !t.sampleDescription.equals(reference.sampleDescription))) {
    throw new JobError('render_failed', 'The normalised clips came out with different stream parameters and cannot be joined.');
  }
  const fragmentsOf = segmentFragments(clipWork);
  const thumbs = new Thumbnails(work, width, height, fps, signal, ctx.ffmpegPath);
  const digits = Math.max(3, String(input.plan.length).length);

  return async (v, onFraction) => {
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
      if (hasAudio) {
        const joined = variantSound(v, clipWork, sound, work, name);
        audio = { file: joined.file, format: joined.format };
        await writeRanges(joined.file, joined.ranges, signal);
      }
      await muxVariant(input, v, picture, audio, mp4, enc, signal, ctx.ffmpegPath, onFraction);
    } catch (err) {
      const what = `Variant ${v.index} could not be assembled`;
      throw err instanceof Fmp4Error ? new JobError('render_failed', `${what}: ${err.message}.`, { cause: err }) : asJobError(err, 'render_failed', `${what}.`);
    } finally {
      if (audio) await fs.rm(audio.file, { force: true });
      await fs.rm(picture, { force: true });
    }

    const opening = v.segments[0];
    const jpg = path.join(out, `${name}.jpg`);
    await thumbs.copyTo(jpg, opening.clip, clipWork.get(opening.clip)!.video!.file, opening.start_frame);

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
    return [
      { path: mp4, filename: `${name}.mp4`, content_type: 'video/mp4', kind: 'video', role: 'variant', index: v.index, metadata: { ...metadata } },
      {
        path: jpg,
        filename: `${name}.jpg`,
        content_type: 'image/jpeg',
        kind: 'image',
        role: 'thumbnail',
        index: v.index,
        metadata: { variant: v.index, width: thumbs.size.width, height: thumbs.size.height, time_seconds: 0 },
      },
    ];
  };
}

/** The fragments of each distinct segment (clip, start, end), looked up once and shared by every variant that repeats it. */
function segmentFragments(clipWork: ReadonlyMap<number, ClipWork>): (clip: number, start: number, end: number) => ReturnType<typeof fragmentsBetween> {
  const found = new Map<string, ReturnType<typeof fragmentsBetween>>();
  return (clip, start, end) => {
    const key = `${clip}:${start}:${end}`;
    let fragments = found.get(key);
    if (!fragments) {
      fragments = fragmentsBetween(clipWork.get(clip)!.video!.track, start, end);
      found.set(key, fragments);
    }
    return fragments;
  };
}
