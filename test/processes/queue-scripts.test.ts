import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import BeeQueue from 'bee-queue';
import { Redis } from 'ioredis';
import { BEE_QUEUE_VERSION, assertBeeQueueInternals } from '../../api/src/domain/jobs/queue-scripts';
import { checkStalledJobsEvery, connectQueue, createQueue, enqueue } from '../../api/src/domain/jobs/queue';
import { freePort } from '../../scripts/dev-services/ensure-services';
import { startLocalRedis, type LocalRedis } from '../../scripts/dev-services/local-redis';
import { ROOT } from './support';

/**
 * The queue's recovery from a Redis that forgot bee-queue's Lua scripts, against a private
 * redis-server (SCRIPT FLUSH would disturb anything else sharing a Redis).
 */
describe('queue Lua scripts', function () {
  this.timeout(60_000);

  it('the installed and pinned bee-queue is the version whose internals the recovery patches', () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    assert.equal(require('bee-queue/package.json').version, BEE_QUEUE_VERSION, 'update api/src/domain/jobs/queue-scripts.ts for the new bee-queue');
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
    assert.equal(pkg.dependencies['bee-queue'], BEE_QUEUE_VERSION, 'bee-queue is pinned exactly to the version queue-scripts.ts was written for');
    assert.doesNotThrow(() => assertBeeQueueInternals(new BeeQueue('x', { autoConnect: false })));
  });

  describe('against a real Redis', () => {
    let dir: string;
    let port: number;
    let redis: LocalRedis;
    let queue: BeeQueue<any>;
    const errors: Error[] = [];

    beforeEach(async () => {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lumiku-scripts-'));
      port = await freePort();
      redis = await startLocalRedis({ dataDir: dir, port, persistent: false });
      errors.length = 0;
      queue = createQueue('media', { redisUrl: redis.url, prefix: `lkscripts:${crypto.randomBytes(4).toString('hex')}`, isWorker: true });
      await connectQueue(queue, (err) => errors.push(err));
    });

    afterEach(async () => {
      await Promise.race([queue.close(500).catch(() => {}), new Promise((r) => setTimeout(r, 1500))]);
      await redis.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    });

    const flush = async () => {
      const client = new Redis(redis.url, { maxRetriesPerRequest: 1 });
      try {
        assert.equal(await client.script('FLUSH'), 'OK');
      } finally {
        client.disconnect();
      }
    };
    const waiting = async () => (await queue.checkHealth()).waiting;

    it('when the scripts were flushed, then enqueue, saveAll and the stall check load them again and succeed', async () => {
      await flush();
      await enqueue(queue, 'job_a');
      await flush();
      const saved = await queue.saveAll([queue.createJob({ jobId: 'job_b' }).setId('job_b')]);
      assert.equal(saved.size, 0, `saveAll errors: ${[...saved.values()].map((e) => e.message)}`);
      await flush();
      assert.equal(await queue.checkStalledJobs(), 0);
      assert.equal(await waiting(), 2);
      assert.deepEqual(errors.map((e) => e.message), []);
    });

    it('when a stall check fails, then the error is reported and the next check still runs', async () => {
      const failures: Error[] = [];
      const original = queue.checkStalledJobs.bind(queue);
      let calls = 0;
      (queue as any).checkStalledJobs = () => (++calls === 1 ? Promise.reject(new Error('Redis went away')) : original());
      const stop = checkStalledJobsEvery(queue, 100, (err) => failures.push(err));
      try {
        await new Promise((r) => setTimeout(r, 350));
      } finally {
        stop();
      }
      assert.deepEqual(failures.map((e) => e.message), ['Redis went away']);
      assert.ok(calls >= 3, `checks made: ${calls}`);
    });

    it('when Redis restarts empty, then a job enqueued while it is down waits for the reconnect and the script reload', async () => {
      await enqueue(queue, 'job_before');
      await redis.stop();
      const pending = queue.createJob({ jobId: 'job_during' }).setId('job_during').save();
      await new Promise((r) => setTimeout(r, 300));
      redis = await startLocalRedis({ dataDir: dir, port, persistent: false });
      const job = await pending;
      assert.equal(job.id, 'job_during');
      assert.equal(await waiting(), 1, 'the restarted Redis holds only the job enqueued during the outage');
    });
  });
});
