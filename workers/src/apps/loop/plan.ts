import type { FrameRate, LoopStyle } from '../../../../api/src/domain/apps/loop/request';

/**
 * The arithmetic of a loop, in whole frames and whole samples (pure, no I/O).
 *
 * A loop is one UNIT played over and over: the unit ends where it starts, so unit after unit is
 * seamless. The unit is encoded once; the output is the unit copied (no re-encode) as many times
 * as fits, with only the parts that differ from a plain copy encoded again: the first units when
 * the picture fades in, the last partial unit (the output rarely ends on a unit boundary) and the
 * fade-out. Every encoded part starts at a unit boundary, so it is the unit's own frames with a
 * fade on top, and every part starts on a keyframe.
 */

export const AUDIO_RATE = 48_000;

/** A stretch of the clip, in frames (video) or samples (sound), in the order the unit plays it. */
export type Piece =
  | { kind: 'forward'; start: number; end: number }
  | { kind: 'reverse'; start: number; end: number }
  /** The clip's head [0, length) fading in over its tail [tailStart, tailStart + length). */
  | { kind: 'dissolve'; length: number; tailStart: number };

export type Segment =
  /** Encoded straight from the clip: the whole output is shorter than one unit. */
  | { kind: 'direct'; frames: number; fadeInFrames: number; fadeOutFrames: number }
  /** Encoded from the unit played from its start: fades and the last partial unit. */
  | { kind: 'encode'; name: 'head' | 'tail' | 'whole'; frames: number; fadeInFrames: number; fadeOutFrames: number }
  /** The encoded unit, copied. */
  | { kind: 'unit'; count: number }
  /** A stretch of `units` units joined once, copied `count` times (keeps the join list short for long loops of short clips). */
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
  /** The unit as stretches of the clip, covering `unitEncodeFrames`. */
  videoPieces: Piece[];
  /** What the output is made of, in order. */
  segments: Segment[];
  audio: {
    rate: number;
    /** Samples of the output's sound (its picture's length, to the nearest sample). */
    samples: number;
    /** Samples of one unit of the clip's sound. */
    unitSamples: number;
    /** Samples of the unit sound to write: the unit, or the output when that is shorter. */
    unitWriteSamples: number;
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
  /** Minimum length of a block of units, in seconds, when blocks are worth making. */
  blockSeconds?: number;
}

export class LoopPlanError extends Error {}

/** Default memory for one reversed stretch of pictures: 256 MB (≈ 80 frames of 1080p). */
export const REVERSE_BUDGET_BYTES = 256 * 1024 * 1024;
/** Reversed sound is cheap to hold: 64 MB of 32-bit stereo ≈ 175 s at 48 kHz. */
const AUDIO_REVERSE_BUDGET_SAMPLES = Math.floor((64 * 1024 * 1024) / 8);
const BLOCK_SECONDS = 60;

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
    const c = at(fade);
    pieces = [{ kind: 'dissolve', length: c, tailStart: at(len) - c }, { kind: 'forward', start: c, end: at(len) - c }];
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
  const segments: Segment[] = [];
  if (direct) {
    segments.push({ kind: 'direct', frames: N, fadeInFrames: Fin, fadeOutFrames: Fout });
  } else {
    // Whole units carry the fade-in; the tail holds the rest of the last unit and the fade-out.
    const headUnits = Fin > 0 ? Math.ceil(Fin / Uf) : 0;
    const rest = N - headUnits * Uf;
    const copies = rest - Fout > 0 ? Math.floor((rest - Fout) / Uf) : 0;
    if (copies === 0) {
      // Too short to copy anything between the fades: encode it all (at most two units and the fades).
      segments.push({ kind: 'encode', name: 'whole', frames: N, fadeInFrames: Fin, fadeOutFrames: Fout });
    } else {
      if (headUnits > 0) segments.push({ kind: 'encode', name: 'head', frames: headUnits * Uf, fadeInFrames: Fin, fadeOutFrames: 0 });
      const perBlock = Math.ceil(((o.blockSeconds ?? BLOCK_SECONDS) * rate.num) / rate.den / Uf);
      if (perBlock >= 2 && copies >= 2 * perBlock) {
        segments.push({ kind: 'block', units: perBlock, count: Math.floor(copies / perBlock) });
        if (copies % perBlock) segments.push({ kind: 'unit', count: copies % perBlock });
      } else {
        segments.push({ kind: 'unit', count: copies });
      }
      const tail = rest - copies * Uf;
      if (tail > 0) segments.push({ kind: 'encode', name: 'tail', frames: tail, fadeInFrames: 0, fadeOutFrames: Fout });
    }
  }

  const unitEncodeFrames = direct ? N : Uf;
  const reverseChunk = Math.max(1, Math.floor((o.reverseBudgetBytes ?? REVERSE_BUDGET_BYTES) / Math.max(1, o.frameBytes)));
  const videoPieces = unitPieces(style, Lf, cf, unitEncodeFrames, reverseChunk, (f) => f);

  const samples = sampleAt(N, rate);
  const unitSamples = sampleAt(Uf, rate);
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
    videoPieces,
    segments,
    audio: { rate: AUDIO_RATE, samples, unitSamples, unitWriteSamples, pieces: audioPieces },
  };
}

/** Frames each segment adds, to check a plan adds up. */
export function segmentFrames(s: Segment, unitFrames: number): number {
  switch (s.kind) {
    case 'direct':
    case 'encode':
      return s.frames;
    case 'unit':
      return s.count * unitFrames;
    case 'block':
      return s.count * s.units * unitFrames;
  }
}
