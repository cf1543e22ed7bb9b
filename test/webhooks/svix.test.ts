import assert from 'node:assert/strict';
import nock from 'nock';
import { QueryTypes } from 'sequelize';
import { recordEvent } from '../../api/src/domain/events/outbox';
import { call, createTestAccount, startTestApp, type TestAccount, type TestApp } from '../support/harness';
import type { WebhookPool } from '../../workers/src/webhooks/pool';
import { guardNetwork } from '../fixtures/network';
import { startPool, waitFor } from './support';

const SVIX = 'https://svix.example.test';
/** A public address literal: the endpoint URL check needs no DNS. */
const PUBLIC_URL = 'https://93.184.215.14/hooks/lumiku';

interface Seen {
  method: string;
  path: string;
  body: any;
  idempotencyKey: string | undefined;
  authorization: string | undefined;
}

/**
 * Svix's HTTP API as documented (https://api.svix.com/docs), stubbed with nock: every call is
 * recorded; `failNext` makes the next N calls to a path prefix answer 500.
 */
function stubSvix() {
  const seen: Seen[] = [];
  const failures = new Map<string, { n: number; status: number }>();
  const now = new Date().toISOString();
  const record = (method: string) =>
    function (this: any, uri: string, body: any) {
      const req = this.req as { headers: Record<string, string | undefined> };
      seen.push({ method, path: uri, body: typeof body === 'string' && body ? JSON.parse(body) : body, idempotencyKey: req.headers['idempotency-key'], authorization: req.headers.authorization });
      for (const [prefix, f] of failures)
        if (uri.includes(prefix) && f.n > 0) {
          f.n--;
          return [f.status, { code: f.status === 409 ? 'conflict' : 'server_error', detail: 'stub answer' }];
        }
      if (uri.startsWith('/api/v1/app?')) return [200, { id: `app_${body.uid}`, uid: body.uid, name: body.name, createdAt: now, updatedAt: now, metadata: {} }];
      if (/\/endpoint$/.test(uri.split('?')[0]) && method === 'POST')
        return [201, { id: `ep_${body.uid}`, uid: body.uid, url: body.url, description: body.description, version: 1, disabled: body.disabled, filterTypes: body.filterTypes, channels: body.channels, createdAt: now, updatedAt: now, metadata: {} }];
      if (/\/endpoint\/[^/]+$/.test(uri) && method === 'PUT') return [200, { id: 'ep_x', uid: body.uid, url: body.url, description: body.description, version: 1, disabled: body.disabled, createdAt: now, updatedAt: now, metadata: {} }];
      if (/\/msg$/.test(uri.split('?')[0])) return [202, { id: `msg_${body.eventId}`, eventId: body.eventId, eventType: body.eventType, payload: body.payload, channels: body.channels, timestamp: now }];
      if (/\/msg\/[^/]+\/endpoint$/.test(uri.split('?')[0])) return [200, { data: [{ id: 'ep_1', uid: 'we_x', url: PUBLIC_URL, version: 1, createdAt: now, updatedAt: now, status: 0 }], done: true, iterator: null }];
      if (uri.endsWith('/recover')) return [202, { id: 'qtask_1', status: 'running', task: 'endpoint.recover' }];
      return [204, ''];
    };
  const scope = nock(SVIX)
    .persist()
    .post(/.*/)
    .reply(record('POST'))
    .put(/.*/)
    .reply(record('PUT'))
    .delete(/.*/)
    .reply(record('DELETE'))
    .get(/.*/)
    .reply(record('GET'));
  return { seen, scope, failNext: (prefix: string, n: number, status = 500) => failures.set(prefix, { n, status }) };
}

describe('webhooks through Svix (SVIX_TOKEN set; Svix stubbed with nock)', function () {
  this.timeout(30_000);
  let app: TestApp;
  let pool: WebhookPool;
  let acct: TestAccount;
  let svix: ReturnType<typeof stubSvix>;
  let network: ReturnType<typeof guardNetwork>;

  before(async () => {
    network = guardNetwork();
    svix = stubSvix();
    app = await startTestApp({ SVIX_TOKEN: 'testsk_lumiku_test_token', SVIX_SERVER_URL: SVIX, RATE_LIMIT_PER_WINDOW: '0', WEBHOOK_RELAY_POLL_MS: '200' });
    pool = await startPool(app);
    acct = await createTestAccount(app.db);
  });
  after(async () => {
    await pool.close();
    await app.close();
    network.release();
  });

  const mine = (pred: (s: Seen) => boolean) => svix.seen.filter((s) => s.path.includes(acct.accountId) && pred(s));

  it('when an endpoint is created, updated, rotated and deleted, then it is mirrored in the account\'s Svix application with idempotency keys', async () => {
    const ep = await call(app.baseUrl, 'POST', '/v1/webhook_endpoints', { key: acct.live, body: { url: PUBLIC_URL, event_types: ['video_mix.succeeded'] } });
    assert.equal(ep.status, 201, ep.text);
    const appCall = svix.seen.find((s) => s.path.startsWith('/api/v1/app?') && s.body.uid === acct.accountId)!;
    assert.ok(appCall, 'one Svix application per account, uid = account id');
    assert.equal(appCall.authorization, 'Bearer testsk_lumiku_test_token');
    assert.equal(appCall.idempotencyKey, `app-${acct.accountId}`);
    const create = mine((s) => s.method === 'POST' && s.path.endsWith('/endpoint'))[0];
    assert.equal(create.path, `/api/v1/app/${acct.accountId}/endpoint`);
    assert.deepEqual([create.body.uid, create.body.url, create.body.secret, create.body.filterTypes, create.body.channels], [ep.body.id, PUBLIC_URL, ep.body.secret, ['video_mix.succeeded'], ['live']]);
    assert.equal(create.idempotencyKey, `endpoint-create-${ep.body.id}`);

    const patched = await call(app.baseUrl, 'PATCH', `/v1/webhook_endpoints/${ep.body.id}`, { key: acct.live, body: { enabled: false } });
    assert.equal(patched.status, 200, patched.text);
    assert.equal(mine((s) => s.method === 'PUT').at(-1)!.body.disabled, true);
    const rotated = await call(app.baseUrl, 'POST', `/v1/webhook_endpoints/${ep.body.id}/rotate_secret`, { key: acct.live });
    const rotate = mine((s) => s.path.endsWith('/secret/rotate'))[0];
    assert.equal(rotate.body.key, rotated.body.secret);
    assert.match(rotate.idempotencyKey!, /^endpoint-rotate-we_/);
    const rec = await call(app.baseUrl, 'POST', `/v1/webhook_endpoints/${ep.body.id}/recover?since=2026-01-01T00:00:00Z`, { key: acct.live });
    assert.equal(rec.status, 200, rec.text);
    assert.equal(rec.body.scheduled, null);
    assert.equal(mine((s) => s.path.endsWith('/recover'))[0].body.since, '2026-01-01T00:00:00.000Z');
    const del = await call(app.baseUrl, 'DELETE', `/v1/webhook_endpoints/${ep.body.id}`, { key: acct.live });
    assert.equal(del.status, 200);
    assert.ok(mine((s) => s.method === 'DELETE' && s.path === `/api/v1/app/${acct.accountId}/endpoint/${ep.body.id}`).length === 1);
  });

  it('when an event commits, then the relay sends it as a Svix message with eventId = event id, retrying a failed call with the same idempotency key', async () => {
    svix.failNext(`/api/v1/app/${acct.accountId}/msg`, 1);
    const ev = await app.db.transaction((t) => recordEvent(app.db, { accountId: acct.accountId, livemode: false, type: 'credits.low', object: { object: 'balance' } }, t));
    const isMessage = (s: Seen) => s.path.split('?')[0].endsWith('/msg') && s.body.eventId === ev.id;
    await waitFor(async () => mine(isMessage).length >= 2, 10_000, 'message sent');
    const calls = mine(isMessage);
    assert.deepEqual(new Set(calls.map((c) => c.idempotencyKey)), new Set([`message-${ev.id}`]));
    assert.deepEqual([calls[1].body.eventType, calls[1].body.channels, calls[1].body.payload.id, calls[1].body.payload.object], ['credits.low', ['test'], ev.id, 'event']);

    const resent = await call(app.baseUrl, 'POST', `/v1/events/${ev.id}/resend`, { key: acct.test });
    assert.equal(resent.status, 200, resent.text);
    assert.equal(mine((s) => s.path === `/api/v1/app/${acct.accountId}/msg/${ev.id}/endpoint/ep_1/resend`).length, 1);
  });

  it('when Svix already has a message with the event id (409), then the event counts as sent and the outbox moves on', async () => {
    svix.failNext(`/api/v1/app/${acct.accountId}/msg`, 1, 409);
    const ev = await app.db.transaction((t) => recordEvent(app.db, { accountId: acct.accountId, livemode: true, type: 'credits.low', object: { object: 'balance' } }, t));
    await waitFor(async () => (await app.db.query<{ relayed_at: Date | null }>(`SELECT relayed_at FROM events WHERE id = :id`, { replacements: { id: ev.id }, type: QueryTypes.SELECT, plain: true }))?.relayed_at, 10_000, 'relayed');
    assert.equal(mine((s) => s.path.split('?')[0].endsWith('/msg') && s.body.eventId === ev.id).length, 1);
  });

  it('when Svix is down, then endpoint changes fail with a 503 problem and nothing is saved', async () => {
    svix.failNext(`/api/v1/app/${acct.accountId}/endpoint`, 3);
    const res = await call(app.baseUrl, 'POST', '/v1/webhook_endpoints', { key: acct.live, body: { url: PUBLIC_URL } });
    assert.equal(res.status, 503, res.text);
    assert.equal(res.body.code, 'webhook_backend_unavailable');
    const list = await call(app.baseUrl, 'GET', '/v1/webhook_endpoints', { key: acct.live });
    assert.equal(list.body.data.length, 0);
  });
});
