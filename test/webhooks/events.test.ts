import assert from 'node:assert/strict';
import sharp from 'sharp';
import { QueryTypes } from 'sequelize';
import { call, createTestAccount, startTestApp, type TestAccount, type TestApp } from '../support/harness';
import { uploadBytes } from '../fixtures/uploads';
import type { WebhookPool } from '../../workers/src/webhooks/pool';
import { FAST_WEBHOOKS, startPool, startReceiver, verify, waitFor } from './support';

async function image(app: TestApp, key: string): Promise<string> {
  const png = await sharp({ create: { width: 64, height: 64, channels: 3, background: '#2563eb' } }).png().toBuffer();
  const res = await uploadBytes(app.baseUrl, key, png, 'tiny.png', { type: 'image/png' });
  assert.equal(res.status, 201, res.text);
  return res.body.id;
}

/** The cheapest real job: one carousel set of two small slides. */
const tinyCarousel = (img: string, extra: Record<string, unknown> = {}) => ({ slides: [{ images: [img], texts: ['Hi'] }, { images: [img], texts: ['There'] }], sets: 1, aspect_ratio: '1:1', format: 'jpeg', ...extra });

/** Signed URLs are minted per rendering; everything else must be identical. */
const withoutSignedUrls = (job: any) => ({ ...job, outputs: job.outputs.map(({ url, url_expires_at, ...o }: any) => (void url, void url_expires_at, o)) });

describe('events and webhooks (built-in delivery)', function () {
  this.timeout(30_000);
  let app: TestApp;
  let pool: WebhookPool;
  let acct: TestAccount;
  let img: string;

  before(async () => {
    app = await startTestApp(FAST_WEBHOOKS, { worker: true });
    pool = await startPool(app);
    acct = await createTestAccount(app.db, { balance: 1000 });
    img = await image(app, acct.live);
  });
  after(async () => {
    await pool.close();
    await app.close();
  });

  it('when a job runs, then each state change is an event whose data.object is the job as GET renders it, and a subscribed endpoint receives it signed', async () => {
    const receiver = await startReceiver();
    try {
      const ep = await call(app.baseUrl, 'POST', '/v1/webhook_endpoints', { key: acct.live, body: { url: `${receiver.url}/hooks`, event_types: ['carousel.*'] } });
      assert.equal(ep.status, 201, ep.text);
      assert.match(ep.body.secret, /^whsec_/);
      assert.match(ep.body.id, /^we_/);

      const created = await call(app.baseUrl, 'POST', '/v1/carousels', { key: acct.live, body: tinyCarousel(img) });
      assert.equal(created.status, 202, created.text);
      const id = created.body.id;
      const done = await call(app.baseUrl, 'GET', `/v1/carousels/${id}?wait=20`, { key: acct.live });
      assert.equal(done.body.status, 'succeeded');

      const events = await call(app.baseUrl, 'GET', `/v1/events?job_id=${id}`, { key: acct.live });
      assert.equal(events.status, 200, events.text);
      assert.deepEqual(events.body.data.map((e: any) => e.type).reverse(), ['carousel.queued', 'carousel.processing', 'carousel.succeeded']);
      const succeeded = events.body.data[0];
      assert.match(succeeded.id, /^evt_/);
      assert.deepEqual(withoutSignedUrls(succeeded.data.object), withoutSignedUrls(done.body));
      const one = await call(app.baseUrl, 'GET', `/v1/events/${succeeded.id}`, { key: acct.live });
      assert.deepEqual(one.body, succeeded);

      await receiver.until((r) => r.filter((x) => x.body.data.object.id === id).length === 3);
      for (const r of receiver.received) {
        verify(ep.body.secret, r);
        assert.equal(r.id, r.body.id, 'webhook-id is the event id');
        assert.equal(r.path, '/hooks');
      }
      assert.throws(() => verify('whsec_' + Buffer.alloc(24, 1).toString('base64'), receiver.received[0]), 'another secret does not verify');
      const log = await waitFor(async () => {
        const d = await call(app.baseUrl, 'GET', `/v1/webhook_endpoints/${ep.body.id}/deliveries`, { key: acct.live });
        return d.body.data.length === 3 && d.body;
      });
      assert.ok(log.data.every((a: any) => a.outcome === 'succeeded' && a.status_code === 200 && a.attempt === 1 && a.response_excerpt === 'ok' && a.next_retry_at === null && a.latency_ms >= 0));
    } finally {
      await receiver.close();
    }
  });

  it('when a job is created with webhook_url and webhook_events, then only those events go there, signed with the account default secret', async () => {
    const receiver = await startReceiver();
    try {
      const created = await call(app.baseUrl, 'POST', '/v1/carousels', { key: acct.live, body: tinyCarousel(img, { webhook_url: `${receiver.url}/job`, webhook_events: ['carousel.succeeded'] }) });
      assert.equal(created.status, 202, created.text);
      assert.equal(created.body.input.webhook_url, undefined, 'not part of the input');
      await receiver.until((r) => r.some((x) => x.path === '/job'));
      const secret = await call(app.baseUrl, 'GET', '/v1/webhook_secret', { key: acct.live });
      assert.match(secret.body.secret, /^whsec_/);
      const mine = receiver.received.filter((x) => x.path === '/job');
      assert.deepEqual(mine.map((x) => x.body.type), ['carousel.succeeded']);
      verify(secret.body.secret, mine[0]);

      const bad = await call(app.baseUrl, 'POST', '/v1/carousels', { key: acct.live, body: tinyCarousel(img, { webhook_url: receiver.url, webhook_events: ['loop.succeeded'] }) });
      assert.equal(bad.status, 422);
      assert.equal(bad.body.code, 'validation_failed');
    } finally {
      await receiver.close();
    }
  });

  it('when a queued job is canceled, then carousel.canceled is written with the refunded credits', async () => {
    const created = await call(app.baseUrl, 'POST', '/v1/carousels', { key: acct.test, body: tinyCarousel(await image(app, acct.test)) });
    // Cancel races the worker; either way the last event matches the final state.
    await call(app.baseUrl, 'POST', `/v1/carousels/${created.body.id}/cancel`, { key: acct.test });
    const final = await call(app.baseUrl, 'GET', `/v1/carousels/${created.body.id}?wait=20`, { key: acct.test });
    const events = await call(app.baseUrl, 'GET', `/v1/events?job_id=${created.body.id}`, { key: acct.test });
    assert.equal(events.body.data[0].type, `carousel.${final.body.status}`);
    assert.equal(events.body.data[0].livemode, false);
    const live = await call(app.baseUrl, 'GET', `/v1/events?job_id=${created.body.id}`, { key: acct.live });
    assert.equal(live.body.data.length, 0, 'test-mode events are invisible to live keys');
  });

  it('when a live balance falls below the threshold, then credits.low is written once, in the reservation transaction', async () => {
    const low = await createTestAccount(app.db, { balance: 101 });
    const lowImg = await image(app, low.live);
    const first = await call(app.baseUrl, 'POST', '/v1/carousels', { key: low.live, body: tinyCarousel(lowImg) });
    assert.equal(first.status, 202, first.text);
    const second = await call(app.baseUrl, 'POST', '/v1/carousels', { key: low.live, body: tinyCarousel(lowImg) });
    assert.equal(second.status, 202);
    const events = await call(app.baseUrl, 'GET', '/v1/events?type=credits.low', { key: low.live });
    assert.equal(events.body.data.length, 1);
    assert.deepEqual(events.body.data[0].data.object, { object: 'balance', account_id: low.accountId, balance: 99, threshold: 100, livemode: true });
  });

  it('when endpoints are managed, then create/list/update/delete work, filters are validated, and private URLs are refused', async () => {
    const ep = await call(app.baseUrl, 'POST', '/v1/webhook_endpoints', { key: acct.live, body: { url: 'http://127.0.0.1:9/x', description: 'a' } });
    assert.equal(ep.status, 201);
    const got = await call(app.baseUrl, 'GET', `/v1/webhook_endpoints/${ep.body.id}`, { key: acct.live });
    assert.equal(got.body.secret, undefined, 'the secret is shown only on create and rotate');
    assert.equal(got.body.event_types, null);
    const patched = await call(app.baseUrl, 'PATCH', `/v1/webhook_endpoints/${ep.body.id}`, { key: acct.live, body: { enabled: false, event_types: ['loop.failed'] } });
    assert.equal(patched.status, 200, patched.text);
    assert.deepEqual([patched.body.enabled, patched.body.disabled_reason, patched.body.event_types], [false, 'manual', ['loop.failed']]);
    const list = await call(app.baseUrl, 'GET', '/v1/webhook_endpoints?limit=100', { key: acct.live });
    assert.ok(list.body.data.some((e: any) => e.id === ep.body.id));
    assert.equal((await call(app.baseUrl, 'GET', `/v1/webhook_endpoints/${ep.body.id}`, { key: acct.test })).status, 404, 'other mode: 404');

    const unknownType = await call(app.baseUrl, 'POST', '/v1/webhook_endpoints', { key: acct.live, body: { url: 'http://127.0.0.1:9/x', event_types: ['nope.happened'] } });
    assert.equal(unknownType.status, 422);
    for (const url of ['http://169.254.169.254/latest/meta-data', 'http://10.0.0.1/', 'ftp://example.com/', 'http://user:pw@127.0.0.1/']) {
      const res = await call(app.baseUrl, 'POST', '/v1/webhook_endpoints', { key: acct.live, body: { url } });
      assert.equal(res.status, 422, url);
      assert.equal(res.body.code, 'url_not_allowed', url);
      assert.equal(res.headers.get('content-type'), 'application/problem+json; charset=utf-8');
    }
    const del = await call(app.baseUrl, 'DELETE', `/v1/webhook_endpoints/${ep.body.id}`, { key: acct.live });
    assert.deepEqual(del.body, { id: ep.body.id, object: 'webhook_endpoint', deleted: true });
    assert.equal((await call(app.baseUrl, 'GET', `/v1/webhook_endpoints/${ep.body.id}`, { key: acct.live })).status, 404);
    const noScope = await createTestAccount(app.db, { scopes: ['read'] });
    assert.equal((await call(app.baseUrl, 'GET', '/v1/webhook_endpoints', { key: noScope.live })).body.code, 'insufficient_scope');
  });

  it('when loopback is not allowlisted, then a loopback endpoint is refused', async () => {
    const strict = await startTestApp({ RATE_LIMIT_PER_WINDOW: '0' });
    try {
      const a = await createTestAccount(strict.db);
      const res = await call(strict.baseUrl, 'POST', '/v1/webhook_endpoints', { key: a.live, body: { url: 'http://127.0.0.1:8080/hook' } });
      assert.equal(res.status, 422);
      assert.equal(res.body.code, 'url_not_allowed');
      const job = await call(strict.baseUrl, 'POST', '/v1/carousels', { key: a.test, body: tinyCarousel('file_00000000000000000000000000', { webhook_url: 'http://localhost/x' }) });
      assert.equal(job.status, 422);
    } finally {
      await strict.close();
    }
  });

  it('when events are listed, then they page with starting_after and filter by type', async () => {
    const all = await call(app.baseUrl, 'GET', '/v1/events?limit=2', { key: acct.live });
    assert.equal(all.body.data.length, 2);
    assert.equal(all.body.has_more, true);
    const next = await call(app.baseUrl, 'GET', `/v1/events?limit=2&starting_after=${all.body.next_cursor}`, { key: acct.live });
    assert.ok(next.body.data[0].id < all.body.data[1].id);
    const typed = await call(app.baseUrl, 'GET', '/v1/events?type=carousel.succeeded', { key: acct.live });
    assert.ok(typed.body.data.length >= 2 && typed.body.data.every((e: any) => e.type === 'carousel.succeeded'));
    assert.equal((await call(app.baseUrl, 'GET', '/v1/events?type=bogus', { key: acct.live })).status, 422);
    assert.equal((await call(app.baseUrl, 'GET', '/v1/events/evt_00000000000000000000000000', { key: acct.live })).body.code, 'resource_not_found');
    const [{ n }] = await app.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM events WHERE account_id = :a AND relayed_at IS NULL AND created_at < now() - interval '2 seconds'`, { replacements: { a: acct.accountId }, type: QueryTypes.SELECT });
    assert.equal(n, 0, 'the relay has handed every event on');
  });
});
