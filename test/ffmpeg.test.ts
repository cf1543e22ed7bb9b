import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { runFfprobe } from '../api/src/domain/files/probe';
import { FfmpegError, runFfmpeg, withTempDir } from '../workers/src/media/ffmpeg';

describe('ffmpeg runner', function () {
  this.timeout(60_000);

  it('when ffmpeg renders, then progress is reported and the output exists', async () => {
    await withTempDir('lk-ff', async (dir) => {
      const out = path.join(dir, 'out.mp4');
      const seen: number[] = [];
      await runFfmpeg(['-f', 'lavfi', '-i', 'testsrc2=size=160x90:rate=25:duration=2', '-c:v', 'libx264', '-preset', 'ultrafast', out], {
        expectedSeconds: 2,
        onProgress: (p) => seen.push(p.fraction ?? -1),
      });
      const probe = await runFfprobe(out);
      assert.ok(Math.abs(Number(probe.format.duration) - 2) < 0.1);
      assert.ok(seen.length > 0 && seen[seen.length - 1] > 0.9);
    });
  });

  it('when the job is canceled mid-encode, then the child is killed at once and the temp dir is removed', async () => {
    let kept = '';
    const controller = new AbortController();
    const started = Date.now();
    await assert.rejects(
      withTempDir('lk-ff', async (dir) => {
        kept = dir;
        setTimeout(() => controller.abort(), 300);
        await runFfmpeg(['-f', 'lavfi', '-i', 'testsrc2=size=1280x720:rate=30:duration=600', '-c:v', 'libx264', path.join(dir, 'long.mp4')], { signal: controller.signal });
      }),
      (err: unknown) => err instanceof FfmpegError && err.code === 'canceled',
    );
    assert.ok(Date.now() - started < 2000, 'stopped within 2 s');
    assert.equal(fs.existsSync(kept), false);
  });

  it('when ffmpeg fails, then the error carries its last log line', async () => {
    await assert.rejects(runFfmpeg(['-i', '/nonexistent/input.mp4', '/tmp/never.mp4']), (err: unknown) => err instanceof FfmpegError && err.code === 'ffmpeg_failed' && /nonexistent/.test(err.message));
  });

  it('when ffmpeg runs past its timeout, then it is killed', async () => {
    await assert.rejects(
      withTempDir('lk-ff', (dir) => runFfmpeg(['-f', 'lavfi', '-i', 'testsrc2=size=1280x720:rate=30:duration=600', '-c:v', 'libx264', path.join(dir, 'x.mp4')], { timeoutMs: 300 })),
      (err: unknown) => err instanceof FfmpegError && err.code === 'ffmpeg_timeout',
    );
  });
});
