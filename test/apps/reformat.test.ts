import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import sharp from 'sharp';
import { normalizeReformat, quoteReformat, reformatFileIds, type CreateReformatRequest, type ReformatInput } from '../../api/src/domain/apps/reformat/request';
import { probeImage, probeMedia, resolveFfmpegPath, runFfprobe, type FfprobeOutput } from '../../api/src/domain/files/probe';
import type { InputFileInfo, RenderedOutput } from '../../api/src/domain/jobs/app-contract';
import { loadCatalogue, type PriceCatalogue } from '../../api/src/domain/pricing/pricing';
import { ApiError } from '../../api/src/errors/api-error';
import { download, uploadFileAt } from '../fixtures/uploads';
import { call, createTestAccount, startTestApp, type TestAccount, type TestApp } from '../support/harness';
import { busiestWindow, containRect, coverRect } from '../../workers/src/apps/reformat/geometry';
import { renderReformat } from '../../workers/src/apps/reformat/render';

const run = promisify(execFile);
const ROOT = path.join(__dirname, '..', '..');
const ffmpeg = resolveFfmpegPath(process.env.FFMPEG_PATH);

interface Fixture {
  path: string;
  info: InputFileInfo;
}

interface Pixels {
  data: Buffer;
  width: number;
  height: number;
}

const RED = [220, 40, 40];
const GREEN = [40, 190, 60];
const BLUE = [40, 60, 220];
const YELLOW = [230, 210, 40];
const BANDS = [RED, GREEN, BLUE, YELLOW];

/**
 * 1600×900: vertical colour bands 200 px wide (so the centre of any crop has edges to blur), and a
 * black-and-white checker patch (x 1340–1540, y 300–600) near the right edge: the busiest region.
 */
async function landscapePng(file: string, width = 1600, height = 900) {
  const data = Buffer.alloc(width * height * 3);
  const k = width / 1600;
  for (let y = 0; y < height; y += 1) {
    for (let x = 0; x < width; x += 1) {
      let c = BANDS[Math.floor(x / (200 * k)) % 4];
      if (x >= 1340 * k && x < 1540 * k && y >= 300 * k && y < 600 * k) c = (Math.floor(x / (10 * k)) + Math.floor(y / (10 * k))) % 2 ? [255, 255, 255] : [0, 0, 0];
      data.set(c, (y * width + x) * 3);
    }
  }
  await sharp(data, { raw: { width, height, channels: 3 } }).png().toFile(file);
}

/** 900×1600: red top third, green middle, blue bottom third. */
async function portraitPng(file: string, width = 900, height = 1600) {
  const data = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y += 1) {
    const c = y < height / 3 ? RED : y < (2 * height) / 3 ? GREEN : BLUE;
    for (let x = 0; x < width; x += 1) data.set(c, (y * width + x) * 3);
  }
  await sharp(data, { raw: { width, height, channels: 3 } }).png().toFile(file);
}

async function imageFixture(file: string, id: string): Promise<Fixture> {
  const meta = await probeImage(file);
  const type = meta.format === 'jpeg' ? 'image/jpeg' : `image/${meta.format}`;
  return { path: file, info: { id, kind: 'image', content_type: type, bytes: fs.statSync(file).size, metadata: meta as unknown as Record<string, unknown> } };
}

async function videoFixture(file: string, id: string, args: string[]): Promise<Fixture> {
  await run(ffmpeg, ['-hide_banner', '-loglevel', 'error', '-y', ...args, file]);
  const meta = await probeMedia(file);
  return { path: file, info: { id, kind: 'video', content_type: 'video/mp4', bytes: fs.statSync(file).size, metadata: meta as unknown as Record<string, unknown> } };
}

async function readImage(file: string): Promise<Pixels> {
  const { data, info } = await sharp(file).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height };
}

/** One frame of a video (at `seconds`) as RGB pixels. */
async function videoFrame(file: string, seconds: number): Promise<Pixels> {
  const p = await runFfprobe(file);
  const v = p.streams.find((s) => s.codec_type === 'video')!;
  const { stdout } = await run(ffmpeg, ['-v', 'error', '-ss', String(seconds), '-i', file, '-frames:v', '1', '-f', 'rawvideo', '-pix_fmt', 'rgb24', '-'], { encoding: 'buffer', maxBuffer: 64 << 20 });
  return { data: stdout, width: v.width!, height: v.height! };
}

const at = (p: Pixels, x: number, y: number) => [...p.data.subarray((y * p.width + x) * 3, (y * p.width + x) * 3 + 3)];
const near = (a: number[], b: number[], tolerance = 30) => a.every((v, i) => Math.abs(v - b[i]) <= tolerance);

/** Over a strip of rows: the largest step between neighbouring pixels, and how far the colour ranges. */
function stripStats(p: Pixels, y0: number, y1: number) {
  let maxStep = 0;
  const lo = [255, 255, 255];
  const hi = [0, 0, 0];
  for (let y = y0; y < y1; y += 1) {
    for (let x = 0; x < p.width; x += 1) {
      const c = at(p, x, y);
      for (let i = 0; i < 3; i += 1) {
        lo[i] = Math.min(lo[i], c[i]);
        hi[i] = Math.max(hi[i], c[i]);
      }
      if (x + 1 < p.width) {
        const n = at(p, x + 1, y);
        maxStep = Math.max(maxStep, ...c.map((v, i) => Math.abs(v - n[i])));
      }
    }
  }
  return { maxStep, range: Math.max(...hi.map((h, i) => h - lo[i])) };
}

/** Mean absolute difference between horizontal neighbours: how much fine detail a picture holds. */
function detail(p: Pixels): number {
  let sum = 0;
  for (let y = 0; y < p.height; y += 1) for (let x = 0; x + 1 < p.width; x += 1) sum += Math.abs(p.data[(y * p.width + x) * 3] - p.data[(y * p.width + x + 1) * 3]);
  return sum / (p.height * (p.width - 1));
}

function streamOf(p: FfprobeOutput, type: 'video' | 'audio') {
  return p.streams.find((s) => s.codec_type === type);
}

describe('reformats', function () {
  this.timeout(120_000);
  let dir: string;
  let prices: PriceCatalogue;
  const fx: Record<'land' | 'portrait' | 'jpeg' | 'landVideo' | 'portraitVideo' | 'tone', Fixture> = {} as never;
  const ids = { land: 'file_land', portrait: 'file_portrait', jpeg: 'file_jpeg', landVideo: 'file_landvideo', portraitVideo: 'file_portraitvideo', tone: 'file_tone' };
  const infos = () => new Map(Object.values(fx).map((f) => [f.info.id, f.info]));

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lumiku-reformat-'));
    prices = loadCatalogue();
    const land = path.join(dir, 'land.png');
    const portrait = path.join(dir, 'portrait.png');
    await Promise.all([landscapePng(land), portraitPng(portrait)]);
    const jpeg = path.join(dir, 'photo.jpg');
    await sharp(land).jpeg({ quality: 92 }).toFile(jpeg);
    [fx.land, fx.portrait, fx.jpeg] = await Promise.all([imageFixture(land, ids.land), imageFixture(portrait, ids.portrait), imageFixture(jpeg, ids.jpeg)]);
    [fx.landVideo, fx.portraitVideo, fx.tone] = await Promise.all([
      // 2 s at 30 fps (60 frames), 640×360, AAC sound: the sound can be copied.
      videoFixture(path.join(dir, 'land.mp4'), ids.landVideo, [
        '-loop', '1', '-framerate', '30', '-t', '2', '-i', land,
        '-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=48000:duration=2',
        '-vf', 'scale=640:360', '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-shortest', '-movflags', '+faststart',
      ]),
      // 2 s, 360×640, PCM sound in a MOV: the sound must be encoded to AAC for an MP4.
      videoFixture(path.join(dir, 'portrait.mov'), ids.portraitVideo, [
        '-loop', '1', '-framerate', '30', '-t', '2', '-i', portrait,
        '-f', 'lavfi', '-i', 'sine=frequency=330:sample_rate=48000:duration=2',
        '-vf', 'scale=360:640', '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', '-c:a', 'pcm_s16le', '-shortest',
      ]),
      videoFixture(path.join(dir, 'tone.m4a'), ids.tone, ['-f', 'lavfi', '-i', 'sine=frequency=440:duration=1', '-c:a', 'aac']).then((f) => ({ ...f, info: { ...f.info, kind: 'audio' as const } })),
    ]);
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  async function render(request: CreateReformatRequest): Promise<{ input: ReformatInput; outputs: RenderedOutput[]; progress: [number, string][] }> {
    const input = normalizeReformat(request, infos());
    const workDir = fs.mkdtempSync(path.join(dir, 'work-'));
    const progress: [number, string][] = [];
    const outputs = await renderReformat(input, {
      workDir,
      files: new Map(Object.values(fx).map((f) => [f.info.id, { path: f.path, info: f.info }])),
      signal: new AbortController().signal,
      progress: (f, s) => progress.push([f, s]),
    });
    return { input, outputs, progress };
  }

  describe('request', () => {
    const refused = (request: Partial<CreateReformatRequest>): string[] => {
      try {
        normalizeReformat({ file_id: ids.land, targets: [{ aspect_ratio: '1:1' }], ...request } as CreateReformatRequest, infos());
      } catch (err) {
        assert.ok(err instanceof ApiError && err.status === 422 && err.code === 'validation_failed', String(err));
        return (err.errors ?? []).map((e) => e.path).sort();
      }
      assert.fail('accepted');
    };

    it('when a target names only a format, then it is that format cropped at the centre; images keep their format', () => {
      const input = normalizeReformat({ file_id: ids.land, targets: [{ aspect_ratio: '9:16' }, { width: 1200, height: 630, fit: 'pad' }, { aspect_ratio: '4:5', fit: 'blur_fill' }] }, infos());
      assert.deepEqual(
        input.targets.map((t) => [t.label, t.width, t.height, t.fit, t.anchor, t.color]),
        [
          ['9:16', 1080, 1920, 'crop', 'centre', null],
          ['1200x630', 1200, 630, 'pad', null, '#000000'],
          ['4:5', 1080, 1350, 'blur_fill', null, null],
        ],
      );
      assert.equal(input.media, 'image');
      assert.equal(input.image_format, 'png');
      assert.equal(normalizeReformat({ file_id: ids.jpeg, targets: [{ aspect_ratio: '1:1' }] }, infos()).image_format, 'jpeg');
      assert.deepEqual(reformatFileIds({ file_id: 'file_a', targets: [] }), ['file_a']);
    });

    it('when fields are wrong, then each is refused at its path (targets[1].fit, …)', () => {
      assert.deepEqual(refused({ targets: [{ aspect_ratio: '1:1' }, { aspect_ratio: '9:16', fit: 'stretch' as never }] }), ['targets[1].fit']);
      assert.deepEqual(refused({ targets: [{ aspect_ratio: '1:1', fit: 'pad', anchor: 'top' }] }), ['targets[0].anchor']);
      assert.deepEqual(refused({ targets: [{ aspect_ratio: '1:1', fit: 'crop', color: '#ffffff' }] }), ['targets[0].color']);
      assert.deepEqual(refused({ targets: [{ aspect_ratio: '1:1', fit: 'pad', color: 'pink' }] }), ['targets[0].color']);
      assert.deepEqual(refused({ targets: [{ aspect_ratio: '3:2' as never }] }), ['targets[0].aspect_ratio']);
      assert.deepEqual(refused({ targets: [{ aspect_ratio: '1:1', width: 500 }] }), ['targets[0].width']);
      assert.deepEqual(refused({ targets: [{ fit: 'pad' }] }), ['targets[0]']);
      assert.deepEqual(refused({ targets: [{ width: 500 }] }), ['targets[0].height']);
      assert.deepEqual(refused({ targets: [{ width: 8, height: 5000 }] }), ['targets[0].height', 'targets[0].width']);
      assert.deepEqual(refused({ targets: [{ aspect_ratio: '1:1' }, { width: 1080, height: 1080 }] }), ['targets[1]']);
      assert.deepEqual(refused({ targets: [] }), ['targets']);
      assert.deepEqual(refused({ targets: Array.from({ length: 11 }, (_, i) => ({ width: 100 + i * 2, height: 100 })) }), ['targets']);
      assert.deepEqual(refused({ targets: undefined }), ['targets']);
      assert.deepEqual(refused({ image_format: 'gif' as never }), ['image_format']);
      // Videos: even sizes only, no image format; audio files are not sources.
      assert.deepEqual(refused({ file_id: ids.landVideo, targets: [{ aspect_ratio: '1:1' }, { width: 641, height: 360 }], image_format: 'png' }), ['image_format', 'targets[1].width']);
      assert.deepEqual(refused({ file_id: ids.tone }), ['file_id']);
      assert.deepEqual(refused({ file_id: 'file_nope' }), ['file_id']);
      const animated = new Map([[ids.land, { ...fx.land.info, metadata: { ...fx.land.info.metadata, animated: true, pages: 4 } }]]);
      assert.throws(() => normalizeReformat({ file_id: ids.land, targets: [{ aspect_ratio: '1:1' }] }, animated), (err: ApiError) => /animated/.test(err.errors?.[0]?.message ?? ''));
    });

    it('when a reformat is priced, then each target counts, for a video once per started minute', () => {
      const image = quoteReformat(normalizeReformat({ file_id: ids.land, targets: [{ aspect_ratio: '9:16' }, { aspect_ratio: '1:1' }, { aspect_ratio: '4:5' }, { aspect_ratio: '16:9' }] }, infos()), prices);
      assert.deepEqual([image.product, image.quantity, image.unit_price, image.total], ['reformat', 4, 1, 4]);
      const long = (seconds: number) => new Map([[ids.landVideo, { ...fx.landVideo.info, metadata: { ...fx.landVideo.info.metadata, duration_seconds: seconds } }]]);
      const video = (seconds: number) => quoteReformat(normalizeReformat({ file_id: ids.landVideo, targets: [{ aspect_ratio: '9:16' }, { aspect_ratio: '1:1' }] }, long(seconds)), prices);
      assert.deepEqual([video(2).quantity, video(2).unit_price, video(2).total], [2, 2, 4]);
      assert.deepEqual([video(60).quantity, video(61).quantity, video(3600).quantity], [2, 4, 120]);
      assert.throws(() => video(3601), (err: ApiError) => err.errors?.[0]?.path === 'file_id');
    });
  });

  describe('geometry', () => {
    it('when a crop, a contained picture and the busiest window are computed, then they fit the frame', () => {
      assert.deepEqual(coverRect({ width: 1920, height: 1080 }, { width: 1080, height: 1920 }), { x: 656, y: 0, width: 608, height: 1080, axis: 'x' });
      assert.deepEqual(containRect({ width: 1920, height: 1080 }, { width: 1080, height: 1920 }, true), { x: 0, y: 656, width: 1080, height: 608 });
      assert.deepEqual(containRect({ width: 641, height: 361 }, { width: 180, height: 320 }, true), { x: 0, y: 110, width: 180, height: 100 });
      assert.equal(busiestWindow([0, 0, 0, 0, 0, 0, 0], 3), 2);
      assert.equal(busiestWindow([0, 0, 0, 0, 1, 5, 1], 3), 4);
      assert.equal(busiestWindow([9, 0, 0, 0, 0, 0, 0], 3), 0);
    });
  });

  describe('images', () => {
    it('when an image goes to the four named formats, then each has its size and the ZIP holds them all', async () => {
      const { outputs, progress } = await render({ file_id: ids.jpeg, targets: [{ aspect_ratio: '9:16' }, { aspect_ratio: '1:1' }, { aspect_ratio: '4:5' }, { aspect_ratio: '16:9' }] });
      const targets = outputs.filter((o) => o.role === 'target');
      assert.deepEqual(targets.map((o) => o.filename), ['reformat-01-9x16-crop.jpg', 'reformat-02-1x1-crop.jpg', 'reformat-03-4x5-crop.jpg', 'reformat-04-16x9-crop.jpg']);
      for (const [i, [w, h]] of [[1080, 1920], [1080, 1080], [1080, 1350], [1920, 1080]].entries()) {
        const meta = await sharp(targets[i].path).metadata();
        assert.deepEqual([meta.format, meta.width, meta.height, targets[i].index, targets[i].content_type], ['jpeg', w, h, i, 'image/jpeg']);
      }
      const zip = outputs.find((o) => o.role === 'zip')!;
      assert.equal(zip.content_type, 'application/zip');
      const listing = fs.readFileSync(zip.path).toString('latin1');
      for (const t of targets) assert.ok(listing.includes(t.filename), `${t.filename} in the ZIP`);
      assert.ok(progress.length > 0 && progress.every(([f], i) => f >= 0 && f <= 1 && (i === 0 || f >= progress[i - 1][0])));
    });

    it('when a tall image is cropped to 16:9 at the top, centre or bottom, then the kept band is red, green or blue', async () => {
      const { outputs } = await render({ file_id: ids.portrait, targets: (['top', 'centre', 'bottom'] as const).map((anchor) => ({ aspect_ratio: '16:9' as const, anchor })) });
      const colours = [RED, GREEN, BLUE];
      for (const [i, o] of outputs.filter((x) => x.role === 'target').entries()) {
        const p = await readImage(o.path);
        for (const [x, y] of [[10, 10], [960, 540], [1900, 1070]]) assert.ok(near(at(p, x, y), colours[i]), `target ${i} at ${x},${y}: ${at(p, x, y)}`);
        assert.deepEqual(o.metadata.source_rect, { x: 0, y: [0, 547, 1094][i], width: 900, height: 506 });
      }
    });

    it('when an image is cropped with anchor smart, then the crop moves to the busy patch the centre crop misses', async () => {
      const { outputs } = await render({ file_id: ids.land, targets: [{ aspect_ratio: '9:16', anchor: 'smart' }, { aspect_ratio: '9:16' }] });
      const [smart, centre] = outputs.filter((o) => o.role === 'target');
      const rect = smart.metadata.source_rect as { x: number; width: number };
      assert.ok(rect.x > 1540 - rect.width - 5 && rect.x < 1340 + 5, `smart crop at x ${rect.x}`);
      assert.equal((centre.metadata.source_rect as { x: number }).x, 547);
      const [ds, dc] = [detail(await readImage(smart.path)), detail(await readImage(centre.path))];
      assert.ok(ds > dc * 3, `smart ${ds} vs centre ${dc}`);
    });

    it('when an image is padded, then the bars have the colour and the picture sits between them', async () => {
      const { outputs } = await render({ file_id: ids.land, targets: [{ aspect_ratio: '9:16', fit: 'pad', color: '#FF00FF' }], image_format: 'png' });
      const p = await readImage(outputs[0].path);
      assert.deepEqual([p.width, p.height], [1080, 1920]);
      assert.deepEqual(outputs[0].metadata.picture_rect, { x: 0, y: 656, width: 1080, height: 608 });
      for (const y of [0, 300, 650, 1270, 1919]) assert.deepEqual(at(p, 540, y), [255, 0, 255], `bar at y ${y}`);
      assert.ok(near(at(p, 60, 960), RED) && near(at(p, 200, 960), GREEN), 'the picture in the middle');
    });

    it('when an image is blur-filled, then the border is a blurred copy: source colours, smooth, not a flat bar', async () => {
      const { outputs } = await render({ file_id: ids.land, targets: [{ aspect_ratio: '9:16', fit: 'blur_fill' }, { aspect_ratio: '9:16', fit: 'pad' }], image_format: 'png' });
      const [blur, pad] = await Promise.all(outputs.filter((o) => o.role === 'target').map((o) => readImage(o.path)));
      const border = stripStats(blur, 100, 600);
      // The centre of the source has sharp band edges (steps of 150+); blurred, the colours still change across the row but gently.
      assert.ok(border.range > 60, `border colours range ${border.range}`);
      assert.ok(border.maxStep < 12, `border has a sharp step of ${border.maxStep}`);
      assert.ok(stripStats(pad, 100, 600).range === 0, 'a pad bar is flat (the measure tells them apart)');
      assert.ok(stripStats(blur, 800, 1100).maxStep > 100, 'the picture itself stays sharp');
      assert.ok(near(at(blur, 60, 960), RED) && near(at(blur, 200, 960), GREEN), 'the picture in the middle');
    });
  });

  describe('videos', () => {
    it('when a video goes to the four named formats, then one run makes them all, each as long as the source with its sound copied', async () => {
      const { outputs, progress } = await render({ file_id: ids.landVideo, targets: [{ aspect_ratio: '9:16' }, { aspect_ratio: '1:1' }, { aspect_ratio: '4:5' }, { aspect_ratio: '16:9' }] });
      const src = await runFfprobe(fx.landVideo.path);
      const srcDuration = Number(streamOf(src, 'video')!.duration);
      const targets = outputs.filter((o) => o.role === 'target');
      assert.deepEqual(targets.map((o) => o.filename), ['reformat-01-9x16-crop.mp4', 'reformat-02-1x1-crop.mp4', 'reformat-03-4x5-crop.mp4', 'reformat-04-16x9-crop.mp4']);
      for (const [i, [w, h]] of [[1080, 1920], [1080, 1080], [1080, 1350], [1920, 1080]].entries()) {
        const p = await runFfprobe(targets[i].path);
        const v = streamOf(p, 'video')!;
        const a = streamOf(p, 'audio');
        assert.deepEqual([v.codec_name, v.width, v.height], ['h264', w, h]);
        assert.ok(Math.abs(Number(v.duration) - srcDuration) <= 1 / 30 + 1e-3, `target ${i} lasts ${v.duration} s, the source ${srcDuration} s`);
        assert.equal(a?.codec_name, 'aac', `target ${i} has sound`);
        assert.deepEqual([targets[i].metadata.video, targets[i].metadata.audio], ['encoded', 'copied']);
      }
      assert.ok(progress.some(([, s]) => s === 'rendering') && progress.at(-1)![0] <= 1);
      assert.equal(outputs.at(-1)!.role, 'zip');
    });

    it('when a video is cropped smart, padded and blur-filled, then the pixels show it; a target of the source size copies the stream', async () => {
      const { outputs } = await render({
        file_id: ids.landVideo,
        targets: [
          { width: 180, height: 320, anchor: 'smart' },
          { width: 180, height: 320, fit: 'pad', color: '#ff00ff' },
          { width: 180, height: 320, fit: 'blur_fill' },
          { width: 640, height: 360, fit: 'pad' },
          { width: 180, height: 320 },
        ],
      });
      const [smart, pad, blur, same, centre] = outputs.filter((o) => o.role === 'target');
      // Smart: the window with the checker patch (x 536–616 of 640), not the centre.
      const rect = smart.metadata.source_rect as { x: number; width: number };
      assert.ok(rect.x > 616 - rect.width - 4 && rect.x < 536 + 4, `smart crop at x ${rect.x}`);
      assert.equal((centre.metadata.source_rect as { x: number }).x, 219);
      const [fs_, fc] = await Promise.all([videoFrame(smart.path, 1), videoFrame(centre.path, 1)]);
      assert.ok(detail(fs_) > detail(fc) * 2, `smart ${detail(fs_)} vs centre ${detail(fc)}`);
      // Pad: magenta bars above and below the picture.
      const fp = await videoFrame(pad.path, 1);
      for (const y of [2, 50, 100, 220, 317]) assert.ok(near(at(fp, 90, y), [255, 0, 255], 24), `bar at y ${y}: ${at(fp, 90, y)}`);
      assert.ok(near(at(fp, 20, 160), RED, 40), `picture: ${at(fp, 20, 160)}`);
      // Blur fill: a smooth, varied border where the pad has a flat bar.
      const fb = await videoFrame(blur.path, 1);
      const border = stripStats(fb, 4, 100);
      assert.ok(border.range > 40 && border.maxStep < 16, `border range ${border.range}, step ${border.maxStep}`);
      assert.ok(stripStats(fp, 4, 100).range < 16, 'the pad bar is flat');
      // The source's own frame: the stream is copied, frame for frame.
      assert.equal(same.metadata.video, 'copied');
      const [a, b] = await Promise.all([runFfprobe(same.path), runFfprobe(fx.landVideo.path)]);
      assert.deepEqual([streamOf(a, 'video')!.width, streamOf(a, 'video')!.height, streamOf(a, 'video')!.duration], [640, 360, streamOf(b, 'video')!.duration]);
    });

    it('when a tall video with PCM sound is cropped at the top and bottom, then the bands show and the sound is encoded to AAC', async () => {
      const { outputs } = await render({ file_id: ids.portraitVideo, targets: [{ width: 320, height: 180, anchor: 'top' }, { width: 320, height: 180, anchor: 'bottom' }] });
      const [top, bottom] = outputs.filter((o) => o.role === 'target');
      const [ft, fb] = await Promise.all([videoFrame(top.path, 1), videoFrame(bottom.path, 1)]);
      assert.ok(near(at(ft, 160, 90), RED, 40) && near(at(fb, 160, 90), BLUE, 40), `${at(ft, 160, 90)} / ${at(fb, 160, 90)}`);
      for (const o of [top, bottom]) {
        const p = await runFfprobe(o.path);
        assert.equal(streamOf(p, 'audio')?.codec_name, 'aac');
        assert.ok(Math.abs(Number(streamOf(p, 'video')!.duration) - 2) <= 1 / 30 + 1e-3);
        assert.equal(o.metadata.audio, 'encoded');
      }
    });

    it('when a phone video is rotated and silent, then targets follow the picture as shown and have no sound', async () => {
      // Stored 320×180 with a 90° display rotation: shown as 180×320.
      const stored = path.join(dir, 'stored.mp4');
      await run(ffmpeg, ['-hide_banner', '-loglevel', 'error', '-y', '-f', 'lavfi', '-i', 'color=c=red:s=320x180:r=30:d=1', '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', stored]);
      // The rotation is written on a stream copy (FFmpeg keeps a display matrix only there).
      const rotated = await videoFixture(path.join(dir, 'rotated.mp4'), 'file_rotated', ['-i', stored, '-c', 'copy', '-metadata:s:v:0', 'rotate=90']);
      assert.deepEqual([rotated.info.metadata.width, rotated.info.metadata.height, rotated.info.metadata.has_audio], [180, 320, false]);
      const input = normalizeReformat({ file_id: 'file_rotated', targets: [{ width: 180, height: 320, fit: 'pad' }, { width: 320, height: 320, fit: 'pad', color: '#0000ff' }] }, new Map([['file_rotated', rotated.info]]));
      const workDir = fs.mkdtempSync(path.join(dir, 'work-'));
      const outputs = await renderReformat(input, { workDir, files: new Map([['file_rotated', rotated]]), signal: new AbortController().signal, progress: () => {} });
      const [same, square] = outputs.filter((o) => o.role === 'target');
      // The shown frame is 180×320: it cannot be copied (the copy would carry the stored 320×180 frame).
      assert.deepEqual([same.metadata.video, same.metadata.audio], ['encoded', null]);
      for (const [o, [w, h]] of [[same, [180, 320]], [square, [320, 320]]] as const) {
        const p = await runFfprobe(o.path);
        assert.deepEqual([streamOf(p, 'video')!.width, streamOf(p, 'video')!.height, streamOf(p, 'audio')], [w, h, undefined]);
      }
      // The square: a 180 px wide picture between blue bars left and right.
      const f = await videoFrame(square.path, 0.5);
      assert.ok(near(at(f, 5, 160), [0, 0, 255], 40) && near(at(f, 160, 160), [255, 0, 0], 40), `${at(f, 5, 160)} / ${at(f, 160, 160)}`);
    });

    it('when a render is canceled, then it stops with canceled', async () => {
      const input = normalizeReformat({ file_id: ids.landVideo, targets: [{ aspect_ratio: '9:16' }, { aspect_ratio: '16:9', fit: 'blur_fill' }] }, infos());
      const abort = new AbortController();
      const workDir = fs.mkdtempSync(path.join(dir, 'work-'));
      const rendering = renderReformat(input, {
        workDir,
        files: new Map(Object.values(fx).map((f) => [f.info.id, { path: f.path, info: f.info }])),
        signal: abort.signal,
        progress: (_, stage) => stage === 'rendering' && abort.abort(),
      });
      await assert.rejects(rendering, (err: Error & { code?: string }) => err.code === 'canceled');
    });
  });
  describe('through the API with a worker', () => {
    let app: TestApp;
    let acct: TestAccount;
    const uploaded: Record<string, string> = {};

    before(async () => {
      app = await startTestApp({ RATE_LIMIT_PER_WINDOW: '0' }, { worker: true });
      acct = await createTestAccount(app.db, { balance: 1000 });
      for (const name of ['land', 'landVideo', 'tone'] as const) {
        const res = await uploadFileAt(app.baseUrl, acct.live, fx[name].path);
        assert.equal(res.status, 201, res.text);
        uploaded[name] = res.body.id;
      }
    });
    after(async () => app?.close());

    const create = (body: unknown, query = '') => call(app.baseUrl, 'POST', `/v1/reformats${query}`, { key: acct.live, body });
    const balance = async () => (await call(app.baseUrl, 'GET', '/v1/account', { key: acct.live })).body.balance as number;
    const fetchTo = async (url: string, name: string) => {
      const file = path.join(dir, name);
      const res = await download(url);
      assert.equal(res.status, 200);
      fs.writeFileSync(file, res.bytes);
      return file;
    };

    it('when an image is reformatted, then the job succeeds with one file per target (sizes and fits by pixels) and a ZIP, charged per target', async () => {
      const before = await balance();
      const created = await create({ file_id: uploaded.land, targets: [{ aspect_ratio: '9:16', fit: 'pad', color: '#ff00ff' }, { aspect_ratio: '1:1', fit: 'blur_fill' }, { aspect_ratio: '4:5', anchor: 'smart' }, { width: 1200, height: 630 }], image_format: 'png' });
      assert.equal(created.status, 202, created.text);
      assert.match(created.body.id, /^rfmt_/);
      assert.equal(created.headers.get('location'), `/v1/reformats/${created.body.id}`);
      const done = await call(app.baseUrl, 'GET', `/v1/reformats/${created.body.id}?wait=60`, { key: acct.live });
      assert.equal(done.body.status, 'succeeded', JSON.stringify(done.body.error));
      assert.equal(done.body.object, 'reformat');
      const targets = done.body.outputs.filter((o: any) => o.role === 'target');
      assert.deepEqual(targets.map((o: any) => [o.index, o.filename, o.content_type]), [
        [0, 'reformat-01-9x16-pad.png', 'image/png'],
        [1, 'reformat-02-1x1-blur-fill.png', 'image/png'],
        [2, 'reformat-03-4x5-crop.png', 'image/png'],
        [3, 'reformat-04-1200x630-crop.png', 'image/png'],
      ]);
      assert.equal(done.body.outputs.filter((o: any) => o.role === 'zip').length, 1);
      const pixels = await Promise.all(targets.map(async (o: any, i: number) => readImage(await fetchTo(o.url, `http-${i}.png`))));
      assert.deepEqual(pixels.map((p) => [p.width, p.height]), [[1080, 1920], [1080, 1080], [1080, 1350], [1200, 630]]);
      assert.deepEqual(at(pixels[0], 540, 100), [255, 0, 255]);
      const border = stripStats(pixels[1], 10, 200);
      assert.ok(border.range > 40 && border.maxStep < 12, `blurred border: range ${border.range}, step ${border.maxStep}`);
      assert.deepEqual([done.body.credits.quoted, done.body.credits.charged], [4, 4]);
      assert.equal(await balance(), before - 4);
    });

    it('when a video is reformatted, then every target lasts as long as the source (± 1 frame) with sound, charged per target and started minute', async () => {
      const created = await create({ file_id: uploaded.landVideo, targets: [{ width: 180, height: 320, anchor: 'smart' }, { width: 320, height: 320, fit: 'blur_fill' }, { width: 360, height: 450, fit: 'pad' }] });
      assert.equal(created.status, 202, created.text);
      const done = await call(app.baseUrl, 'GET', `/v1/reformats/${created.body.id}?wait=60`, { key: acct.live });
      assert.equal(done.body.status, 'succeeded', JSON.stringify(done.body.error));
      const source = Number(streamOf(await runFfprobe(fx.landVideo.path), 'video')!.duration);
      const targets = done.body.outputs.filter((o: any) => o.role === 'target');
      for (const [i, [w, h]] of [[180, 320], [320, 320], [360, 450]].entries()) {
        const p = await runFfprobe(await fetchTo(targets[i].url, `http-${i}.mp4`));
        assert.deepEqual([streamOf(p, 'video')!.width, streamOf(p, 'video')!.height], [w, h]);
        assert.ok(Math.abs(Number(streamOf(p, 'video')!.duration) - source) <= 1 / 30 + 1e-3, `target ${i} lasts ${streamOf(p, 'video')!.duration} s`);
        assert.equal(streamOf(p, 'audio')?.codec_name, 'aac');
      }
      // 3 targets × 1 started minute × (1 + 1 for video).
      assert.deepEqual([done.body.credits.quoted, done.body.credits.charged], [6, 6]);
    });

    it('when fields are wrong, then the 422 names each one (targets[1].fit, targets[0].anchor, targets[1].width)', async () => {
      const bad = await create({ file_id: uploaded.land, targets: [{ aspect_ratio: '1:1' }, { aspect_ratio: '9:16', fit: 'stretch' }] });
      assert.equal(bad.status, 422, bad.text);
      assert.equal(bad.body.code, 'validation_failed');
      assert.deepEqual(bad.body.errors.map((e: any) => e.path), ['targets[1].fit']);
      const semantic = await create({ file_id: uploaded.landVideo, targets: [{ aspect_ratio: '1:1', fit: 'pad', anchor: 'top' }, { width: 641, height: 360 }] });
      assert.equal(semantic.status, 422, semantic.text);
      assert.deepEqual(semantic.body.errors.map((e: any) => e.path).sort(), ['targets[0].anchor', 'targets[1].width']);
      const audio = await create({ file_id: uploaded.tone, targets: [{ aspect_ratio: '1:1' }] });
      assert.deepEqual([audio.status, audio.body.errors?.[0]?.path], [422, 'file_id']);
      const extra = await create({ file_id: uploaded.land, targets: [{ aspect_ratio: '1:1', zoom: 2 }] });
      assert.equal(extra.status, 422, extra.text);
    });

    it('when a reformat is quoted with dry_run, then the price comes back and nothing is created or charged', async () => {
      const before = await balance();
      const jobsBefore = (await call(app.baseUrl, 'GET', '/v1/reformats?limit=100', { key: acct.live })).body.data.length;
      const q = await create({ file_id: uploaded.landVideo, targets: [{ aspect_ratio: '9:16' }, { aspect_ratio: '1:1' }, { aspect_ratio: '4:5' }, { aspect_ratio: '16:9' }] }, '?dry_run=true');
      assert.equal(q.status, 200, q.text);
      assert.deepEqual([q.body.object, q.body.product, q.body.unit, q.body.quantity, q.body.unit_price, q.body.total], ['quote', 'reformat', 'target', 4, 2, 8]);
      assert.equal(await balance(), before);
      assert.equal((await call(app.baseUrl, 'GET', '/v1/reformats?limit=100', { key: acct.live })).body.data.length, jobsBefore);
    });

    it('when examples/curl/reformat.sh runs with a photo, then the reformat succeeds and lists its files', async () => {
      const env = { ...process.env, LUMIKU_API_KEY: acct.test, LUMIKU_BASE_URL: app.baseUrl };
      const { stdout } = await run('bash', [path.join(ROOT, 'examples/curl/reformat.sh'), fx.jpeg.path], { env, maxBuffer: 8 << 20 });
      assert.match(stdout, /"total":4/);
      assert.match(stdout, /"status":"succeeded"/);
      assert.equal(stdout.match(/^target\t/gm)?.length, 4, stdout);
      assert.match(stdout, /^zip\treformats\.zip\t/m);
    });
  });
});
