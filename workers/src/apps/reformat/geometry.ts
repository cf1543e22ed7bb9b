import type { ReformatInputTarget } from '../../../../api/src/domain/apps/reformat/request';

/**
 * Where each target's pixels come from, in source pixels: pure arithmetic shared by the image and
 * the video paths, so both place a crop, a contained picture and its bars the same way.
 */

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Along which axis a cover crop cuts the source (`none`: the shapes match). */
export type CropAxis = 'x' | 'y' | 'none';

/**
 * The source rectangle a cover crop keeps: the target's shape, as large as the source allows.
 * `offset` (0..1 of the free room) places it along its axis; top/bottom anchors are 0 and 1 on
 * the vertical axis and the centre on the horizontal one.
 */
export function coverRect(src: { width: number; height: number }, dst: { width: number; height: number }, offset: number | { x: number; y: number } = 0.5): Rect & { axis: CropAxis } {
  const scale = Math.max(dst.width / src.width, dst.height / src.height);
  const width = Math.min(src.width, Math.max(1, Math.round(dst.width / scale)));
  const height = Math.min(src.height, Math.max(1, Math.round(dst.height / scale)));
  const o = typeof offset === 'number' ? { x: offset, y: offset } : offset;
  const clamp01 = (v: number) => Math.min(1, Math.max(0, v));
  const x = Math.round((src.width - width) * clamp01(o.x));
  const y = Math.round((src.height - height) * clamp01(o.y));
  const axis: CropAxis = width < src.width ? 'x' : height < src.height ? 'y' : 'none';
  return { x, y, width, height, axis };
}

/** The anchored crop of a target whose anchor is not `smart` (smart is placed by the caller). */
export function anchoredRect(src: { width: number; height: number }, target: Pick<ReformatInputTarget, 'width' | 'height' | 'anchor'>): Rect & { axis: CropAxis } {
  const y = target.anchor === 'top' ? 0 : target.anchor === 'bottom' ? 1 : 0.5;
  return coverRect(src, target, { x: 0.5, y });
}

/**
 * The contained picture of `pad` and `blur_fill`: the whole source scaled to fit inside the
 * target, centred. `even` keeps sizes and offsets even (4:2:0 video: no half chroma sample at an
 * edge).
 */
export function containRect(src: { width: number; height: number }, dst: { width: number; height: number }, even = false): Rect {
  const scale = Math.min(dst.width / src.width, dst.height / src.height);
  const snap = (v: number, max: number) => {
    const r = Math.min(max, Math.max(1, Math.round(v)));
    return even ? Math.min(max - (max % 2), Math.max(2, r - (r % 2))) : r;
  };
  const width = snap(src.width * scale, dst.width);
  const height = snap(src.height * scale, dst.height);
  const half = (room: number) => (even ? Math.floor(room / 4) * 2 : Math.floor(room / 2));
  return { x: half(dst.width - width), y: half(dst.height - height), width, height };
}

/** Small size the blurred background is computed at before it is scaled up (blurring is cheap there). */
export function blurSize(dst: { width: number; height: number }): { width: number; height: number; sigma: number } {
  const f = 8;
  const even = (v: number) => Math.max(2, Math.round(v / f / 2) * 2);
  const width = even(dst.width);
  const height = even(dst.height);
  // About 3 % of the short side once scaled up: the copy is recognisable as colour, not as detail.
  return { width, height, sigma: Math.max(1.5, Math.min(width, height) * 0.03) };
}

/**
 * The most detailed window along one axis: `profile[i]` is the detail of line i (a column for
 * `x`, a row for `y`); returns the start (0..profile.length - size) of the `size`-long window with
 * the largest sum, the one nearest the centre among equals (so a flat picture is cropped centred).
 */
export function busiestWindow(profile: ArrayLike<number>, size: number): number {
  const n = profile.length;
  const w = Math.max(1, Math.min(n, Math.round(size)));
  if (w >= n) return 0;
  const prefix = new Float64Array(n + 1);
  for (let i = 0; i < n; i += 1) prefix[i + 1] = prefix[i] + profile[i];
  const centre = (n - w) / 2;
  let best = Math.round(centre);
  let bestSum = prefix[best + w] - prefix[best];
  const total = prefix[n];
  const tolerance = total * 1e-9;
  for (let s = 0; s <= n - w; s += 1) {
    const sum = prefix[s + w] - prefix[s];
    if (sum > bestSum + tolerance || (Math.abs(sum - bestSum) <= tolerance && Math.abs(s - centre) < Math.abs(best - centre))) {
      best = s;
      bestSum = sum;
    }
  }
  return best;
}

/** Detail (gradient energy) of a grey frame along one axis: per column (`x`) or per row (`y`). */
export function detailProfile(grey: Uint8Array | Buffer, width: number, height: number, axis: 'x' | 'y', into?: Float64Array): Float64Array {
  const out = into ?? new Float64Array(axis === 'x' ? width : height);
  for (let y = 0; y < height; y += 1) {
    const row = y * width;
    for (let x = 0; x < width; x += 1) {
      const v = grey[row + x];
      const dx = x + 1 < width ? Math.abs(grey[row + x + 1] - v) : 0;
      const dy = y + 1 < height ? Math.abs(grey[row + width + x] - v) : 0;
      out[axis === 'x' ? x : y] += dx + dy;
    }
  }
  return out;
}
