import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { EXPORT_FORMATS, EXPORT_FORMAT_NAMES } from '../../api/src/domain/apps/pose-generation/export-formats';
import { coverCrop, exportImage } from '../../workers/src/apps/pose-generation/export';

describe('pose image export', () => {
  let dir: string;
  before(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lk-export-'))));
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  /** 1024²: a red band across the top 100 rows, a green band down the left 150 columns, blue elsewhere. */
  const source = () =>
    sharp({ create: { width: 1024, height: 1024, channels: 3, background: '#0000ff' } })
      .composite([
        { input: { create: { width: 150, height: 1024, channels: 3, background: '#00ff00' } }, left: 0, top: 0 },
        { input: { create: { width: 1024, height: 100, channels: 3, background: '#ff0000' } }, left: 0, top: 0 },
      ])
      .png()
      .toBuffer();

  const pixel = async (file: string, x: number, y: number) => {
    const { data, info } = await sharp(file).raw().toBuffer({ resolveWithObject: true });
    const i = (y * info.width + x) * info.channels;
    return [data[i], data[i + 1], data[i + 2]];
  };
  const near = (got: number[], want: number[]) => got.every((v, i) => Math.abs(v - want[i]) < 40);

  it('when an image is exported to every format, then each file has its frame size (original kept as generated), as JPEG, PNG or WebP', async () => {
    const src = await source();
    for (const as of ['jpeg', 'png', 'webp'] as const) {
      const out = await exportImage(src, EXPORT_FORMAT_NAMES, as, dir, `all-${as}`);
      assert.deepEqual(out.map((o) => o.format), EXPORT_FORMAT_NAMES);
      for (const o of out) {
        const m = await sharp(o.path).metadata();
        const want = EXPORT_FORMATS[o.format] ?? { width: 1024, height: 1024 };
        assert.deepEqual([m.width, m.height, m.format], [want.width, want.height, as], o.format);
      }
    }
  });

  it('when a square image goes to a banner or a story, then it is cover-cropped (top kept, sides cut), never stretched or letterboxed', async () => {
    const [banner, story] = await exportImage(await source(), ['facebook', 'instagram_story'], 'png', dir, 'crop');
    // Banner 1200×630 from the top 1024×538: the red band (100 rows) becomes ~117 rows, still at the top.
    assert.ok(near(await pixel(banner.path, 600, 50), [255, 0, 0]));
    assert.ok(near(await pixel(banner.path, 600, 140), [0, 0, 255]));
    assert.ok(near(await pixel(banner.path, 80, 300), [0, 255, 0]), 'the full width is kept for a wider frame');
    // Story 1080×1920 from the centre 576 columns: the green left band (150 px) is cut away.
    assert.ok(near(await pixel(story.path, 3, 960), [0, 0, 255]), 'the sides are cut, not squeezed in');
    assert.ok(near(await pixel(story.path, 540, 20), [255, 0, 0]));
    assert.deepEqual(coverCrop({ width: 1024, height: 1024 }, { width: 1080, height: 1920 }), { left: 224, top: 0, width: 576, height: 1024 });
    assert.deepEqual(coverCrop({ width: 1024, height: 1024 }, { width: 1200, height: 630 }), { left: 0, top: 0, width: 1024, height: 538 });
  });

  it('when two formats share a size, then the file is encoded once and both names get identical bytes', async () => {
    const out = await exportImage(await source(), ['instagram_story', 'tiktok'], 'jpeg', dir, 'same');
    assert.notEqual(out[0].path, out[1].path);
    assert.ok(fs.readFileSync(out[0].path).equals(fs.readFileSync(out[1].path)));
  });
});
