import assert from 'node:assert/strict';
import { execFile, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import sharp from 'sharp';
import { ApiError } from '../../api/src/errors/api-error';
import { probeMedia, resolveFfmpegPath, resolveFfprobePath, runFfprobe, type FfprobeOutput } from '../../api/src/domain/files/probe';
import { JobError, type InputFileInfo, type RenderContext, type RenderedOutput } from '../../api/src/domain/jobs/app-contract';
import { loadCatalogue } from '../../api/src/domain/pricing/pricing';
import { allocateFrames, countSequences, createRng, planMix, PlanError, planSequences, type PlanClip, type PlanOptions } from '../../api/src/domain/apps/video-mix/plan';
import { frameSize, videoMixApp, type CreateVideoMixRequest, type VideoMixInput } from '../../api/src/domain/apps/video-mix/request';
import { adtsPacketOffsets, atempoChain, planAacPackets, renderVideoMix, type VideoMixVariantMetadata } from '../../workers/src/apps/video-mix/render';
import { Fmp4Error, fragmentsBetween, readFragmentedMp4, relocatedMoof } from '../../workers/src/apps/video-mix/fmp4';

const run = promisify(execFile);

// ---------------------------------------------------------------------------------------------
// Planner (pure)

function opts(over: Partial<PlanOptions> & { n?: number; frames?: number[] } = {}): PlanOptions {
  const frames = over.frames ?? Array.from({ length: over.n ?? 5 }, (_, i) => 30 + i * 10);
  const clips: PlanClip[] = over.clips ?? frames.map((f) => ({ frames: f, group: null, weight: 1 }));
  return {
    clips,
    variants: 3,
    order: 'shuffle',
    differentStart: false,
    groupMode: null,
    clipsPerVariant: clips.length,
    speed: { min: 1, max: 1 },
    seed: 1,
    fps: 30,
    duration: { mode: 'original' },
    maxOutputFrames: 600 * 30,
    ...over,
  };
}

const key = (seq: number[]) => seq.join(',');
function assertDistinct(seqs: number[][]) {
  assert.equal(new Set(seqs.map(key)).size, seqs.length, `sequences repeat: ${seqs.map(key).join(' | ')}`);
}

function grouped(sizes: number[]): PlanClip[] {
  return sizes.flatMap((size, g) => Array.from({ length: size }, () => ({ frames: 60, group: g, weight: 1 })));
}

describe('video mix planner', () => {
  it('when shuffling, then every variant is a distinct permutation and the same seed gives the same plan', () => {
    const a = planSequences(opts({ n: 6, variants: 200, seed: 9 }));
    assert.equal(a.length, 200);
    assertDistinct(a);
    for (const s of a) assert.deepEqual([...s].sort(), [0, 1, 2, 3, 4, 5]);
    assert.deepEqual(planSequences(opts({ n: 6, variants: 200, seed: 9 })), a);
    assert.notDeepEqual(planSequences(opts({ n: 6, variants: 200, seed: 10 })), a);
  });

  it('when every possible sequence is asked for, then each appears exactly once', () => {
    const all = planSequences(opts({ n: 3, variants: 6 }));
    assertDistinct(all);
    assert.equal(countSequences(opts({ n: 3 })), 6);
  });

  it('when variants use fewer clips than the pool, then sequences are distinct k-permutations', () => {
    const o = opts({ n: 5, clipsPerVariant: 2, variants: 20 });
    assert.equal(countSequences(o), 20);
    const seqs = planSequences(o);
    assertDistinct(seqs);
    for (const s of seqs) assert.equal(new Set(s).size, 2);
  });

  it('when different_start is set, then no two variants open with the same clip, and the maximum is the clip count', () => {
    const o = opts({ n: 7, variants: 7, differentStart: true });
    assert.equal(countSequences(o), 7);
    const seqs = planSequences(o);
    assert.equal(new Set(seqs.map((s) => s[0])).size, 7);
    assert.throws(() => planSequences({ ...o, variants: 8 }), (e: unknown) => e instanceof PlanError && e.problem.kind === 'too_many_variants' && e.problem.max === 7);
  });

  it('when the order is fixed, then variants are rotations of the request order', () => {
    const seqs = planSequences(opts({ n: 4, variants: 4, order: 'fixed' }));
    assert.deepEqual(seqs, [[0, 1, 2, 3], [1, 2, 3, 0], [2, 3, 0, 1], [3, 0, 1, 2]]);
    assert.deepEqual(planSequences(opts({ n: 4, variants: 2, order: 'fixed', clipsPerVariant: 2 })), [[0, 1], [1, 2]]);
    assert.throws(() => planSequences(opts({ n: 4, variants: 5, order: 'fixed' })), /At most 4 distinct variants/);
  });

  it('when clips have groups, then each variant takes one clip per group, groups in order', () => {
    const clips = grouped([2, 3, 2]); // group 0: 0-1, group 1: 2-4, group 2: 5-6
    const base = opts({ clips, groupMode: 'random', clipsPerVariant: 3, order: 'fixed', variants: 12 });
    assert.equal(countSequences(base), 12);
    for (const mode of ['random', 'sequential'] as const) {
      const seqs = planSequences({ ...base, groupMode: mode });
      assertDistinct(seqs);
      for (const [a, b, c] of seqs) {
        assert.ok([0, 1].includes(a) && [2, 3, 4].includes(b) && [5, 6].includes(c), `${a},${b},${c}`);
      }
    }
    // Sequential walks the combinations with the first group changing fastest.
    assert.deepEqual(planSequences({ ...base, groupMode: 'sequential', variants: 4 }), [[0, 2, 5], [1, 2, 5], [0, 3, 5], [1, 3, 5]]);
    assert.equal(countSequences({ ...base, differentStart: true }), 2);
    assert.throws(() => planSequences({ ...base, variants: 13 }), (e: unknown) => e instanceof PlanError && e.problem.kind === 'too_many_variants' && e.problem.max === 12);
  });

  it('when the sequence space is huge, then 500 distinct variants are drawn quickly', () => {
    const started = Date.now();
    const seqs = planSequences(opts({ n: 100, variants: 500 }));
    assertDistinct(seqs);
    assert.ok(Date.now() - started < 1000);
    assert.ok(countSequences(opts({ n: 100 })) > 9e157); // 100!
  });

  it('when frames are shared out, then the total is exact, no clip exceeds its length, and shares follow the distribution', () => {
    assert.deepEqual(allocateFrames(90, [100, 100, 100], [1, 1, 1]), [30, 30, 30]);
    assert.deepEqual(allocateFrames(100, [100, 100, 100], [1, 1, 1]), [34, 33, 33]);
    // A short clip is filled and the rest goes to the others (water filling).
    assert.deepEqual(allocateFrames(150, [20, 100, 100], [1, 1, 1]), [20, 65, 65]);
    assert.deepEqual(allocateFrames(120, [60, 120, 180], [60, 120, 180]), [20, 40, 60]);
    assert.deepEqual(allocateFrames(100, [100, 100], [3, 1]), [75, 25]);
    assert.equal(allocateFrames(301, [100, 100, 100], [1, 1, 1]), null);
    // Nobody is rounded away to nothing.
    const tiny = allocateFrames(10, [100, 100, 100], [1000, 1, 1])!;
    assert.equal(tiny.reduce((a, b) => a + b, 0), 10);
    assert.ok(tiny.every((f) => f >= 1));
  });

  it('when the duration is fixed, then every variant has exactly that many output frames, trimmed from clip starts', () => {
    const plan = planMix(opts({ n: 4, frames: [60, 45, 90, 30], variants: 5, duration: { mode: 'fixed', frames: 150, distribution: 'equal' } }));
    for (const v of plan) {
      assert.equal(v.output_frames, 150);
      assert.equal(v.source_frames, 150);
      assert.equal(v.segments.reduce((s, g) => s + g.end_frame - g.start_frame, 0), 150);
      for (const g of v.segments) {
        assert.equal(g.start_frame, 0);
        assert.ok(g.end_frame <= [60, 45, 90, 30][g.clip]);
      }
    }
  });

  it('when clips cannot fill the fixed duration, then the error says the longest possible', () => {
    assert.throws(
      () => planMix(opts({ n: 2, frames: [60, 90], variants: 1, duration: { mode: 'fixed', frames: 300, distribution: 'equal' } })),
      (e: unknown) => e instanceof PlanError && e.problem.kind === 'duration_too_long' && e.problem.maxSeconds === 5 && /longest fixed duration is 5 s/.test(e.message),
    );
  });

  it('when speed varies, then speeds stay in range with two decimals and faster variants use more footage', () => {
    const plan = planMix(opts({ n: 4, frames: [300, 300, 300, 300], variants: 20, speed: { min: 0.8, max: 1.6 }, duration: { mode: 'fixed', frames: 300, distribution: 'equal' } }));
    const speeds = new Set(plan.map((v) => v.speed));
    assert.ok(speeds.size > 5);
    for (const v of plan) {
      assert.ok(v.speed >= 0.8 && v.speed <= 1.6);
      assert.ok(Math.abs(Math.round(v.speed * 100) - v.speed * 100) < 1e-9);
      assert.equal(v.output_frames, 300);
      assert.equal(v.source_frames, Math.round(300 * v.speed));
    }
    // The speed stream is separate: changing the range does not reshuffle the clips.
    const same = planMix(opts({ n: 4, frames: [300, 300, 300, 300], variants: 20, speed: { min: 1, max: 1 }, duration: { mode: 'fixed', frames: 300, distribution: 'equal' } }));
    assert.deepEqual(same.map((v) => v.segments.map((s) => s.clip)), plan.map((v) => v.segments.map((s) => s.clip)));
  });

  it('when the seeded generator is reused, then it is deterministic and uniform enough', () => {
    const a = createRng(5);
    const b = createRng(5);
    const counts = [0, 0, 0, 0];
    for (let i = 0; i < 4000; i++) {
      const x = a.int(4);
      assert.equal(x, b.int(4));
      counts[x]++;
    }
    for (const c of counts) assert.ok(c > 850 && c < 1150, String(counts));
  });
});

describe('video mix sound joining', () => {
  it('when sound is joined from AAC packets, then it stays within half a packet of the picture at every cut', () => {
    for (const spf of [2000, 1600, 800]) {
      const rng = createRng(spf);
      const segments = Array.from({ length: 60 }, (_, clip) => ({ clip, start_frame: 0, end_frame: 1 + rng.int(200) }));
      const runs = planAacPackets(segments, () => 1000, spf);
      // The first clip's run starts with its priming packet (0), then its sound from packet 1.
      assert.deepEqual([runs[0].clip, runs[0].first], [0, 0]);
      let picture = 0;
      let sound = 0;
      segments.forEach((s, j) => {
        picture += s.end_frame * spf;
        const run = runs.find((r) => r.clip === s.clip);
        sound += (run ? (j === 0 ? run.count - 1 : run.count) : 0) * 1024;
        if (j > 0 && run) assert.equal(run.first, 1);
        assert.ok(Math.abs(sound - picture) <= 512, `spf ${spf}, cut ${j}: sound ${sound} vs picture ${picture}`);
      });
    }
  });

  it('when ADTS is parsed, then packet offsets are found and anything else is refused', () => {
    const packet = (len: number) => {
      const b = Buffer.alloc(len);
      b[0] = 0xff;
      b[1] = 0xf1;
      b[3] = (len >> 11) & 0x03;
      b[4] = (len >> 3) & 0xff;
      b[5] = (len & 0x07) << 5;
      return b;
    };
    assert.deepEqual(adtsPacketOffsets(Buffer.concat([packet(10), packet(20), packet(7)])), [0, 10, 30, 37]);
    assert.equal(adtsPacketOffsets(Buffer.concat([packet(10), Buffer.alloc(5)])), null);
    assert.equal(adtsPacketOffsets(Buffer.from('not aac at all')), null);
  });

  it('when a fragmented MP4 is read, then fragments start at the forced keyframes and can be relocated', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lk-vmix-fmp4-'));
    try {
      const file = path.join(dir, 'f.mp4');
      await run(resolveFfmpegPath(), [
        '-v', 'error', '-f', 'lavfi', '-i', 'testsrc2=size=160x90:rate=30:duration=2',
        '-c:v', 'libx264', '-preset', 'ultrafast', '-g', '60', '-sc_threshold', '0', '-forced-idr', '1', '-force_key_frames', 'expr:eq(n,0)+eq(n,17)+eq(n,40)',
        '-f', 'mp4', '-movflags', '+frag_keyframe+empty_moov+default_base_moof', file,
      ]);
      const track = await readFragmentedMp4(file);
      assert.equal(track.frames, 60);
      assert.deepEqual(track.fragments.map((f) => f.firstFrame), [0, 17, 40]);
      assert.equal(track.timescale % 30, 0);
      assert.ok(track.fragments.every((f) => f.duration === (f.frames * track.timescale) / 30));
      assert.deepEqual(fragmentsBetween(track, 17, 60).map((f) => f.firstFrame), [17, 40]);
      assert.throws(() => fragmentsBetween(track, 0, 30), Fmp4Error);
      const moof = relocatedMoof(track.fragments[1], 123456, 9);
      assert.equal(moof.readUInt32BE(track.fragments[1].mfhdAt + 12), 9);
      assert.equal(moof.length, track.fragments[1].moof.length);
      // The original is untouched: every variant patches its own copy.
      assert.equal(track.fragments[1].moof.readUInt32BE(track.fragments[1].mfhdAt + 12), 2);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('when a speed is outside one atempo step, then atempo is chained', () => {
    assert.equal(atempoChain(1.5), 'atempo=1.5');
    assert.equal(atempoChain(0.5), 'atempo=0.5');
    assert.equal(atempoChain(3), 'atempo=2,atempo=1.5');
  });
});

// ---------------------------------------------------------------------------------------------
// API side: normalize and quote (pure, with probe-shaped metadata)

function videoInfo(id: string, meta: Partial<Record<string, unknown>> = {}): InputFileInfo {
  return {
    id,
    kind: 'video',
    content_type: 'video/mp4',
    bytes: 1000,
    metadata: { duration_seconds: 2, width: 320, height: 240, fps: 25, has_audio: true, has_video: true, ...meta },
  };
}
function filesOf(...infos: InputFileInfo[]) {
  return new Map(infos.map((i) => [i.id, i]));
}
const ids = (n: number) => Array.from({ length: n }, (_, i) => `file_${i}`);
const req = (n: number, over: Partial<CreateVideoMixRequest> = {}): CreateVideoMixRequest => ({ clips: ids(n).map((file_id) => ({ file_id })), ...over });
const infos = (n: number, meta: Partial<Record<string, unknown>> = {}) => filesOf(...ids(n).map((id) => videoInfo(id, meta)));

function apiError(fn: () => unknown): ApiError {
  try {
    fn();
  } catch (e) {
    if (e instanceof ApiError) return e;
    throw e;
  }
  assert.fail('expected an ApiError');
}

describe('video mix request', () => {
  it('when options are omitted, then documented defaults are resolved and the plan is part of the input', () => {
    const input = videoMixApp.normalize(req(3), infos(3));
    assert.equal(input.variants, 1);
    assert.equal(input.order, 'shuffle');
    assert.equal(input.aspect_ratio, '9:16');
    assert.equal(input.resolution, '1080p');
    assert.deepEqual([input.width, input.height], [1080, 1920]);
    assert.equal(input.fps, 30);
    assert.equal(input.quality, 'medium');
    assert.equal(input.audio, 'keep');
    assert.equal(input.fit, 'contain');
    assert.equal(input.zip, false);
    assert.deepEqual(input.speed, { min: 1, max: 1 });
    assert.deepEqual(input.duration, { mode: 'original' });
    assert.equal(input.clips_per_variant, 3);
    assert.equal(input.max_variants, 6);
    assert.equal(input.plan.length, 1);
    assert.equal(input.plan[0].output_frames, 180);
    assert.equal(input.plan[0].duration_seconds, 6);
    // Pure and reproducible: the same request gives the same input, seed included.
    assert.deepEqual(videoMixApp.normalize(req(3), infos(3)), input);
    assert.notEqual(videoMixApp.normalize(req(3, { seed: 1234 }), infos(3)).seed, undefined);
    assert.deepEqual(videoMixApp.fileIds(req(3)), ids(3));
  });

  it('when frame sizes are computed, then the short side is the resolution and the long side follows the aspect', () => {
    assert.deepEqual(frameSize('9:16', '1080p'), { width: 1080, height: 1920 });
    assert.deepEqual(frameSize('16:9', '1080p'), { width: 1920, height: 1080 });
    assert.deepEqual(frameSize('1:1', '1080p'), { width: 1080, height: 1080 });
    assert.deepEqual(frameSize('4:5', '1080p'), { width: 1080, height: 1350 });
    assert.deepEqual(frameSize('9:16', '480p'), { width: 480, height: 854 });
    assert.deepEqual(frameSize('16:9', '720p'), { width: 1280, height: 720 });
    assert.deepEqual(frameSize('4:5', '2160p'), { width: 2160, height: 2700 });
  });

  it('when a clip has no video stream or no length, then 422 names the clip', () => {
    const audioOnly = { ...videoInfo('file_1'), kind: 'audio' as const, metadata: { duration_seconds: 2, has_video: false, has_audio: true } };
    let e = apiError(() => videoMixApp.normalize(req(3), filesOf(videoInfo('file_0'), audioOnly, videoInfo('file_2'))));
    assert.equal(e.status, 422);
    assert.equal(e.code, 'validation_failed');
    assert.deepEqual(e.errors?.map((x) => x.path), ['clips[1].file_id']);
    e = apiError(() => videoMixApp.normalize(req(3), filesOf(videoInfo('file_0'), videoInfo('file_1', { has_video: false }), videoInfo('file_2', { duration_seconds: 0 }))));
    assert.deepEqual(e.errors?.map((x) => x.path), ['clips[1].file_id', 'clips[2].file_id']);
    assert.match(e.errors![1].message, /zero length/);
    e = apiError(() => videoMixApp.normalize(req(2), filesOf(videoInfo('file_0'), videoInfo('file_1', { duration_seconds: null }))));
    assert.deepEqual(e.errors?.map((x) => x.path), ['clips[1].file_id']);
  });

  it('when more variants are asked than distinct sequences exist, then 422 too_many_variants says the maximum', () => {
    let e = apiError(() => videoMixApp.normalize(req(3, { variants: 7 }), infos(3)));
    assert.equal(e.status, 422);
    assert.equal(e.code, 'too_many_variants');
    assert.match(e.message, /At most 6 distinct variants/);
    assert.deepEqual(e.errors, [{ path: 'variants', message: 'must be at most 6' }]);
    e = apiError(() => videoMixApp.normalize(req(4, { variants: 5, different_start: true }), infos(4)));
    assert.match(e.message, /At most 4 /);
    const groupedReq: CreateVideoMixRequest = { clips: ['a', 'a', 'b', 'b', 'b'].map((group, i) => ({ file_id: `file_${i}`, group })), variants: 7 };
    e = apiError(() => videoMixApp.normalize(groupedReq, infos(5)));
    assert.equal(e.code, 'too_many_variants');
    assert.match(e.message, /At most 6 /);
  });

  it('when options conflict, then every problem is reported with its path', () => {
    const e = apiError(() =>
      videoMixApp.normalize(
        req(3, {
          speed: { min: 1.5, max: 1.2 },
          clips_per_variant: 4,
          group_mode: 'random',
          duration: { mode: 'fixed', seconds: 10, distribution: 'weighted', weights: [1, 2] },
        }),
        infos(3),
      ),
    );
    assert.equal(e.code, 'validation_failed');
    assert.deepEqual(e.errors?.map((x) => x.path).sort(), ['clips_per_variant', 'duration.weights', 'group_mode', 'speed.max']);
    const g = apiError(() => videoMixApp.normalize({ clips: [{ file_id: 'file_0', group: 'a' }, { file_id: 'file_1' }] }, infos(2)));
    assert.deepEqual(g.errors?.map((x) => x.path), ['clips[1].group']);
    const dup = apiError(() => videoMixApp.normalize({ clips: [{ file_id: 'file_0' }, { file_id: 'file_0' }] }, infos(1)));
    assert.deepEqual(dup.errors?.map((x) => x.path), ['clips[1].file_id']);
  });

  it('when the fixed duration is longer than the clips, then 422 gives the longest possible', () => {
    const e = apiError(() => videoMixApp.normalize(req(3, { duration: { mode: 'fixed', seconds: 10 } }), infos(3)));
    assert.equal(e.code, 'validation_failed');
    assert.equal(e.errors?.[0].path, 'duration.seconds');
    assert.match(e.message, /longest fixed duration is 6 s/);
  });

  it('when priced, then the quote is per variant with the resolution and fps surcharges', () => {
    const prices = loadCatalogue();
    const input = videoMixApp.normalize(req(4, { variants: 10, resolution: '1080p', fps: 60 }), infos(4));
    const q = videoMixApp.quote(input, prices);
    assert.equal(q.quantity, 10);
    assert.equal(q.unit_price, 1 + 5 + 3);
    assert.equal(q.total, 90);
    assert.equal(videoMixApp.quote(videoMixApp.normalize(req(4, { variants: 2, resolution: '480p', fps: 24 }), infos(4)), prices).total, 2);
  });
});

// ---------------------------------------------------------------------------------------------
// Renderer: real FFmpeg on tiny generated clips

interface Clip {
  id: string;
  path: string;
  info: InputFileInfo;
}

async function makeClip(dir: string, id: string, spec: { size: string; rate: number; seconds: number; tone?: number }): Promise<Clip> {
  const file = path.join(dir, `${id}.mp4`);
  const args = ['-hide_banner', '-loglevel', 'error', '-y', '-f', 'lavfi', '-i', `testsrc2=size=${spec.size}:rate=${spec.rate}:duration=${spec.seconds}`];
  if (spec.tone) args.push('-f', 'lavfi', '-i', `sine=frequency=${spec.tone}:sample_rate=44100:duration=${spec.seconds}`, '-c:a', 'aac', '-ac', '1');
  args.push('-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', '-shortest', file);
  await run(resolveFfmpegPath(), args);
  const metadata = await probeMedia(file);
  return { id, path: file, info: { id, kind: 'video', content_type: 'video/mp4', bytes: fs.statSync(file).size, metadata: { ...metadata } } };
}

function contextFor(clips: Clip[], workDir: string, signal = new AbortController().signal, seen: Array<[number, string]> = []): RenderContext {
  return { workDir, files: new Map(clips.map((c) => [c.id, { path: c.path, info: c.info }])), signal, progress: (f, s) => seen.push([f, s]) };
}

const streams = (p: FfprobeOutput, type: string) => p.streams.filter((s) => s.codec_type === type);

/** Entry names of a ZIP, from its central directory. */
function zipEntries(file: string): string[] {
  const buf = fs.readFileSync(file);
  const eocd = buf.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  const count = buf.readUInt16LE(eocd + 10);
  let at = buf.readUInt32LE(eocd + 16);
  const names: string[] = [];
  for (let i = 0; i < count; i++) {
    assert.equal(buf.readUInt32LE(at), 0x02014b50);
    const nameLen = buf.readUInt16LE(at + 28);
    const extra = buf.readUInt16LE(at + 30);
    const comment = buf.readUInt16LE(at + 32);
    names.push(buf.toString('utf8', at + 46, at + 46 + nameLen));
    at += 46 + nameLen + extra + comment;
  }
  return names;
}

/** Each test clip sounds a different tone (file_c is silent), so the sound shows which clip plays when. */
const TONES: Record<string, number> = { file_a: 1000, file_b: 2000, file_c: 0, file_d: 3000 };

async function decodeMono(file: string): Promise<Int16Array> {
  const { stdout } = await run(resolveFfmpegPath(), ['-v', 'error', '-i', file, '-map', '0:a:0', '-ac', '1', '-ar', '48000', '-f', 's16le', '-'], { encoding: 'buffer', maxBuffer: 64 << 20 });
  return new Int16Array(stdout.buffer, stdout.byteOffset, stdout.byteLength / 2);
}

/** The tone (Hz, from zero crossings) between two times; 0 for silence. */
function toneBetween(pcm: Int16Array, from: number, to: number): number {
  const a = Math.round(from * 48000);
  const b = Math.round(to * 48000);
  let crossings = 0;
  let energy = 0;
  for (let i = a + 1; i < b; i++) {
    energy += pcm[i] * pcm[i];
    if ((pcm[i - 1] < 0) !== (pcm[i] < 0)) crossings++;
  }
  if (Math.sqrt(energy / (b - a)) < 200) return 0;
  return crossings / 2 / (to - from);
}

/** Sound and picture agree: around every cut, the tone before and after is the one of the clip the picture shows. */
async function assertSoundFollowsPicture(file: string, meta: VideoMixVariantMetadata) {
  const pcm = await decodeMono(file);
  let t = 0;
  const near = (hz: number, want: number) => (want === 0 ? hz === 0 : Math.abs(hz - want) / want < 0.15);
  meta.clips.forEach((c, j) => {
    const end = t + (c.end_seconds - c.start_seconds) / meta.speed;
    // 35–50 ms either side of each cut: beyond half an AAC packet of offset plus one packet of overlap.
    if (j > 0) assert.ok(near(toneBetween(pcm, t + 0.035, t + 0.05), TONES[c.file_id]), `variant ${meta.variant}: after the cut at ${t.toFixed(3)} s the sound is not ${c.file_id}'s`);
    if (j < meta.clips.length - 1) assert.ok(near(toneBetween(pcm, end - 0.05, end - 0.035), TONES[c.file_id]), `variant ${meta.variant}: before the cut at ${end.toFixed(3)} s the sound is not ${c.file_id}'s`);
    t = end;
  });
}

describe('video mix renderer', function () {
  this.timeout(60_000);
  let dir: string;
  let clips: Clip[];
  let workDir: string;

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lk-vmix-test-'));
    clips = await Promise.all([
      makeClip(dir, 'file_a', { size: '320x240', rate: 25, seconds: 1.5, tone: TONES.file_a }),
      makeClip(dir, 'file_b', { size: '240x320', rate: 30, seconds: 1, tone: TONES.file_b }),
      makeClip(dir, 'file_c', { size: '320x240', rate: 24, seconds: 2 }), // no sound: silence is generated
      makeClip(dir, 'file_d', { size: '320x180', rate: 30, seconds: 1.2, tone: TONES.file_d }),
    ]);
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));
  beforeEach(() => {
    workDir = fs.mkdtempSync(path.join(dir, 'work-'));
  });

  const normalize = (over: Partial<CreateVideoMixRequest>) => videoMixApp.normalize({ clips: clips.map((c) => ({ file_id: c.id })), ...over }, new Map(clips.map((c) => [c.id, c.info])));
  const variantsOf = (outs: RenderedOutput[]) => outs.filter((o) => o.role === 'variant');

  it('when rendering fixed-length variants at 480p 9:16, then size, fps, duration, sound, sequences, thumbnails and the ZIP are right', async () => {
    const input = normalize({ variants: 3, resolution: '480p', aspect_ratio: '9:16', fps: 24, duration: { mode: 'fixed', seconds: 5 }, zip: true, seed: 7, quality: 'low' });
    const seen: Array<[number, string]> = [];
    const outs = await renderVideoMix(input, contextFor(clips, workDir, undefined, seen));
    const variants = variantsOf(outs);
    assert.equal(variants.length, 3);
    for (const [i, v] of variants.entries()) {
      const plan = input.plan[i];
      const probe = await runFfprobe(v.path);
      const [video] = streams(probe, 'video');
      const [audio] = streams(probe, 'audio');
      assert.equal(video.codec_name, 'h264');
      assert.deepEqual([video.width, video.height], [480, 854]);
      // Every planned frame decodes, without a decoder complaint.
      const { stdout: counted } = await run(resolveFfprobePath(), ['-v', 'error', '-count_frames', '-select_streams', 'v', '-show_entries', 'stream=nb_read_frames', '-of', 'csv=p=0', v.path]);
      assert.equal(Number(counted.trim()), plan.output_frames);
      const { stderr: decodeErrors } = await run(resolveFfmpegPath(), ['-v', 'error', '-i', v.path, '-f', 'null', '-']);
      assert.equal(decodeErrors.trim(), '');
      assert.equal(video.avg_frame_rate, '24/1');
      const duration = Number(video.duration);
      assert.ok(Math.abs(duration - 5) <= 1 / 24 + 1e-3, `video lasts ${duration} s`);
      assert.equal(audio?.codec_name, 'aac');
      assert.equal(audio.sample_rate, '48000');
      assert.equal(audio.channels, 2);
      assert.ok(Math.abs(Number(audio.duration) - duration) < 0.05, `audio ${audio.duration} vs video ${duration}`);
      const meta = v.metadata as unknown as VideoMixVariantMetadata;
      await assertSoundFollowsPicture(v.path, meta);
      assert.deepEqual(meta.clips.map((c) => c.file_id), plan.segments.map((s) => input.clips[s.clip].file_id));
      assert.equal(meta.duration_seconds, 5);
      assert.deepEqual([meta.width, meta.height, meta.fps, meta.has_audio, meta.speed], [480, 854, 24, true, 1]);
      assert.ok(meta.clips.every((c) => c.start_seconds === 0 && c.end_seconds > 0));
      // faststart: the index comes before the media data.
      const head = fs.readFileSync(v.path).subarray(0, 4096).toString('latin1');
      assert.ok(head.indexOf('moov') >= 0 && (head.indexOf('mdat') < 0 || head.indexOf('moov') < head.indexOf('mdat')));
    }
    const sequences = variants.map((v) => (v.metadata as unknown as VideoMixVariantMetadata).clips.map((c) => c.file_id).join('>'));
    assert.equal(new Set(sequences).size, 3);

    const thumbs = outs.filter((o) => o.role === 'thumbnail');
    assert.equal(thumbs.length, 3);
    const t = await sharp(thumbs[0].path).metadata();
    assert.deepEqual([t.format, t.width, t.height], ['jpeg', 360, 640]);

    const zip = outs.find((o) => o.role === 'zip')!;
    assert.deepEqual(zipEntries(zip.path), ['variant-001.mp4', 'variant-002.mp4', 'variant-003.mp4']);

    // Progress moves forward through the stages; only outputs are left in the work folder.
    assert.ok(seen.length > 0 && seen.every(([f], i) => i === 0 || f >= seen[i - 1][0]));
    assert.ok(seen.at(-1)![0] > 0.9);
    assert.deepEqual(new Set(seen.map(([, s]) => s)), new Set(['normalizing', 'rendering', 'zipping']));
    assert.deepEqual(fs.readdirSync(workDir), ['video-mix-out']);
    assert.equal(fs.readdirSync(path.join(workDir, 'video-mix-out')).length, 7);
  });

  it('when a variant has a speed, then it is re-encoded with duration scaled and sound in sync, cropped to 16:9', async () => {
    const input = normalize({ variants: 2, clips_per_variant: 2, resolution: '480p', aspect_ratio: '16:9', fit: 'cover', speed: { min: 1.5, max: 1.5 }, seed: 3, quality: 'low' });
    const outs = await renderVideoMix(input, contextFor(clips, workDir));
    for (const [i, v] of variantsOf(outs).entries()) {
      const plan = input.plan[i];
      const sourceSeconds = plan.source_frames / 30;
      const probe = await runFfprobe(v.path);
      const [video] = streams(probe, 'video');
      const [audio] = streams(probe, 'audio');
      assert.deepEqual([video.width, video.height], [854, 480]);
      assert.equal(video.avg_frame_rate, '30/1');
      const duration = Number(video.duration);
      assert.ok(Math.abs(duration - sourceSeconds / 1.5) <= 1 / 30 + 1e-3, `video ${duration} s for ${sourceSeconds} s at 1.5×`);
      assert.ok(Math.abs(duration - plan.duration_seconds) <= 1 / 30 + 1e-3);
      assert.ok(Math.abs(Number(audio.duration) - duration) < 0.05, `audio ${audio.duration} vs video ${duration}`);
      assert.equal((v.metadata as unknown as VideoMixVariantMetadata).speed, 1.5);
      await assertSoundFollowsPicture(v.path, v.metadata as unknown as VideoMixVariantMetadata);
    }
  });

  it('when audio is muted at 1080p 1:1, then the frame is 1080×1080 and there is no audio stream', async () => {
    const input = normalize({ variants: 1, clips_per_variant: 2, resolution: '1080p', aspect_ratio: '1:1', audio: 'mute', seed: 11, quality: 'low' });
    const outs = await renderVideoMix(input, contextFor(clips, workDir));
    const [v] = variantsOf(outs);
    const probe = await runFfprobe(v.path);
    const [video] = streams(probe, 'video');
    assert.deepEqual([video.width, video.height], [1080, 1080]);
    assert.equal(streams(probe, 'audio').length, 0);
    assert.ok(Math.abs(Number(video.duration) - input.plan[0].duration_seconds) <= 1 / 30 + 1e-3);
    assert.equal((v.metadata as unknown as VideoMixVariantMetadata).has_audio, false);
  });

  it('when a clip cannot be decoded, then the job fails with media_unreadable and leaves nothing behind', async () => {
    const broken = path.join(dir, 'broken.mp4');
    fs.writeFileSync(broken, Buffer.alloc(4096, 7));
    const input = normalize({ variants: 1, resolution: '480p' });
    const ctx = contextFor(clips, workDir);
    ctx.files.set('file_b', { path: broken, info: clips[1].info });
    await assert.rejects(renderVideoMix(input, ctx), (e: unknown) => e instanceof JobError && e.code === 'media_unreadable' && /file_b/.test(e.message));
    assert.deepEqual(fs.readdirSync(workDir), []);
  });

  it('when the job is canceled mid-render, then it rejects at once, kills FFmpeg and leaves no temp files', async () => {
    const input = normalize({ variants: 6, resolution: '2160p', duration: { mode: 'fixed', seconds: 5 }, seed: 5 });
    const controller = new AbortController();
    const seen: Array<[number, string]> = [];
    const rendering = renderVideoMix(input, contextFor(clips, workDir, controller.signal, seen));
    await new Promise((r) => setTimeout(r, 500));
    const abortedAt = Date.now();
    controller.abort();
    await assert.rejects(rendering);
    assert.ok(Date.now() - abortedAt < 1500, `took ${Date.now() - abortedAt} ms to stop`);
    assert.deepEqual(fs.readdirSync(workDir), []);
    const ps = execFileSync('ps', ['-eo', 'args'], { encoding: 'utf8' });
    assert.ok(!ps.includes(workDir), 'an FFmpeg process is still working in the folder');
  });
});
