/**
 * Video mix rendering: the job renderer (each clip encoded once, variants joined by stream copy)
 * against the naive method measured in the same run (every variant re-encoded from the raw clips
 * with one FFmpeg concat filter graph: decode, scale, pad, resample, encode).
 *
 * Workload (defaults): 10 clips of 5 s, 1920×1080 30 fps H.264 + stereo AAC, generated with lavfi;
 * 50 variants of 30 s with the API's default options (9:16 1080p, 30 fps, medium quality, sound
 * kept, contain, shuffle; `duration: fixed 30 s`, shared equally).
 *
 * Printed: the renderer's total time (median over `--repeats`), its clip-normalising phase and
 * its per-variant marginal cost (assembly phase / variants, as × realtime of a variant); the naive
 * method's time per variant (median over `--naive-sample` variants) and its total — measured when
 * the sample covers every variant, else extrapolated (sample median × variants, and it says so).
 * Targets: total ≥ 10× faster than naive; marginal ≥ 50× realtime.
 *
 *   npx tsx bench/video-mix.bench.ts [--clips 10] [--variants 50] [--seconds 30] [--clip-seconds 5]
 *                                    [--naive-sample 3] [--repeats 1]
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs, promisify } from 'node:util';
import { probeMedia, resolveFfmpegPath, runFfprobe } from '../api/src/domain/files/probe';
import type { InputFileInfo } from '../api/src/domain/jobs/app-contract';
import { videoMixApp, type VideoMixInput, type VideoMixPlannedVariant } from '../api/src/domain/apps/video-mix/request';
import { renderVideoMix } from '../workers/src/apps/video-mix/render';
import { runFfmpeg } from '../workers/src/media/ffmpeg';
import { fmt, median, verdict } from './support/stats';

const run = promisify(execFile);
const TARGET_RATIO = 10;
const TARGET_REALTIME = 50;

const { values } = parseArgs({
  options: {
    clips: { type: 'string', default: '10' },
    variants: { type: 'string', default: '50' },
    seconds: { type: 'string', default: '30' },
    'clip-seconds': { type: 'string', default: '5' },
    'naive-sample': { type: 'string', default: '3' },
    repeats: { type: 'string', default: '1' },
  },
});
const CLIPS = Number(values.clips);
const VARIANTS = Number(values.variants);
const SECONDS = Number(values.seconds);
const CLIP_SECONDS = Number(values['clip-seconds']);
const NAIVE_SAMPLE = Math.min(Number(values['naive-sample']), VARIANTS);
const REPEATS = Math.max(1, Number(values.repeats));

interface Clip {
  id: string;
  path: string;
  info: InputFileInfo;
}

async function makeClips(dir: string): Promise<Clip[]> {
  const ffmpeg = resolveFfmpegPath(process.env.FFMPEG_PATH);
  const clips: Clip[] = [];
  // Sequential: the generation is not what is measured, and parallel x264 runs would only contend.
  for (let i = 0; i < CLIPS; i++) {
    const id = `file_bench${i}`;
    const file = path.join(dir, `${id}.mp4`);
    await run(ffmpeg, [
      '-hide_banner', '-loglevel', 'error', '-y',
      '-f', 'lavfi', '-i', `testsrc2=size=1920x1080:rate=30:duration=${CLIP_SECONDS}`,
      '-f', 'lavfi', '-i', `sine=frequency=${220 + 55 * i}:sample_rate=48000:duration=${CLIP_SECONDS}`,
      '-f', 'lavfi', '-i', `anoisesrc=color=pink:amplitude=0.05:sample_rate=48000:duration=${CLIP_SECONDS}`,
      '-filter_complex', '[1:a][2:a]amerge=inputs=2[a]',
      '-map', '0:v', '-map', '[a]',
      '-c:v', 'libx264', '-preset', 'veryfast', '-crf', '18', '-pix_fmt', 'yuv420p',
      '-c:a', 'aac', '-b:a', '192k', '-ac', '2', '-shortest', file,
    ]);
    const metadata = await probeMedia(file);
    clips.push({ id, path: file, info: { id, kind: 'video', content_type: 'video/mp4', bytes: fs.statSync(file).size, metadata: { ...metadata } } });
  }
  return clips;
}

interface OurRun {
  totalMs: number;
  normalizeMs: number;
  assembleMs: number;
  /** CPU seconds (this process and its FFmpeg children): unlike wall time, barely moved by other load. */
  cpuS: number;
  assembleCpuS: number;
}

const CLOCK_TICKS = 100;
/** CPU seconds used so far by this process plus its finished children (Linux /proc). */
function cpuSeconds(): number {
  const stat = fs.readFileSync('/proc/self/stat', 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // After the command name: state is field 3, so utime, stime, cutime, cstime are fields 14–17.
  const [utime, stime, cutime, cstime] = [11, 12, 13, 14].map((i) => Number(fields[i]));
  return (utime + stime + cutime + cstime) / CLOCK_TICKS;
}

async function runOurs(input: VideoMixInput, clips: Clip[], parent: string): Promise<OurRun> {
  const workDir = fs.mkdtempSync(path.join(parent, 'ours-'));
  try {
    let firstAssembly = 0;
    let cpuAtAssembly = 0;
    const cpu0 = cpuSeconds();
    const started = performance.now();
    const outputs = await renderVideoMix(input, {
      workDir,
      files: new Map(clips.map((c) => [c.id, { path: c.path, info: c.info }])),
      signal: new AbortController().signal,
      progress: (_f, stage) => {
        if (stage !== 'normalizing' && !firstAssembly) {
          firstAssembly = performance.now();
          cpuAtAssembly = cpuSeconds();
        }
      },
    });
    const ended = performance.now();
    const cpuS = cpuSeconds() - cpu0;
    // Sanity: the first variant is what the plan says.
    const probe = await runFfprobe(outputs[0].path);
    const duration = Number(probe.format.duration);
    if (Math.abs(duration - input.plan[0].duration_seconds) > 1 / input.fps + 1e-3) throw new Error(`variant 0 lasts ${duration} s, planned ${input.plan[0].duration_seconds}`);
    return { totalMs: ended - started, normalizeMs: firstAssembly - started, assembleMs: ended - firstAssembly, cpuS, assembleCpuS: cpuS + cpu0 - cpuAtAssembly };
  } finally {
    fs.rmSync(workDir, { recursive: true, force: true });
  }
}

/** The naive method: one FFmpeg per variant, decoding the raw clips and encoding everything again. */
async function runNaiveVariant(input: VideoMixInput, v: VideoMixPlannedVariant, clips: Clip[], dir: string): Promise<{ ms: number; cpuS: number }> {
  const { width: W, height: H, fps } = input;
  const args: string[] = [];
  const parts: string[] = [];
  const labels: string[] = [];
  v.segments.forEach((s, i) => {
    const clip = clips.find((c) => c.id === input.clips[s.clip].file_id)!;
    args.push('-i', clip.path);
    const seconds = (s.end_frame - s.start_frame) / fps;
    parts.push(
      `[${i}:v]trim=duration=${seconds},setpts=PTS-STARTPTS,scale=${W}:${H}:force_original_aspect_ratio=decrease,pad=${W}:${H}:(ow-iw)/2:(oh-ih)/2,setsar=1,fps=${fps},format=yuv420p[v${i}]`,
      `[${i}:a]atrim=duration=${seconds},asetpts=PTS-STARTPTS,aresample=48000,aformat=sample_fmts=fltp:channel_layouts=stereo[a${i}]`,
    );
    labels.push(`[v${i}][a${i}]`);
  });
  parts.push(`${labels.join('')}concat=n=${v.segments.length}:v=1:a=1[v][a]`);
  const out = path.join(dir, `naive-${v.index}.mp4`);
  // The same encoder settings as the renderer's `medium` quality.
  args.push(
    '-filter_complex', parts.join(';'), '-map', '[v]', '-map', '[a]',
    '-c:v', 'libx264', '-preset', 'veryfast', '-crf', '23', '-profile:v', 'high', '-pix_fmt', 'yuv420p', '-g', String(fps * 2),
    '-c:a', 'aac', '-b:a', '128k', '-movflags', '+faststart', out,
  );
  const cpu0 = cpuSeconds();
  const started = performance.now();
  await runFfmpeg(args, { timeoutMs: 3_600_000 });
  const ms = performance.now() - started;
  const cpuS = cpuSeconds() - cpu0;
  fs.rmSync(out, { force: true });
  return { ms, cpuS };
}

async function main() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lk-vmix-bench-'));
  try {
    console.log(`video mix bench: ${CLIPS} clips × ${CLIP_SECONDS} s (1920×1080 30 fps, stereo), ${VARIANTS} variants × ${SECONDS} s, default options; ${os.cpus().length} CPUs`);
    const t0 = performance.now();
    const clips = await makeClips(dir);
    console.log(`  generated clips in ${fmt((performance.now() - t0) / 1000, 1)} s`);

    const input = videoMixApp.normalize(
      { clips: clips.map((c) => ({ file_id: c.id })), variants: VARIANTS, duration: { mode: 'fixed', seconds: SECONDS } },
      new Map(clips.map((c) => [c.id, c.info])),
    );
    console.log(`  output ${input.width}×${input.height} ${input.fps} fps, quality ${input.quality}, audio ${input.audio}; ${input.clips_per_variant} clips per variant`);

    const ours: OurRun[] = [];
    for (let r = 0; r < REPEATS; r++) {
      const res = await runOurs(input, clips, dir);
      ours.push(res);
      console.log(`  renderer run ${r + 1}: total ${fmt(res.totalMs / 1000, 2)} s (normalise ${fmt(res.normalizeMs / 1000, 2)} s, assemble ${fmt(res.assembleMs / 1000, 2)} s); CPU ${fmt(res.cpuS, 1)} s (assemble ${fmt(res.assembleCpuS, 1)} s)`);
    }

    const naive: number[] = [];
    const naiveCpu: number[] = [];
    for (let i = 0; i < NAIVE_SAMPLE; i++) {
      const { ms, cpuS } = await runNaiveVariant(input, input.plan[i], clips, dir);
      naive.push(ms);
      naiveCpu.push(cpuS);
      console.log(`  naive variant ${i + 1}/${NAIVE_SAMPLE}: ${fmt(ms / 1000, 2)} s; CPU ${fmt(cpuS, 1)} s`);
    }

    const oursTotal = median(ours.map((r) => r.totalMs)) / 1000;
    const oursNormalize = median(ours.map((r) => r.normalizeMs)) / 1000;
    const marginal = median(ours.map((r) => r.assembleMs)) / 1000 / VARIANTS;
    const naivePer = median(naive) / 1000;
    const measuredAll = NAIVE_SAMPLE >= VARIANTS;
    const naiveTotal = measuredAll ? naive.reduce((a, b) => a + b, 0) / 1000 : naivePer * VARIANTS;
    const ratio = naiveTotal / oursTotal;
    const realtime = SECONDS / marginal;
    const oursCpu = median(ours.map((r) => r.cpuS));
    const naiveCpuTotal = measuredAll ? naiveCpu.reduce((a, b) => a + b, 0) : median(naiveCpu) * VARIANTS;

    console.log('');
    console.log(`renderer total:        ${fmt(oursTotal, 2)} s${REPEATS > 1 ? ` (median of ${REPEATS})` : ''}  [normalise clips ${fmt(oursNormalize, 2)} s + assemble ${VARIANTS} variants]`);
    console.log(`naive per variant:     ${fmt(naivePer, 2)} s (median of ${NAIVE_SAMPLE})`);
    console.log(
      `naive total:           ${fmt(naiveTotal, 1)} s${measuredAll ? ' (measured, all variants)' : ` (EXTRAPOLATED: median of ${NAIVE_SAMPLE} sampled variants × ${VARIANTS})`}`,
    );
    console.log(`speed-up:              ${fmt(ratio, 1)}×  (target ≥ ${TARGET_RATIO}×) ${verdict(ratio >= TARGET_RATIO)}`);
    console.log(`CPU time (load-proof): renderer ${fmt(oursCpu, 1)} s vs naive ${fmt(naiveCpuTotal, 1)} s${measuredAll ? '' : ' (extrapolated)'} = ${fmt(naiveCpuTotal / oursCpu, 1)}× less CPU`);
    console.log(`marginal per variant:  ${fmt(marginal, 3)} s = ${fmt(realtime, 1)}× realtime for a ${SECONDS} s variant  (target ≥ ${TARGET_REALTIME}×) ${verdict(realtime >= TARGET_REALTIME)}`);
    const marginalCpu = median(ours.map((r) => r.assembleCpuS)) / VARIANTS;
    console.log(`marginal CPU/variant:  ${fmt(marginalCpu, 3)} CPU-s = ${fmt(SECONDS / marginalCpu, 1)}× realtime per core`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
