import fs from 'node:fs/promises';
import path from 'node:path';
import { JobError } from '../../../../api/src/domain/jobs/app-contract';
import { asJobError, ffmpegTimeoutMs, runFfmpeg } from '../../media';
import { upmix } from './audio-mix';
import { COST } from './encoding';
import type { Env } from './env';
import { AUDIO_RATE } from './plan';

/** Units of sound up to this size (≈ 87 s) are written out as their drift-free passes. */
const REPEAT_PCM_MAX_BYTES = 32 * 1024 * 1024;

/**
 * One unit of the clip's sound (the same cut as the picture), as raw 48 kHz stereo float PCM,
 * sample exact. `period` is the samples per repeat: for a unit that is not a whole number of
 * samples (29.97 fps), the file holds its drift-free passes, so the repeats keep the picture's clock.
 */
export async function renderUnitSound(env: Env, clipPath: string): Promise<{ file: string; period: number }> {
  const { plan, input, ctx, signal, work } = env;
  const A = plan.audio;
  const fmt = `aformat=sample_fmts=fltp:sample_rates=${AUDIO_RATE}:channel_layouts=stereo`;
  let unitPcm = path.join(work, 'unit-audio.f32');
  let unitPeriod = A.unitWriteSamples;
  const chains: string[] = [];
  const labels: string[] = [];
  let next = 0;
  // Start at t = 0 like the picture (a late first sample is preceded by silence), pad the end.
  const base = (i: number) => `[${i}:a:0]aresample=${AUDIO_RATE}:async=1:first_pts=0,${upmix(ctx.files.get(input.file_id)!.info.metadata)}${fmt},apad`;
  for (const p of A.pieces) {
    const label = `p${labels.length}`;
    if (p.kind === 'forward' || p.kind === 'reverse') {
      chains.push(`${base(next++)},atrim=start_sample=${p.start}:end_sample=${p.end},asetpts=PTS-STARTPTS${p.kind === 'reverse' ? ',areverse' : ''}[${label}]`);
    } else {
      const h = next++;
      const t = next++;
      chains.push(`${base(h)},atrim=end_sample=${p.length},asetpts=PTS-STARTPTS,afade=t=in:ss=0:ns=${p.length}[h${label}]`);
      chains.push(`${base(t)},atrim=start_sample=${p.tailStart}:end_sample=${p.tailStart + p.length},asetpts=PTS-STARTPTS,afade=t=out:ss=0:ns=${p.length}[t${label}]`);
      chains.push(`[h${label}][t${label}]amerge=inputs=2,pan=stereo|c0=c0+c2|c1=c1+c3[${label}]`);
    }
    labels.push(label);
  }
  const joined = labels.length > 1 ? `${labels.map((l) => `[${l}]`).join('')}concat=n=${labels.length}:v=0:a=1` : `[${labels[0]}]anull`;
  chains.push(`${joined},${fmt},apad,atrim=end_sample=${A.unitWriteSamples}[a]`);
  const args: string[] = [];
  for (let i = 0; i < next; i++) args.push('-protocol_whitelist', 'file', '-i', `file:${clipPath}`);
  args.push('-filter_complex', chains.join(';'), '-map', '[a]', '-vn', '-c:a', 'pcm_f32le', '-f', 'f32le', `file:${unitPcm}`);
  try {
    await runFfmpeg(args, { signal, ffmpegPath: ctx.ffmpegPath, timeoutMs: ffmpegTimeoutMs((A.unitWriteSamples / AUDIO_RATE) * COST.audioSecond * 4) });
  } catch (err) {
    throw asJobError(err, 'media_unreadable', `The sound of the clip ${input.file_id} could not be decoded.`);
  }
  const { size } = await fs.stat(unitPcm);
  if (size !== A.unitWriteSamples * 8) throw new JobError('render_failed', `The loop's sound unit came out ${size / 8} samples long instead of ${A.unitWriteSamples}.`);
  // The passes of a unit that is not a whole number of samples, so the repeats keep the picture's clock.
  if (A.repeatLengths.length > 1 && A.unitWriteSamples === A.unitSamples && size <= REPEAT_PCM_MAX_BYTES) {
    const unit = await fs.readFile(unitPcm);
    const passes = path.join(work, 'unit-audio-passes.f32');
    const handle = await fs.open(passes, 'w');
    try {
      for (const len of A.repeatLengths) await handle.write(unit, 0, len * 8);
    } finally {
      await handle.close();
    }
    unitPcm = passes;
    unitPeriod = A.repeatLengths.reduce((sum, len) => sum + len, 0);
  }
  return { file: unitPcm, period: unitPeriod };
}
