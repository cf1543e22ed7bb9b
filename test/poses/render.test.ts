import assert from 'node:assert/strict';
import sharp from 'sharp';
import { conditioningImageCache, findPose, POSES, PoseRenderError, renderConditioningImage, renderPosePreview, toOpenPoseJson, type Keypoints } from '../../api/src/domain/poses';

// The canonical OpenPose body colour table and limb pairs, written out here on purpose (not imported)
// so that the test checks the renderer against the reference rather than against itself.
const COLOURS = [
  [255, 0, 0], [255, 85, 0], [255, 170, 0], [255, 255, 0], [170, 255, 0], [85, 255, 0], [0, 255, 0], [0, 255, 85], [0, 255, 170],
  [0, 255, 255], [0, 170, 255], [0, 85, 255], [0, 0, 255], [85, 0, 255], [170, 0, 255], [255, 0, 255], [255, 0, 170], [255, 0, 85],
];
const LIMBS = [[1, 2], [1, 5], [2, 3], [3, 4], [5, 6], [6, 7], [1, 8], [8, 9], [9, 10], [1, 11], [11, 12], [12, 13], [1, 0], [0, 14], [14, 16], [0, 15], [15, 17]];
const RATIO = { portrait: 2 / 3, square: 1, landscape: 3 / 2 } as const;

type P = { x: number; y: number };

/** The documented fit rule: bounding box of the visible points in frame units, 8 % margin of the shorter side, centred. */
function expectedPixels(keypoints: Keypoints, ratio: number, width: number, height: number): (P | null)[] {
  const pts = keypoints.map((k) => (k ? { x: k[0] * ratio, y: k[1] } : null));
  const vis = pts.filter((p): p is P => !!p);
  const minX = Math.min(...vis.map((p) => p.x));
  const maxX = Math.max(...vis.map((p) => p.x));
  const minY = Math.min(...vis.map((p) => p.y));
  const maxY = Math.max(...vis.map((p) => p.y));
  const m = 0.08 * Math.min(width, height);
  const s = Math.min((width - 2 * m) / (maxX - minX), (height - 2 * m) / (maxY - minY));
  const ox = (width - (maxX - minX) * s) / 2;
  const oy = (height - (maxY - minY) * s) / 2;
  return pts.map((p) => (p ? { x: ox + (p.x - minX) * s, y: oy + (p.y - minY) * s } : null));
}

const dist = (a: P, b: P) => Math.hypot(a.x - b.x, a.y - b.y);
function distToSegment(p: P, a: P, b: P) {
  const l2 = (b.x - a.x) ** 2 + (b.y - a.y) ** 2;
  const t = l2 ? Math.max(0, Math.min(1, ((p.x - a.x) * (b.x - a.x) + (p.y - a.y) * (b.y - a.y)) / l2)) : 0;
  return dist(p, { x: a.x + t * (b.x - a.x), y: a.y + t * (b.y - a.y) });
}

async function rawOf(png: Buffer) {
  const { data, info } = await sharp(png).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  const at = (x: number, y: number) => [data[(y * info.width + x) * 3], data[(y * info.width + x) * 3 + 1], data[(y * info.width + x) * 3 + 2]];
  return { info, at };
}

function assertColour(actual: number[], expected: number[], what: string, tolerance = 2) {
  assert.ok(actual.every((v, i) => Math.abs(v - expected[i]) <= tolerance), `${what}: got rgb(${actual}) expected rgb(${expected})`);
}

describe('pose conditioning image', function () {
  this.timeout(30_000);

  const cases: { pose: string; width: number; height: number }[] = [
    { pose: 'pose_standing_hands_on_hips', width: 512, height: 768 }, // portrait output, portrait pose
    { pose: 'pose_hands_heart', width: 640, height: 640 }, // square output, cropped half-body pose
    { pose: 'pose_lying_side_head_on_hand', width: 1024, height: 576 }, // landscape output, landscape pose
    { pose: 'pose_fitness_squat', width: 1024, height: 576 }, // square pose into a landscape image
    { pose: 'pose_walking_side_stride', width: 576, height: 1024 },
  ];

  for (const c of cases) {
    it(`${c.pose} at ${c.width}×${c.height}: size, joints in their OpenPose colours where the fit rule puts them, limbs at 60 %, black elsewhere`, async () => {
      const pose = findPose(c.pose)!;
      const png = await renderConditioningImage(c.pose, { width: c.width, height: c.height });
      const { info, at } = await rawOf(png);
      assert.equal((await sharp(png).metadata()).format, 'png');
      assert.equal(info.width, c.width);
      assert.equal(info.height, c.height);

      const px = expectedPixels(pose.keypoints, RATIO[pose.aspect], c.width, c.height);
      const r = (4 * Math.min(c.width, c.height)) / 512; // OpenPose's 4 px at 512, scaled
      let joints = 0;
      px.forEach((p, i) => {
        if (!p) return;
        const pixel = { x: Math.floor(p.x), y: Math.floor(p.y) };
        const centre = { x: pixel.x + 0.5, y: pixel.y + 0.5 };
        // Joints are drawn in order on top of the limbs: skip one a later joint covers.
        if (px.some((q, j) => q && j > i && dist(q, centre) <= r + 1)) return;
        assertColour(at(pixel.x, pixel.y), COLOURS[i], `joint ${i}`);
        joints++;
      });
      assert.ok(joints >= 8, `only ${joints} joints checked`);

      let limbs = 0;
      LIMBS.forEach(([a, b], i) => {
        const pa = px[a];
        const pb = px[b];
        if (!pa || !pb || dist(pa, pb) < 4 * r) return;
        const mid = { x: (pa.x + pb.x) / 2, y: (pa.y + pb.y) / 2 };
        const pixel = { x: Math.floor(mid.x), y: Math.floor(mid.y) };
        const centre = { x: pixel.x + 0.5, y: pixel.y + 0.5 };
        const coveredLater = LIMBS.some(([c2, d2], j) => j > i && px[c2] && px[d2] && distToSegment(centre, px[c2]!, px[d2]!) <= r + 1.5);
        if (coveredLater || px.some((q) => q && dist(q, centre) <= r + 1)) return;
        assertColour(at(pixel.x, pixel.y), COLOURS[i].map((v) => Math.floor(v * 0.6)), `limb ${a}-${b}`);
        limbs++;
      });
      assert.ok(limbs >= 6, `only ${limbs} limbs checked`);

      // Points well away from every limb and joint are black; the corners are (the margin).
      let blacks = 0;
      for (let y = 4; y < c.height; y += 37)
        for (let x = 4; x < c.width; x += 37) {
          const p = { x: x + 0.5, y: y + 0.5 };
          const far = LIMBS.every(([a, b]) => !px[a] || !px[b] || distToSegment(p, px[a]!, px[b]!) > r + 2) && px.every((q) => !q || dist(q, p) > r + 2);
          if (!far) continue;
          assert.deepEqual(at(x, y), [0, 0, 0], `(${x}, ${y}) is not black`);
          blacks++;
        }
      assert.ok(blacks > 50);
      for (const [x, y] of [[0, 0], [c.width - 1, 0], [0, c.height - 1], [c.width - 1, c.height - 1]]) assert.deepEqual(at(x, y), [0, 0, 0]);
    });
  }

  it('scales stick width and joint radius with the image size', async () => {
    const count = async (w: number) => {
      const { data } = await sharp(await renderConditioningImage('pose_standing_neutral_front', { width: w, height: w })).raw().toBuffer({ resolveWithObject: true });
      let lit = 0;
      for (let i = 0; i < data.length; i += 3) if (data[i] || data[i + 1] || data[i + 2]) lit++;
      return lit / (w * w);
    };
    const small = await count(256);
    const large = await count(1024);
    assert.ok(small > 0);
    // With strokes scaled, the lit share of the image stays about the same (fixed 4 px strokes would quarter it).
    assert.ok(Math.abs(large / small - 1) < 0.15, `lit share ${small} at 256, ${large} at 1024`);
  });

  it('is deterministic: the same input renders to the same bytes, cached or not', async () => {
    const opts = { width: 768, height: 1024 };
    const a = await renderConditioningImage('pose_action_star_jump', opts);
    conditioningImageCache.clear();
    const b = await renderConditioningImage('pose_action_star_jump', opts);
    const c = await renderConditioningImage('pose_action_star_jump', opts);
    assert.ok(a.equals(b) && b.equals(c));
    a.fill(0); // a caller scribbling on its copy does not reach the cache
    assert.ok((await renderConditioningImage('pose_action_star_jump', opts)).equals(b));
  });

  it('different poses and different sizes give different images', async () => {
    const opts = { width: 512, height: 512 };
    const images = await Promise.all(POSES.slice(0, 12).map((p) => renderConditioningImage(p.id, opts)));
    assert.equal(new Set(images.map((b) => b.toString('base64'))).size, images.length);
    const other = await renderConditioningImage(POSES[0].id, { width: 512, height: 640 });
    assert.ok(!other.equals(images[0]));
  });

  it('renders keypoints given directly the same as the library pose they equal', async () => {
    const pose = findPose('pose_fashion_contrapposto')!;
    const byId = await renderConditioningImage(pose.id, { width: 600, height: 800 });
    const copy: Keypoints = pose.keypoints.map((k) => (k ? [k[0], k[1], k[2]] : null));
    assert.ok((await renderConditioningImage(copy, { width: 600, height: 800, aspect: 'portrait' })).equals(byId));
    // The same keypoints read in a square frame are a different (wider) body.
    assert.ok(!(await renderConditioningImage(copy, { width: 600, height: 800 })).equals(byId));
  });

  it('rejects an unknown pose, invalid keypoints and invalid sizes with PoseRenderError codes', async () => {
    const code = (e: unknown) => (e instanceof PoseRenderError ? e.code : String(e));
    await assert.rejects(renderConditioningImage('pose_nope', { width: 512, height: 512 }), (e) => code(e) === 'pose_not_found');
    await assert.rejects(renderConditioningImage([[0.5, 0.5, 1]], { width: 512, height: 512 }), (e) => code(e) === 'invalid_keypoints');
    await assert.rejects(renderConditioningImage('pose_hands_wave', { width: 0, height: 512 }), (e) => code(e) === 'invalid_size');
    await assert.rejects(renderConditioningImage('pose_hands_wave', { width: 512.5, height: 512 }), (e) => code(e) === 'invalid_size');
    await assert.rejects(renderConditioningImage('pose_hands_wave', { width: 512, height: 100_000 }), (e) => code(e) === 'invalid_size');
  });

  it('serves repeated requests from the cache, and renders concurrent identical requests once', async () => {
    conditioningImageCache.clear();
    const opts = { width: 1024, height: 1024 };
    const first = await Promise.all(Array.from({ length: 5 }, () => renderConditioningImage('pose_walking_catwalk', opts)));
    assert.equal(conditioningImageCache.misses, 1);
    const t = process.hrtime.bigint();
    for (let i = 0; i < 200; i++) await renderConditioningImage('pose_walking_catwalk', opts);
    const perCallMs = Number(process.hrtime.bigint() - t) / 1e6 / 200;
    assert.equal(conditioningImageCache.misses, 1);
    assert.ok(first.every((b) => b.equals(first[0])));
    assert.ok(perCallMs < 2, `cached call took ${perCallMs} ms`);
  });
});

describe('pose as OpenPose JSON', () => {
  it('gives the fitted pixel positions the conditioning image draws, and zeros for hidden points', () => {
    const pose = findPose('pose_hands_wave')!;
    const json = toOpenPoseJson(pose.id, { width: 768, height: 1024 });
    assert.equal(json.canvas_width, 768);
    const flat = json.people[0].pose_keypoints_2d;
    assert.equal(flat.length, 54);
    const px = expectedPixels(pose.keypoints, RATIO[pose.aspect], 768, 1024);
    px.forEach((p, i) => {
      if (!p) return assert.deepEqual(flat.slice(i * 3, i * 3 + 3), [0, 0, 0]);
      assert.ok(Math.abs(flat[i * 3] - p.x) < 0.01 && Math.abs(flat[i * 3 + 1] - p.y) < 0.01 && flat[i * 3 + 2] > 0, `point ${i}`);
    });
    assert.ok(px.some((p) => !p), 'a half-body pose has hidden points');
  });
});

describe('pose preview', function () {
  this.timeout(30_000);

  it('is a PNG in the pose’s aspect on a light background, with the skeleton drawn', async () => {
    const png = await renderPosePreview('pose_standing_neutral_front');
    const meta = await sharp(png).metadata();
    assert.equal(meta.format, 'png');
    assert.equal(meta.width, 384);
    assert.equal(meta.height, 576); // portrait 2:3
    const land = await sharp(await renderPosePreview('pose_lying_on_back', { width: 300 })).metadata();
    assert.deepEqual([land.width, land.height], [300, 200]);
    const { data, info } = await sharp(png).removeAlpha().raw().toBuffer({ resolveWithObject: true });
    const at = (x: number, y: number) => [...data.subarray((y * info.width + x) * 3, (y * info.width + x) * 3 + 3)];
    assert.ok(at(20, Math.floor(info.height / 2)).every((v) => v > 200), 'light background');
    let coloured = 0;
    for (let i = 0; i < data.length; i += 3) if (Math.max(data[i], data[i + 1], data[i + 2]) - Math.min(data[i], data[i + 1], data[i + 2]) > 120) coloured++;
    assert.ok(coloured > 500, `${coloured} strongly coloured pixels`);
  });

  it('is deterministic and differs between poses', async () => {
    const a = await renderPosePreview('pose_hands_wave', { width: 256 });
    const b = await renderPosePreview('pose_hands_wave', { width: 256 });
    assert.ok(a.equals(b));
    assert.ok(!a.equals(await renderPosePreview('pose_hands_heart', { width: 256 })));
    await assert.rejects(renderPosePreview('pose_nope'), PoseRenderError);
    await assert.rejects(renderPosePreview('pose_hands_wave', { width: 10 }), PoseRenderError);
  });
});
