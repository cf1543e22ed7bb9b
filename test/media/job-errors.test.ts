import assert from 'node:assert/strict';
import path from 'node:path';
import { JobError } from '../../api/src/domain/jobs/app-contract';
import { FfmpegError, runFfmpeg, withTempDir } from '../../workers/src/media/ffmpeg';
import { asJobError, canceledError, firstRealFailure, isCancellation, throwIfAborted } from '../../workers/src/media/job-errors';
import { ffmpegTimeoutMs } from '../../workers/src/media/timeouts';

describe('media toolkit: job errors and FFmpeg deadlines', function () {
  this.timeout(30_000);

  it('when a failure is known already or is a cancellation, then it passes through untouched', () => {
    const known = new JobError('media_unreadable', 'The clip could not be read.');
    const stopped = new FfmpegError('canceled', 'canceled');
    assert.equal(asJobError(known, 'render_failed', 'x'), known);
    assert.equal(asJobError(stopped, 'render_failed', 'x'), stopped);
    const abortError = Object.assign(new Error('aborted'), { name: 'AbortError' });
    assert.equal(asJobError(abortError, 'render_failed', 'x'), abortError);
  });

  it('when FFmpeg fails, then the job error has the step\'s code and message, and its log stays in the cause only', async () => {
    const err = await runFfmpeg(['-i', '/nonexistent/secret-path/input.mp4', '-f', 'null', '-']).catch((e: unknown) => e);
    assert.ok(err instanceof FfmpegError && err.code === 'ffmpeg_failed');
    const mapped = asJobError(err, 'media_unreadable', 'The clip file_x could not be decoded.');
    assert.ok(mapped instanceof JobError);
    assert.equal(mapped.code, 'media_unreadable');
    assert.equal(mapped.message, 'The clip file_x could not be decoded.');
    assert.equal(mapped.opts.cause, err);
    assert.doesNotMatch(mapped.message, /secret-path/);
    const other = asJobError(new Error('EIO'), 'render_failed', 'The loop could not be assembled.');
    assert.ok(other instanceof JobError && other.code === 'render_failed' && other.message === 'The loop could not be assembled.');
  });

  it('when FFmpeg runs past its deadline, then the step is render_failed (a stuck process says nothing about the input)', async () => {
    const err = await withTempDir('lk-media', (dir) =>
      runFfmpeg(['-f', 'lavfi', '-i', 'testsrc2=size=1280x720:rate=30:duration=600', '-c:v', 'libx264', path.join(dir, 'x.mp4')], { timeoutMs: 300 }),
    ).catch((e: unknown) => e);
    assert.ok(err instanceof FfmpegError && err.code === 'ffmpeg_timeout');
    const mapped = asJobError(err, 'media_unreadable', 'The clip file_x could not be decoded.');
    assert.ok(mapped instanceof JobError);
    assert.equal(mapped.code, 'render_failed');
    assert.equal(mapped.message, 'The clip file_x could not be decoded. (it took too long)');
  });

  it('when steps stop, then cancellations are recognised and a real failure is preferred over them', () => {
    const controller = new AbortController();
    assert.doesNotThrow(() => throwIfAborted(controller.signal));
    controller.abort(new Error('user cancel'));
    assert.throws(() => throwIfAborted(controller.signal), (err: unknown) => err instanceof JobError && err.code === 'canceled' && (err.cause as Error).message === 'user cancel');
    assert.ok(isCancellation(canceledError()));
    assert.ok(isCancellation(new FfmpegError('canceled', 'canceled')));
    assert.ok(!isCancellation(new FfmpegError('ffmpeg_timeout', 'slow')));
    assert.ok(!isCancellation(new JobError('render_failed', 'no')));
    const real = new JobError('render_failed', 'no');
    assert.equal(firstRealFailure([new FfmpegError('canceled', 'c'), real, new Error('later')]), real);
    const onlyStops = [canceledError(), new FfmpegError('canceled', 'c')];
    assert.equal(firstRealFailure(onlyStops), onlyStops[0]);
  });

  it('when a deadline is computed, then it has a floor, grows with the expected work and ignores nonsense', () => {
    assert.equal(ffmpegTimeoutMs(0), 120_000);
    assert.equal(ffmpegTimeoutMs(-5), 120_000);
    assert.equal(ffmpegTimeoutMs(Number.NaN), 120_000);
    assert.equal(ffmpegTimeoutMs(10), 420_000);
    assert.ok(ffmpegTimeoutMs(3600) > ffmpegTimeoutMs(60));
  });
});
