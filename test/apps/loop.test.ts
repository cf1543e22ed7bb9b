import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { loopApp, normalizeLoop, outputFrameRate, loopFrameSize, type CreateLoopRequest, type LoopInput } from '../../api/src/domain/apps/loop/request';
import { probeMedia, resolveFfmpegPath, resolveFfprobePath, runFfprobe, type FfprobeOutput } from '../../api/src/domain/files/probe';
import type { InputFileInfo, RenderedOutput } from '../../api/src/domain/jobs/app-contract';
import { ApiError } from '../../api/src/errors/api-error';
import { loadCatalogue } from '../../api/src/domain/pricing/pricing';
import { audioChunks, planLoop, segmentFrames } from '../../workers/src/apps/loop/plan';
import { FfmpegError } from '../../workers/src/media/ffmpeg';
import { renderLoop } from '../../workers/src/apps/loop/render';

const run = promisify(execFile);
const ffmpeg = resolveFfmpegPath(process.env.FFMPEG_PATH);

/** Frames are compared small and grey: encoding noise averages out, motion and cuts do not. */
const GW = 80;
const GH = 60;

interface Fixture {
  path: string;
  info: InputFileInfo;
}

async function makeFile(dir: string, name: string, id: string, kind: InputFileInfo['kind'], args: string[]): Promise<Fixture> {
  const file = path.join(dir, name);
  await run(ffmpeg, ['-hide_banner', '-loglevel', 'error', '-y', ...args, file]);
  const metadata = await probeMedia(file);
  return { path: file, info: { id, kind, content_type: kind === 'audio' ? 'audio/mp4' : 'video/mp4', bytes: fs.statSync(file).size, metadata: metadata as unknown as Record<string, unknown> } };
}

function infos(...fixtures: Fixture[]): Map<string, InputFileInfo> {
  return new Map(fixtures.map((f) => [f.info.id, f.info]));
}

interface Rendered {
  input: LoopInput;
  output: RenderedOutput;
  workDir: string;
  progress: Array<[number, string]>;
}

async function probe(file: string): Promise<FfprobeOutput> {
  return runFfprobe(file);
}

function streamOf(p: FfprobeOutput, type: 'video' | 'audio') {
  return p.streams.find((s) => s.codec_type === type);
}

/** Every frame of the file as an 80×60 grey picture. */
async function greyFrames(file: string): Promise<Buffer[]> {
  const { stdout } = await run(ffmpeg, ['-v', 'error', '-i', file, '-vf', `scale=${GW}:${GH},format=gray`, '-f', 'rawvideo', '-'], { encoding: 'buffer', maxBuffer: 512 * 1024 * 1024 });
  const size = GW * GH;
  return Array.from({ length: Math.floor(stdout.length / size) }, (_, i) => stdout.subarray(i * size, (i + 1) * size));
}

const meanAbsDiff = (a: Buffer, b: Buffer) => a.reduce((s, v, i) => s + Math.abs(v - b[i]), 0) / a.length;
const mean = (a: Buffer) => a.reduce((s, v) => s + v, 0) / a.length;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const diffs = (frames: Buffer[]) => frames.slice(1).map((f, i) => meanAbsDiff(frames[i], f));

/** Mean and max volume (dB) of the sound, optionally of a stretch only. */
async function loudness(file: string, from = 0, to?: number): Promise<{ mean: number; max: number }> {
  const trim = `atrim=start=${from}${to !== undefined ? `:end=${to}` : ''},volumedetect`;
  const { stderr } = await run(ffmpeg, ['-hide_banner', '-nostats', '-i', file, '-map', '0:a:0', '-af', trim, '-f', 'null', '-']);
  const pick = (key: string) => Number(new RegExp(`${key}: (-?[0-9.]+|-inf) dB`).exec(stderr)?.[1] ?? NaN);
  return { mean: pick('mean_volume'), max: pick('max_volume') };
}

/** Files and processes under a folder: what a canceled render may not leave behind. */
function leftovers(dir: string): { files: string[]; processes: number[] } {
  const files = fs.existsSync(dir) ? fs.readdirSync(dir) : [];
  const processes: number[] = [];
  for (const pid of fs.readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      if (fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(dir)) processes.push(Number(pid));
    } catch {
      // gone already
    }
  }
  return { files, processes };
}

describe('Loops', function () {
  this.timeout(60_000);

  let dir: string;
  /** 2 s, 320×240, 30 fps: moving test pattern + 440 Hz tone (-21 dB RMS). */
  let clip: Fixture;
  /** 1.3 s, 1 kHz tone: a layer shorter than every loop, so it must repeat. */
  let tone: Fixture;
  /** 2 s, 160×120, 30 fps with a tone over faint noise: the long loop's clip (AAC encodes a pure tone slowly). */
  let small: Fixture;
  /** 1 s of sound only. */
  let picture: Fixture;

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lumiku-loop-'));
    [clip, tone, small, picture] = await Promise.all([
      makeFile(dir, 'clip.mp4', 'file_clip', 'video', [
        '-f', 'lavfi', '-i', 'testsrc2=size=320x240:rate=30:duration=2',
        '-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=48000:duration=2',
        '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-shortest',
      ]),
      makeFile(dir, 'tone.m4a', 'file_tone', 'audio', ['-f', 'lavfi', '-i', 'sine=frequency=1000:sample_rate=44100:duration=1.3', '-c:a', 'aac']),
      makeFile(dir, 'small.mp4', 'file_small', 'video', [
        '-f', 'lavfi', '-i', 'testsrc2=size=160x120:rate=30:duration=2',
        '-f', 'lavfi', '-i', 'sine=frequency=330:sample_rate=48000:duration=2',
        '-f', 'lavfi', '-i', 'anoisesrc=color=pink:sample_rate=48000:amplitude=0.02:duration=2',
        '-filter_complex', '[1:a][2:a]amix=inputs=2[a]', '-map', '0:v', '-map', '[a]',
        '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-b:a', '192k', '-shortest',
      ]),
      makeFile(dir, 'silent-picture.mp4', 'file_picture', 'video', ['-f', 'lavfi', '-i', 'testsrc2=size=160x120:rate=30:duration=1', '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p']),
    ]);
  });

  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  async function render(request: Partial<CreateLoopRequest>, fixtures: Fixture[] = [clip], signal?: AbortSignal, workDir?: string, onStage?: (stage: string) => void): Promise<Rendered> {
    const input = normalizeLoop({ file_id: fixtures[0].info.id, duration_seconds: 7.3, ...request } as CreateLoopRequest, infos(...fixtures));
    const work = workDir ?? fs.mkdtempSync(path.join(dir, 'work-'));
    const progress: Array<[number, string]> = [];
    const [output] = await renderLoop(input, {
      workDir: work,
      files: new Map(fixtures.map((f) => [f.info.id, { path: f.path, info: f.info }])),
      signal: signal ?? new AbortController().signal,
      progress: (f, s) => {
        progress.push([f, s]);
        onStage?.(s);
      },
    });
    return { input, output, workDir: work, progress };
  }

  describe('request', () => {
    it('when the request is minimal, then the defaults are the clip size and rate, a hard cut, its own sound', () => {
      const input = normalizeLoop({ file_id: 'file_clip', duration_seconds: 90 }, infos(clip));
      assert.equal(input.style, 'simple');
      assert.equal(input.crossfade_seconds, null);
      assert.deepEqual(input.audio, { original: 'keep', volume: 100 });
      assert.deepEqual(input.audio_layers, []);
      assert.equal(input.master_volume, 100);
      assert.equal(input.resolution, 'source');
      assert.deepEqual([input.width, input.height, input.frame_rate, input.frames], [320, 240, '30/1', 2700]);
      // A 1 s dissolve is half of this 2 s clip: the default shrinks to the longest that fits.
      assert.equal(normalizeLoop({ file_id: 'file_clip', duration_seconds: 90, style: 'crossfade' }, infos(clip)).crossfade_seconds, 0.96);
      assert.equal(normalizeLoop({ file_id: 'file_small', duration_seconds: 90, style: 'crossfade' }, infos({ ...small, info: { ...small.info, id: 'file_small', metadata: { ...small.info.metadata, duration_seconds: 10 } } })).crossfade_seconds, 1);
      assert.deepEqual(loopApp.fileIds({ file_id: 'file_a', duration_seconds: 5, audio_layers: [{ file_id: 'file_b' }, { file_id: 'file_a' }] }), ['file_a', 'file_b']);
    });

    it('when a crossfade is half the clip or longer, then the request is refused with 422 at crossfade_seconds saying the maximum', () => {
      assert.throws(
        () => normalizeLoop({ file_id: 'file_clip', duration_seconds: 60, style: 'crossfade', crossfade_seconds: 1 }, infos(clip)),
        (err: unknown) =>
          err instanceof ApiError && err.status === 422 && err.code === 'validation_failed' && err.errors?.[0]?.path === 'crossfade_seconds' && /at most 0\.9\d* s/.test(err.errors[0].message),
      );
      assert.equal(normalizeLoop({ file_id: 'file_clip', duration_seconds: 60, style: 'crossfade', crossfade_seconds: 0.95 }, infos(clip)).crossfade_seconds, 0.95);
    });

    it('when options cannot be honoured, then each is refused with its path', () => {
      const bad = (request: Partial<CreateLoopRequest>, files = infos(clip, tone, picture)) => {
        try {
          normalizeLoop({ file_id: 'file_clip', duration_seconds: 60, ...request } as CreateLoopRequest, files);
        } catch (err) {
          assert.ok(err instanceof ApiError && err.status === 422, String(err));
          return (err.errors?.map((e) => e.path) ?? []).sort();
        }
        assert.fail('accepted');
      };
      assert.deepEqual(bad({ crossfade_seconds: 0.5 }), ['crossfade_seconds']);
      assert.deepEqual(bad({ file_id: 'file_tone' }), ['file_id']);
      assert.deepEqual(bad({ audio_layers: [{ file_id: 'file_picture' }] }), ['audio_layers[0].file_id']);
      assert.deepEqual(bad({ audio_layers: [{ file_id: 'file_nope' }] }), ['audio_layers[0].file_id']);
      assert.deepEqual(bad({ audio_layers: Array.from({ length: 6 }, () => ({ file_id: 'file_tone' })) }), ['audio_layers']);
      assert.deepEqual(bad({ audio: { original: 'mute', volume: 50 } }), ['audio.volume']);
      assert.deepEqual(bad({ duration_seconds: 43_201 }), ['duration_seconds']);
      assert.deepEqual(bad({ duration_seconds: 10, fade_in_seconds: 6, fade_out_seconds: 5 }), ['fade_out_seconds']);
      assert.deepEqual(bad({ duration_seconds: 10, audio_layers: [{ file_id: 'file_tone', fade_in_seconds: 8, fade_out_seconds: 8 }] }), ['audio_layers[0].fade_out_seconds']);
      assert.deepEqual(bad({ resolution: '480p' as never, master_volume: 101 }), ['master_volume', 'resolution']);
    });

    it('when a loop is priced, then each started minute counts, with the resolution of the output and the number of layers', () => {
      const prices = loadCatalogue();
      const q = (request: Partial<CreateLoopRequest>) => loopApp.quote(normalizeLoop({ file_id: 'file_clip', duration_seconds: 60, ...request } as CreateLoopRequest, infos(clip, tone)), prices);
      assert.deepEqual([q({}).quantity, q({}).unit_price, q({}).total], [1, 1, 1]);
      assert.equal(q({ duration_seconds: 61 }).quantity, 2);
      assert.equal(q({ duration_seconds: 43_200 }).quantity, 720);
      assert.equal(q({ resolution: '1080p' }).unit_price, 2);
      assert.equal(q({ resolution: '2160p', audio_layers: [{ file_id: 'file_tone' }, { file_id: 'file_tone' }, { file_id: 'file_tone' }] }).unit_price, 1 + 3 + 2);
      // `source` is priced by the size it amounts to: a 4K clip at its own size costs what 2160p costs.
      const uhd = { ...clip.info, metadata: { ...clip.info.metadata, width: 3840, height: 2160 } };
      const input = normalizeLoop({ file_id: 'file_clip', duration_seconds: 60 }, new Map([['file_clip', uhd]]));
      assert.deepEqual([input.width, input.height], [3840, 2160]);
      assert.equal(loopApp.quote(input, prices).unit_price, 4);
    });

    it('when sizes and rates are odd, then outputs are even-sized and rates exact', () => {
      assert.deepEqual(loopFrameSize('720p', 1920, 1080), { width: 1280, height: 720 });
      assert.deepEqual(loopFrameSize('1080p', 720, 1280), { width: 1080, height: 1920 });
      assert.deepEqual(loopFrameSize('source', 321, 241), { width: 320, height: 240 });
      assert.deepEqual(loopFrameSize('source', 7680, 4320), { width: 3840, height: 2160 });
      assert.deepEqual(outputFrameRate(29.97), { frame_rate: '30000/1001', fps: 29.97 });
      assert.deepEqual(outputFrameRate(120), { frame_rate: '60/1', fps: 60 });
      assert.deepEqual(outputFrameRate(null), { frame_rate: '30/1', fps: 30 });
    });
  });

  describe('plan', () => {
    const rate = { num: 30, den: 1 };
    const base = { style: 'crossfade' as const, rate, clipFrames: 300, crossfadeSeconds: 1, fadeInSeconds: 0, fadeOutSeconds: 0, frameBytes: 1920 * 1080 * 1.5, gopFrames: 60 };
    const sum = (plan: ReturnType<typeof planLoop>) => plan.segments.reduce((s, seg) => s + segmentFrames(seg, plan), 0);
    const encodedFrames = (plan: ReturnType<typeof planLoop>) => plan.segments.filter((s) => s.kind === 'encode').reduce((s, seg) => s + segmentFrames(seg, plan), 0);

    it('when an hour is planned from a 10 s clip, then one unit is encoded and everything else is copied', () => {
      const plan = planLoop({ ...base, frames: 3600 * 30 });
      assert.equal(plan.unitFrames, 270);
      assert.deepEqual(plan.gops.map((g) => g.frames), [60, 60, 60, 60, 30]);
      assert.equal(sum(plan), 108_000);
      assert.equal(encodedFrames(plan), 0, 'an hour is 400 whole units: nothing is encoded again');
      assert.ok(plan.segments.some((s) => s.kind === 'block'), 'long loops copy blocks of units');
      const odd = planLoop({ ...base, frames: 3600 * 30 + 77 });
      assert.equal(sum(odd), 108_077);
      assert.ok(encodedFrames(odd) < 60, `only the frames after the last whole GOP are encoded (${encodedFrames(odd)})`);
    });

    it('when the loop fades, then only the fades and less than a GOP around them are encoded again', () => {
      const plan = planLoop({ ...base, frames: 600 * 30, fadeInSeconds: 12, fadeOutSeconds: 3 });
      const head = plan.segments[0];
      assert.ok(head.kind === 'encode' && head.name === 'head' && head.fadeInFrames === 360 && head.frames >= 360 && head.frames < 360 + 60, JSON.stringify(head));
      const tail = plan.segments[plan.segments.length - 1];
      assert.ok(tail.kind === 'encode' && tail.name === 'tail' && tail.fadeOutFrames === 90 && tail.frames >= 90 && tail.frames < 90 + 60, JSON.stringify(tail));
      // The copy starts where the head ends, inside a unit: at one of its GOP boundaries.
      assert.ok(plan.segments[1].kind === 'gops' && plan.segments[1].first > 0);
      assert.equal(sum(plan), 18_000);
    });

    it('when a unit is not a whole number of samples (29.97 fps), then its sound repeats in passes that keep the picture clock', () => {
      const ntsc = { num: 30000, den: 1001 };
      const plan = planLoop({ ...base, style: 'simple', crossfadeSeconds: null, rate: ntsc, clipFrames: 29, frames: 43_200 * 30 });
      // 29 frames = 46,446.4 samples: five passes of 46,446 or 46,447 make exactly 232,232.
      assert.deepEqual(plan.audio.repeatLengths, [46_446, 46_447, 46_446, 46_447, 46_446]);
      assert.equal(plan.audio.repeatLengths.reduce((s, n) => s + n, 0), (5 * 29 * 48_000 * 1001) / 30_000);
      assert.deepEqual(planLoop({ ...base, frames: 18_000 }).audio.repeatLengths, [432_000]);
    });

    it('when a boomerang clip is large, then it is reversed in bounded pieces, last piece first', () => {
      const plan = planLoop({ ...base, style: 'boomerang', crossfadeSeconds: null, frames: 10_000 });
      assert.equal(plan.unitFrames, 598);
      const rev = plan.videoPieces.filter((p) => p.kind === 'reverse');
      assert.ok(rev.length >= 3);
      assert.deepEqual([rev[0].kind === 'reverse' && rev[0].end, rev[rev.length - 1].kind === 'reverse' && rev[rev.length - 1].start], [299, 1]);
      assert.ok(rev.every((p) => p.kind === 'reverse' && (p.end - p.start) * base.frameBytes <= 256 * 1024 * 1024));
    });

    it('when the loop is shorter than one unit, then it is encoded straight from the clip', () => {
      const plan = planLoop({ ...base, frames: 100 });
      assert.equal(plan.direct, true);
      assert.deepEqual(plan.segments, [{ kind: 'direct', frames: 100, fadeInFrames: 0, fadeOutFrames: 0 }]);
    });
  });

  describe('render', () => {
    const results: Partial<Record<'simple' | 'crossfade' | 'boomerang', { r: Rendered; frames: Buffer[]; probe: FfprobeOutput }>> = {};
    async function styled(style: 'simple' | 'crossfade' | 'boomerang') {
      if (!results[style]) {
        const r = await render({ style, ...(style === 'crossfade' ? { crossfade_seconds: 0.5 } : {}) });
        results[style] = { r, frames: await greyFrames(r.output.path), probe: await probe(r.output.path) };
      }
      return results[style]!;
    }

    for (const style of ['simple', 'crossfade', 'boomerang'] as const) {
      it(`when a 2 s clip is looped to 7.3 s as ${style}, then it lasts exactly 219 frames and says what it is`, async () => {
        const { r, frames, probe: p } = await styled(style);
        assert.equal(frames.length, 219);
        const v = streamOf(p, 'video')!;
        assert.equal(Number((v as { nb_frames?: string }).nb_frames), 219);
        assert.ok(Math.abs(Number(v.duration) - 7.3) < 1 / 30 + 1e-6, `video ${v.duration}`);
        // Sound and picture start together and end together (to the sample: no AAC priming left over).
        const a = streamOf(p, 'audio') as { duration?: string; start_time?: string };
        assert.ok(Math.abs(Number(a.duration) - 7.3) < 0.001 && Number(a.start_time) === 0, `sound ${a.start_time}–${a.duration} s`);
        const unit = { simple: 2, crossfade: 1.5, boomerang: 118 / 30 }[style];
        assert.deepEqual(
          { ...r.output.metadata, unit_seconds: Math.round((r.output.metadata.unit_seconds as number) * 1000) / 1000 },
          { duration_seconds: 7.3, frames: 219, width: 320, height: 240, fps: 30, style, unit_seconds: Math.round(unit * 1000) / 1000, crossfade_seconds: style === 'crossfade' ? 0.5 : null, has_audio: true, audio_layers: 0, video_codec: 'h264', audio_codec: 'aac' },
        );
        assert.equal(r.output.role, 'loop');
        assert.equal(r.output.content_type, 'video/mp4');
        assert.ok(r.progress.length > 0 && r.progress.every(([f], i) => f >= (r.progress[i - 1]?.[0] ?? 0)), 'progress never goes back');
        assert.deepEqual(r.progress[r.progress.length - 1], [1, 'done']);
        assert.deepEqual(fs.readdirSync(r.workDir), ['loop.mp4'], 'nothing but the output is left');
        // faststart: the index comes before the media data.
        const head = fs.readFileSync(r.output.path).subarray(0, 64 * 1024).toString('latin1');
        assert.ok(head.indexOf('moov') > 0 && (head.indexOf('mdat') < 0 || head.indexOf('moov') < head.indexOf('mdat')));
      });
    }

    it('when the seam of a simple loop is measured, then the cut stands out from the motion (the measure works)', async () => {
      const { frames } = await styled('simple');
      const d = diffs(frames);
      const normal = median(d);
      for (const seam of [60, 120, 180]) assert.ok(d[seam - 1] > 2 * normal, `cut at ${seam}: ${d[seam - 1].toFixed(2)} vs ${normal.toFixed(2)}`);
    });

    it('when a crossfade loop plays across its seams, then no frame jumps more than the clip itself moves', async () => {
      const { frames } = await styled('crossfade');
      const d = diffs(frames);
      const normal = median(d);
      // Unit = 45 frames: seams at 45, 90, 135 (copies) and 180 (into the re-encoded tail).
      for (const seam of [45, 90, 135, 180]) assert.ok(d[seam - 1] < 1.5 * normal, `seam at ${seam}: ${d[seam - 1].toFixed(2)} vs ${normal.toFixed(2)}`);
      assert.ok(Math.max(...d) < 1.6 * normal, `largest step ${Math.max(...d).toFixed(2)} vs ${normal.toFixed(2)}`);
    });

    it('when a boomerang plays, then the second half mirrors the first and the turns are smooth', async () => {
      const { frames } = await styled('boomerang');
      // Forward 0…59, back 58…1, forward again from 0 at frame 118.
      for (const k of [1, 10, 30, 58]) {
        assert.ok(meanAbsDiff(frames[59 + k], frames[59 - k]) < 1, `frame ${59 + k} mirrors ${59 - k}`);
        assert.ok(meanAbsDiff(frames[118 + k], frames[k]) < 1, `frame ${118 + k} repeats ${k}`);
      }
      assert.ok(meanAbsDiff(frames[10], frames[50]) > 5, 'the clip does move');
      const d = diffs(frames);
      assert.ok(Math.max(...d) < 1.6 * median(d), 'no jump at the turns or the seam');
    });

    it('when the copy starts and stops inside a unit (at GOP boundaries), then every frame is still the unit frame at that point', async () => {
      // Boomerang unit = 118 frames in two GOPs (60 + 58). The 1 s fade-in ends inside the first
      // GOP: frames 0–59 are encoded, the copy starts with the unit's second GOP; 430 frames end
      // 76 frames into a unit: its first GOP is copied, the last 16 frames are encoded from frame 60.
      const r = await render({ style: 'boomerang', duration_seconds: 14.34, fade_in_seconds: 1 });
      const frames = await greyFrames(r.output.path);
      assert.equal(frames.length, 430);
      for (let f = 30; f + 118 < 430; f++) assert.ok(meanAbsDiff(frames[f], frames[f + 118]) < 1, `frame ${f + 118} repeats frame ${f}`);
      const d = diffs(frames).slice(30);
      assert.ok(Math.max(...d) < 1.6 * median(d), 'no jump where encoded and copied parts meet');
    });

    it('when the original sound is kept or muted, then it plays at its level or there is no sound at all', async () => {
      const { r } = await styled('simple');
      const kept = await loudness(r.output.path);
      assert.ok(Math.abs(kept.mean - -21) < 1.5, `440 Hz tone at -21 dB, got ${kept.mean}`);
      const tail = await loudness(r.output.path, 6.8, 7.3);
      assert.ok(Math.abs(tail.mean - -21) < 1.5, 'the sound repeats to the end');

      const muted = await render({ duration_seconds: 3, audio: { original: 'mute' } });
      assert.equal(streamOf(await probe(muted.output.path), 'audio'), undefined);
      assert.equal(muted.output.metadata.has_audio, false);

      const silentClip = await render({ duration_seconds: 3, audio: { original: 'keep' } }, [picture]);
      assert.equal(streamOf(await probe(silentClip.output.path), 'audio'), undefined, 'a clip without sound keeps no sound');
      assert.equal(silentClip.output.metadata.has_audio, false);

      const quieter = await render({ duration_seconds: 3, audio: { original: 'keep', volume: 50 } });
      const q = await loudness(quieter.output.path);
      assert.ok(Math.abs(kept.mean - q.mean - 6.02) < 1, `volume 50 is 6 dB down: ${kept.mean} → ${q.mean}`);
    });

    it('when an audio layer is added, then it repeats to the end at its volume, and the master volume scales the mix', async () => {
      const layered = (volume: number, master = 100) => render({ duration_seconds: 4, audio: { original: 'mute' }, audio_layers: [{ file_id: 'file_tone', volume }], master_volume: master }, [clip, tone]);
      const [full, quarter, halfMaster] = await Promise.all([layered(100), layered(25), layered(100, 50)]);
      const a = await loudness(full.output.path);
      const b = await loudness(quarter.output.path);
      const c = await loudness(halfMaster.output.path);
      assert.ok(Math.abs(a.mean - b.mean - 12.04) < 1, `volume 25 is 12 dB down: ${a.mean} → ${b.mean}`);
      assert.ok(Math.abs(a.mean - c.mean - 6.02) < 1, `master 50 is 6 dB down: ${a.mean} → ${c.mean}`);
      // The 1.3 s layer plays on through its repeats (3.9 s) to the end.
      const last = await loudness(full.output.path, 3.5, 4);
      assert.ok(Math.abs(last.mean - a.mean) < 1.5, `still playing at the end: ${last.mean}`);
      assert.equal(full.output.metadata.has_audio, true);
      assert.equal(full.output.metadata.audio_layers, 1);

      // With the original kept as well, the two add up (louder than either alone).
      const both = await render({ duration_seconds: 4, audio_layers: [{ file_id: 'file_tone' }] }, [clip, tone]);
      assert.ok((await loudness(both.output.path)).mean > a.mean + 1.5);

      // A video's sound can be a layer: the silent picture loops with the clip's tone under it.
      const fromVideo = await render({ duration_seconds: 3, audio_layers: [{ file_id: 'file_clip', volume: 50 }] }, [picture, clip]);
      const v = await loudness(fromVideo.output.path);
      assert.ok(Math.abs(v.mean - (-21 - 6.02)) < 1.5, `the clip's tone at half level: ${v.mean}`);
    });

    it('when the loop fades in and out, then the first and last frames are darker and quieter than the middle', async () => {
      const r = await render({ fade_in_seconds: 1, fade_out_seconds: 1, audio_layers: [{ file_id: 'file_tone', fade_in_seconds: 2 }] }, [clip, tone]);
      const frames = await greyFrames(r.output.path);
      assert.equal(frames.length, 219);
      const middle = mean(frames[110]);
      assert.ok(mean(frames[0]) < 0.1 * middle, `first frame black: ${mean(frames[0])} vs ${middle}`);
      assert.ok(mean(frames[15]) > mean(frames[2]) && mean(frames[15]) < middle, 'half way through the fade-in');
      assert.ok(mean(frames[218]) < 0.15 * middle, `last frame nearly black: ${mean(frames[218])}`);
      const start = await loudness(r.output.path, 0, 0.1);
      const mid = await loudness(r.output.path, 3, 4);
      const end = await loudness(r.output.path, 7.2, 7.3);
      assert.ok(start.mean < mid.mean - 15 && end.mean < mid.mean - 15, `sound fades: ${start.mean} / ${mid.mean} / ${end.mean}`);
    });

    it('when a 2 s clip is looped for 10 minutes, then it completes with the exact length and the middle is copied, not encoded', async () => {
      // Boomerang: a 118-frame unit in two GOPs (60 + 58); 152 whole units (in blocks) and 64
      // frames, of which the first GOP is copied and the last 4 frames are encoded.
      const r = await render({ duration_seconds: 600, style: 'boomerang' }, [small]);
      const p = await probe(r.output.path);
      const v = streamOf(p, 'video')!;
      assert.equal(Number((v as { nb_frames?: string }).nb_frames), 18_000);
      assert.ok(Math.abs(Number(v.duration) - 600) < 1 / 30);
      const a = streamOf(p, 'audio') as { duration?: string; start_time?: string };
      assert.ok(Math.abs(Number(a.duration) - 600) < 0.001 && Number(a.start_time) === 0, `sound ${a.start_time}–${a.duration} s (joined from chunks)`);
      // Stream copy: the packets of any two middle units are the same bytes, size for size.
      const sizes = await packetSizes(r.output.path);
      const unit = 118;
      assert.deepEqual(sizes.slice(unit * 3, unit * 4), sizes.slice(unit * 140, unit * 141));
      assert.deepEqual(sizes.slice(unit * 152, unit * 152 + 60), sizes.slice(0, 60), 'the first GOP after the last whole unit is copied too');

      // The sound was encoded in chunks side by side; where two chunks meet it must decode as
      // cleanly as anywhere else. The sound repeats every unit (118 frames = 188,800 samples), so
      // each stretch is compared with the same stretch four units earlier: only coding noise differs.
      const chunks = audioChunks(600 * 48_000, { parallel: Math.min(4, os.cpus().length), fadeInSamples: 0, fadeOutSamples: 0, minChunkSamples: 120 * 48_000 });
      const from = 280 * 48_000;
      const pcm = await decodeMono(r.output.path, 280, 30);
      const period = 188_800;
      const noise = (at: number) => {
        let e = 0;
        let p = 0;
        for (let i = at - 2048; i < at + 2048; i++) {
          e += (pcm[i - from] - pcm[i - from - 4 * period]) ** 2;
          p += pcm[i - from] ** 2;
        }
        return 10 * Math.log10(e / p);
      };
      const join = chunks.length > 1 ? chunks[1].start : 300 * 48_000;
      // Elsewhere: twenty stretches of the same half minute that no join touches.
      const controls = Array.from({ length: 20 }, (_, k) => from + 4 * period + 4096 + k * 24_000).filter((at) => Math.abs(at - join) > 8192);
      const worst = Math.max(...controls.map(noise));
      // Measured (the output is the same bytes on every run): -38 to -47 dB elsewhere, -38 dB at
      // the join; a join without the shared frames (each chunk encoded on its own) is near -5 dB.
      assert.ok(worst < -30, `coding noise only: at worst ${worst.toFixed(1)} dB`);
      assert.ok(noise(join) < worst + 3, `join ${noise(join).toFixed(1)} dB vs at worst ${worst.toFixed(1)} dB elsewhere`);
    });

    it('when a render is canceled mid-way, then it rejects at once and leaves no files or processes behind', async () => {
      // Once while the unit is encoding, once while the sound is encoded in chunks side by side.
      for (const when of ['timer', 'mixing_audio'] as const) {
        const work = fs.mkdtempSync(path.join(dir, 'cancel-'));
        const controller = new AbortController();
        let abortedAt = 0;
        const abort = () => {
          if (!abortedAt) {
            abortedAt = Date.now();
            controller.abort();
          }
        };
        if (when === 'timer') setTimeout(abort, 400);
        await assert.rejects(
          render({ duration_seconds: 1200, style: 'boomerang', resolution: when === 'timer' ? '2160p' : 'source', fade_in_seconds: 30 }, [small], controller.signal, work, (stage) => {
            if (when === 'mixing_audio' && stage === 'mixing_audio') setTimeout(abort, 150);
          }),
          (err: unknown) => err instanceof FfmpegError && err.code === 'canceled',
        );
        assert.ok(abortedAt > 0, `canceled (${when})`);
        assert.ok(Date.now() - abortedAt < 2000, `stopped ${Date.now() - abortedAt} ms after the cancel (${when})`);
        const left = leftovers(work);
        assert.deepEqual(left, { files: [], processes: [] }, `${when}: ${JSON.stringify(left)}`);
      }
    });
  });
});

/** `seconds` of the sound from `start`, decoded to mono float samples. */
async function decodeMono(file: string, start: number, seconds: number): Promise<Float32Array> {
  const { stdout } = await run(ffmpeg, ['-v', 'error', '-i', file, '-map', '0:a:0', '-af', `atrim=start=${start}:end=${start + seconds}`, '-ac', '1', '-f', 'f32le', '-'], { encoding: 'buffer', maxBuffer: 64 * 1024 * 1024 });
  return new Float32Array(stdout.buffer, stdout.byteOffset, stdout.length / 4);
}

async function packetSizes(file: string): Promise<number[]> {
  const { stdout } = await run(resolveFfprobePath(process.env.FFPROBE_PATH), ['-v', 'error', '-select_streams', 'v:0', '-show_entries', 'packet=size', '-of', 'csv=p=0', file], { maxBuffer: 64 * 1024 * 1024 });
  return stdout.trim().split('\n').map(Number);
}
