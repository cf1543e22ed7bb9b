import fs from 'node:fs/promises';
import path from 'node:path';
import type { LoopInput } from '../../../../api/src/domain/apps/loop/request';
import { JobError } from '../../../../api/src/domain/jobs/app-contract';
import { asJobError, ffmpegTimeoutMs, runFfmpeg } from '../../media';
import { COST } from './encoding';
import type { Env } from './env';
import { AUDIO_RATE, type AudioChunk } from './plan';

/** Samples per frame in the mix (≈ 170 ms). */
const MIX_FRAME = 8192;
/** Layers up to this long that must repeat are decoded once to PCM (20 min ≈ 460 MB). */
const PCM_LAYER_MAX_SECONDS = 1200;

export interface MixSource {
  /** Input options and `-i`. */
  input: string[];
  /** Filters that bring it to 48 kHz stereo float. */
  prepare: string[];
  /** Samples per repeat when known exactly (PCM), so a chunk can start inside a repeat; null: decode from the start. */
  period: number | null;
  /** 0–1. */
  weight: number;
  fadeIn: number;
  fadeOut: number;
}

/** FFmpeg input and filter arguments that mix output samples [start − pre, end + post). */
export function mixArgs(env: Env, sources: MixSource[], master: { fadeIn: number; fadeOut: number }, chunk: AudioChunk): string[] {
  const total = env.plan.audio.samples;
  const from = chunk.start - chunk.pre;
  const to = chunk.end + chunk.post;
  const fmt = `aformat=sample_fmts=fltp:sample_rates=${AUDIO_RATE}:channel_layouts=stereo`;
  const fades = (fadeIn: number, fadeOut: number): string[] => {
    const out: string[] = [];
    if (fadeIn > 0 && from < fadeIn) {
      if (from !== 0) throw new JobError('render_failed', 'A chunk of the sound starts inside a fade-in.');
      out.push(`afade=t=in:ss=0:ns=${fadeIn}`);
    }
    if (fadeOut > 0 && to > total - fadeOut) {
      if (total - fadeOut < from) throw new JobError('render_failed', 'A chunk of the sound starts inside a fade-out.');
      out.push(`afade=t=out:ss=${total - fadeOut - from}:ns=${fadeOut}`);
    }
    return out;
  };
  const args: string[] = [];
  const chains: string[] = [];
  sources.forEach((s, i) => {
    args.push(...s.input);
    const skip = s.period ? from % s.period : from;
    // Big frames: for an hour of sound the per-frame cost of the filters, not the arithmetic, is what counts.
    const f = [...s.prepare, `asetnsamples=n=${MIX_FRAME}:p=0`, 'asetpts=N/SR/TB', `atrim=start_sample=${skip}:end_sample=${skip + to - from}`, 'asetpts=PTS-STARTPTS', ...fades(s.fadeIn, s.fadeOut)];
    chains.push(`[${i}:a:0]${f.join(',')}[s${i}]`);
  });
  // Added, not averaged: amix divides by the sum of its weights, the volume after it multiplies back.
  const weights = sources.map((s) => s.weight);
  const weightSum = weights.reduce((s, w) => s + w, 0);
  const level = (weightSum * env.input.master_volume) / 100;
  const sum =
    sources.length > 1
      ? `${sources.map((_, i) => `[s${i}]`).join('')}amix=inputs=${sources.length}:duration=longest:dropout_transition=0:weights=${weights.map((w) => (weightSum > 0 ? w : 1).toFixed(4)).join(' ')}`
      : '[s0]anull';
  chains.push(`${sum},${[`volume=${level.toFixed(6)}`, ...fades(master.fadeIn, master.fadeOut), fmt].join(',')}[a]`);
  return [...args, '-filter_complex', chains.join(';'), '-map', '[a]', '-vn'];
}

/** Decodes a layer that must repeat to 48 kHz stereo PCM, when that file stays small. */
export async function prepareLayer(env: Env, layer: LoopInput['audio_layers'][number], index: number): Promise<{ path: string; metadata: Record<string, unknown>; pcm: string | null; pcmSamples: number | null }> {
  const file = env.ctx.files.get(layer.file_id)!;
  const seconds = env.plan.audio.samples / AUDIO_RATE;
  if (!(layer.duration_seconds < seconds && layer.duration_seconds <= PCM_LAYER_MAX_SECONDS)) return { path: file.path, metadata: file.info.metadata, pcm: null, pcmSamples: null };
  const pcm = path.join(env.work, `layer-${index}.f32`);
  const chain = `aresample=${AUDIO_RATE},${upmix(file.info.metadata)}aformat=sample_fmts=flt:sample_rates=${AUDIO_RATE}:channel_layouts=stereo`;
  try {
    await runFfmpeg(['-protocol_whitelist', 'file', '-i', `file:${file.path}`, '-map', '0:a:0', '-vn', '-af', chain, '-c:a', 'pcm_f32le', '-f', 'f32le', `file:${pcm}`], {
      signal: env.signal,
      ffmpegPath: env.ctx.ffmpegPath,
      timeoutMs: ffmpegTimeoutMs(layer.duration_seconds * COST.audioSecond * 4),
    });
  } catch (err) {
    throw asJobError(err, 'media_unreadable', `The audio layer ${layer.file_id} could not be decoded.`);
  }
  const samples = Math.floor((await fs.stat(pcm)).size / 8);
  if (samples < 1) throw new JobError('media_unreadable', `The audio layer ${layer.file_id} has no sound.`);
  return { path: file.path, metadata: file.info.metadata, pcm, pcmSamples: samples };
}

/**
 * Mono plays on both speakers at its own level, as players play it (FFmpeg's default upmix puts
 * it 3 dB down on each side, so a loop would come out quieter than its clip).
 */
export function upmix(metadata: Record<string, unknown>): string {
  return metadata.audio_channels === 1 ? 'pan=stereo|c0=c0|c1=c0,' : '';
}
