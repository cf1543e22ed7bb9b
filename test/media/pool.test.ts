import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { JobError } from '../../api/src/domain/jobs/app-contract';
import { FfmpegError } from '../../workers/src/media/ffmpeg';
import { runPool, settleAll } from '../../workers/src/media/pool';

describe('media toolkit: bounded pool', () => {
  it('when items run, then at most `limit` run at once, each once, started in order', async () => {
    let running = 0;
    let peak = 0;
    const started: number[] = [];
    await runPool([5, 1, 4, 1, 3, 2, 1], 3, async (ms, i) => {
      started.push(i);
      running += 1;
      peak = Math.max(peak, running);
      await sleep(ms * 3);
      running -= 1;
    });
    assert.equal(peak, 3);
    assert.deepEqual(started, [0, 1, 2, 3, 4, 5, 6]);
  });

  it('when the limit is larger than the list, or odd, then every item still runs', async () => {
    const seen: number[] = [];
    await runPool([1, 2], 10, async (n) => void seen.push(n));
    await runPool([3], 0, async (n) => void seen.push(n));
    await runPool([], 4, async () => assert.fail('no items'));
    assert.deepEqual(seen.sort(), [1, 2, 3]);
  });

  it('when a task fails, then no new task starts, running ones end first, and the failure is thrown once reported', async () => {
    const started: number[] = [];
    const ended: number[] = [];
    const failures: unknown[] = [];
    const boom = new Error('boom');
    await assert.rejects(
      runPool(
        [0, 1, 2, 3, 4, 5],
        2,
        async (i) => {
          started.push(i);
          if (i === 1) throw boom;
          await sleep(40);
          ended.push(i);
        },
        { onFailure: (err) => failures.push(err) },
      ),
      (err: unknown) => err === boom,
    );
    assert.deepEqual(started, [0, 1]);
    assert.deepEqual(ended, [0], 'the running sibling finished before the pool threw');
    assert.deepEqual(failures, [boom]);
  });

  it('when a failure stops siblings, then the real failure is thrown, not the siblings\' cancellation', async () => {
    const controller = new AbortController();
    const real = new JobError('media_unreadable', 'Clip 2 could not be decoded.');
    await assert.rejects(
      runPool(
        [0, 1, 2],
        3,
        async (i) => {
          if (i === 2) {
            await sleep(10);
            throw real;
          }
          // A sibling stopped by onFailure rejects with its own cancellation, which must not win.
          await new Promise((_, reject) => controller.signal.addEventListener('abort', () => reject(new FfmpegError('canceled', 'canceled'))));
        },
        { onFailure: () => controller.abort() },
      ),
      (err: unknown) => err === real,
    );
  });

  it('when the signal is aborted, then no new task starts and the pool throws canceled after the running ones end', async () => {
    const controller = new AbortController();
    const started: number[] = [];
    let running = 0;
    await assert.rejects(
      runPool(
        [0, 1, 2, 3],
        1,
        async (i) => {
          started.push(i);
          running += 1;
          if (i === 1) controller.abort();
          await sleep(20);
          running -= 1;
        },
        { signal: controller.signal },
      ),
      (err: unknown) => err instanceof JobError && err.code === 'canceled',
    );
    assert.deepEqual(started, [0, 1]);
    assert.equal(running, 0);
  });

  it('when steps run side by side and one fails, then the others are stopped and awaited, and the real failure wins', async () => {
    const controller = new AbortController();
    let siblingEnded = false;
    const sibling = new Promise<string>((_, reject) =>
      controller.signal.addEventListener('abort', () =>
        setTimeout(() => {
          siblingEnded = true;
          reject(new FfmpegError('canceled', 'canceled'));
        }, 30),
      ),
    );
    const real = new JobError('render_failed', 'The unit could not be encoded.');
    const failing = sleep(5).then(() => {
      throw real;
    });
    await assert.rejects(settleAll<[string, never]>([sibling, failing], { onFailure: () => controller.abort() }), (err: unknown) => err === real);
    assert.ok(siblingEnded, 'the sibling had ended before settleAll threw');
  });

  it('when steps side by side all succeed, then their values come back in order', async () => {
    const [a, b] = await settleAll([sleep(20).then(() => 'picture'), Promise.resolve(42)]);
    assert.equal(a, 'picture');
    assert.equal(b, 42);
  });
});
