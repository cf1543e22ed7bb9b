import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '../../scripts/dev-services/ensure-services';
import { startLocalRedis } from '../../scripts/dev-services/local-redis';
import { QueryTypes } from 'sequelize';
import { recordEvent } from '../../api/src/domain/events/outbox';
import { fanOut } from '../../api/src/domain/webhooks/messages';
import { call, createTestAccount, startTestApp, type TestAccount, type TestApp } from '../support/harness';
import type { WebhookPool } from '../../workers/src/webhooks/pool';
import { FAST_WEBHOOKS, startPool, startReceiver, verify, waitFor, type Behaviour } from './support';

async function emit(app: TestApp, acct: TestAccount, n = 1): Promise<string[]> {
  return app.db.transaction(async (t) => {
    const ids: string[] = [];
    for (let i = 0; i < n; i++) {
      const e = await recordEvent(app.db, { accountId: acct.accountId, livemode: true, type: 'credits.low', object: { object: 'balance', account_id: acct.accountId, balance: i, threshold: 100, livemode: true } }, t);
      ids.push(e.id);
    }
    return ids;
  });
}

async function deliveries(app: TestApp, key: string, endpointId: string, eventId?: string) {
  const res = await call(app.baseUrl, 'GET', `/v1/webhook_endpoints/${endpointId}/deliveries?limit=100${eventId ? `&event_id=${eventId}` : ''}`, { key });
  assert.equal(res.status, 200, res.text);
  return (res.body.data as any[]).slice().reverse();
}

async function messageStatus(app: TestApp, eventId: string, endpointId: string) {
  const [m] = await app.db.query<{ status: string; attempts: number }>(`SELECT status, attempts FROM webhook_messages WHERE event_id = :e AND endpoint_id = :w`, { replacements: { e: eventId, w: endpointId }, type: QueryTypes.SELECT });
  return m;
}

describe('webhook delivery: retries, faults and recovery (built-in)', function () {
  this.timeout(30_000);
  let app: TestApp;
  let pool: WebhookPool;

  before(async () => {
    app = await startTestApp(FAST_WEBHOOKS);
    pool = await startPool(app);
  });
  after(async () => {
    await pool.close();
    await app.close();
  });

  /** A fresh account (so endpoints of other tests get none of its events) with one endpoint on a receiver. */
  async function setup(behaviour: Behaviour) {
    const acct = await createTestAccount(app.db);
    const receiver = await startReceiver(behaviour);
    const ep = await call(app.baseUrl, 'POST', '/v1/webhook_endpoints', { key: acct.live, body: { url: `${receiver.url}/in` } });
    assert.equal(ep.status, 201, ep.text);
    return { acct, receiver, endpoint: ep.body };
  }

  it('when the receiver answers 500 twice, then it is retried on schedule and every attempt is in the deliveries log', async () => {
    let n = 0;
    const { acct, receiver, endpoint } = await setup(() => (++n <= 2 ? 500 : 200));
    try {
      const [id] = await emit(app, acct);
      await receiver.until((r) => r.length === 3);
      assert.ok(receiver.received.every((r) => r.id === id));
      const log = await waitFor(async () => ((await deliveries(app, acct.live, endpoint.id)).length === 3 ? deliveries(app, acct.live, endpoint.id) : null));
      assert.deepEqual(log.map((a) => [a.attempt, a.status_code, a.outcome]), [[1, 500, 'failed'], [2, 500, 'failed'], [3, 200, 'succeeded']]);
      assert.ok(log[0].next_retry_at && log[1].next_retry_at && log[2].next_retry_at === null);
      assert.equal(log[0].response_excerpt, 'status 500');
      const gap = Date.parse(log[1].attempted_at) - Date.parse(log[0].attempted_at);
      assert.ok(gap >= 90, `second attempt ${gap} ms after the first (schedule: 100 ms)`);
    } finally {
      await receiver.close();
    }
  });

  it('when the receiver answers 301, then the redirect is not followed and the message fails after the schedule', async () => {
    const { acct, receiver, endpoint } = await setup((req, res) => {
      if (req.url === '/elsewhere') return 200;
      res.writeHead(301, { location: '/elsewhere' }).end();
    });
    try {
      const [id] = await emit(app, acct);
      await waitFor(async () => (await messageStatus(app, id, endpoint.id))?.status === 'failed', 10_000, 'message failed');
      assert.equal(receiver.received.filter((r) => r.path === '/elsewhere').length, 0);
      const log = await deliveries(app, acct.live, endpoint.id);
      assert.deepEqual(log.map((a) => a.status_code), [301, 301, 301, 301]);
      assert.equal(log[3].next_retry_at, null);
    } finally {
      await receiver.close();
    }
  });

  it('when the receiver times out, resets the connection, or sends a huge body slowly, then each is a recorded attempt and no worker is stuck', async () => {
    let n = 0;
    const { acct, receiver, endpoint } = await setup((req, res) => {
      n++;
      if (n === 1) return; // never answers: the 1 s timeout
      if (n === 2) return void req.socket.destroy(); // connection reset
      if (n === 3) {
        // 500 with an endless body, slowly: read up to the cap, then dropped
        res.writeHead(500);
        const chunk = Buffer.alloc(16 * 1024, 'x');
        const timer = setInterval(() => (res.destroyed ? clearInterval(timer) : res.write(chunk)), 20);
        return;
      }
      res.writeHead(200);
      res.write(Buffer.alloc(100 * 1024, 'y')); // a 2xx with a large body: success, body bounded
      setTimeout(() => res.end(), 5000);
    });
    try {
      const [id] = await emit(app, acct);
      await waitFor(async () => (await messageStatus(app, id, endpoint.id))?.status === 'succeeded', 10_000, 'delivered');
      const log = await deliveries(app, acct.live, endpoint.id);
      assert.equal(log.length, 4);
      assert.deepEqual([log[0].status_code, log[0].error], [null, 'timeout']);
      assert.ok(log[0].latency_ms >= 900 && log[0].latency_ms < 3000, `timeout after ${log[0].latency_ms} ms`);
      assert.equal(log[1].status_code, null);
      assert.match(log[1].error, /ECONNRESET|socket hang up/);
      assert.equal(log[2].status_code, 500);
      assert.ok(log[2].response_excerpt.length <= 1024);
      assert.ok(log[2].latency_ms < 1000, 'stopped reading at the cap, not at the timeout');
      assert.deepEqual([log[3].status_code, log[3].outcome], [200, 'succeeded']);
      assert.ok(log[3].latency_ms < 1000);
    } finally {
      await receiver.close();
    }
  });

  it('when the receiver is down and comes back, then a later retry delivers it', async () => {
    const { acct, receiver, endpoint } = await setup(() => 200);
    const port = Number(new URL(receiver.url).port);
    await receiver.close();
    const [id] = await emit(app, acct);
    await waitFor(async () => ((await deliveries(app, acct.live, endpoint.id)).length >= 1 ? true : null));
    const back = await startReceiver(() => 200);
    // Reopen on the same port the endpoint points at.
    await new Promise<void>((resolve) => back.server.close(() => resolve()));
    await new Promise<void>((resolve) => back.server.listen(port, '127.0.0.1', resolve));
    try {
      await waitFor(async () => (await messageStatus(app, id, endpoint.id))?.status === 'succeeded', 10_000, 'delivered after the receiver came back');
      const log = await deliveries(app, acct.live, endpoint.id);
      assert.match(log[0].error, /ECONNREFUSED/);
      assert.equal(log[log.length - 1].status_code, 200);
      assert.equal(back.received.length, 1);
    } finally {
      await back.close();
    }
  });

  it('when the receiver answers 410 Gone, then the endpoint is disabled at once and a webhook_endpoint.disabled event says so', async () => {
    const { acct, receiver, endpoint } = await setup(() => 410);
    try {
      const [id] = await emit(app, acct);
      await waitFor(async () => (await call(app.baseUrl, 'GET', `/v1/webhook_endpoints/${endpoint.id}`, { key: acct.live })).body.enabled === false, 10_000, 'disabled');
      const got = await call(app.baseUrl, 'GET', `/v1/webhook_endpoints/${endpoint.id}`, { key: acct.live });
      assert.equal(got.body.disabled_reason, 'gone');
      assert.equal(receiver.received.length, 1, 'no retry after 410');
      assert.equal((await messageStatus(app, id, endpoint.id)).status, 'failed');
      const ev = await call(app.baseUrl, 'GET', '/v1/events?type=webhook_endpoint.disabled', { key: acct.live });
      assert.equal(ev.body.data[0].data.object.id, endpoint.id);
      await emit(app, acct);
      await new Promise((r) => setTimeout(r, 500));
      assert.equal(receiver.received.length, 1, 'a disabled endpoint gets nothing');
    } finally {
      await receiver.close();
    }
  });

  it('when the secret is rotated, then deliveries carry both signatures during the grace period', async () => {
    const { acct, receiver, endpoint } = await setup(() => 200);
    try {
      const rotated = await call(app.baseUrl, 'POST', `/v1/webhook_endpoints/${endpoint.id}/rotate_secret`, { key: acct.live });
      assert.equal(rotated.status, 200, rotated.text);
      assert.notEqual(rotated.body.secret, endpoint.secret);
      await emit(app, acct);
      await receiver.until((r) => r.length === 1);
      const r = receiver.received[0];
      assert.equal(r.signature.split(' ').length, 2);
      verify(endpoint.secret, r);
      verify(rotated.body.secret, r);
    } finally {
      await receiver.close();
    }
  });

  it('when an event is resent, and failed deliveries are recovered, then they are delivered again and logged', async () => {
    let failing = true;
    const { acct, receiver, endpoint } = await setup(() => (failing ? 503 : 200));
    try {
      const [a, b] = await emit(app, acct, 2);
      await waitFor(async () => (await messageStatus(app, a, endpoint.id))?.status === 'failed' && (await messageStatus(app, b, endpoint.id))?.status === 'failed', 10_000, 'both failed');
      failing = false;
      const rec = await call(app.baseUrl, 'POST', `/v1/webhook_endpoints/${endpoint.id}/recover?since=${new Date(Date.now() - 60_000).toISOString()}`, { key: acct.live });
      assert.equal(rec.status, 200, rec.text);
      assert.equal(rec.body.scheduled, 2);
      await waitFor(async () => (await messageStatus(app, a, endpoint.id)).status === 'succeeded' && (await messageStatus(app, b, endpoint.id)).status === 'succeeded', 5000, 'recovered');

      const before = receiver.received.filter((r) => r.id === a).length;
      const resent = await call(app.baseUrl, 'POST', `/v1/events/${a}/resend`, { key: acct.live });
      assert.deepEqual(resent.body, { object: 'event_resend', event_id: a, scheduled: 1 });
      await receiver.until((r) => r.filter((x) => x.id === a).length === before + 1, 5000);
      const log = await waitFor(async () => {
        const rows = await deliveries(app, acct.live, endpoint.id, a);
        return rows.length === 6 && rows;
      }, 5000, 'the resend in the log');
      assert.deepEqual(log.map((x) => x.status_code), [503, 503, 503, 503, 200, 200]);
      const bad = await call(app.baseUrl, 'POST', `/v1/webhook_endpoints/${endpoint.id}/recover?since=tomorrow`, { key: acct.live });
      assert.equal(bad.body.code, 'validation_failed');
    } finally {
      await receiver.close();
    }
  });

  it('when the relay is down at commit (crash between commit and hand-off), then the committed event is delivered once it runs again', async () => {
    const { acct, receiver } = await setup(() => 200);
    try {
      await pool.close();
      const [id] = await emit(app, acct);
      await new Promise((r) => setTimeout(r, 300));
      assert.equal(receiver.received.length, 0);
      pool = await startPool(app);
      await receiver.until((r) => r.some((x) => x.id === id));
    } finally {
      await receiver.close();
    }
  });

  it('when the relay dies after committing the messages but before enqueueing them, then the sweep of due messages delivers them', async () => {
    const { acct, receiver, endpoint } = await setup(() => 200);
    try {
      await pool.close();
      const [id] = await emit(app, acct);
      // What the relay commits, without the hand-off to the queue that would follow.
      await app.db.transaction(async (t) => {
        await fanOut(app.db, [id], t, { endpoints: true });
        await app.db.query(`UPDATE events SET relayed_at = now() WHERE id = :id`, { replacements: { id }, transaction: t });
      });
      assert.equal((await messageStatus(app, id, endpoint.id)).status, 'pending');
      pool = await startPool(app);
      await receiver.until((r) => r.some((x) => x.id === id), 10_000);
      await waitFor(async () => (await messageStatus(app, id, endpoint.id)).status === 'succeeded', 5000, 'recorded');
    } finally {
      await receiver.close();
    }
  });
});

describe('webhook delivery across a real Redis restart', function () {
  this.timeout(40_000);
  it('when Redis restarts mid-delivery and loses its data, then the pending retry is still delivered', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lumiku-redis-'));
    const port = await freePort();
    let redis = await startLocalRedis({ dataDir: dir, port, persistent: false });
    const app = await startTestApp({ ...FAST_WEBHOOKS, REDIS_URL: redis.url, WEBHOOK_RETRY_SCHEDULE: '0,2s,2s,2s' });
    const pool = await startPool(app);
    let n = 0;
    const receiver = await startReceiver(() => (++n === 1 ? 500 : 200));
    try {
      const acct = await createTestAccount(app.db);
      const ep = await call(app.baseUrl, 'POST', '/v1/webhook_endpoints', { key: acct.live, body: { url: receiver.url } });
      const [id] = await emit(app, acct);
      await receiver.until((r) => r.length === 1);
      // The retry is waiting in Redis (delayed 2 s) when Redis goes away, and comes back empty.
      await redis.stop();
      await new Promise((r) => setTimeout(r, 500));
      redis = await startLocalRedis({ dataDir: dir, port, persistent: false });
      await receiver.until((r) => r.length === 2, 25_000);
      await waitFor(async () => (await messageStatus(app, id, ep.body.id))?.status === 'succeeded', 5000, 'recorded');
    } finally {
      await receiver.close();
      await pool.close(1000);
      await app.close();
      await redis.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('webhook endpoints failing for the whole disable window', function () {
  this.timeout(20_000);
  it('when an endpoint fails without a success for WEBHOOK_DISABLE_AFTER_MS, then it is disabled with reason failing and an event', async () => {
    const app = await startTestApp({ ...FAST_WEBHOOKS, WEBHOOK_RETRY_SCHEDULE: '0,300ms,300ms,300ms,300ms,300ms,300ms', WEBHOOK_DISABLE_AFTER_MS: '1000' });
    const pool = await startPool(app);
    const receiver = await startReceiver(() => 500);
    try {
      const acct = await createTestAccount(app.db);
      const ep = await call(app.baseUrl, 'POST', '/v1/webhook_endpoints', { key: acct.live, body: { url: receiver.url } });
      await emit(app, acct);
      await waitFor(async () => (await call(app.baseUrl, 'GET', `/v1/webhook_endpoints/${ep.body.id}`, { key: acct.live })).body.disabled_reason === 'failing', 10_000, 'disabled');
      const ev = await call(app.baseUrl, 'GET', '/v1/events?type=webhook_endpoint.disabled', { key: acct.live });
      assert.equal(ev.body.data.length, 1);
      const attempts = receiver.received.length;
      assert.ok(attempts >= 4 && attempts < 7, `${attempts} attempts before disabling`);
      const reenabled = await call(app.baseUrl, 'PATCH', `/v1/webhook_endpoints/${ep.body.id}`, { key: acct.live, body: { enabled: true } });
      assert.deepEqual([reenabled.body.enabled, reenabled.body.disabled_reason], [true, null]);
    } finally {
      await receiver.close();
      await pool.close();
      await app.close();
    }
  });
});
