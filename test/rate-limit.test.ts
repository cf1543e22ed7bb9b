import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { createRedis } from '../api/src/infra/redis';
import { RedisRateLimitStore } from '../api/src/middleware/rate-limit';
import { testServices } from './support/harness';

describe('rate limit store (leases from a shared Redis window)', () => {
  it('when three API processes share a key, then together they grant exactly the limit and refuse the rest', async () => {
    const { redisUrl } = await testServices();
    const clients = [createRedis(redisUrl), createRedis(redisUrl), createRedis(redisUrl)];
    await Promise.all(clients.map((c) => c.connect()));
    try {
      const prefix = `lktest:rl:${crypto.randomBytes(4).toString('hex')}:`;
      const stores = clients.map((c) => new RedisRateLimitStore(c, 60_000, 1000, prefix));
      let allowed = 0;
      let refused = 0;
      const hits: number[] = [];
      await Promise.all(
        stores.map(async (store) => {
          for (let i = 0; i < 500; i++) {
            const { totalHits } = await store.increment('key_1');
            hits.push(totalHits);
            if (totalHits <= 1000) allowed++;
            else refused++;
          }
        }),
      );
      assert.equal(allowed, 1000);
      assert.equal(refused, 500);
      assert.ok(hits.every((h) => h >= 1));
      assert.equal(Number(await clients[0].get(`${prefix}key_1`)), 1000, 'Redis never hands out more than the limit');
      assert.ok((await clients[0].pttl(`${prefix}key_1`)) > 0, 'the window expires');
    } finally {
      await Promise.all(clients.map((c) => c.quit()));
    }
  });

  it('when the limit is small, then every request is counted in Redis (lease of one)', async () => {
    const { redisUrl } = await testServices();
    const client = createRedis(redisUrl);
    await client.connect();
    try {
      const prefix = `lktest:rl:${crypto.randomBytes(4).toString('hex')}:`;
      const store = new RedisRateLimitStore(client, 60_000, 5, prefix);
      const seen = [];
      for (let i = 0; i < 6; i++) seen.push((await store.increment('k')).totalHits);
      assert.deepEqual(seen, [1, 2, 3, 4, 5, 6]);
      assert.equal(Number(await client.get(`${prefix}k`)), 5);
    } finally {
      await client.quit();
    }
  });
});
