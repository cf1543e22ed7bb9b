/*
 * OpenPose's body colour table, as used by its renderer and by ControlNet's OpenPose annotator:
 * colour i belongs to point i and to limb i of `LIMB_PAIRS`. Limbs are drawn at 60 % of their colour
 * (the annotator's stick blend) and joints at full colour on top.
 */

export type Rgb = readonly [r: number, g: number, b: number];

export const OPENPOSE_COLOURS: readonly Rgb[] = [
  [255, 0, 0],
  [255, 85, 0],
  [255, 170, 0],
  [255, 255, 0],
  [170, 255, 0],
  [85, 255, 0],
  [0, 255, 0],
  [0, 255, 85],
  [0, 255, 170],
  [0, 255, 255],
  [0, 170, 255],
  [0, 85, 255],
  [0, 0, 255],
  [85, 0, 255],
  [170, 0, 255],
  [255, 0, 255],
  [255, 0, 170],
  [255, 0, 85],
];

/** The share of its colour a limb is drawn with. */
export const LIMB_COLOUR_SCALE = 0.6;

/** The colour point `i` is drawn with. */
export const jointColour = (i: number): Rgb => OPENPOSE_COLOURS[i];

/** The colour limb `i` (of `LIMB_PAIRS`) is drawn with. */
export const limbColour = (i: number): Rgb => OPENPOSE_COLOURS[i].map((c) => Math.floor(c * LIMB_COLOUR_SCALE)) as unknown as Rgb;

/** Reference size: OpenPose draws sticks 4 px wide (half-width) and joints of radius 4 px on a 512 px image. */
export const REFERENCE_SIZE = 512;
export const REFERENCE_STICK_HALF_WIDTH = 4;
export const REFERENCE_JOINT_RADIUS = 4;
