import type { FrameRate, LoopStyle } from '../../../../api/src/domain/apps/loop/request';

/**
 * The arithmetic of a loop, in whole frames and whole samples (pure, no I/O).
 *
 * A loop is one UNIT played over and over: the unit ends where it starts, so unit after unit is
 * seamless. The unit is encoded once, as GOPs of a fixed length that each start on a keyframe and
 * are kept as separate files. The output is those GOPs copied (no re-encode) in order, round and
 * round, and it may start or stop at any GOP boundary of the unit. Only what a copy cannot give is
 * encoded again, from the unit's own frames: the start up to the first GOP boundary after the
 * fade-in, and the end from the last GOP boundary before the fade-out (or, without a fade-out,
 * the few frames after the last GOP boundary that fits).
 */

export const AUDIO_RATE = 48_000;

/** A stretch of the clip, in frames (video) or samples (sound), in the order the unit plays it. */
export type Piece =
  | { kind: 'forward'; start: number; end: number }
  | { kind: 'reverse'; start: number; end: number }
  /** The clip's head [0, length) fading in over its tail [tailStart, tailStart + length). */
  | { kind: 'dissolve'; length: number; tailStart: number };

export type Segment =
  /** Encoded straight from the clip: the whole output is no longer than one unit. */
  | { kind: 'direct'; frames: number; fadeInFrames: number; fadeOutFrames: number }
  /** Encoded again from the unit's frames, starting at unit frame `phase` (a GOP boundary). */
  | { kind: 'encode'; name: 'head' | 'tail' | 'whole'; phase: number; frames: number; fadeInFrames: number; fadeOutFrames: number }
  /** GOPs `first` … `first + count − 1` of the unit, copied. */
  | { kind: 'gops'; first: number; count: number }
  /** Whole units, copied. */
  | { kind: 'unit'; count: number }
  /** A stretch of `units` whole units joined once, copied `count` times (keeps the join list short). */
  | { kind: 'block'; units: number; count: number };

export interface LoopPlan {
  rate: FrameRate;
  style: LoopStyle;
  /** Frames of the clip the loop uses. */
  clipFrames: number;
  crossfadeFrames: number;
  unitFrames: number;
  /** Frames of the output. */
  frames: number;
  fadeInFrames: number;
  fadeOutFrames: number;
  /** True when the output is shorter than a unit and is encoded straight from the clip. */
  direct: boolean;
  /** Frames of the unit encoded from the clip (the unit, or the output's length when direct). */
  unitEncodeFrames: number;
  /** The unit's GOPs: where each starts (a keyframe) and how many frames it holds. */
  gops: Array<{ start: number; frames: number }>;
  /** The unit as stretches of the clip, covering `unitEncodeFrames`. */
  videoPieces: Piece[];
  /** What the output is made of, in order. */
  segments: Segment[];
  audio: {
    rate: number;
    /** Samples of the output's sound (its picture's length, to the nearest sample). */
    samples: number;
    /** Samples of one unit of the clip's sound (rounded up when a unit is not a whole number of samples). */
    unitSamples: number;
    /** Samples of the unit sound to write: the unit, or the output when that is shorter. */
    unitWriteSamples: number;
    /**
     * How the unit's sound repeats: the first `lengths[k]` samples of it, for k = 0, 1, … in turn.
     * A unit at 29.97 fps is rarely a whole number of samples (1601.6 per frame); repeating a
     * rounded unit would drift from the picture by up to half a sample per pass (a third of a
     * second over 12 h of a 1 s clip), so passes alternate between the two roundings and the sound
     * stays on the picture's clock.
     */
    repeatLengths: number[];
    pieces: Piece[];
  };
}

export interface PlanOptions {
  style: LoopStyle;
  rate: FrameRate;
  clipFrames: number;
  crossfadeSeconds: number | null;
  frames: number;
  fadeInSeconds: number;
  fadeOutSeconds: number;
  /** Bytes of one decoded picture: a reversed piece holds all its pictures in memory. */
  frameBytes: number;
  /** Memory a reversed piece may hold (video). */
  reverseBudgetBytes?: number;
  /** Frames per GOP of the unit. */
  gopFrames: number;
}

export class LoopPlanError extends Error {}

/** Default memory for one reversed stretch of pictures: 256 MB (≈ 80 frames of 1080p). */
export const REVERSE_BUDGET_BYTES = 256 * 1024 * 1024;
/** Reversed sound is cheap to hold: 64 MB of 32-bit stereo ≈ 175 s at 48 kHz. */
const AUDIO_REVERSE_BUDGET_SAMPLES = Math.floor((64 * 1024 * 1024) / 8);
/** A unit's sound may be repeated as up to this many slightly different passes (5 for the NTSC rates). */
const MAX_SOUND_PASSES = 25;
/** From this many whole units on, they are joined in blocks first. */
const MIN_UNITS_FOR_BLOCKS = 6;

/** Sample index of frame `f`, on the 48 kHz grid. */
export function sampleAt(frame: number, rate: FrameRate, audioRate = AUDIO_RATE): number {
  return Math.round((frame * audioRate * rate.den) / rate.num);
}

export function framesFor(seconds: number, rate: FrameRate): number {
  return Math.round((seconds * rate.num) / rate.den);
}

/** Splits [start, end) into chunks of at most `size`, for reversing in bounded memory; the last chunk plays first. */
function reversedChunks(start: number, end: number, size: number): Piece[] {
  const out: Piece[] = [];
  for (let b = end; b > start; b -= size) out.push({ kind: 'reverse', start: Math.max(start, b - size), end: b });
  return out;
}

/** The pieces of the unit for a clip of `len` (frames or samples), cut at `limit`. */
function unitPieces(style: LoopStyle, len: number, fade: number, limit: number, reverseChunk: number, at: (f: number) => number): Piece[] {
  let pieces: Piece[];
  if (style === 'crossfade') {
    // The clip from frame c to its last c frames, then those last frames dissolving into its
    // first c: the unit ends where it starts (frame c), and one decode of the clip, front to back,
    // feeds the middle and then the tail.
    const c = at(fade);
    pieces = [{ kind: 'forward', start: c, end: at(len) - c }, { kind: 'dissolve', length: c, tailStart: at(len) - c }];
  } else if (style === 'boomerang') {
    // Forwards 0…n−1, then backwards n−2…1: neither turning point shows twice.
    pieces = [{ kind: 'forward', start: 0, end: at(len) }, ...reversedChunks(at(1), at(Math.max(1, len - 1)), reverseChunk)];
  } else {
    pieces = [{ kind: 'forward', start: 0, end: at(len) }];
  }
  // Only what the output needs.
  const out: Piece[] = [];
  let used = 0;
  for (const p of pieces) {
    if (used >= limit) break;
    const length = p.kind === 'dissolve' ? p.length : p.end - p.start;
    if (length <= 0) continue;
    out.push(p);
    used += length;
  }
  return out;
}

export function planLoop(o: PlanOptions): LoopPlan {
  const { rate, style } = o;
  const Lf = o.clipFrames;
  if (!(Lf >= 1)) throw new LoopPlanError('The clip has no frames.');
  let cf = 0;
  if (style === 'crossfade') {
    cf = Math.max(1, framesFor(o.crossfadeSeconds ?? 0, rate));
    // The dissolve takes frames from both ends; at least one frame must stay between them.
    if (2 * cf > Lf - 1) throw new LoopPlanError(`A ${o.crossfadeSeconds} s crossfade needs a clip longer than ${((2 * cf + 1) * rate.den) / rate.num} s.`);
  }
  const Uf = style === 'crossfade' ? Lf - cf : style === 'boomerang' ? Math.max(Lf, 2 * Lf - 2) : Lf;
  const N = o.frames;
  if (!(N >= 1)) throw new LoopPlanError('The loop has no frames.');
  const Fin = Math.min(N, framesFor(o.fadeInSeconds, rate));
  const Fout = Math.min(N - Fin, framesFor(o.fadeOutSeconds, rate));

  const direct = N <= Uf;
  const G = Math.max(1, Math.min(Uf, Math.floor(o.gopFrames)));
  const gops = Array.from({ length: Math.ceil(Uf / G) }, (_, i) => ({ start: i * G, frames: Math.min(G, Uf - i * G) }));
  const segments: Segment[] = [];
  if (direct) {
    segments.push({ kind: 'direct', frames: N, fadeInFrames: Fin, fadeOutFrames: Fout });
  } else {
    // Copying may start at the first GOP boundary at or after the fade-in, and must stop at the
    // last one at or before the fade-out (output frame f is unit frame f mod Uf).
    const boundaryAtOrAfter = (f: number) => {
      const p = f % Uf;
      const k = Math.ceil(p / G) * G;
      return k >= Uf ? f - p + Uf : f - p + k;
    };
    const boundaryAtOrBefore = (f: number) => {
      const p = f % Uf;
      return f - p + Math.floor(p / G) * G;
    };
    const h = Fin > 0 ? Math.min(N, boundaryAtOrAfter(Fin)) : 0;
    const e = boundaryAtOrBefore(N - Fout);
    if (e <= h) {
      // The fades leave nothing to copy between them: encode it all (a GOP and the fades at most).
      segments.push({ kind: 'encode', name: 'whole', phase: 0, frames: N, fadeInFrames: Fin, fadeOutFrames: Fout });
    } else {
      if (h > 0) segments.push({ kind: 'encode', name: 'head', phase: 0, frames: h, fadeInFrames: Fin, fadeOutFrames: 0 });
      const gopIndex = (phase: number) => phase / G;
      let pos = h;
      // The rest of the unit the copy starts in…
      if (pos % Uf !== 0) {
        const q = pos % Uf;
        const end = Math.min(Uf, q + (e - pos));
        const last = end === Uf ? gops.length : gopIndex(end);
        segments.push({ kind: 'gops', first: gopIndex(q), count: last - gopIndex(q) });
        pos += end - q;
      }
      // …whole units, in blocks of about √n units when there are many: the join demuxer probes
      // every file it opens (tens of ms each), so n units cost √n files to join twice, not n…
      const units = Math.floor((e - pos) / Uf);
      if (units >= MIN_UNITS_FOR_BLOCKS) {
        const perBlock = Math.ceil(Math.sqrt(units));
        segments.push({ kind: 'block', units: perBlock, count: Math.floor(units / perBlock) });
        if (units % perBlock) segments.push({ kind: 'unit', count: units % perBlock });
      } else if (units > 0) {
        segments.push({ kind: 'unit', count: units });
      }
      pos += units * Uf;
      // …and the start of the last one.
      if (e - pos > 0) segments.push({ kind: 'gops', first: 0, count: gopIndex(e - pos) });
      if (e < N) segments.push({ kind: 'encode', name: 'tail', phase: e % Uf, frames: N - e, fadeInFrames: 0, fadeOutFrames: Fout });
    }
  }

  const unitEncodeFrames = direct ? N : Uf;
  const reverseChunk = Math.max(1, Math.floor((o.reverseBudgetBytes ?? REVERSE_BUDGET_BYTES) / Math.max(1, o.frameBytes)));
  const videoPieces = unitPieces(style, Lf, cf, unitEncodeFrames, reverseChunk, (f) => f);

  const samples = sampleAt(N, rate);
  const exact = (Uf * AUDIO_RATE * rate.den) / rate.num;
  const whole = (x: number) => Math.abs(x - Math.round(x)) < 1e-6;
  let passes = 1;
  while (passes < MAX_SOUND_PASSES && !whole(passes * exact)) passes++;
  if (!whole(passes * exact)) passes = 1; // an odd rate: repeat the rounded unit
  const repeatLengths = Array.from({ length: passes }, (_, k) => Math.round((k + 1) * exact) - Math.round(k * exact));
  const unitSamples = Math.max(...repeatLengths);
  const unitWriteSamples = Math.min(unitSamples, samples);
  const audioPieces = unitPieces(style, Lf, cf, unitWriteSamples, AUDIO_REVERSE_BUDGET_SAMPLES, (f) => sampleAt(f, rate));

  return {
    rate,
    style,
    clipFrames: Lf,
    crossfadeFrames: cf,
    unitFrames: Uf,
    frames: N,
    fadeInFrames: Fin,
    fadeOutFrames: Fout,
    direct,
    unitEncodeFrames,
    gops,
    videoPieces,
    segments,
    audio: { rate: AUDIO_RATE, samples, unitSamples, unitWriteSamples, repeatLengths, pieces: audioPieces },
  };
}

/** Frames each segment adds, to check a plan adds up. */
export function segmentFrames(s: Segment, plan: Pick<LoopPlan, 'unitFrames' | 'gops'>): number {
  const unitFrames = plan.unitFrames;
  switch (s.kind) {
    case 'direct':
    case 'encode':
      return s.frames;
    case 'gops':
      return plan.gops.slice(s.first, s.first + s.count).reduce((sum, g) => sum + g.frames, 0);
    case 'unit':
      return s.count * unitFrames;
    case 'block':
      return s.count * s.units * unitFrames;
  }
}

/** AAC frames are 1024 samples: chunks of the sound are cut on frame boundaries. */
export const AAC_FRAME = 1024;
/** Sound an encoder sees before its chunk (warms up its model) and after it (its last frame's window). */
export const AUDIO_PRE_ROLL = 4 * AAC_FRAME;
export const AUDIO_POST_ROLL = 2 * AAC_FRAME;

export interface AudioChunk {
  /** Output samples this chunk contributes: [start, end). */
  start: number;
  end: number;
  /** Extra samples encoded before and after, dropped when the chunks are joined. */
  pre: number;
  post: number;
}

/**
 * Splits the sound into chunks encoded side by side (AAC encoding is one thread and, for an hour,
 * the longest step). Each chunk is encoded with its neighbours' edge samples as well and cut on
 * an AAC frame boundary, so at each join both frames were encoded from the same samples and
 * decode seamlessly. Joins stay out of the fades, whose gain depends on where they are.
 */
export function audioChunks(total: number, o: { parallel: number; fadeInSamples: number; fadeOutSamples: number; minChunkSamples: number }): AudioChunk[] {
  const whole = [{ start: 0, end: total, pre: 0, post: 0 }];
  const k = Math.min(Math.floor(o.parallel), Math.floor(total / o.minChunkSamples));
  if (k < 2) return whole;
  const lo = Math.ceil((o.fadeInSamples + AUDIO_PRE_ROLL) / AAC_FRAME) * AAC_FRAME;
  const hi = Math.floor((total - o.fadeOutSamples - AUDIO_POST_ROLL) / AAC_FRAME) * AAC_FRAME;
  const cuts: number[] = [];
  for (let i = 1; i < k; i++) {
    const cut = Math.min(hi, Math.max(lo, Math.round((i * total) / k / AAC_FRAME) * AAC_FRAME));
    if (cut > (cuts[cuts.length - 1] ?? 0) + AUDIO_PRE_ROLL && cut < total - AUDIO_POST_ROLL && lo <= hi) cuts.push(cut);
  }
  if (!cuts.length) return whole;
  const bounds = [0, ...cuts, total];
  return bounds.slice(0, -1).map((start, i) => ({ start, end: bounds[i + 1], pre: i > 0 ? AUDIO_PRE_ROLL : 0, post: i < bounds.length - 2 ? AUDIO_POST_ROLL : 0 }));
}
