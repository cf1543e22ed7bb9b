/*
 * Filling shapes into a raw RGB buffer, without anti-aliasing (as OpenPose's own renderer draws, so
 * every pixel of a limb or joint has exactly its colour). A pixel belongs to a shape when its centre
 * does; rows are filled as spans, so the cost is proportional to the area drawn.
 */
import type { Rgb } from './openpose-colours';

export interface RgbImage {
  width: number;
  height: number;
  data: Buffer;
}

function span(img: RgbImage, y: number, x0: number, x1: number, c: Rgb) {
  const from = Math.max(0, x0);
  const to = Math.min(img.width - 1, x1);
  if (y < 0 || y >= img.height || from > to) return;
  const d = img.data;
  const r = c[0];
  const g = c[1];
  const b = c[2];
  const end = (y * img.width + to) * 3;
  for (let i = (y * img.width + from) * 3; i <= end; i += 3) {
    d[i] = r;
    d[i + 1] = g;
    d[i + 2] = b;
  }
}

/** A filled circle of radius `r` centred at (cx, cy). */
export function fillCircle(img: RgbImage, cx: number, cy: number, r: number, c: Rgb) {
  const y0 = Math.floor(cy - r - 0.5);
  const y1 = Math.ceil(cy + r - 0.5);
  for (let y = y0; y <= y1; y++) {
    const dy = y + 0.5 - cy;
    const h2 = r * r - dy * dy;
    if (h2 < 0) continue;
    const h = Math.sqrt(h2);
    span(img, y, Math.ceil(cx - h - 0.5), Math.floor(cx + h - 0.5), c);
  }
}

/**
 * A filled ellipse centred at (cx, cy) with semi-axis `a` along the unit direction (ux, uy) and
 * semi-axis `b` across it: OpenPose's limb shape.
 */
export function fillEllipse(img: RgbImage, cx: number, cy: number, a: number, b: number, ux: number, uy: number, c: Rgb) {
  a = Math.max(a, 0.5);
  b = Math.max(b, 0.5);
  const ia = 1 / (a * a);
  const ib = 1 / (b * b);
  // For a row at offset dy, the covered dx solve A·dx² + B·dx + C ≤ 0.
  const A = ux * ux * ia + uy * uy * ib;
  const extent = Math.sqrt(a * a * uy * uy + b * b * ux * ux); // half-height of the ellipse's bounding box
  const y0 = Math.floor(cy - extent - 0.5);
  const y1 = Math.ceil(cy + extent - 0.5);
  for (let y = y0; y <= y1; y++) {
    const dy = y + 0.5 - cy;
    const B = 2 * dy * ux * uy * (ia - ib);
    const C = dy * dy * (uy * uy * ia + ux * ux * ib) - 1;
    const disc = B * B - 4 * A * C;
    if (disc < 0) continue;
    const root = Math.sqrt(disc);
    const lo = (-B - root) / (2 * A);
    const hi = (-B + root) / (2 * A);
    span(img, y, Math.ceil(cx + lo - 0.5), Math.floor(cx + hi - 0.5), c);
  }
}
