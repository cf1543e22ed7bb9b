/**
 * The video-mix planner: which clips each variant plays, in what order, which part of each clip,
 * and at what speed. Pure and deterministic: the same options and seed always give the same plan,
 * so the plan that was priced at creation is exactly the plan the worker renders.
 *
 * All lengths are whole frames at the output frame rate. Cutting on frame boundaries is what lets
 * the renderer build variants by stream copy and still land on the planned duration exactly.
 */

export type MixOrder = 'shuffle' | 'fixed';
export type GroupMode = 'sequential' | 'random';
export type Distribution = 'equal' | 'proportional' | 'weighted';

export interface PlanClip {
  /** Whole frames the clip holds at the output frame rate (≥ 1). */
  frames: number;
  /** Position of the clip's group in group order (order of first appearance), or null without groups. */
  group: number | null;
  /** Share under `weighted` distribution (> 0); ignored otherwise. */
  weight: number;
}

export type PlanDuration =
  | { mode: 'original' }
  /** `frames`: output frames every variant must have (seconds × fps, rounded). */
  | { mode: 'fixed'; frames: number; distribution: Distribution };

export interface PlanOptions {
  clips: PlanClip[];
  variants: number;
  order: MixOrder;
  differentStart: boolean;
  /** null: no groups (clips are mixed freely). */
  groupMode: GroupMode | null;
  /** Clips each variant plays; in group mode it must equal the number of groups. */
  clipsPerVariant: number;
  speed: { min: number; max: number };
  seed: number;
  fps: number;
  duration: PlanDuration;
  /** Upper bound on a variant's output length, in frames. */
  maxOutputFrames: number;
}

export interface PlannedSegment {
  /** Index into the request's `clips`. */
  clip: number;
  /** First frame used (inclusive), at the output frame rate, counted from the clip's start. */
  start_frame: number;
  /** Frame after the last one used (exclusive). */
  end_frame: number;
}

export interface PlannedVariant {
  /** 0-based variant number. */
  index: number;
  /** Playback speed of the whole variant (1 = as recorded). */
  speed: number;
  segments: PlannedSegment[];
  /** Source frames the segments add up to (before speed). */
  source_frames: number;
  /** Frames of the rendered variant (after speed). */
  output_frames: number;
}

export type PlanProblem =
  | { kind: 'too_many_variants'; max: number; requested: number; reason: string }
  | { kind: 'duration_too_long'; variant: number; maxSeconds: number; requestedSeconds: number }
  | { kind: 'duration_too_short'; variant: number; clips: number; requestedSeconds: number }
  | { kind: 'output_too_long'; variant: number; seconds: number; maxSeconds: number };

/** A request the planner cannot satisfy; the API turns it into a 422. */
export class PlanError extends Error {
  constructor(readonly problem: PlanProblem, message: string) {
    super(message);
    this.name = 'PlanError';
  }
}

/** Sequence spaces up to this size are sampled by index (no retries); larger ones by rejection. */
const INDEXABLE = 2 ** 40;

// ---------------------------------------------------------------------------------------------
// Seeded randomness

export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform integer in [0, n) for n up to 2^40. */
  int(n: number): number;
}

/** mulberry32: tiny, fast, and good enough for shuffling; the same seed gives the same stream everywhere. */
export function createRng(seed: number): Rng {
  let a = seed >>> 0;
  const u32 = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
  return {
    next: () => u32() / 4294967296,
    int(n: number) {
      if (n <= 4294967296) return Math.floor((u32() / 4294967296) * n);
      // 53 random bits for ranges past 2^32.
      const u = ((u32() >>> 11) * 4294967296 + u32()) / 2 ** 53;
      return Math.floor(u * n);
    },
  };
}

/** Independent streams per concern, so changing the speed range does not reshuffle the clips. */
function streamSeed(seed: number, salt: number): number {
  let h = (seed ^ Math.imul(salt, 0x9e3779b1)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b) >>> 0;
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35) >>> 0;
  return (h ^ (h >>> 16)) >>> 0;
}

function shuffled<T>(items: readonly T[], rng: Rng): T[] {
  const a = [...items];
  for (let i = a.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [a[i], a[j]] = [a[j], a[i]];
  }
  return a;
}

/** `count` distinct integers from [0, total), in random order (sparse Fisher–Yates: no retries). */
function sampleDistinct(total: number, count: number, rng: Rng): number[] {
  const swapped = new Map<number, number>();
  const out: number[] = [];
  for (let i = 0; i < count; i++) {
    const j = i + rng.int(total - i);
    const vi = swapped.get(i) ?? i;
    const vj = swapped.get(j) ?? j;
    swapped.set(j, vi);
    out.push(vj);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Sequences

/** Clip indices of each group, in group order, each group's clips in request order. */
export function groupMembers(clips: readonly PlanClip[]): number[][] {
  const groups: number[][] = [];
  clips.forEach((c, i) => {
    if (c.group === null) return;
    (groups[c.group] ??= []).push(i);
  });
  return groups;
}

/** n·(n−1)·…·(n−k+1), saturating at +Infinity. */
function partialPermutations(n: number, k: number): number {
  let p = 1;
  for (let i = 0; i < k; i++) p *= n - i;
  return p;
}

/**
 * How many variants the options allow: the number of distinct clip sequences, or — with
 * `differentStart` — the number of distinct clips a sequence can open with.
 */
export function countSequences(opts: Pick<PlanOptions, 'clips' | 'order' | 'differentStart' | 'groupMode' | 'clipsPerVariant'>): number {
  const n = opts.clips.length;
  if (opts.groupMode) {
    const groups = groupMembers(opts.clips);
    if (opts.differentStart) return groups[0]?.length ?? 0;
    return groups.reduce((p, g) => p * g.length, 1);
  }
  // Fixed order: the request order read as a circle, one window per starting clip.
  if (opts.order === 'fixed') return n;
  if (opts.differentStart) return n;
  return partialPermutations(n, opts.clipsPerVariant);
}

function describeLimit(opts: PlanOptions): string {
  if (opts.groupMode) {
    const sizes = groupMembers(opts.clips).map((g) => g.length);
    return opts.differentStart
      ? `with different_start each variant must open with a different clip of the first group, which has ${sizes[0]}`
      : `one clip from each of ${sizes.length} groups (sizes ${sizes.join(' × ')}) gives that many distinct sequences`;
  }
  if (opts.order === 'fixed') return `order "fixed" keeps the clip order, so each variant differs only in its first clip (${opts.clips.length} clips)`;
  if (opts.differentStart) return `with different_start each variant must open with a different clip (${opts.clips.length} clips)`;
  return `${opts.clips.length} clips taken ${opts.clipsPerVariant} at a time give that many distinct orders`;
}

/** The k-permutation of [0, n) with the given index (falling-factorial digits). */
function permutationAt(index: number, n: number, k: number): number[] {
  const pool = Array.from({ length: n }, (_, i) => i);
  const out: number[] = [];
  let rest = index;
  for (let i = 0; i < k; i++) {
    const radix = n - i;
    const digit = rest % radix;
    rest = Math.floor(rest / radix);
    out.push(pool.splice(digit, 1)[0]);
  }
  return out;
}

/** One clip per group; group 0 is the fastest-changing digit. */
function productAt(index: number, groups: number[][]): number[] {
  let rest = index;
  return groups.map((g) => {
    const digit = rest % g.length;
    rest = Math.floor(rest / g.length);
    return g[digit];
  });
}

function randomPermutation(pool: number[], k: number, rng: Rng): number[] {
  const a = [...pool];
  for (let i = 0; i < k; i++) {
    const j = i + rng.int(a.length - i);
    [a[i], a[j]] = [a[j], a[i]];
  }
  return a.slice(0, k);
}

/** Distinct sequences by rejection, for spaces so large (> 2^40) that a repeat is practically never drawn. */
function distinctByRejection(count: number, draw: () => number[]): number[][] {
  const seen = new Set<string>();
  const out: number[][] = [];
  while (out.length < count) {
    const seq = draw();
    const key = seq.join(',');
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(seq);
  }
  return out;
}

/** The clip sequence of every variant; pairwise distinct, and with different first clips when asked. */
export function planSequences(opts: PlanOptions): number[][] {
  const max = countSequences(opts);
  if (opts.variants > max) {
    throw new PlanError(
      { kind: 'too_many_variants', max, requested: opts.variants, reason: describeLimit(opts) },
      `At most ${max} distinct variant${max === 1 ? '' : 's'} can be made from these clips and options (${describeLimit(opts)}); ${opts.variants} were requested.`,
    );
  }
  const rng = createRng(streamSeed(opts.seed, 1));
  const n = opts.clips.length;
  const V = opts.variants;

  if (opts.groupMode) {
    const groups = groupMembers(opts.clips);
    if (opts.groupMode === 'sequential') return Array.from({ length: V }, (_, i) => productAt(i, groups));
    if (opts.differentStart) {
      const openers = shuffled(groups[0], rng).slice(0, V);
      return openers.map((first) => [first, ...groups.slice(1).map((g) => g[rng.int(g.length)])]);
    }
    if (max <= INDEXABLE) return sampleDistinct(max, V, rng).map((i) => productAt(i, groups));
    return distinctByRejection(V, () => groups.map((g) => g[rng.int(g.length)]));
  }

  const k = opts.clipsPerVariant;
  const all = Array.from({ length: n }, (_, i) => i);
  if (opts.order === 'fixed') {
    // Variant i starts at clip i and continues in request order, wrapping around.
    return Array.from({ length: V }, (_, i) => Array.from({ length: k }, (_, j) => (i + j) % n));
  }
  if (opts.differentStart) {
    const openers = shuffled(all, rng).slice(0, V);
    return openers.map((first) => [first, ...randomPermutation(all.filter((c) => c !== first), k - 1, rng)]);
  }
  if (max <= INDEXABLE) return sampleDistinct(max, V, rng).map((i) => permutationAt(i, n, k));
  return distinctByRejection(V, () => randomPermutation(all, k, rng));
}

// ---------------------------------------------------------------------------------------------
// Durations

/**
 * Splits `total` frames over clips in proportion to `shares`, never giving a clip more than its
 * `caps` frames: whatever a capped clip cannot hold goes to the others (water filling). Whole frames,
 * largest remainder first. Returns null when the clips together hold fewer than `total` frames.
 */
export function allocateFrames(total: number, caps: readonly number[], shares: readonly number[]): number[] | null {
  const k = caps.length;
  if (caps.reduce((a, b) => a + b, 0) < total) return null;
  const alloc = new Array<number>(k).fill(0);
  let active = caps.map((_, i) => i);
  let remaining = total;
  for (;;) {
    const weight = active.reduce((s, i) => s + shares[i], 0);
    const full = active.filter((i) => (remaining * shares[i]) / weight >= caps[i]);
    if (full.length === 0) break;
    for (const i of full) {
      alloc[i] = caps[i];
      remaining -= caps[i];
    }
    active = active.filter((i) => !full.includes(i));
    if (active.length === 0) break;
  }
  if (active.length) {
    const weight = active.reduce((s, i) => s + shares[i], 0);
    const ideal = active.map((i) => (remaining * shares[i]) / weight);
    const floors = ideal.map(Math.floor);
    active.forEach((i, j) => (alloc[i] = floors[j]));
    let left = remaining - floors.reduce((a, b) => a + b, 0);
    const byRemainder = active.map((i, j) => ({ i, r: ideal[j] - floors[j] })).sort((a, b) => b.r - a.r || a.i - b.i);
    for (const { i } of byRemainder) {
      if (left <= 0) break;
      if (alloc[i] < caps[i]) {
        alloc[i]++;
        left--;
      }
    }
  }
  // Every clip in the sequence stays visible: a clip rounded down to nothing borrows a frame from the longest.
  for (let i = 0; i < k; i++) {
    if (alloc[i] > 0 || total < k) continue;
    let donor = 0;
    for (let j = 1; j < k; j++) if (alloc[j] > alloc[donor]) donor = j;
    alloc[donor]--;
    alloc[i]++;
  }
  return alloc;
}

/** A variant's speed: uniform in [min, max], to two decimals; exactly `min` when the range is a point. */
function drawSpeed(rng: Rng, min: number, max: number): number {
  if (max <= min) return min;
  const s = Math.round((min + rng.next() * (max - min)) * 100) / 100;
  return Math.min(max, Math.max(min, s));
}

/** The full plan: sequences, trims and speeds of every variant. Throws PlanError when impossible. */
export function planMix(opts: PlanOptions): PlannedVariant[] {
  const sequences = planSequences(opts);
  const speedRng = createRng(streamSeed(opts.seed, 2));
  const speeds = sequences.map(() => drawSpeed(speedRng, opts.speed.min, opts.speed.max));
  const fps = opts.fps;
  const duration = opts.duration;

  if (duration.mode === 'fixed') {
    // Check every variant before failing, so the error can say what would work for all of them.
    const seconds = duration.frames / fps;
    let worst: { index: number; maxSeconds: number } | null = null;
    for (const [index, seq] of sequences.entries()) {
      const available = seq.reduce((s, c) => s + opts.clips[c].frames, 0);
      const needed = speeds[index] === 1 ? duration.frames : Math.round(duration.frames * speeds[index]);
      const maxSeconds = Math.floor((available / speeds[index] / fps) * 1000) / 1000;
      if (needed > available && (!worst || maxSeconds < worst.maxSeconds)) worst = { index, maxSeconds };
      if (needed < seq.length) {
        throw new PlanError(
          { kind: 'duration_too_short', variant: index, clips: seq.length, requestedSeconds: seconds },
          `A ${round3(seconds)} s variant cannot show each of its ${seq.length} clips for even one frame${speeds[index] === 1 ? '' : ` at speed ${speeds[index]}`}; use fewer clips per variant or a longer duration.`,
        );
      }
    }
    if (worst) {
      const { index, maxSeconds } = worst;
      throw new PlanError(
        { kind: 'duration_too_long', variant: index, maxSeconds, requestedSeconds: seconds },
        `Variant ${index} has only ${maxSeconds} s of footage${speeds[index] === 1 ? '' : ` at speed ${speeds[index]}`}, so it cannot last ${round3(seconds)} s without repeating clips; with these clips and options the longest fixed duration is ${maxSeconds} s.`,
      );
    }
  }

  return sequences.map((seq, index) => {
    const speed = speeds[index];
    const caps = seq.map((c) => opts.clips[c].frames);
    let lengths: number[];
    let outputFrames: number;
    if (duration.mode === 'original') {
      lengths = caps;
      const source = caps.reduce((a, b) => a + b, 0);
      outputFrames = speed === 1 ? source : Math.max(1, Math.round(source / speed));
    } else {
      outputFrames = duration.frames;
      // The output is `frames` long after speed, so a faster variant consumes more footage.
      const needed = speed === 1 ? outputFrames : Math.round(outputFrames * speed);
      const dist = duration.distribution;
      const shares = seq.map((c) => (dist === 'equal' ? 1 : dist === 'proportional' ? opts.clips[c].frames : opts.clips[c].weight));
      lengths = allocateFrames(needed, caps, shares)!;
    }
    if (outputFrames > opts.maxOutputFrames) {
      throw new PlanError(
        { kind: 'output_too_long', variant: index, seconds: outputFrames / fps, maxSeconds: opts.maxOutputFrames / fps },
        `Variant ${index} would last ${round3(outputFrames / fps)} s; at most ${round3(opts.maxOutputFrames / fps)} s is allowed. Use duration mode "fixed", fewer clips per variant, or a higher speed.`,
      );
    }
    const segments = seq.map((clip, j) => ({ clip, start_frame: 0, end_frame: lengths[j] }));
    return { index, speed, segments, source_frames: lengths.reduce((a, b) => a + b, 0), output_frames: outputFrames };
  });
}

function round3(v: number): number {
  return Math.round(v * 1000) / 1000;
}
