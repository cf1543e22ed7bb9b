import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import type BeeQueue from 'bee-queue';
import { Redis } from 'ioredis';
import { checkStalledJobsEvery, connectQueue, createQueue, enqueue, type QueuedJob } from '../api/src/domain/jobs/queue';
import { testServices } from './support/harness';

/**
 * The stall check hands a job back to `waiting` when its worker's heartbeats stop. If the worker was
 * alive after all (its event loop, or Redis, stalled for a while) it finishes the job later, and
 * bee-queue's finish then deletes the job's data but not its id, which is in `waiting`: the next
 * worker takes an id without data and leaves it in `active`, the stall check hands it back, and so
 * on — a phantom entry that never goes (the cluster test, test/cluster, found them after its chaos run).
 */
describe('queue entries of a job handed back while its worker was alive', function () {
  this.timeout(30_000);
  const cleanups: (() => Promise<unknown>)[] = [];
  after(async () => {
    for (const fn of cleanups.reverse()) await fn().catch(() => {});
  });

  async function until(check: () => Promise<boolean>, what: string, timeoutMs = 10_000) {
    const deadline = Date.now() + timeoutMs;
    while (!(await check())) {
      if (Date.now() > deadline) throw new Error(`timed out: ${what}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  it('when the late worker finishes it, then the id left without data is dropped by the next stall check instead of cycling forever', async () => {
    const { redisUrl } = await testServices();
    const prefix = `lkstall:${crypto.randomBytes(4).toString('hex')}`;
    const key = (k: string) => `${prefix}:image:${k}`;
    const redis = new Redis(redisUrl, { maxRetriesPerRequest: 1 });
    cleanups.push(async () => redis.disconnect());
    const producer = createQueue('image', { redisUrl, prefix, isWorker: false });
    const worker = createQueue('image', { redisUrl, prefix, isWorker: true });
    cleanups.push(() => producer.close(1000), () => worker.close(1000));
    await connectQueue(producer, () => {});
    await connectQueue(worker, () => {});

    let finish!: () => void;
    const finished = new Promise<void>((r) => (finish = r));
    const taken: string[] = [];
    worker.process(1, async (job: BeeQueue.Job<QueuedJob>) => {
      taken.push(job.data.jobId);
      await finished;
      return 'succeeded';
    });
    await enqueue(producer, 'crsl_slow');
    await until(async () => taken.length === 1, 'the worker takes the job');

    // The worker's heartbeats are late: the job sits in `stalling` when the check runs.
    await redis.del(key('stallBlock'));
    await redis.sadd(key('stalling'), 'crsl_slow');
    await worker.checkStalledJobs();
    assert.deepEqual(await redis.lrange(key('waiting'), 0, -1), ['crsl_slow'], 'handed back to waiting');

    // The worker was alive after all and finishes: the data goes, the id stays, and is taken again without data.
    finish();
    await until(async () => (await redis.hlen(key('jobs'))) === 0 && (await redis.llen(key('waiting'))) === 0, 'the id is taken again');
    assert.deepEqual(await redis.lrange(key('active'), 0, -1), ['crsl_slow'], 'an id without data, in active');
    assert.deepEqual(taken, ['crsl_slow'], 'nothing ran for the id without data');

    const dropped: string[][] = [];
    const errors: Error[] = [];
    const stop = checkStalledJobsEvery(worker, 60_000, (err) => errors.push(err), (ids) => dropped.push(ids));
    cleanups.push(async () => stop());
    await until(async () => dropped.length > 0 || errors.length > 0, 'the stall check runs');
    assert.deepEqual(errors, []);
    assert.deepEqual(dropped, [['crsl_slow']]);
    assert.deepEqual(
      [await redis.llen(key('waiting')), await redis.llen(key('active')), await redis.scard(key('stalling'))],
      [0, 0, 0],
      'no entry left in any list',
    );
  });
});
