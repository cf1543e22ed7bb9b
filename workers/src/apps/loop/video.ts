/**
 * The loop's picture: the unit encoded once as one file per GOP, the parts with fades (and the
 * tail) encoded again from the unit's own GOPs, whole units and blocks of units joined by stream
 * copy; the result is the ffconcat list of the whole output.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { JobError } from '../../../../api/src/domain/jobs/app-contract';
import { asJobError, ffmpegTimeoutMs, runFfmpeg } from '../../media';
import { writeList } from './concat';
import { COST, ENCODING, x264Args } from './encoding';
import type { Env } from './env';
import type { Segment } from './plan';
import { streamFacts } from './probe';
import { fades, unitVideoGraph } from './video-graph';

/** Free disk the output may not eat into (the rest of the worker needs room too). */
const DISK_RESERVE_BYTES = 256 * 1024 * 1024;

/** Encodes the unit (as GOP files) and the parts with fades; returns the join list. */
export async function renderVideo(env: Env, clipPath: string): Promise<string> {
  const { plan, work, input, ctx, signal, meter, rate } = env;
  const pixels = (input.width * input.height) / (1920 * 1080);
  const videoCost = (frames: number) => frames * pixels * COST.encodeFrame;
  let done = 0;
  const total = meter.weight('video');
  const step = (cost: number) => (f: number) => meter.update('video', total > 0 ? (done + cost * f) / total : 1);
  const seconds = (frames: number) => (frames * rate.den) / rate.num;

  // 1. The unit (or, when the output is no longer than one unit, the output itself) from the
  //    clip, written as one file per GOP.
  meter.stage(plan.direct ? 'encoding' : 'encoding_unit');
  const direct = plan.segments[0].kind === 'direct' ? plan.segments[0] : null;
  const { inputs, graph } = unitVideoGraph(env, direct);
  const args: string[] = [];
  for (let i = 0; i < inputs; i++) args.push('-protocol_whitelist', 'file', '-i', `file:${clipPath}`);
  args.push('-filter_complex', graph, '-map', '[v]', '-frames:v', String(plan.unitEncodeFrames), '-an', ...x264Args(env.rate));
  const gops = direct ? [{ start: 0, frames: plan.frames }] : plan.gops;
  const gopFiles = gops.map((_, i) => path.join(work, `gop-${String(i).padStart(5, '0')}.mp4`));
  if (gops.length > 1) {
    // An IDR frame (closed GOP) at every GOP start, and a file per GOP.
    const cuts = gops.slice(1).map((g) => g.start);
    args.push('-forced-idr', '1', '-force_key_frames', `expr:eq(mod(n,${gops[0].frames}),0)`);
    // The segment muxer reads its file name as a pattern: a literal % in the folder must be doubled.
    args.push('-f', 'segment', '-segment_format', 'mp4', '-segment_frames', cuts.join(','), '-reset_timestamps', '1', `${path.join(work, 'gop').replace(/%/g, '%%')}-%05d.mp4`);
  } else {
    args.push('-f', 'mp4', `file:${gopFiles[0]}`);
  }
  const unitCost = videoCost(plan.unitEncodeFrames);
  try {
    await runFfmpeg(args, {
      signal,
      ffmpegPath: ctx.ffmpegPath,
      expectedSeconds: seconds(plan.unitEncodeFrames),
      timeoutMs: ffmpegTimeoutMs(unitCost * 4),
      onProgress: (p) => p.fraction !== null && step(unitCost)(p.fraction),
    });
  } catch (err) {
    throw asJobError(err, 'media_unreadable', `The clip ${input.file_id} could not be decoded.`);
  }
  done += unitCost;
  for (const file of gopFiles) {
    if (!(await exists(file))) throw new JobError('render_failed', `The loop unit was not cut into its ${gopFiles.length} GOPs.`);
  }
  const first = await streamFacts(gopFiles[0], 'v:0', ctx.ffprobePath);
  if (first.frames !== null && first.frames !== gops[0].frames) throw new JobError('render_failed', `The loop unit's first GOP came out ${first.frames} frames long instead of ${gops[0].frames}.`);
  if (direct) return writeList(work, [{ file: gopFiles[0], frames: plan.frames }], rate);

  // Will the output fit on this disk? It is about the unit's size per unit of length.
  let unitBytes = 0;
  for (const file of gopFiles) unitBytes += (await fs.stat(file)).size;
  const estimate = (unitBytes * plan.frames) / plan.unitFrames + (parseInt(ENCODING.audioBitrate, 10) * 1000 * seconds(plan.frames)) / 8;
  await ensureDiskSpace(ctx.workDir, estimate * 1.05);

  // The unit's GOPs from `first`, round and round, as join-list entries.
  const unitEntries = gopFiles.map((file, i) => ({ file, frames: gops[i].frames }));
  const gopRun = (firstGop: number, frames: number) => {
    const out: Array<{ file: string; frames: number }> = [];
    for (let i = firstGop, covered = 0; covered < frames; i = (i + 1) % unitEntries.length) {
      out.push(unitEntries[i]);
      covered += unitEntries[i].frames;
    }
    return out;
  };

  // 2. The parts with fades, and the frames after the last GOP that fits: encoded again from the
  //    unit's own GOPs (decoded through the join demuxer), starting at a GOP boundary.
  const encoded = new Map<Segment, string>();
  for (const seg of plan.segments) {
    if (seg.kind !== 'encode') continue;
    const file = path.join(work, `${seg.name}.mp4`);
    meter.stage(seg.fadeInFrames || seg.fadeOutFrames ? 'encoding_fades' : 'encoding_tail');
    const cost = videoCost(seg.frames);
    const source = await writeList(work, gopRun(seg.phase / gops[0].frames, seg.frames), rate, `${seg.name}-source.ffconcat`);
    const filters = [`setpts=N/(${rate.num}/${rate.den})/TB`, ...fades(seg.frames, seg.fadeInFrames, seg.fadeOutFrames)];
    try {
      await runFfmpeg(
        ['-f', 'concat', '-safe', '1', '-protocol_whitelist', 'file', '-i', `file:${source}`, '-filter_complex', `[0:v:0]${filters.join(',')}[v]`, '-map', '[v]', '-frames:v', String(seg.frames), '-an', ...x264Args(env.rate), '-f', 'mp4', `file:${file}`],
        {
          signal,
          ffmpegPath: ctx.ffmpegPath,
          expectedSeconds: seconds(seg.frames),
          timeoutMs: ffmpegTimeoutMs(cost * 4),
          onProgress: (p) => p.fraction !== null && step(cost)(p.fraction),
        },
      );
    } catch (err) {
      throw asJobError(err, 'render_failed', `The ${seg.name} of the loop could not be encoded.`);
    }
    done += cost;
    encoded.set(seg, file);
  }

  // 3. Whole units as one file, and blocks of whole units: the join demuxer probes every file it
  //    opens (tens of ms each at 1080p), so long loops join a few dozen files, not thousands.
  const join = async (name: string, parts: Array<{ file: string; frames: number }>) => {
    const file = path.join(work, `${name}.mp4`);
    const list = await writeList(work, parts, rate, `${name}.ffconcat`);
    try {
      await runFfmpeg(['-f', 'concat', '-safe', '1', '-protocol_whitelist', 'file', '-i', `file:${list}`, '-map', '0:v:0', '-c', 'copy', '-f', 'mp4', `file:${file}`], {
        signal,
        ffmpegPath: ctx.ffmpegPath,
        timeoutMs: ffmpegTimeoutMs(seconds(parts.reduce((sum, p) => sum + p.frames, 0)) * COST.copySecond),
      });
    } catch (err) {
      throw asJobError(err, 'render_failed', 'The loop could not be assembled.');
    }
    return file;
  };
  const block = plan.segments.find((s): s is Extract<Segment, { kind: 'block' }> => s.kind === 'block');
  const needUnit = plan.segments.some((s) => s.kind === 'unit' || s.kind === 'block');
  let unitFile: { file: string; frames: number } | null = null;
  let blockFile: string | null = null;
  if (needUnit) {
    meter.stage('joining');
    unitFile = { file: unitEntries.length > 1 ? await join('unit', unitEntries) : unitEntries[0].file, frames: plan.unitFrames };
    if (block) blockFile = await join('block', Array.from({ length: block.units }, () => unitFile!));
  }

  // Stream copy joins only files with identical codec headers: check before joining.
  const reference = first.extradata;
  for (const file of [...encoded.values(), ...(unitFile ? [unitFile.file] : []), ...(blockFile ? [blockFile] : [])]) {
    const facts = await streamFacts(file, 'v:0', ctx.ffprobePath);
    if (facts.extradata !== reference) throw new JobError('render_failed', `The parts of the loop were encoded with different H.264 headers (${path.basename(file)}).`);
  }

  const entries: Array<{ file: string; frames: number }> = [];
  for (const seg of plan.segments) {
    if (seg.kind === 'encode') entries.push({ file: encoded.get(seg)!, frames: seg.frames });
    else if (seg.kind === 'gops') entries.push(...unitEntries.slice(seg.first, seg.first + seg.count));
    else if (seg.kind === 'unit') for (let i = 0; i < seg.count; i++) entries.push(unitFile!);
    else if (seg.kind === 'block') for (let i = 0; i < seg.count; i++) entries.push({ file: blockFile!, frames: seg.units * plan.unitFrames });
  }
  meter.update('video', 1);
  return writeList(work, entries, rate);
}

async function exists(file: string): Promise<boolean> {
  try {
    await fs.access(file);
    return true;
  } catch {
    return false;
  }
}

async function ensureDiskSpace(dir: string, bytes: number): Promise<void> {
  let free: number;
  try {
    const s = await fs.statfs(dir);
    free = s.bavail * s.bsize;
  } catch {
    return; // Not knowable here: the write itself will fail cleanly if the disk fills.
  }
  if (free - DISK_RESERVE_BYTES < bytes) {
    throw new JobError('render_failed', `The loop needs about ${Math.ceil(bytes / 1e9)} GB of disk and this worker has ${Math.floor(free / 1e9)} GB free.`, { transient: true });
  }
}
