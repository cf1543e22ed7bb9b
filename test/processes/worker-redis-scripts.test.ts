import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import sharp from 'sharp';
import { freePort } from '../../scripts/dev-services/ensure-services';
import { startLocalRedis, type LocalRedis } from '../../scripts/dev-services/local-redis';
import { uploadBytes } from '../fixtures/uploads';
import { call, createTestAccount, startTestApp, testServices, type TestApp } from '../support/harness';
import { exited, killHard, spawnTs, waitForExit } from './support';

/**
 * A worker process against a private Redis that forgets bee-queue's Lua scripts (SCRIPT FLUSH, or a
 * restart without data): the worker's periodic stall check and the API's enqueue get NOSCRIPT. The
 * worker must stay up and both must load the scripts again and carry on.
 */
describe('worker process when Redis forgets its Lua scripts', function () {
  this.timeout(120_000);

  /** A little longer than the worker's stall check interval (10 s), so one runs after the flush. */
  const STALL_CHECK_WAIT_MS = 11_500;

  let dir: string;
  let port: number;
  let redis: LocalRedis;
  let app: TestApp;
  let worker: ReturnType<typeof spawnTs>;
  let workerEnv: NodeJS.ProcessEnv;

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lumiku-noscript-'));
    port = await freePort();
    redis = await startLocalRedis({ dataDir: dir, port, persistent: false });
    const env = { REDIS_URL: redis.url, QUEUE_PREFIX: `lkproc:${crypto.randomBytes(4).toString('hex')}`, LUMIKU_DATA_DIR: path.join(dir, 'data'), SWEEP_AFTER_MS: '600000', RATE_LIMIT_PER_WINDOW: '0' };
    // The API in this process (it enqueues), the worker in its own, as in production.
    app = await startTestApp(env);
    const { databaseUrl } = await testServices();
    workerEnv = { ...process.env, ...env, DATABASE_URL: databaseUrl, NODE_ENV: 'test', LOG_LEVEL: 'info' };
  });

  // One worker for every test; a new one if an earlier test's worker died, so each test stands alone.
  beforeEach(async () => {
    if (worker && !exited(worker.child)) return;
    worker = spawnTs('workers/src/main.ts', ['--queues', 'image'], workerEnv);
    await worker.waitFor(/worker started/);
  });

  after(async () => {
    if (worker && !exited(worker.child)) {
      worker.child.kill('SIGTERM');
      await waitForExit(worker.child, 10_000).catch(() => killHard(worker.child.pid));
    }
    await app?.close();
    await redis?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const runCarousel = async () => {
    const acct = await createTestAccount(app.db, { balance: 100 });
    const image = await uploadBytes(app.baseUrl, acct.test, await sharp({ create: { width: 120, height: 120, channels: 3, background: '#16a34a' } }).png().toBuffer(), 'a.png', { type: 'image/png' });
    assert.equal(image.status, 201, image.text);
    const created = await call(app.baseUrl, 'POST', '/v1/carousels', { key: acct.test, body: { slides: [{ images: [image.body.id], texts: ['One'] }, { images: [image.body.id], texts: ['Two'] }], sets: 1, aspect_ratio: '1:1', format: 'jpeg' } });
    assert.equal(created.status, 202, created.text);
    const done = (await call(app.baseUrl, 'GET', `/v1/carousels/${created.body.id}?wait=20`, { key: acct.test })).body;
    assert.equal(done.status, 'succeeded', `job ${done.id}: ${done.status} ${JSON.stringify(done.error)}\nworker output:\n${worker.text().slice(-3000)}`);
    // Picked up from the queue straight away (the sweeper is off: SWEEP_AFTER_MS is 10 min).
    assert.ok(Date.parse(done.finished_at) - Date.parse(done.created_at) < 10_000, 'finished straight away');
  };

  const assertWorkerAlive = () => assert.ok(!exited(worker.child), `the worker exited (${worker.child.exitCode ?? worker.child.signalCode}):\n${worker.text().slice(-3000)}`);

  const scriptFlush = async () => {
    const client = new Redis(redis.url, { lazyConnect: true, maxRetriesPerRequest: 1 });
    try {
      await client.connect();
      assert.equal(await client.script('FLUSH'), 'OK');
    } finally {
      client.disconnect();
    }
  };

  it('when SCRIPT FLUSH runs, then the next stall check reloads the scripts and the worker keeps processing jobs', async () => {
    await runCarousel();
    await scriptFlush();
    await new Promise((r) => setTimeout(r, STALL_CHECK_WAIT_MS));
    assertWorkerAlive();
    await runCarousel();
    assertWorkerAlive();
  });

  it('when SCRIPT FLUSH runs right before a job is created, then the API reloads the scripts and enqueues it', async () => {
    await scriptFlush();
    await runCarousel();
    assertWorkerAlive();
  });

  it('when the Redis server restarts empty, then the worker stays up and processes the next job', async () => {
    await redis.stop();
    await new Promise((r) => setTimeout(r, 300));
    redis = await startLocalRedis({ dataDir: dir, port, persistent: false });
    await new Promise((r) => setTimeout(r, STALL_CHECK_WAIT_MS));
    assertWorkerAlive();
    await runCarousel();
    assertWorkerAlive();
  });
});
