/*
 * The selection plan of a carousel job: which image variant and which text variant every slide of
 * every set uses. It is computed once, when the job is created (so the quote, the stored input and
 * the rendered files all describe the same sets), and only from the request and its seed.
 */

/** How each carousel set picks its image and text variants. */
export type CarouselSelection = 'round_robin' | 'random' | 'unique';

/** What one slide of one set shows: indexes into that position's `images` and `texts`. */
export interface CarouselSlideChoice {
  /** Index into the position's `images`. */
  image: number;
  /** Index into the position's `texts`; null when the position has no text variants. */
  text: number | null;
}

/** The variant counts of one position, as the planner sees them. */
export interface PositionVariants {
  images: number;
  texts: number;
}

/** A small, fast, seedable PRNG (mulberry32): the same seed gives the same sequence everywhere. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A whole number in [0, n) from a PRNG. */
function pick(rand: () => number, n: number): number {
  return Math.min(n - 1, Math.floor(rand() * n));
}

/** How many different (image, text) slides one position can show. */
function choicesAt(p: PositionVariants): number {
  return p.images * Math.max(1, p.texts);
}

/** How many pairwise-different sets exist (exact, as a BigInt: 168^10 does not fit a double's integers). */
export function distinctSetCount(positions: PositionVariants[]): bigint {
  return positions.reduce((n, p) => n * BigInt(choicesAt(p)), 1n);
}

function decode(positions: PositionVariants[], index: bigint): CarouselSlideChoice[] {
  // Mixed radix, first position as the lowest digit; within a position the image varies fastest.
  let rest = index;
  return positions.map((p) => {
    const radix = BigInt(choicesAt(p));
    const digit = Number(rest % radix);
    rest /= radix;
    return { image: digit % p.images, text: p.texts ? Math.floor(digit / p.images) : null };
  });
}

function randomSet(positions: PositionVariants[], rand: () => number): CarouselSlideChoice[] {
  return positions.map((p) => ({ image: pick(rand, p.images), text: p.texts ? pick(rand, p.texts) : null }));
}

const setKey = (set: CarouselSlideChoice[]) => set.map((c) => `${c.image}.${c.text ?? '-'}`).join('/');

/**
 * The plan: `plan[set][position]`.
 *
 * - `round_robin`: set k shows image `k mod images` and text `k mod texts` at every position (each
 *   variant list cycles on its own, in the order given).
 * - `random`: every slide of every set draws its image and its text independently and uniformly.
 * - `unique`: like random, but no two sets are identical (the caller has checked that `sets` does
 *   not exceed `distinctSetCount`).
 *
 * Random draws come from `seed` only, so the same request and seed always give the same plan.
 */
export function planSets(positions: PositionVariants[], sets: number, selection: CarouselSelection, seed: number): CarouselSlideChoice[][] {
  if (selection === 'round_robin') {
    return Array.from({ length: sets }, (_, k) => positions.map((p) => ({ image: k % p.images, text: p.texts ? k % p.texts : null })));
  }
  const rand = prng(seed);
  if (selection === 'random') return Array.from({ length: sets }, () => randomSet(positions, rand));

  const total = distinctSetCount(positions);
  if (BigInt(sets) > total) throw new RangeError(`Only ${total} distinct sets exist; ${sets} were asked for.`);
  if (total <= BigInt(sets) * 4n) {
    // Few possibilities: shuffle all of them (partial Fisher–Yates) and take the first `sets`.
    const all = Array.from({ length: Number(total) }, (_, i) => i);
    for (let i = 0; i < sets; i += 1) {
      const j = i + pick(rand, all.length - i);
      [all[i], all[j]] = [all[j], all[i]];
    }
    return all.slice(0, sets).map((i) => decode(positions, BigInt(i)));
  }
  // Many possibilities (at least 4 per set asked): draw and redraw duplicates; each draw is new
  // with probability ≥ 3/4, so this ends after a few more draws than sets.
  const seen = new Set<string>();
  const plan: CarouselSlideChoice[][] = [];
  while (plan.length < sets) {
    const set = randomSet(positions, rand);
    const key = setKey(set);
    if (seen.has(key)) continue;
    seen.add(key);
    plan.push(set);
  }
  return plan;
}

/** True when no two sets of a plan show the same slides in the same order. */
export function setsArePairwiseDistinct(plan: CarouselSlideChoice[][]): boolean {
  return new Set(plan.map(setKey)).size === plan.length;
}
