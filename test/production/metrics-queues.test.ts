import assert from 'node:assert/strict';
import { connectQueue, createQueue, enqueue } from '../../api/src/domain/jobs/queue';
import { startTestApp, type TestApp } from '../support/harness';

/** /metrics reports each pool's queue depth and oldest waiting age, read from the real Redis queues. */
describe('/metrics: queue depth and oldest waiting age per pool', () => {
  let app: TestApp;
  before(async () => (app = await startTestApp()));
  after(() => app?.close());

  const sample = (text: string, name: string, labels: string) => {
    const line = text.split('\n').find((l) => l.startsWith(`${name}{${labels}}`));
    return line === undefined ? undefined : Number(line.split(' ').pop());
  };

  it('counts waiting entries per pool and ages the oldest', async function () {
    this.timeout(20_000);
    const queue = createQueue('media', { redisUrl: app.config.redisUrl!, prefix: app.config.queuePrefix, isWorker: false });
    await connectQueue(queue, () => {});
    try {
      const before = await (await fetch(`${app.baseUrl}/metrics`)).text();
      assert.equal(sample(before, 'lumiku_queue_depth', 'pool="media",state="waiting"'), 0);
      assert.equal(sample(before, 'lumiku_queue_oldest_waiting_seconds', 'pool="media"'), 0);
      await enqueue(queue, 'vmix_metrics_1');
      await new Promise((r) => setTimeout(r, 1200));
      await enqueue(queue, 'vmix_metrics_2');
      const text = await (await fetch(`${app.baseUrl}/metrics`)).text();
      assert.equal(sample(text, 'lumiku_queue_depth', 'pool="media",state="waiting"'), 2);
      assert.equal(sample(text, 'lumiku_queue_depth', 'pool="image",state="waiting"'), 0);
      assert.equal(sample(text, 'lumiku_queue_depth', 'pool="webhooks",state="active"'), 0);
      const oldest = sample(text, 'lumiku_queue_oldest_waiting_seconds', 'pool="media"')!;
      assert.ok(oldest >= 1.1 && oldest < 10, `oldest ${oldest}`);
      for (const pool of ['media', 'image', 'gpu', 'webhooks']) assert.notEqual(sample(text, 'lumiku_queue_oldest_waiting_seconds', `pool="${pool}"`), undefined, pool);
    } finally {
      await queue.destroy().catch(() => {});
      await queue.close().catch(() => {});
    }
  });
});
