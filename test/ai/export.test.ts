import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import sharp, { type JpegOptions } from 'sharp';
import { EXPORT_FORMATS, EXPORT_FORMAT_NAMES, type ExportFormat } from '../../api/src/domain/apps/pose-generation/export-formats';
import { resolveFfmpegPath } from '../../api/src/domain/files/probe';
import { coverCrop, exportImage, planExport, type ExportStats } from '../../workers/src/apps/pose-generation/export';
import { joinJpegStrips } from '../../workers/src/apps/pose-generation/jpeg-strips';

const run = promisify(execFile);

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

  /** 1024², photo-like: a diagonal gradient, a disc, and soft texture (what JPEG quality shows on). */
  const photo = async () => {
    const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="1024" height="1024"><defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="#e8a060"/><stop offset="1" stop-color="#203860"/></linearGradient></defs><rect width="100%" height="100%" fill="url(#g)"/><circle cx="512" cy="340" r="200" fill="#f0d0b0"/></svg>`;
    const texture = await sharp({ create: { width: 1024, height: 1024, channels: 3, background: '#808080', noise: { type: 'gaussian', mean: 128, sigma: 40 } } })
      .blur(1.5)
      .raw()
      .toBuffer();
    return sharp(Buffer.from(svg))
      .composite([{ input: texture, raw: { width: 1024, height: 1024, channels: 3 }, blend: 'soft-light' }])
      .removeAlpha()
      .png()
      .toBuffer();
  };

  const pixels = (file: string | Buffer) => sharp(file, { failOn: 'warning' }).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  const pixel = async (file: string, x: number, y: number) => {
    const { data, info } = await pixels(file);
    const i = (y * info.width + x) * info.channels;
    return [data[i], data[i + 1], data[i + 2]];
  };
  const near = (got: number[], want: number[]) => got.every((v, i) => Math.abs(v - want[i]) < 40);
  const stats = (): ExportStats => ({ encodes: 0, scalings: 0, stripped: 0 });
  const sizeOf = (format: ExportFormat) => EXPORT_FORMATS[format] ?? { width: 1024, height: 1024 };

  /** The frame as one step would make it: cut (top centre), scaled (bilinear up, Lanczos 3 down), never encoded. */
  const reference = async (src: Buffer, format: ExportFormat) => {
    const size = sizeOf(format);
    let p = sharp(src).removeAlpha();
    if (size.width !== 1024 || size.height !== 1024) {
      const crop = coverCrop({ width: 1024, height: 1024 }, size);
      if (crop.width !== 1024 || crop.height !== 1024) p = p.extract(crop);
      p = p.resize(size.width, size.height, { fit: 'fill', kernel: size.width > crop.width ? 'linear' : 'lanczos3' });
    }
    return p;
  };
  const psnr = (a: Buffer, b: Buffer) => {
    assert.equal(a.length, b.length);
    let se = 0;
    for (let i = 0; i < a.length; i++) se += (a[i] - b[i]) ** 2;
    return 10 * Math.log10((255 * 255) / (se / a.length));
  };
  /** A JPEG's quantisation tables and each component's sampling factors: what its quality setting and chroma subsampling come to. */
  const jpegSettings = (jpeg: Buffer) => {
    const dqt: string[] = [];
    let sampling = '';
    for (let pos = 2; pos + 4 <= jpeg.length && jpeg[pos + 1] !== 0xda; ) {
      const length = jpeg.readUInt16BE(pos + 2);
      const marker = jpeg[pos + 1];
      if (marker === 0xdb) dqt.push(jpeg.subarray(pos + 4, pos + 2 + length).toString('hex'));
      if (marker === 0xc0) for (let c = 0; c < jpeg[pos + 9]; c++) sampling += `${jpeg[pos + 10 + c * 3 + 1].toString(16)} `;
      pos += 2 + length;
    }
    return { dqt, sampling };
  };

  it('when an image is exported to every format, then each file has its frame size (original kept as generated), as JPEG, PNG or WebP', async () => {
    const src = await source();
    for (const as of ['jpeg', 'png', 'webp'] as const) {
      const out = await exportImage(src, EXPORT_FORMAT_NAMES, as, dir, `all-${as}`);
      assert.deepEqual(out.map((o) => o.format), EXPORT_FORMAT_NAMES);
      for (const o of out) {
        const m = await sharp(o.path).metadata();
        const want = sizeOf(o.format);
        assert.deepEqual([m.width, m.height, m.format, o.width, o.height], [want.width, want.height, as, want.width, want.height], o.format);
        // Every file decodes completely, without a warning.
        const { info } = await pixels(o.path);
        assert.deepEqual([info.width, info.height], [want.width, want.height], o.format);
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

  it('when an image goes to every format, then in each the bands keep their proportions: one scale on both axes, the cut from the top centre', async () => {
    const out = await exportImage(await source(), EXPORT_FORMAT_NAMES, 'jpeg', dir, 'bands');
    for (const o of out) {
      const size = sizeOf(o.format);
      const crop = coverCrop({ width: 1024, height: 1024 }, size);
      const scale = size.width / crop.width;
      assert.ok(Math.abs(size.height / crop.height - scale) < 0.005, `${o.format}: one scale on both axes`);
      // The red band's lower edge (row 100 of the source) and, where kept, the green band's right edge (column 150).
      const redEnd = Math.round(100 * scale);
      const x = Math.round(size.width / 2);
      assert.ok(near(await pixel(o.path, x, redEnd - 6), [255, 0, 0]), `${o.format}: red above row ${redEnd}`);
      assert.ok(near(await pixel(o.path, x, redEnd + 6), [0, 0, 255]), `${o.format}: blue below row ${redEnd}`);
      const y = Math.round(size.height * 0.6);
      if (crop.left < 150) {
        const greenEnd = Math.round((150 - crop.left) * scale);
        assert.ok(near(await pixel(o.path, greenEnd - 6, y), [0, 255, 0]), `${o.format}: green left of column ${greenEnd}`);
        assert.ok(near(await pixel(o.path, greenEnd + 6, y), [0, 0, 255]), `${o.format}: blue right of column ${greenEnd}`);
      } else {
        assert.ok(near(await pixel(o.path, 3, y), [0, 0, 255]), `${o.format}: the green band is cut away`);
      }
    }
  });

  it('when two formats share a size, then the file is encoded once and both names get identical bytes', async () => {
    const once = stats();
    const out = await exportImage(await source(), ['instagram_story', 'tiktok'], 'jpeg', dir, 'same', once);
    assert.notEqual(out[0].path, out[1].path);
    assert.ok(fs.readFileSync(out[0].path).equals(fs.readFileSync(out[1].path)));
    assert.equal(once.encodes, 1);
    const all = stats();
    await exportImage(await source(), EXPORT_FORMAT_NAMES, 'png', dir, 'count', all);
    assert.equal(all.encodes, EXPORT_FORMAT_NAMES.length - 1, 'eleven formats, ten sizes');
  });

  it('when frames keep the full width and differ only in height (facebook, twitter, linkedin, tokopedia), then the source is scaled once and each is cut from it', async () => {
    const family = stats();
    const out = await exportImage(await photo(), ['facebook', 'twitter', 'linkedin', 'tokopedia'], 'png', dir, 'family', family);
    assert.deepEqual(family, { encodes: 4, scalings: 1, stripped: 0 });
    // Lossless files: each banner is exactly the top rows of the 1200×1200 frame.
    const square = await pixels(out[3].path);
    for (const o of out.slice(0, 3)) {
      const banner = await pixels(o.path);
      assert.ok(banner.data.equals(square.data.subarray(0, banner.data.length)), `${o.format} is the top ${o.height} rows of tokopedia`);
    }
    const plan = planExport({ width: 1024, height: 1024 }, EXPORT_FORMAT_NAMES.map(sizeOf), 'jpeg');
    assert.deepEqual(plan.families, [{ width: 1200, height: 1200, rows: 1200 }]);
    // A frame alone is scaled alone (no family of one).
    const alone = stats();
    await exportImage(await photo(), ['facebook'], 'png', dir, 'alone', alone);
    assert.deepEqual(alone, { encodes: 1, scalings: 1, stripped: 0 });
  });

  it('when print_a4 is exported as JPEG, then it is encoded as strips side by side into one valid JPEG with the very pixels of a whole-frame encode', async () => {
    const src = await photo();
    const a4 = stats();
    const [out] = await exportImage(src, ['print_a4'], 'jpeg', dir, 'a4', a4);
    assert.deepEqual(a4, { encodes: 1, scalings: 1, stripped: 1 });
    const whole = await (await reference(src, 'print_a4')).jpeg({ quality: 90, optimiseCoding: false }).toBuffer();
    const [got, want] = [await pixels(out.path), await pixels(whole)];
    assert.deepEqual([got.info.width, got.info.height], [2480, 3508]);
    assert.ok(got.data.equals(want.data), 'the same pixels as one encode of the whole frame');
    // A second decoder reads it without complaint.
    const ffmpeg = resolveFfmpegPath(process.env.FFMPEG_PATH);
    const { stderr } = await run(ffmpeg, ['-v', 'error', '-i', out.path, '-f', 'null', '-']);
    assert.equal(stderr.trim(), '');
    // PNG and WebP frames are encoded whole.
    const png = stats();
    await exportImage(src, ['print_a4'], 'webp', dir, 'a4w', png);
    assert.equal(png.stripped, 0);
  });

  it('when JPEG strips cannot be joined losslessly (progressive, optimised tables, strips not whole MCU rows), then they are refused', async () => {
    const frame = () => sharp({ create: { width: 300, height: 96, channels: 3, background: '#336699', noise: { type: 'gaussian', mean: 120, sigma: 30 } } });
    const strips = async (opts: JpegOptions, cuts: [number, number][]) =>
      Promise.all(cuts.map(async ([top, height]) => sharp(await frame().png().toBuffer()).extract({ left: 0, top, width: 300, height }).jpeg({ quality: 90, optimiseCoding: false, ...opts }).toBuffer()));
    const whole: [number, number][] = [[0, 48], [48, 48]];
    assert.ok(joinJpegStrips(await strips({}, whole)), 'baseline strips of whole MCU rows join');
    assert.ok(joinJpegStrips(await strips({ chromaSubsampling: '4:4:4' }, [[0, 56], [56, 40]])), '8-row MCUs at 4:4:4');
    assert.equal(joinJpegStrips(await strips({ progressive: true }, whole)), null);
    assert.equal(joinJpegStrips(await strips({ optimiseCoding: true }, whole)), null);
    assert.equal(joinJpegStrips(await strips({}, [[0, 56], [56, 40]])), null, '56 rows is not whole 16-row MCUs');
    assert.equal(joinJpegStrips(await strips({}, [[0, 32], [32, 48], [80, 16]])), null, 'strips of different heights');
    assert.equal(joinJpegStrips(await strips({}, [[0, 32], [32, 64]])), null, 'a last strip taller than the restart interval');
    assert.equal(joinJpegStrips([Buffer.from('not a jpeg')]), null);
  });

  it('when every format is exported as JPEG, then each keeps the quality settings (quality 90 tables, 4:2:0) and the quality of a one-step encode', async () => {
    const src = await photo();
    const out = await exportImage(src, EXPORT_FORMAT_NAMES, 'jpeg', dir, 'quality');
    for (const o of out) {
      const ref = await reference(src, o.format);
      const exact = await ref.clone().raw().toBuffer();
      const oneStep = await ref.clone().jpeg({ quality: 90, optimiseCoding: false }).toBuffer();
      const file = fs.readFileSync(o.path);
      assert.deepEqual(jpegSettings(file), jpegSettings(oneStep), `${o.format}: same quantisation tables and chroma subsampling`);
      const [ours, theirs] = [psnr((await pixels(file)).data, exact), psnr((await pixels(oneStep)).data, exact)];
      // Frames cut from a family's one scaling sit up to half a pixel from a one-step scaling at the bottom.
      assert.ok(ours >= theirs - 1, `${o.format}: ${ours.toFixed(2)} dB against ${theirs.toFixed(2)} dB for a one-step encode`);
      assert.ok(Math.abs(file.length - oneStep.length) / oneStep.length < 0.03, `${o.format}: ${file.length} bytes against ${oneStep.length}`);
    }
  });
});
