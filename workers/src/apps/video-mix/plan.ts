import type { VideoMixInput, VideoMixPlannedVariant } from '../../../../api/src/domain/apps/video-mix/request';
import { JobError, type RenderContext } from '../../../../api/src/domain/jobs/app-contract';
import { SAMPLE_RATE } from './encoding';
import type { FragmentedTrack } from './fmp4';

/** Relative cost of the steps, to turn work done into a progress fraction. */
export const COST = { encodeFrame: 1, copyFrame: 0.02, zipFrame: 0.01 };

export interface ClipWork {
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

export interface SoundNeeds {
  /** AAC for variants joined by stream copy. */
  aac: boolean;
  /** PCM for re-timed variants. */
  pcm: boolean;
  samplesPerFrame: number;
}

export interface RenderWork {
  /** The clips the plan uses, by clip index, with where each must be cut. */
  clipWork: Map<number, ClipWork>;
  sound: SoundNeeds;
  /** Progress units of each step (see COST). */
  units: { normalize(cw: ClipWork): number; variant(v: VideoMixPlannedVariant): number; zip: number; total: number };
}

/** The plan stage: which clips are used and where each must be cut, what sound each needs, and the weight of every step. */
export function planWork(input: VideoMixInput, ctx: RenderContext): RenderWork {
  const { fps } = input;
  const hasAudio = input.audio === 'keep';
  const samplesPerFrame = SAMPLE_RATE / fps; // 2000, 1600 or 800: whole numbers for 24, 30, 60 fps.
  const sound: SoundNeeds = {
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
  const normalize = (cw: ClipWork) => cw.boundaries[cw.boundaries.length - 1] * COST.encodeFrame;
  const normalizeUnits = [...clipWork.values()].reduce((s, cw) => s + normalize(cw), 0);
  const variantUnits = (v: VideoMixPlannedVariant) => v.output_frames * (v.speed === 1 ? COST.copyFrame : COST.encodeFrame);
  const assembleUnits = input.plan.reduce((s, v) => s + variantUnits(v), 0);
  const zipUnits = input.zip ? input.plan.reduce((s, v) => s + v.output_frames * COST.zipFrame, 0) : 0;
  return { clipWork, sound, units: { normalize, variant: variantUnits, zip: zipUnits, total: normalizeUnits + assembleUnits + zipUnits } };
}
