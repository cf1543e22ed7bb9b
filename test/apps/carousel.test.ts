import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp, { type Sharp } from 'sharp';
import {
  CAROUSEL_FONT_FAMILIES,
  carouselApp,
  DEFAULT_TEXT_STYLE,
  MAX_INPUT_PIXELS,
  type CarouselInput,
  type CarouselTextStyle,
  type CreateCarouselRequest,
} from '../../api/src/domain/apps/carousel/request';
import { planSets, setsArePairwiseDistinct } from '../../api/src/domain/apps/carousel/plan';
import { JobError, type InputFileInfo, type RenderContext, type RenderedOutput } from '../../api/src/domain/jobs/app-contract';
import { probeImage } from '../../api/src/domain/files/probe';
import { loadCatalogue } from '../../api/src/domain/pricing/pricing';
import { ApiError } from '../../api/src/errors/api-error';
import { FONT_DIR, fontFor, useBundledFonts } from '../../workers/src/apps/carousel/fonts';
import { renderCarousel, renderCarouselWithStats } from '../../workers/src/apps/carousel/render';
import { renderTextLayer } from '../../workers/src/apps/carousel/text';

type Files = Map<string, { path: string; info: InputFileInfo }>;

const fileId = (n: number) => `file_${n.toString(36).padStart(26, '0')}`;

describe('carousels', function () {
  this.timeout(30_000);
  let dir: string;
  let runs = 0;
  const files: Files = new Map();
  const ids: Record<'red' | 'green' | 'blue' | 'gradient' | 'black' | 'rotated' | 'tiny' | 'corrupt', string> = {
    red: fileId(1),
    green: fileId(2),
    blue: fileId(3),
    gradient: fileId(4),
    black: fileId(5),
    rotated: fileId(6),
    tiny: fileId(7),
    corrupt: fileId(8),
  };
  const video = fileId(100);
  const huge = fileId(101);

  async function addImage(id: string, file: string, image: Sharp) {
    await image.toFile(file);
    const m = await probeImage(file);
    files.set(id, { path: file, info: { id, kind: 'image', content_type: `image/${m.format}`, bytes: fs.statSync(file).size, metadata: { ...m } } });
  }

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lk-carousel-test-'));
    const solid = (w: number, h: number, background: string) => sharp({ create: { width: w, height: h, channels: 3, background } });
    const gradientSvg = Buffer.from(
      '<svg xmlns="http://www.w3.org/2000/svg" width="1600" height="900"><defs><linearGradient id="g"><stop offset="0" stop-color="#f80"/><stop offset="1" stop-color="#08f"/></linearGradient></defs><rect width="100%" height="100%" fill="url(#g)"/></svg>',
    );
    // Stored 400×200: left half red, right half blue; EXIF orientation 6 shows it rotated 90° clockwise
    // (200×400, red on top, blue at the bottom).
    const halves = sharp({ create: { width: 400, height: 200, channels: 3, background: '#0000ff' } }).composite([
      { input: { create: { width: 200, height: 200, channels: 3, background: '#ff0000' } }, left: 0, top: 0 },
    ]);
    await Promise.all([
      addImage(ids.red, path.join(dir, 'red.jpg'), solid(1200, 1600, '#ff0000').jpeg()),
      addImage(ids.green, path.join(dir, 'green.png'), solid(900, 900, '#00ff00').png()),
      addImage(ids.blue, path.join(dir, 'blue.webp'), solid(2000, 1000, '#0000ff').webp()),
      addImage(ids.gradient, path.join(dir, 'gradient.png'), sharp(gradientSvg).png()),
      addImage(ids.black, path.join(dir, 'black.png'), solid(1080, 1920, '#000000').png()),
      addImage(ids.rotated, path.join(dir, 'rotated.jpg'), sharp(await halves.png().toBuffer()).jpeg().withMetadata({ orientation: 6 })),
      addImage(ids.tiny, path.join(dir, 'tiny.png'), solid(40, 30, '#808080').png()),
    ]);
    const corrupt = path.join(dir, 'corrupt.png');
    const good = await solid(64, 64, '#123456').png().toBuffer();
    fs.writeFileSync(corrupt, Buffer.concat([good.subarray(0, 60), Buffer.alloc(200, 0x5a)]));
    files.set(ids.corrupt, { path: corrupt, info: { id: ids.corrupt, kind: 'image', content_type: 'image/png', bytes: 260, metadata: { width: 64, height: 64, format: 'png' } } });
    files.set(video, { path: '/nonexistent', info: { id: video, kind: 'video', content_type: 'video/mp4', bytes: 1000, metadata: { width: 320, height: 240, duration_seconds: 1 } } });
    files.set(huge, { path: '/nonexistent', info: { id: huge, kind: 'image', content_type: 'image/jpeg', bytes: 1000, metadata: { width: 10_000, height: 6_000, format: 'jpeg' } } });
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  const infos = () => new Map([...files].map(([k, v]) => [k, v.info]));
  const normalize = (req: CreateCarouselRequest) => carouselApp.normalize(req, infos());

  function context(signal = new AbortController().signal, progress: RenderContext['progress'] = () => {}): RenderContext {
    const workDir = path.join(dir, `work-${++runs}`);
    fs.mkdirSync(workDir);
    return { workDir, files, signal, progress };
  }

  const slidesOf = (outputs: RenderedOutput[]) => outputs.filter((o) => o.role === 'slide');

  async function rawOf(file: string) {
    const { data, info } = await sharp(file).removeAlpha().raw().toBuffer({ resolveWithObject: true });
    const at = (x: number, y: number) => [data[(y * info.width + x) * 3], data[(y * info.width + x) * 3 + 1], data[(y * info.width + x) * 3 + 2]];
    return { data, width: info.width, height: info.height, at };
  }

  function assertApiError(fn: () => unknown, code: string, status = 422): ApiError {
    try {
      fn();
    } catch (err) {
      assert.ok(err instanceof ApiError, `expected ApiError, got ${String(err)}`);
      assert.equal(err.code, code, err.message);
      assert.equal(err.status, status);
      return err;
    }
    assert.fail(`expected ${code}`);
  }

  describe('the API side', () => {
    it('when a request is normalized, then defaults are applied, the plan is part of the input and the price is per set', () => {
      const input = normalize({ sets: 3, slides: [{ images: [ids.red, ids.green], texts: ['a', 'b'] }, { images: [ids.blue] }] });
      assert.equal(input.selection, 'unique');
      assert.equal(input.format, 'jpeg');
      assert.equal(input.zip, true);
      assert.deepEqual([input.aspect_ratio, input.width, input.height], ['4:5', 1080, 1350]);
      assert.ok(Number.isInteger(input.seed));
      assert.deepEqual(input.slides[0].text_style, DEFAULT_TEXT_STYLE);
      assert.deepEqual(input.slides[1].texts, []);
      assert.equal(input.plan.length, 3);
      assert.ok(input.plan.every((set) => set.length === 2 && set[1].text === null && set[1].image === 0));
      assert.deepEqual(carouselApp.fileIds({ sets: 1, slides: [{ images: [ids.red, ids.green] }, { images: [ids.red] }] }), [ids.red, ids.green]);

      const q = carouselApp.quote(input, loadCatalogue());
      assert.equal(q.product, 'carousel');
      assert.equal(q.unit, 'set');
      assert.equal(q.quantity, 3);
      assert.equal(q.total, 3 * q.unit_price);
      assert.equal(JSON.stringify(JSON.parse(JSON.stringify(input))), JSON.stringify(input), 'the input is plain JSON');
    });

    it('when slide styles are given, then each slide field overrides the request style, which overrides the defaults', () => {
      const input = normalize({
        sets: 1,
        text_style: { color: '#112233', size_percent: 9, outline: true },
        slides: [{ images: [ids.red], texts: ['x'], text_style: { size_percent: 4, align: 'left' } }, { images: [ids.red], texts: ['y'] }],
      });
      assert.deepEqual(input.slides[0].text_style, { ...DEFAULT_TEXT_STYLE, color: '#112233', size_percent: 4, outline: true, align: 'left' });
      assert.deepEqual(input.slides[1].text_style, { ...DEFAULT_TEXT_STYLE, color: '#112233', size_percent: 9, outline: true });
    });

    it('when selection is round_robin, then set k uses image k mod n and text k mod m at every position', () => {
      const input = normalize({ sets: 7, selection: 'round_robin', slides: [{ images: [ids.red, ids.green, ids.blue], texts: ['one', 'two'] }, { images: [ids.gradient, ids.black] }] });
      input.plan.forEach((set, k) => {
        assert.deepEqual(set[0], { image: k % 3, text: k % 2 });
        assert.deepEqual(set[1], { image: k % 2, text: null });
      });
    });

    it('when selection is random, then the same seed gives the same plan and another seed another plan', () => {
      const req = (seed: number): CreateCarouselRequest => ({
        sets: 40,
        selection: 'random',
        seed,
        slides: [{ images: [ids.red, ids.green, ids.blue], texts: ['a', 'b', 'c', 'd'] }, { images: [ids.gradient, ids.black], texts: ['e', 'f'] }],
      });
      const a = normalize(req(11));
      assert.deepEqual(normalize(req(11)).plan, a.plan);
      assert.notDeepEqual(normalize(req(12)).plan, a.plan);
      // Every variant is used (40 draws from 3 images and 4 texts).
      assert.equal(new Set(a.plan.map((s) => s[0].image)).size, 3);
      assert.equal(new Set(a.plan.map((s) => s[0].text)).size, 4);
    });

    it('when selection is unique, then no two sets are identical, up to exactly the number of distinct sets', () => {
      const slides = [{ images: [ids.red, ids.green], texts: ['a'] }, { images: [ids.blue], texts: ['b', 'c', 'd'] }];
      const all = normalize({ sets: 6, selection: 'unique', seed: 3, slides });
      assert.ok(setsArePairwiseDistinct(all.plan));
      assert.equal(new Set(all.plan.map((s) => JSON.stringify(s))).size, 6);
      // A large space (the rejection-sampling path) stays distinct and reproducible too.
      const big = normalize({ sets: 100, selection: 'unique', seed: 9, slides: [{ images: [ids.red, ids.green, ids.blue], texts: ['a', 'b', 'c'] }, { images: [ids.red, ids.blue], texts: ['x', 'y'] }, { images: [ids.green], texts: ['1', '2', '3'] }] });
      assert.ok(setsArePairwiseDistinct(big.plan));
      assert.deepEqual(planSets([{ images: 3, texts: 3 }, { images: 2, texts: 2 }, { images: 1, texts: 3 }], 100, 'unique', 9), big.plan);
    });

    it('when unique sets are impossible, then 422 too_many_sets states the maximum', () => {
      const err = assertApiError(() => normalize({ sets: 7, selection: 'unique', slides: [{ images: [ids.red, ids.green], texts: ['a'] }, { images: [ids.blue], texts: ['b', 'c', 'd'] }] }), 'too_many_sets');
      assert.match(err.message, /Only 6 distinct sets .*at most 6\b/);
      assert.deepEqual(err.errors?.map((e) => e.path), ['sets']);
      assert.match(err.errors![0].message, /at most 6/);
      // The same request with random selection is fine (sets may repeat).
      normalize({ sets: 7, selection: 'random', slides: [{ images: [ids.red, ids.green], texts: ['a'] }, { images: [ids.blue], texts: ['b', 'c', 'd'] }] });
    });

    it('when a slide names a video, then 422 says carousels take images only', () => {
      const err = assertApiError(() => normalize({ sets: 1, slides: [{ images: [ids.red, video] }, { images: [ids.green] }] }), 'validation_failed');
      assert.deepEqual(err.errors, [{ path: 'slides[0].images[1]', message: `${video} is a video file; carousel slides take images only` }]);
    });

    it('when an image is over the pixel limit, then 422 names it and the limit', () => {
      const err = assertApiError(() => normalize({ sets: 1, slides: [{ images: [ids.red] }, { images: [huge] }] }), 'validation_failed');
      assert.equal(err.errors?.[0].path, 'slides[1].images[0]');
      assert.match(err.errors![0].message, new RegExp(`10000×6000 .*at most ${MAX_INPUT_PIXELS / 1e6} megapixels`));
    });

    it('when variants repeat, texts are blank or carry control characters, or padding leaves no room, then 422 names each field', () => {
      const err = assertApiError(
        () =>
          normalize({
            sets: 1,
            slides: [
              { images: [ids.red, ids.red], texts: ['same', 'same', '  ', 'bad\u0000nul'] },
              { images: [ids.green], texts: ['ok'], text_style: { max_width_percent: 20, padding_percent: 8 } },
            ],
          }),
        'validation_failed',
      );
      assert.deepEqual(err.errors?.map((e) => e.path), ['slides[0].images', 'slides[0].texts', 'slides[0].texts[2]', 'slides[0].texts[3]', 'slides[1].text_style.padding_percent']);
    });

    it('when fields are out of range or unknown, then normalize refuses them too (not only the HTTP schema)', () => {
      const bad = [
        { sets: 0, slides: [{ images: [ids.red] }, { images: [ids.red] }] },
        { sets: 101, slides: [{ images: [ids.red] }, { images: [ids.red] }] },
        { sets: 1, slides: [{ images: [ids.red] }] },
        { sets: 1, slides: [{ images: [] }, { images: [ids.red] }] },
        { sets: 1, slides: [{ images: [ids.red], texts: ['x'.repeat(501)] }, { images: [ids.red] }] },
        { sets: 1, slides: [{ images: [ids.red], text_style: { color: 'red' } }, { images: [ids.red] }] },
        { sets: 1, slides: [{ images: [ids.red], text_style: { background_opacity: 1.5 } }, { images: [ids.red] }] },
        { sets: 1, slides: [{ images: [ids.red], text_style: { font_family: 'comic_sans' } }, { images: [ids.red] }] },
        { sets: 1, aspect_ratio: '16:9', slides: [{ images: [ids.red] }, { images: [ids.red] }] },
        { sets: 1, surprise: true, slides: [{ images: [ids.red] }, { images: [ids.red] }] },
      ];
      for (const req of bad) assertApiError(() => normalize(req as unknown as CreateCarouselRequest), 'validation_failed');
    });
  });

  describe('the renderer', () => {
    const sizes = [
      { aspect_ratio: '1:1', format: 'jpeg', width: 1080, height: 1080, type: 'image/jpeg', ext: 'jpg' },
      { aspect_ratio: '4:5', format: 'png', width: 1080, height: 1350, type: 'image/png', ext: 'png' },
      { aspect_ratio: '9:16', format: 'webp', width: 1080, height: 1920, type: 'image/webp', ext: 'webp' },
    ] as const;
    for (const s of sizes) {
      it(`when the aspect ratio is ${s.aspect_ratio} and the format ${s.format}, then every slide is ${s.width}×${s.height} ${s.format}`, async () => {
        const input = normalize({ sets: 2, selection: 'round_robin', aspect_ratio: s.aspect_ratio, format: s.format, zip: false, slides: [{ images: [ids.blue, ids.tiny], texts: ['Hello'] }, { images: [ids.gradient] }] });
        const outputs = await renderCarousel(input, context());
        assert.deepEqual(outputs.map((o) => o.filename), [`set-001-slide-01.${s.ext}`, `set-001-slide-02.${s.ext}`, `set-002-slide-01.${s.ext}`, `set-002-slide-02.${s.ext}`]);
        assert.deepEqual(outputs.map((o) => [o.index, o.position]), [[0, 0], [0, 1], [1, 0], [1, 1]]);
        for (const o of outputs) {
          assert.equal(o.content_type, s.type);
          assert.equal(o.kind, 'image');
          const m = await sharp(o.path).metadata();
          assert.deepEqual([m.width, m.height, m.format], [s.width, s.height, s.format]);
        }
      });
    }

    it('when a source has an EXIF orientation, then it is shown upright (and cover-cropped, not stretched)', async () => {
      const input = normalize({ sets: 1, aspect_ratio: '1:1', format: 'png', zip: false, slides: [{ images: [ids.rotated] }, { images: [ids.rotated] }] });
      const [out] = await renderCarousel(input, context());
      const img = await rawOf(out.path);
      // Upright: red above blue. (Unrotated it would be red left, blue right.)
      const top = img.at(540, 100);
      const bottom = img.at(540, 980);
      assert.ok(top[0] > 200 && top[2] < 60, `top is red: ${top}`);
      assert.ok(bottom[2] > 200 && bottom[0] < 60, `bottom is blue: ${bottom}`);
      const left = img.at(100, 300);
      const right = img.at(980, 300);
      assert.ok(left.every((v, i) => Math.abs(v - right[i]) <= 3), `no left/right split: ${left} vs ${right}`);
    });

    it('when the zip is asked for, then it holds a folder per set with the slides in order', async () => {
      const input = normalize({ sets: 3, selection: 'round_robin', format: 'jpeg', slides: [{ images: [ids.red, ids.green] }, { images: [ids.blue], texts: ['a', 'b', 'c'] }] });
      const outputs = await renderCarousel(input, context());
      const zip = outputs.at(-1)!;
      assert.equal(zip.role, 'zip');
      assert.equal(zip.content_type, 'application/zip');
      assert.equal(slidesOf(outputs).length, 6);
      const bytes = fs.readFileSync(zip.path);
      assert.equal(bytes.readUInt32LE(0), 0x04034b50, 'a ZIP local header');
      const names = [...bytes.toString('latin1').matchAll(/set-\d{3}\/slide-\d{2}\.jpg/g)].map((m) => m[0]);
      const expected = ['set-001/slide-01.jpg', 'set-001/slide-02.jpg', 'set-002/slide-01.jpg', 'set-002/slide-02.jpg', 'set-003/slide-01.jpg', 'set-003/slide-02.jpg'];
      assert.deepEqual([...new Set(names)], expected);
      // Stored, not deflated: each entry's JPEG bytes appear verbatim.
      for (const o of slidesOf(outputs)) assert.ok(bytes.includes(fs.readFileSync(o.path)), `${o.filename} is in the zip`);
    });

    it('when sets repeat slides, then each distinct image is decoded once, each text drawn once and each slide encoded once', async () => {
      // 12 sets, round robin: position 0 cycles (red,"one"),(green,"two"); position 1 cycles blue with "x","y","z".
      const input = normalize({
        sets: 12,
        selection: 'round_robin',
        format: 'jpeg',
        slides: [{ images: [ids.red, ids.green], texts: ['one', 'two'] }, { images: [ids.blue], texts: ['x', 'y', 'z'] }, { images: [ids.red] }],
      });
      assert.equal(input.distinct_slides, 2 + 3 + 1);
      const { outputs, stats } = await renderCarouselWithStats(input, context());
      assert.deepEqual(stats, { images_decoded: 3, text_layers: 5, text_layouts: 5, slides_encoded: 6, slide_outputs: 36, copies: 0 });
      const slides = slidesOf(outputs);
      assert.equal(slides.length, 36);
      assert.equal(new Set(slides.map((o) => o.path)).size, 36, 'one path per (set, position)');
      // Repeats are the same stored bytes (hard links to one encoded file).
      const inodes = new Set(slides.map((o) => fs.statSync(o.path).ino));
      assert.equal(inodes.size, 6);
      const s1 = slides.find((o) => o.index === 0 && o.position === 0)!;
      const s3 = slides.find((o) => o.index === 2 && o.position === 0)!;
      assert.equal(fs.statSync(s1.path).ino, fs.statSync(s3.path).ino);
      assert.equal(s1.metadata.distinct_slide, s3.metadata.distinct_slide);
      // What was rendered is what was planned.
      for (const o of slides) {
        const choice = input.plan[o.index!][o.position!];
        assert.equal(o.metadata.image_file_id, input.slides[o.position!].images[choice.image]);
        assert.equal(o.metadata.text_index, choice.text);
      }
      // The last slide is the red image only, without text.
      const plain = slides.find((o) => o.position === 2)!;
      assert.equal(plain.metadata.text_box, null);
      const px = (await rawOf(plain.path)).at(540, 675);
      assert.ok(px[0] > 240 && px[1] < 20 && px[2] < 20);
    });

    it('when white text is drawn on black, then every text pixel lies inside the reported box, away from the border', async () => {
      for (const [x, y] of [
        [0, 0],
        [100, 100],
        [50, 50],
      ]) {
        const input = normalize({
          sets: 1,
          aspect_ratio: '9:16',
          format: 'png',
          zip: false,
          text_style: { color: '#FFFFFF', shadow: false, outline: false, background_opacity: 0, x_percent: x, y_percent: y, size_percent: 8 },
          slides: [{ images: [ids.black], texts: ['Wrapped white text that needs several lines'] }, { images: [ids.black] }],
        });
        const [out] = await renderCarousel(input, context());
        const box = out.metadata.text_box as { left: number; top: number; width: number; height: number };
        const img = await rawOf(out.path);
        assert.ok(box.left >= 0 && box.top >= 0 && box.left + box.width <= img.width && box.top + box.height <= img.height, `box inside: ${JSON.stringify(box)}`);
        if (x === 0) assert.equal(box.left, 0);
        if (x === 100) assert.equal(box.left + box.width, img.width);
        if (y === 100) assert.equal(box.top + box.height, img.height);
        let inside = 0;
        let outside = 0;
        let border = 0;
        for (let py = 0; py < img.height; py++) {
          for (let px = 0; px < img.width; px++) {
            const v = img.data[(py * img.width + px) * 3];
            const inBox = px >= box.left && px < box.left + box.width && py >= box.top && py < box.top + box.height;
            if (!inBox && v !== 0) outside++;
            else if (inBox && v > 200) inside++;
            if ((px === 0 || py === 0 || px === img.width - 1 || py === img.height - 1) && v !== 0) border++;
          }
        }
        assert.equal(outside, 0, 'no ink outside the box');
        assert.equal(border, 0, 'nothing touches the border');
        assert.ok(inside > 1000, `the text is drawn (${inside} white pixels)`);
        assert.ok(box.width <= 0.9 * 1080, 'the box respects max_width_percent');
      }
    });

    it('when text is too long for its box, then the font shrinks until it fits and the size used is reported', async () => {
      const long = 'Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor incididunt ut labore et dolore magna aliqua. '.repeat(4).slice(0, 500);
      const input = normalize({
        sets: 1,
        aspect_ratio: '1:1',
        format: 'png',
        zip: false,
        text_style: { size_percent: 20, max_width_percent: 60, outline: true, shadow: true, background_opacity: 0 },
        slides: [{ images: [ids.black], texts: [long] }, { images: [ids.black], texts: ['Hi'] }],
      });
      const { outputs, stats } = await renderCarouselWithStats(input, context());
      const [big, short] = outputs;
      assert.equal(big.metadata.requested_font_size_px, 216);
      assert.ok((big.metadata.font_size_px as number) < 216 && big.metadata.text_shrunk === true, `shrunk to ${big.metadata.font_size_px}`);
      assert.ok(stats.text_layouts > stats.text_layers, 'several layouts were tried');
      assert.equal(short.metadata.font_size_px, 216);
      assert.equal(short.metadata.text_shrunk, false);
      const box = big.metadata.text_box as { left: number; top: number; width: number; height: number };
      assert.ok(box.width <= 648 && box.height <= 1080 && box.left >= 0 && box.top >= 0 && box.top + box.height <= 1080);
      assert.equal(big.metadata.text_words_broken, false, 'words are not split while shrinking can fit them');
      const img = await rawOf(big.path);
      for (let i = 0; i < 1080; i++) for (const [px, py] of [[i, 0], [i, 1079], [0, i], [1079, i]]) assert.deepEqual(img.at(px, py), [0, 0, 0], 'nothing reaches the border');
    });

    it('when a single word is wider than the box even at the smallest size, then it is broken across lines and still fits', async () => {
      const token = 'x'.repeat(400);
      const layer = await renderTextLayer(token, { ...DEFAULT_TEXT_STYLE, size_percent: 10, max_width_percent: 20, padding_percent: 0, shadow: false }, 1080, 1080);
      assert.equal(layer.wordsBroken, true);
      assert.ok(layer.width <= 216 && layer.height <= 1080, `${layer.width}×${layer.height}`);
      assert.ok(layer.fontSizePx > 6, `a readable size after breaking: ${layer.fontSizePx}`);
    });

    it('when style fields are set, then the slide shows them: colour, box colour and opacity, outline colour, alignment, position', async () => {
      const base: CarouselTextStyle = { shadow: false, outline: false, size_percent: 8, x_percent: 0, y_percent: 0, padding_percent: 3 };
      const render = async (style: CarouselTextStyle, text = 'Ab\nA much longer line') => {
        const input = normalize({ sets: 1, aspect_ratio: '1:1', format: 'png', zip: false, text_style: { ...base, ...style }, slides: [{ images: [ids.black], texts: [text] }, { images: [ids.black] }] });
        const [out] = await renderCarousel(input, context());
        return { img: await rawOf(out.path), box: out.metadata.text_box as { left: number; top: number; width: number; height: number } };
      };
      const count = (img: Awaited<ReturnType<typeof rawOf>>, test: (r: number, g: number, b: number) => boolean) => {
        let n = 0;
        for (let i = 0; i < img.data.length; i += 3) if (test(img.data[i], img.data[i + 1], img.data[i + 2])) n++;
        return n;
      };

      const red = await render({ color: '#FF0000' });
      assert.ok(count(red.img, (r, g, b) => r > 240 && g < 15 && b < 15) > 500, 'red text');
      assert.deepEqual([red.box.left, red.box.top], [0, 0], 'x_percent/y_percent 0 put the box in the corner');

      const boxed = await render({ color: '#FFFFFF', background_color: '#00FF00', background_opacity: 0.5 });
      const corner = boxed.img.at(boxed.box.left + 2, boxed.box.top + 2);
      assert.ok(Math.abs(corner[1] - 128) <= 2 && corner[0] === 0 && corner[2] === 0, `half-opaque green box: ${corner}`);
      assert.deepEqual(boxed.img.at(boxed.box.left + boxed.box.width + 2, boxed.box.top + 2), [0, 0, 0], 'nothing beyond the box');

      const outlined = await render({ color: '#FFFFFF', outline: true, outline_color: '#0000FF' });
      assert.ok(count(outlined.img, (r, g, b) => b > 240 && r < 15 && g < 15) > 500, 'blue outline');
      // A shadow darkens the image below and to the right of the glyphs (seen on a green image).
      const onGreen = async (shadow: boolean) => {
        const input = normalize({ sets: 1, aspect_ratio: '1:1', format: 'png', zip: false, text_style: { ...base, color: '#FFFFFF', shadow }, slides: [{ images: [ids.green], texts: ['Ab'] }, { images: [ids.green] }] });
        const [out] = await renderCarousel(input, context());
        return { img: await rawOf(out.path), box: out.metadata.text_box as { width: number } };
      };
      const shadowed = await onGreen(true);
      const plain = await onGreen(false);
      assert.ok(count(shadowed.img, (r, g, b) => r < 10 && b < 10 && g < 200) > 200, 'shadow pixels');
      assert.equal(count(plain.img, (r, g, b) => r < 10 && b < 10 && g < 200), 0, 'no shadow without shadow');
      assert.ok(shadowed.box.width > plain.box.width, 'the box makes room for the shadow');

      // Alignment: the short first line starts at the box's padding (left) or ends there (right).
      const firstInk = (img: Awaited<ReturnType<typeof rawOf>>, box: { left: number; top: number; width: number }, fromRight: boolean) => {
        const rowsEnd = box.top + 60 + 30;
        for (let k = 0; k < box.width; k++) {
          const x = fromRight ? box.left + box.width - 1 - k : box.left + k;
          for (let y = box.top; y < rowsEnd; y++) if (img.at(x, y)[0] > 128) return k;
        }
        return -1;
      };
      const left = await render({ align: 'left' });
      const right = await render({ align: 'right' });
      const center = await render({ align: 'center' });
      const pad = Math.round(1080 * 0.03);
      // The first line's ink (within its top rows) sits near the left edge only when left-aligned.
      assert.ok(firstInk(left.img, left.box, false) < pad + 10);
      assert.ok(firstInk(right.img, right.box, true) < pad + 10);
      assert.ok(firstInk(center.img, center.box, false) > pad + 50 && firstInk(center.img, center.box, true) > pad + 50);

      // Position: 100/100 puts the box in the far corner.
      const far = await render({ x_percent: 100, y_percent: 100 });
      assert.deepEqual([far.box.left + far.box.width, far.box.top + far.box.height], [1080, 1080]);
      // max_width_percent bounds the box; padding_percent adds to each side.
      const narrow = await render({ max_width_percent: 30 }, 'Several words that wrap inside a narrow box');
      assert.ok(narrow.box.width <= 324);
      const padded = await render({ padding_percent: 10 }, 'Ab');
      const tight = await render({ padding_percent: 0 }, 'Ab');
      assert.equal(padded.box.width - tight.box.width, 2 * 108);
    });

    it('when fonts and weights change, then the bundled files are used and the text changes with them', async () => {
      const widths = new Map<string, number>();
      const looks = new Set<string>();
      for (const family of CAROUSEL_FONT_FAMILIES) {
        for (const weight of ['normal', 'bold'] as const) {
          const { fontfile } = fontFor(family, weight, 40);
          assert.ok(fontfile.startsWith(FONT_DIR) && fs.existsSync(fontfile), fontfile);
          const layer = await renderTextLayer('Hamburgefonstiv 0123', { ...DEFAULT_TEXT_STYLE, font_family: family, weight, shadow: false }, 1080, 1080);
          widths.set(`${family}/${weight}`, layer.width);
          looks.add(crypto.createHash('sha256').update(layer.data).digest('hex'));
        }
      }
      assert.equal(looks.size, CAROUSEL_FONT_FAMILIES.length * 2, 'every family and weight looks different');
      assert.ok(widths.get('dejavu_sans_condensed/normal')! < widths.get('dejavu_sans/normal')!);
      assert.ok(widths.get('dejavu_serif_condensed/bold')! < widths.get('dejavu_serif/bold')!);
      assert.ok(widths.get('dejavu_sans/bold')! > widths.get('dejavu_sans/normal')!);
      // fontconfig sees only the bundled folder.
      const conf = fs.readFileSync(useBundledFonts(), 'utf8');
      assert.deepEqual([...conf.matchAll(/<dir>([^<]*)<\/dir>/g)].map((m) => m[1]), [FONT_DIR]);
      assert.equal(process.env.FONTCONFIG_FILE, useBundledFonts());
    });

    it('when a source image is corrupt, then the job fails with media_unreadable', async () => {
      const input = normalize({ sets: 1, zip: false, slides: [{ images: [ids.corrupt] }, { images: [ids.red] }] });
      await assert.rejects(renderCarousel(input, context()), (err: unknown) => err instanceof JobError && err.code === 'media_unreadable' && err.message.includes(ids.corrupt));
    });

    it('when the job is canceled, then rendering stops with canceled, before the next step', async () => {
      const input: CarouselInput = normalize({ sets: 15, selection: 'unique', slides: [{ images: [ids.red, ids.green, ids.blue], texts: ['a', 'b', 'c'] }, { images: [ids.gradient], texts: ['d', 'e'] }] });
      const before = new AbortController();
      before.abort();
      await assert.rejects(renderCarousel(input, context(before.signal)), (err: unknown) => err instanceof JobError && err.code === 'canceled');

      const mid = new AbortController();
      const seen: number[] = [];
      const ctx = context(mid.signal, (f) => {
        seen.push(f);
        if (f > 0.1) mid.abort();
      });
      await assert.rejects(renderCarousel(input, ctx), (err: unknown) => err instanceof JobError && err.code === 'canceled');
      assert.ok(!fs.existsSync(path.join(ctx.workDir, 'carousel-sets.zip')));
      assert.ok(seen.at(-1)! < 0.9);
    });

    it('when a job renders, then progress rises steadily to the end of the rendering share', async () => {
      const seen: number[] = [];
      const input = normalize({ sets: 2, selection: 'round_robin', slides: [{ images: [ids.red], texts: ['p'] }, { images: [ids.green] }] });
      await renderCarousel(input, context(undefined, (f) => seen.push(f)));
      assert.ok(seen.length >= 3);
      assert.ok(seen.every((f, i) => i === 0 || f >= seen[i - 1]), 'monotonic');
      assert.equal(seen.at(-1), 0.98, 'the engine reports the rest while it stores the outputs');
    });
  });
});
