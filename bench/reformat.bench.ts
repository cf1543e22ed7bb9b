/**
 * Reformats, through the real renderer.
 *
 *   1. Video: a `--seconds` (default 60) 1920×1080 30 fps clip (moving test pattern,
 *      AAC sound) to four targets — 9:16 smart crop, 1:1 blur_fill, 4:5 pad, 16:9 crop — by the
 *      renderer (ONE FFmpeg run: one decode, a split to four branches) against the same four targets
 *      as four separate FFmpeg runs, one per target, with the same plan, filters and encoder
 *      settings (a target of the source's own frame is a stream copy in both). The separate runs go
 *      one after another (`sequential`: what a renderer without the split does) and all four at once
 *      (`parallel`: the fairest use of the cores without sharing the decode). Target: the renderer
 *      is ≥ 2× faster. The smart-crop sampling and the probe are timed in both.
 *   2. Images: a 4000×3000 JPEG (12 MP, a phone photo) to the four named formats (crop), and to the
 *      four mixed fits of the video request, by the renderer (ZIP included). Target: ≤ 150 ms for the
 *      four named formats.
 *
 * Times are medians over `--rounds` (video) and `--image-rounds` (images, after two warm-ups). The
 * CPU time of the FFmpeg processes is printed too (on a shared machine the steadier measure of the
 * work), and the load average before each measure, so a busy machine shows in the numbers.
 *
 *   npx tsx bench/reformat.bench.ts [--seconds 60] [--rounds 3] [--image-rounds 15] [--separate both|sequential|parallel] [--skip-video] [--skip-image]
 */
import { execFile, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs, promisify } from 'node:util';
import sharp from 'sharp';
import { normalizeReformat, type CreateReformatRequest, type ReformatInput } from '../api/src/domain/apps/reformat/request';
import { probeImage, probeMedia, resolveFfmpegPath, runFfprobe } from '../api/src/domain/files/probe';
import type { InputFileInfo, RenderContext } from '../api/src/domain/jobs/app-contract';
import { renderReformat } from '../workers/src/apps/reformat/render';
import { placeSmartCrops, planVideo, sourceFacts, videoArgs, type VideoPlan } from '../workers/src/apps/reformat/video';
import { runFfmpeg } from '../workers/src/media';
import { fmt, median, verdict } from './support/stats';

const TARGET_RATIO = 2;
const TARGET_IMAGE_MS = 150;

const { values: opts } = parseArgs({
  options: {
    seconds: { type: 'string', default: '60' },
    rounds: { type: 'string', default: '3' },
    'image-rounds': { type: 'string', default: '15' },
    separate: { type: 'string', default: 'both' },
    'skip-video': { type: 'boolean', default: false },
    'skip-image': { type: 'boolean', default: false },
  },
});
const seconds = Number(opts.seconds);
const rounds = Math.max(1, Math.floor(Number(opts.rounds)));
const imageRounds = Math.max(1, Math.floor(Number(opts['image-rounds'])));
if (!(seconds > 0) || seconds > 3600) throw new Error('--seconds must be from 0 to 3600');
if (!['both', 'sequential', 'parallel'].includes(opts.separate!)) throw new Error('--separate must be both, sequential or parallel');
const modes = (opts.separate === 'both' ? ['sequential', 'parallel'] : [opts.separate]) as ('sequential' | 'parallel')[];

const run = promisify(execFile);
const ffmpeg = resolveFfmpegPath(process.env.FFMPEG_PATH);

/** CPU seconds (user + system) used so far by this process's finished children (Linux). */
const CLOCK_TICKS = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
function childCpuSeconds(): number {
  const fields = fs.readFileSync('/proc/self/stat', 'utf8').split(') ')[1].split(' ');
  return (Number(fields[13]) + Number(fields[14])) / CLOCK_TICKS;
}

const load = () => os.loadavg().map((l) => fmt(l, 2)).join(' ');

interface Fixture {
  path: string;
  info: InputFileInfo;
}

const VIDEO_REQUEST = (file_id: string): CreateReformatRequest => ({
  file_id,
  targets: [
    { aspect_ratio: '9:16', fit: 'crop', anchor: 'smart' },
    { aspect_ratio: '1:1', fit: 'blur_fill' },
    { aspect_ratio: '4:5', fit: 'pad', color: '#FFFFFF' },
    { aspect_ratio: '16:9', fit: 'crop' },
  ],
});

function context(dir: string, f: Fixture): RenderContext {
  return { workDir: fs.mkdtempSync(path.join(dir, 'work-')), files: new Map([[f.info.id, f]]), signal: new AbortController().signal, progress: () => {} };
}

/** Checks every video output: its frame size, and as long as the source to within a frame. */
async function checkVideos(files: string[], input: ReformatInput): Promise<void> {
  for (const [i, file] of files.entries()) {
    const v = (await runFfprobe(file)).streams.find((s) => s.codec_type === 'video');
    const t = input.targets[i];
    if (v?.width !== t.width || v?.height !== t.height) throw new Error(`${path.basename(file)} is ${v?.width}×${v?.height}, not ${t.width}×${t.height}`);
    if (Math.abs(Number(v.duration) - (input.source.duration_seconds ?? 0)) > 1 / 30 + 0.05) throw new Error(`${path.basename(file)} lasts ${v.duration} s, not ${input.source.duration_seconds} s`);
  }
}

/** The renderer: one FFmpeg run for every target (probe, smart sampling and ZIP included). */
async function oneRun(dir: string, clip: Fixture, input: ReformatInput): Promise<{ seconds: number; cpu: number; detail: string }> {
  const ctx = context(dir, clip);
  const cpu0 = childCpuSeconds();
  const t0 = performance.now();
  try {
    const outputs = await renderReformat(input, ctx);
    const elapsed = (performance.now() - t0) / 1000;
    const cpu = childCpuSeconds() - cpu0;
    const targets = outputs.filter((o) => o.role === 'target');
    await checkVideos(targets.map((o) => o.path), input);
    return { seconds: elapsed, cpu, detail: targets.map((o) => `${o.metadata.width}×${o.metadata.height} ${o.metadata.fit} ${o.metadata.video}`).join(', ') };
  } finally {
    fs.rmSync(ctx.workDir, { recursive: true, force: true });
  }
}

/** The same plan as one FFmpeg run per target, one after another or all at once. */
async function separateRuns(dir: string, clip: Fixture, input: ReformatInput, mode: 'sequential' | 'parallel'): Promise<{ seconds: number; cpu: number }> {
  const work = fs.mkdtempSync(path.join(dir, 'separate-'));
  const cpu0 = childCpuSeconds();
  const t0 = performance.now();
  try {
    // The same preparation as the renderer: a probe, the smart sampling, the plan.
    const facts = await sourceFacts(clip.path, input);
    const smart = await placeSmartCrops(clip.path, { width: input.source.width, height: input.source.height, duration: input.source.duration_seconds ?? 0 }, input.targets, work, { signal: new AbortController().signal });
    const plan = planVideo(input, facts, smart);
    const files = input.targets.map((_, i) => path.join(work, `separate-${i}.mp4`));
    const one = (i: number) => {
      const single: VideoPlan = { targets: [plan.targets[i]], audio: plan.audio };
      return runFfmpeg(videoArgs(clip.path, single, [files[i]]), { timeoutMs: 6 * 3600 * 1000 });
    };
    if (mode === 'parallel') await Promise.all(plan.targets.map((_, i) => one(i)));
    else for (let i = 0; i < plan.targets.length; i += 1) await one(i);
    const elapsed = (performance.now() - t0) / 1000;
    const cpu = childCpuSeconds() - cpu0;
    await checkVideos(files, input);
    return { seconds: elapsed, cpu };
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

async function videoBench(dir: string) {
  const file = path.join(dir, 'clip.mp4');
  await run(ffmpeg, [
    '-hide_banner', '-loglevel', 'error', '-y',
    '-f', 'lavfi', '-i', `testsrc2=size=1920x1080:rate=30:duration=${seconds}`,
    '-f', 'lavfi', '-i', `sine=frequency=220:sample_rate=48000:duration=${seconds}`,
    '-c:v', 'libx264', '-preset', 'veryfast', '-crf', '18', '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-b:a', '192k', '-movflags', '+faststart', file,
  ]);
  const metadata = (await probeMedia(file)) as unknown as Record<string, unknown>;
  const clip: Fixture = { path: file, info: { id: 'file_clip', kind: 'video', content_type: 'video/mp4', bytes: fs.statSync(file).size, metadata } };
  const input = normalizeReformat(VIDEO_REQUEST(clip.info.id), new Map([[clip.info.id, clip.info]]));
  console.log(`video: ${seconds} s 1920x1080 30 fps, ${fmt((clip.info.bytes * 8) / seconds / 1e6, 1)} Mbit/s, AAC; 4 targets (9:16 smart crop, 1:1 blur_fill, 4:5 pad, 16:9 crop); rounds ${rounds}`);

  const mine: number[] = [];
  const mineCpu: number[] = [];
  const base = { sequential: [] as number[], parallel: [] as number[] };
  const baseCpu = { sequential: [] as number[], parallel: [] as number[] };
  for (let r = 0; r < rounds; r += 1) {
    const before = load();
    const m = await oneRun(dir, clip, input);
    mine.push(m.seconds);
    mineCpu.push(m.cpu);
    console.log(`  round ${r + 1}: one run ${fmt(m.seconds, 1)} s, ${fmt(m.cpu, 1)} CPU-s (load ${before}; ${m.detail})`);
    for (const mode of modes) {
      const before2 = load();
      const s = await separateRuns(dir, clip, input, mode);
      base[mode].push(s.seconds);
      baseCpu[mode].push(s.cpu);
      console.log(`  round ${r + 1}: four ${mode} runs ${fmt(s.seconds, 1)} s, ${fmt(s.cpu, 1)} CPU-s (load ${before2}; ratio this round ${fmt(s.seconds / m.seconds, 2)}×)`);
    }
  }
  for (const mode of modes) {
    const ratio = median(base[mode]) / median(mine);
    console.log(`video ${seconds} s: one run ${fmt(median(mine), 1)} s vs four ${mode} runs ${fmt(median(base[mode]), 1)} s → ${fmt(ratio, 2)}× faster (target ≥ ${TARGET_RATIO}×) ${verdict(ratio >= TARGET_RATIO)}`);
    console.log(`video ${seconds} s CPU time: one run ${fmt(median(mineCpu), 1)} CPU-s vs four ${mode} runs ${fmt(median(baseCpu[mode]), 1)} CPU-s → ${fmt(median(baseCpu[mode]) / median(mineCpu), 2)}× less work`);
  }
}

/** A phone photo: colour gradient, a shape, grain; 4000×3000 JPEG at quality 88. */
async function makePhoto(file: string) {
  const [w, h] = [4000, 3000];
  const grain = await sharp({ create: { width: w, height: h, channels: 3, background: '#808080', noise: { type: 'gaussian', mean: 128, sigma: 10 } } }).raw().toBuffer();
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}"><defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="hsl(200,70%,60%)"/><stop offset="1" stop-color="hsl(320,60%,25%)"/></linearGradient></defs><rect width="100%" height="100%" fill="url(#g)"/><circle cx="${w * 0.7}" cy="${h / 3}" r="${h / 4}" fill="hsl(40,80%,70%)" opacity="0.6"/></svg>`;
  await sharp(Buffer.from(svg)).composite([{ input: grain, raw: { width: w, height: h, channels: 3 }, blend: 'soft-light' }]).jpeg({ quality: 88 }).toFile(file);
}

async function imageBench(dir: string) {
  const file = path.join(dir, 'photo.jpg');
  await makePhoto(file);
  const metadata = (await probeImage(file)) as unknown as Record<string, unknown>;
  const photo: Fixture = { path: file, info: { id: 'file_photo', kind: 'image', content_type: 'image/jpeg', bytes: fs.statSync(file).size, metadata } };
  const files = new Map([[photo.info.id, photo.info]]);
  const requests: [string, CreateReformatRequest][] = [
    ['4 named formats, crop', { file_id: photo.info.id, targets: (['9:16', '1:1', '4:5', '16:9'] as const).map((aspect_ratio) => ({ aspect_ratio })) }],
    ['4 mixed fits (smart, blur_fill, pad, crop)', VIDEO_REQUEST(photo.info.id)],
  ];
  console.log(`images: 4000x3000 JPEG (${fmt(photo.info.bytes / 2 ** 20, 1)} MiB); ${imageRounds} rounds after 2 warm-ups; sharp concurrency ${sharp.concurrency()}, ${os.availableParallelism()} cores`);
  for (const [i, [label, request]] of requests.entries()) {
    const input = normalizeReformat(request, files);
    const times: number[] = [];
    const before = load();
    for (let r = 0; r < imageRounds + 2; r += 1) {
      const ctx = context(dir, photo);
      const t0 = performance.now();
      const outputs = await renderReformat(input, ctx);
      const ms = performance.now() - t0;
      if (r >= 2) times.push(ms);
      for (const [k, o] of outputs.filter((x) => x.role === 'target').entries()) {
        const m = await sharp(o.path).metadata();
        if (m.width !== input.targets[k].width || m.height !== input.targets[k].height) throw new Error(`${o.filename} is ${m.width}×${m.height}`);
      }
      fs.rmSync(ctx.workDir, { recursive: true, force: true });
    }
    const ms = median(times);
    const goal = i === 0 ? ` (target ≤ ${TARGET_IMAGE_MS} ms) ${verdict(ms <= TARGET_IMAGE_MS)}` : '';
    console.log(`image ${label}: ${fmt(ms)} ms median, ${fmt(Math.min(...times))}–${fmt(Math.max(...times))} ms (load ${before})${goal}`);
  }
}

async function main() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lumiku-reformat-bench-'));
  console.log(`reformat bench: ${os.cpus().length} CPUs (${os.cpus()[0]?.model ?? '?'}), load average ${load()}`);
  try {
    if (!opts['skip-image']) await imageBench(dir);
    if (!opts['skip-video']) await videoBench(dir);
    console.log(`load average at the end ${load()}`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
