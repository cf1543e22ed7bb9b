import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { asJobError, ffmpegTimeoutMs, runFfmpeg, settleAll } from '../../media';
import { mixArgs, prepareLayer, upmix, type MixSource } from './audio-mix';
import { renderUnitSound } from './audio-unit';
import { ENCODING } from './encoding';
import type { Env } from './env';
import { AUDIO_RATE, audioChunks } from './plan';

/** Chunks of sound encoded side by side: at most this many, each at least this long. */
const MAX_AUDIO_CHUNKS = 4;
const MIN_AUDIO_CHUNK_SECONDS = 120;

/** One unit of the clip's sound (raw PCM), then the whole mix encoded once; returns the AAC file. */
export async function renderAudio(env: Env, clipPath: string, keepOriginal: boolean): Promise<{ file: string; list: boolean }> {
  const { plan, input, ctx, signal, work, meter } = env;
  const A = plan.audio;
  const fmt = `aformat=sample_fmts=fltp:sample_rates=${AUDIO_RATE}:channel_layouts=stereo`;
  const total = meter.weight('audio');

  const unit = keepOriginal && A.unitWriteSamples > 0 ? await renderUnitSound(env, clipPath) : null;

  // Layers that must repeat are decoded once to PCM (a short file), so the mix repeats samples
  // instead of decoding and resampling the layer again on every pass.
  const layerSources = await settleAll(input.audio_layers.map((layer, i) => prepareLayer(env, layer, i)), { onFailure: env.abort });

  // The mix: every source repeated to the end, exact to the sample, mixed and encoded in chunks
  // side by side (one AAC encoder is one thread, and the longest step of an hour-long loop).
  meter.stage('mixing_audio');
  const raw = ['-f', 'f32le', '-ar', String(AUDIO_RATE), '-ac', '2'];
  const sources: MixSource[] = [];
  if (unit) {
    sources.push({ input: ['-stream_loop', '-1', ...raw, '-protocol_whitelist', 'file', '-i', `file:${unit.file}`], prepare: [], period: unit.period, weight: input.audio.volume / 100, fadeIn: 0, fadeOut: 0 });
  }
  input.audio_layers.forEach((layer, k) => {
    const source = layerSources[k];
    sources.push({
      input: source.pcm ? ['-stream_loop', '-1', ...raw, '-protocol_whitelist', 'file', '-i', `file:${source.pcm}`] : ['-stream_loop', '-1', '-protocol_whitelist', 'file', '-i', `file:${source.path}`],
      prepare: source.pcm ? [] : [`aresample=${AUDIO_RATE}`, `${upmix(source.metadata)}${fmt}`],
      period: source.pcmSamples,
      weight: layer.volume / 100,
      fadeIn: Math.min(A.samples, Math.round(layer.fade_in_seconds * AUDIO_RATE)),
      fadeOut: Math.min(A.samples, Math.round(layer.fade_out_seconds * AUDIO_RATE)),
    });
  });
  const master = { fadeIn: Math.min(A.samples, Math.round(input.fade_in_seconds * AUDIO_RATE)), fadeOut: Math.min(A.samples, Math.round(input.fade_out_seconds * AUDIO_RATE)) };
  const chunks = audioChunks(A.samples, {
    parallel: Math.min(MAX_AUDIO_CHUNKS, os.cpus().length),
    fadeInSamples: Math.max(master.fadeIn, ...sources.map((s) => s.fadeIn)),
    fadeOutSamples: Math.max(master.fadeOut, ...sources.map((s) => s.fadeOut)),
    minChunkSamples: MIN_AUDIO_CHUNK_SECONDS * AUDIO_RATE,
  });
  const done = chunks.map(() => 0);
  const files = await settleAll(
    chunks.map(async (chunk, i) => {
      const file = path.join(work, `audio-${i}.m4a`);
      const len = chunk.end - chunk.start + chunk.pre + chunk.post;
      try {
        await runFfmpeg([...mixArgs(env, sources, master, chunk), '-c:a', 'aac', '-b:a', ENCODING.audioBitrate, '-ar', String(AUDIO_RATE), '-ac', '2', '-f', 'mp4', `file:${file}`], {
          signal,
          ffmpegPath: ctx.ffmpegPath,
          expectedSeconds: len / AUDIO_RATE,
          timeoutMs: ffmpegTimeoutMs((total * 6 * len) / A.samples),
          onProgress: (p) => {
            if (p.fraction === null) return;
            done[i] = p.fraction * len;
            meter.update('audio', done.reduce((s, d) => s + d, 0) / A.samples);
          },
        });
      } catch (err) {
        throw asJobError(err, 'media_unreadable', 'The sound of the loop could not be mixed (an audio layer could not be decoded).');
      }
      return file;
    }),
    { onFailure: env.abort },
  );
  meter.update('audio', 1);
  if (files.length === 1) return { file: files[0], list: false };
  // Joined by stream copy: each chunk from its first own frame to its last.
  const lines = ['ffconcat version 1.0'];
  chunks.forEach((c, i) => {
    lines.push(`file '${path.basename(files[i])}'`);
    if (c.pre) lines.push(`inpoint ${(c.pre / AUDIO_RATE).toFixed(9)}`);
    lines.push(`outpoint ${((c.pre + c.end - c.start) / AUDIO_RATE).toFixed(9)}`);
  });
  const list = path.join(work, 'audio.ffconcat');
  await fs.writeFile(list, `${lines.join('\n')}\n`);
  return { file: list, list: true };
}
