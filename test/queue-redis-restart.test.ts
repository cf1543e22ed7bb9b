import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { freePort } from '../scripts/dev-services/ensure-services';
import { startLocalRedis } from '../scripts/dev-services/local-redis';
import { uploadBytes } from './fixtures/uploads';
import { call, createTestAccount, startTestApp } from './support/harness';

describe('job queues across a real Redis restart', function () {
  this.timeout(60_000);

  it('when Redis restarts and loses its data, then the API and the worker carry on: the next job is enqueued and finished', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lumiku-redis-'));
    const port = await freePort();
    let redis = await startLocalRedis({ dataDir: dir, port, persistent: false });
    const app = await startTestApp({ REDIS_URL: redis.url, RATE_LIMIT_PER_WINDOW: '0' }, { worker: true });
    try {
      const acct = await createTestAccount(app.db, { balance: 100 });
      const image = await uploadBytes(app.baseUrl, acct.test, await sharp({ create: { width: 200, height: 200, channels: 3, background: '#2563eb' } }).png().toBuffer(), 'a.png', { type: 'image/png' });
      const body = { slides: [{ images: [image.body.id], texts: ['One'] }, { images: [image.body.id], texts: ['Two'] }], sets: 1, aspect_ratio: '1:1', format: 'jpeg' };
      const run = async () => {
        const created = await call(app.baseUrl, 'POST', '/v1/carousels', { key: acct.test, body });
        assert.equal(created.status, 202, created.text);
        return (await call(app.baseUrl, 'GET', `/v1/carousels/${created.body.id}?wait=20`, { key: acct.test })).body;
      };
      assert.equal((await run()).status, 'succeeded');

      // Redis comes back empty: bee-queue's scripts are gone from it, and must be loaded again.
      await redis.stop();
      await new Promise((r) => setTimeout(r, 300));
      redis = await startLocalRedis({ dataDir: dir, port, persistent: false });
      await new Promise((r) => setTimeout(r, 1500));

      const after = await run();
      assert.equal(after.status, 'succeeded', `after the restart: ${after.status} ${JSON.stringify(after.error)}`);
      assert.ok(Date.parse(after.finished_at) - Date.parse(after.created_at) < 10_000, 'finished straight away, not by the sweeper');
    } finally {
      await app.close();
      await redis.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
