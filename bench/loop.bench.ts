/**
 * Loops: a 10 s 1080p30 clip (moving test pattern, tone + noise sound) looped with a 1 s
 * crossfade and one audio layer (a 37 s noise bed, so it repeats), through the real renderer.
 *
 *   1. `--minutes` (default 10) of output: the renderer against the naive method in the same run —
 *      ONE FFmpeg that builds the same crossfaded unit in its filter graph, loops it (`loop`
 *      filter) and encodes the whole output, mixing the same sound. Same H.264 and AAC settings.
 *      Target: the renderer is ≥ 20× faster.
 *   2. One hour of output with the renderer alone. Target: ≤ 60 s.
 *
 * Times are medians over `--rounds`; each round checks the output's length. The CPU time of the
 * FFmpeg processes is printed too: on a shared machine it is the steadier measure of the work done.
 * The naive run takes as long as encoding the whole output takes (minutes on two cores);
 * `--skip-naive` leaves it out.
 *
 *   npx tsx bench/loop.bench.ts [--minutes 10] [--rounds 1] [--skip-naive] [--skip-hour]
 */
import { execFile, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs, promisify } from 'node:util';
import { normalizeLoop, parseFrameRate, type CreateLoopRequest, type LoopInput } from '../api/src/domain/apps/loop/request';
import { probeMedia, resolveFfmpegPath, runFfprobe } from '../api/src/domain/files/probe';
import type { InputFileInfo } from '../api/src/domain/jobs/app-contract';
import { planLoop, sampleAt } from '../workers/src/apps/loop/plan';
import { renderLoop } from '../workers/src/apps/loop/render';
import { runFfmpeg } from '../workers/src/media/ffmpeg';
import { fmt, median, verdict } from './support/stats';

const TARGET_RATIO = 20;
const TARGET_HOUR_SECONDS = 60;
const CLIP_SECONDS = 10;
const CROSSFADE_SECONDS = 1;

const { values: opts } = parseArgs({
  options: {
    minutes: { type: 'string', default: '10' },
    rounds: { type: 'string', default: '1' },
    'skip-naive': { type: 'boolean', default: false },
    'skip-hour': { type: 'boolean', default: false },
  },
});
const minutes = Number(opts.minutes);
const rounds = Math.max(1, Math.floor(Number(opts.rounds)));
if (!(minutes > 0) || minutes > 720) throw new Error('--minutes must be from 0 to 720');

const run = promisify(execFile);
const ffmpeg = resolveFfmpegPath(process.env.FFMPEG_PATH);

/** CPU seconds (user + system) used so far by this process's finished children (Linux). */
const CLOCK_TICKS = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
function childCpuSeconds(): number {
  const fields = fs.readFileSync('/proc/self/stat', 'utf8').split(') ')[1].split(' ');
  // Fields 16 and 17 of stat (cutime, cstime); `fields` starts at field 3.
  return (Number(fields[13]) + Number(fields[14])) / CLOCK_TICKS;
}

/** Runs `fn`, returning its result with the CPU time its child processes used. */
async function withCpu<T>(fn: () => Promise<T>): Promise<{ value: T; cpu: number }> {
  const before = childCpuSeconds();
  const value = await fn();
  return { value, cpu: childCpuSeconds() - before };
}

interface Fixture {
  path: string;
  info: InputFileInfo;
}

async function makeFile(dir: string, name: string, id: string, kind: InputFileInfo['kind'], args: string[]): Promise<Fixture> {
  const file = path.join(dir, name);
  await run(ffmpeg, ['-hide_banner', '-loglevel', 'error', '-y', ...args, file]);
  const metadata = (await probeMedia(file)) as unknown as Record<string, unknown>;
  return { path: file, info: { id, kind, content_type: 'video/mp4', bytes: fs.statSync(file).size, metadata } };
}

function request(seconds: number): CreateLoopRequest {
  return {
    file_id: 'file_clip',
    duration_seconds: seconds,
    style: 'crossfade',
    crossfade_seconds: CROSSFADE_SECONDS,
    audio_layers: [{ file_id: 'file_bed', volume: 60, fade_in_seconds: 2, fade_out_seconds: 2 }],
  };
}

async function checkLength(file: string, seconds: number): Promise<void> {
  const p = await runFfprobe(file);
  const v = p.streams.find((s) => s.codec_type === 'video');
  const a = p.streams.find((s) => s.codec_type === 'audio');
  if (!v || Math.abs(Number(v.duration) - seconds) > 1 / 30 + 1e-6) throw new Error(`video lasts ${v?.duration} s, not ${seconds} s`);
  if (!a || Math.abs(Number(a.duration) - seconds) > 0.05) throw new Error(`sound lasts ${a?.duration} s, not ${seconds} s`);
}

/** The renderer; returns seconds and the time spent per stage. */
async function renderer(dir: string, files: Fixture[], seconds: number): Promise<{ seconds: number; detail: string }> {
  const input = normalizeLoop(request(seconds), new Map(files.map((f) => [f.info.id, f.info])));
  const work = fs.mkdtempSync(path.join(dir, 'work-'));
  const t0 = performance.now();
  try {
    const [out] = await renderLoop(input, {
      workDir: work,
      files: new Map(files.map((f) => [f.info.id, { path: f.path, info: f.info }])),
      signal: new AbortController().signal,
      progress: () => {},
    });
    const elapsed = (performance.now() - t0) / 1000;
    await checkLength(out.path, input.frames / 30);
    return { seconds: elapsed, detail: `${fmt(fs.statSync(out.path).size / 2 ** 20)} MiB, unit ${out.metadata.unit_seconds} s` };
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

/**
 * The naive method: one FFmpeg builds the crossfaded unit (the same dissolve), loops it in memory
 * and encodes every frame of the output; the sound is the clip's sound and the layer, each looped
 * and mixed, encoded in the same process. Same encoder settings as the renderer.
 */
async function naive(dir: string, clip: Fixture, bed: Fixture, input: LoopInput): Promise<number> {
  const rate = parseFrameRate(input.frame_rate);
  const plan = planLoop({ style: 'crossfade', rate, clipFrames: CLIP_SECONDS * 30, crossfadeSeconds: CROSSFADE_SECONDS, frames: input.frames, fadeInSeconds: 0, fadeOutSeconds: 0, frameBytes: 0, gopFrames: 60 });
  const L = plan.clipFrames;
  const c = plan.crossfadeFrames;
  const U = plan.unitFrames;
  const S = plan.audio.samples;
  const base = (i: number) => `[${i}:v:0]fps=fps=30:start_time=0,scale=1920:1080,setsar=1,format=yuv420p`;
  const graph = [
    `${base(0)},trim=end_frame=${c},setpts=PTS-STARTPTS,format=yuva420p,fade=t=in:s=0:n=${c}:alpha=1[h]`,
    `${base(1)},trim=start_frame=${L - c}:end_frame=${L},setpts=PTS-STARTPTS[t]`,
    `[t][h]overlay=format=yuv420:eof_action=pass,format=yuv420p[x]`,
    `${base(2)},trim=start_frame=${c}:end_frame=${L - c},setpts=PTS-STARTPTS[m]`,
    `[x][m]concat=n=2:v=1:a=0,loop=loop=-1:size=${U},setpts=N/(30*TB),trim=end_frame=${input.frames}[v]`,
    `[3:a:0]aresample=48000,aformat=sample_fmts=fltp:channel_layouts=stereo,asetpts=N/SR/TB,atrim=end_sample=${S}[a0]`,
    `[4:a:0]aresample=48000,aformat=sample_fmts=fltp:channel_layouts=stereo,asetpts=N/SR/TB,atrim=end_sample=${S},volume=0.6,afade=t=in:ss=0:ns=${sampleAt(60, rate)},afade=t=out:ss=${S - sampleAt(60, rate)}:ns=${sampleAt(60, rate)}[a1]`,
    `[a0][a1]amerge=inputs=2,pan=stereo|c0=c0+c2|c1=c1+c3[a]`,
  ].join(';');
  const out = path.join(dir, 'naive.mp4');
  const args = [
    '-i', clip.path, '-i', clip.path, '-i', clip.path,
    '-stream_loop', '-1', '-i', clip.path,
    '-stream_loop', '-1', '-i', bed.path,
    '-filter_complex', graph, '-map', '[v]', '-map', '[a]', '-frames:v', String(input.frames),
    '-vsync', 'cfr', '-r', '30', '-c:v', 'libx264', '-preset', 'veryfast', '-crf', '20', '-profile:v', 'high', '-pix_fmt', 'yuv420p',
    '-g', '60', '-keyint_min', '60', '-sc_threshold', '0',
    '-c:a', 'aac', '-b:a', '192k', '-ar', '48000', '-ac', '2', '-movflags', '+faststart', out,
  ];
  const t0 = performance.now();
  await runFfmpeg(args, { timeoutMs: 6 * 3600 * 1000 });
  const elapsed = (performance.now() - t0) / 1000;
  await checkLength(out, input.frames / 30);
  fs.rmSync(out, { force: true });
  return elapsed;
}

async function main() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lumiku-loop-bench-'));
  try {
    const [clip, bed] = await Promise.all([
      makeFile(dir, 'clip.mp4', 'file_clip', 'video', [
        '-f', 'lavfi', '-i', `testsrc2=size=1920x1080:rate=30:duration=${CLIP_SECONDS}`,
        '-f', 'lavfi', '-i', `sine=frequency=220:sample_rate=48000:duration=${CLIP_SECONDS}`,
        '-f', 'lavfi', '-i', `anoisesrc=color=pink:sample_rate=48000:amplitude=0.1:duration=${CLIP_SECONDS}`,
        '-filter_complex', '[1:a][2:a]amix=inputs=2[a]', '-map', '0:v', '-map', '[a]',
        '-c:v', 'libx264', '-preset', 'veryfast', '-crf', '18', '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-b:a', '192k',
      ]),
      makeFile(dir, 'bed.m4a', 'file_bed', 'audio', ['-f', 'lavfi', '-i', 'anoisesrc=color=brown:sample_rate=44100:amplitude=0.3:duration=37', '-c:a', 'aac', '-b:a', '128k']),
    ]);
    const files = [clip, bed];
    console.log(`loop bench: ${CLIP_SECONDS} s 1920x1080 30 fps clip, crossfade ${CROSSFADE_SECONDS} s, 1 audio layer; ${os.cpus().length} CPUs, ffmpeg ${path.basename(path.dirname(ffmpeg))}; rounds ${rounds}`);

    const seconds = minutes * 60;
    const mine: number[] = [];
    const base: number[] = [];
    const mineCpu: number[] = [];
    const baseCpu: number[] = [];
    for (let r = 0; r < rounds; r++) {
      const { value: m, cpu } = await withCpu(() => renderer(dir, files, seconds));
      mine.push(m.seconds);
      mineCpu.push(cpu);
      console.log(`  round ${r + 1}: renderer ${fmt(m.seconds, 1)} s, ${fmt(cpu, 1)} CPU-s (${m.detail})`);
      if (!opts['skip-naive']) {
        const input = normalizeLoop(request(seconds), new Map(files.map((f) => [f.info.id, f.info])));
        const { value: n, cpu: nCpu } = await withCpu(() => naive(dir, clip, bed, input));
        base.push(n);
        baseCpu.push(nCpu);
        console.log(`  round ${r + 1}: naive full re-encode ${fmt(n, 1)} s, ${fmt(nCpu, 1)} CPU-s (ratio this round ${fmt(n / m.seconds, 1)}×)`);
      }
    }
    if (base.length) {
      const ratio = median(base) / median(mine);
      console.log(`${fmt(minutes, 1)} min: renderer ${fmt(median(mine), 1)} s vs naive ${fmt(median(base), 1)} s → ${fmt(ratio, 1)}× faster (target ≥ ${TARGET_RATIO}×) ${verdict(ratio >= TARGET_RATIO)}`);
      console.log(`${fmt(minutes, 1)} min CPU time: renderer ${fmt(median(mineCpu), 1)} CPU-s vs naive ${fmt(median(baseCpu), 1)} CPU-s → ${fmt(median(baseCpu) / median(mineCpu), 1)}× less work`);
    } else {
      console.log(`${fmt(minutes, 1)} min: renderer ${fmt(median(mine), 1)} s, ${fmt(median(mineCpu), 1)} CPU-s (naive skipped)`);
    }

    if (!opts['skip-hour']) {
      const hour: number[] = [];
      for (let r = 0; r < rounds; r++) {
        const { value: h, cpu } = await withCpu(() => renderer(dir, files, 3600));
        hour.push(h.seconds);
        console.log(`  round ${r + 1}: 60 min renderer ${fmt(h.seconds, 1)} s, ${fmt(cpu, 1)} CPU-s (${h.detail})`);
      }
      const t = median(hour);
      console.log(`60 min: renderer ${fmt(t, 1)} s (target ≤ ${TARGET_HOUR_SECONDS} s) ${verdict(t <= TARGET_HOUR_SECONDS)}`);
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
