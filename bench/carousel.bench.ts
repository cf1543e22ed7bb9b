/**
 * Carousel rendering: the renderer (each distinct image decoded once, each distinct text drawn once,
 * each distinct slide encoded once and linked wherever it repeats) against the naive way, in the
 * same run, on the same input: every (set, slide) decoded, resized, text-drawn and encoded on its
 * own. Both write every set's slide files and the ZIP of all sets, with the same concurrency.
 *
 * Default workload: 100 sets × 5 slides, 4 source photos (3000×4000 JPEG) and 5 texts per slide,
 * 4:5 (1080×1350) JPEG, selection unique.                                target: ≥ 5× faster
 *
 *   npx tsx bench/carousel.bench.ts [--sets 100] [--rounds 1] [--slides 5] [--format jpeg]
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import sharp from 'sharp';
import { carouselApp, type CarouselFormat, type CreateCarouselRequest } from '../api/src/domain/apps/carousel/request';
import type { InputFileInfo } from '../api/src/domain/jobs/app-contract';
import { encodeSlide, prepareFrame, renderCarouselWithStats, slideFilename, zipEntryName } from '../workers/src/apps/carousel/render';
import { runPool, writeZip } from '../workers/src/media';
import { renderTextLayer } from '../workers/src/apps/carousel/text';
import { fmt, median, verdict } from './support/stats';

const TARGET = 5;
const TEXTS = [
  'Five habits that changed my mornings',
  'Swipe for the full routine →',
  'Save this for later',
  'Start small: one glass of water before coffee, ten minutes of daylight, and no phone for the first half hour.',
  'Which one will you try first? Tell us in the comments!',
];

const PHOTO = { width: 3000, height: 4000 };

/** Photo-like sources: colour gradients with shapes and grain, 12 MP JPEGs as a phone would upload them. */
async function makePhotos(dir: string, count: number): Promise<string[]> {
  const { width: w, height: h } = PHOTO;
  const grain = await sharp({ create: { width: w, height: h, channels: 3, background: '#808080', noise: { type: 'gaussian', mean: 128, sigma: 10 } } }).raw().toBuffer();
  const files: string[] = [];
  for (let i = 0; i < count; i++) {
    const hue = (i * 83 + 20) % 360;
    const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}"><defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="hsl(${hue},70%,60%)"/><stop offset="1" stop-color="hsl(${(hue + 120) % 360},60%,25%)"/></linearGradient></defs><rect width="100%" height="100%" fill="url(#g)"/><circle cx="${w / 2}" cy="${h / 3}" r="${w / 4}" fill="hsl(${(hue + 60) % 360},80%,70%)" opacity="0.6"/></svg>`;
    const file = path.join(dir, `photo-${i + 1}.jpg`);
    await sharp(Buffer.from(svg))
      .composite([{ input: grain, raw: { width: w, height: h, channels: 3 }, blend: 'soft-light' }])
      .jpeg({ quality: 88 })
      .toFile(file);
    files.push(file);
  }
  return files;
}

async function main() {
  const { values } = parseArgs({
    options: {
      sets: { type: 'string', default: '100' },
      rounds: { type: 'string', default: '1' },
      slides: { type: 'string', default: '5' },
      format: { type: 'string', default: 'jpeg' },
    },
  });
  const sets = Number(values.sets);
  const rounds = Number(values.rounds);
  const slideCount = Number(values.slides);
  const format = values.format as CarouselFormat;
  const concurrency = Math.max(1, Math.min(4, os.availableParallelism()));

  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'lk-carousel-bench-'));
  try {
    const files = new Map<string, { path: string; info: InputFileInfo }>();
    const ids: string[] = [];
    const photos = await makePhotos(root, 4);
    for (const [i, p] of photos.entries()) {
      const id = `file_${String(i).repeat(26)}`;
      const meta = await sharp(p).metadata();
      files.set(id, { path: p, info: { id, kind: 'image', content_type: 'image/jpeg', bytes: fs.statSync(p).size, metadata: { width: meta.width, height: meta.height } } });
      ids.push(id);
    }
    const request: CreateCarouselRequest = {
      sets,
      selection: 'unique',
      seed: 2024,
      aspect_ratio: '4:5',
      format,
      text_style: { size_percent: 6, y_percent: 80, outline: true, background_opacity: 0.35 },
      slides: Array.from({ length: slideCount }, (_, p) => ({ images: ids, texts: TEXTS.map((t) => `${t} (${p + 1})`) })),
    };
    const input = carouselApp.normalize(request, new Map([...files].map(([k, v]) => [k, v.info])));
    console.log(
      `carousel bench: ${sets} sets × ${slideCount} slides, ${ids.length} photos ${PHOTO.width}×${PHOTO.height} (${fmt(fs.statSync(photos[0]).size / 1e6, 1)} MB) and ${TEXTS.length} texts per slide, ${input.width}×${input.height} ${format}, ` +
        `${input.distinct_slides} distinct slides of ${sets * slideCount}, concurrency ${concurrency}, ${os.availableParallelism()} cores, ${rounds} round(s)`,
    );

    const ours: number[] = [];
    const naive: number[] = [];
    for (let r = 0; r < rounds; r++) {
      // Ours: the job renderer, as the worker runs it.
      const workDir = fs.mkdtempSync(path.join(root, 'ours-'));
      let t = performance.now();
      const { outputs, stats } = await renderCarouselWithStats(input, { workDir, files, signal: new AbortController().signal, progress: () => {} });
      ours.push((performance.now() - t) / 1000);
      console.log(`  round ${r + 1} ours : ${fmt(ours[r], 2)} s  (${outputs.length} outputs; decoded ${stats.images_decoded}, text layers ${stats.text_layers}, slides encoded ${stats.slides_encoded})`);
      fs.rmSync(workDir, { recursive: true, force: true });

      // Naive: every (set, slide) from scratch, same settings, same concurrency, same ZIP.
      const naiveDir = fs.mkdtempSync(path.join(root, 'naive-'));
      t = performance.now();
      const jobs = input.plan.flatMap((set, s) => set.map((choice, p) => ({ s, p, choice })));
      const entries: { file: string; name: string }[] = [];
      await runPool(jobs, concurrency, async ({ s, p, choice }) => {
        const slide = input.slides[p];
        const frame = await prepareFrame(files.get(slide.images[choice.image])!.path, input.width, input.height);
        const layer = choice.text === null ? null : await renderTextLayer(slide.texts[choice.text], slide.text_style, input.width, input.height);
        const out = path.join(naiveDir, slideFilename(s, p, format));
        await encodeSlide(frame, layer, format, out);
        entries.push({ file: out, name: zipEntryName(s, p, format) });
      });
      await writeZip(path.join(naiveDir, 'carousel-sets.zip'), entries);
      naive.push((performance.now() - t) / 1000);
      console.log(`  round ${r + 1} naive: ${fmt(naive[r], 2)} s  (${jobs.length} slides decoded, drawn and encoded one by one)`);
      fs.rmSync(naiveDir, { recursive: true, force: true });
    }

    const a = median(ours);
    const b = median(naive);
    const ratio = b / a;
    console.log(`renderer ${fmt(a, 2)} s   naive ${fmt(b, 2)} s   speed-up ${fmt(ratio, 1)}×   (target ≥ ${TARGET}×)   ${verdict(ratio >= TARGET)}`);
    process.exitCode = ratio >= TARGET ? 0 : 1;
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
