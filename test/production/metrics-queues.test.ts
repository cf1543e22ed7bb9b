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

  it("names every metric the operators' dashboard and alerts need, typed, before anything happened", async () => {
    const text = await (await fetch(`${app.baseUrl}/metrics`)).text();
    const families = new Map([...text.matchAll(/^# TYPE (\S+) (\S+)$/gm)].map((m) => [m[1], m[2]]));
    const expected: Record<string, string> = {
      lumiku_http_request_duration_seconds: 'histogram',
      lumiku_queue_depth: 'gauge', // per pool and state
      lumiku_queue_oldest_waiting_seconds: 'gauge', // per pool
      lumiku_job_duration_seconds: 'histogram', // by app and outcome
      lumiku_webhook_deliveries_total: 'counter', // by outcome
      lumiku_webhook_delivery_duration_seconds: 'histogram', // by outcome
      lumiku_billing_events_total: 'counter', // payment events, by gateway and outcome
      lumiku_credits_reserved_total: 'counter',
      lumiku_credits_charged_total: 'counter',
    };
    for (const [name, type] of Object.entries(expected)) assert.equal(families.get(name), type, `${name} on /metrics`);
  });

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
