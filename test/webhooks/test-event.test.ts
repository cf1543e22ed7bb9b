import assert from 'node:assert/strict';
import { QueryTypes } from 'sequelize';
import { createApiKey } from '../../api/src/domain/accounts/api-keys';
import { call, createTestAccount, startTestApp, type TestApp } from '../support/harness';
import type { WebhookPool } from '../../workers/src/webhooks/pool';
import { FAST_WEBHOOKS, startPool, startReceiver, verify, waitFor } from './support';

describe('POST /v1/webhook_endpoints/{id}/send_test_event (built-in delivery)', function () {
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

  async function endpoint(key: string, url: string, fields: Record<string, unknown> = {}) {
    const res = await call(app.baseUrl, 'POST', '/v1/webhook_endpoints', { key, body: { url, ...fields } });
    assert.equal(res.status, 201, res.text);
    return res.body as { id: string; secret: string };
  }

  it('when sent, then only the named endpoint receives one signed webhook_endpoint.test delivery, whatever its event_types', async () => {
    const acct = await createTestAccount(app.db);
    const target = await startReceiver();
    const other = await startReceiver();
    try {
      // The target subscribes to something else: its filter must not block the test event.
      const ep = await endpoint(acct.live, `${target.url}/in`, { event_types: ['video_mix.succeeded'] });
      // Another endpoint of the same account that takes every event type must not receive it.
      await endpoint(acct.live, `${other.url}/in`);

      const res = await call(app.baseUrl, 'POST', `/v1/webhook_endpoints/${ep.id}/send_test_event`, { key: acct.live });
      assert.equal(res.status, 202, res.text);
      assert.equal(res.body.object, 'event');
      assert.equal(res.body.type, 'webhook_endpoint.test');
      assert.equal(res.body.livemode, true);
      assert.equal(res.body.data.object.id, ep.id);
      assert.equal(res.body.data.object.secret, undefined);

      await target.until((r) => r.length === 1);
      const [got] = target.received;
      assert.equal(got.id, res.body.id);
      const payload = verify(ep.secret, got) as any;
      assert.equal(payload.type, 'webhook_endpoint.test');
      assert.equal(payload.id, res.body.id);
      assert.equal(payload.data.object.id, ep.id);
      assert.throws(() => verify('whsec_' + Buffer.alloc(24, 7).toString('base64'), got), 'another secret does not verify it');

      // The event is in the outbox like any other, with a message for the target only.
      const messages = await app.db.query<{ endpoint_id: string | null }>(`SELECT endpoint_id FROM webhook_messages WHERE event_id = :id`, { replacements: { id: res.body.id }, type: QueryTypes.SELECT });
      assert.deepEqual(messages.map((m) => m.endpoint_id), [ep.id]);
      const log = await waitFor(async () => {
        const d = await call(app.baseUrl, 'GET', `/v1/webhook_endpoints/${ep.id}/deliveries`, { key: acct.live });
        return d.body.data?.length ? d.body.data : null;
      });
      assert.deepEqual(log.map((a: any) => [a.event_id, a.event_type, a.outcome]), [[res.body.id, 'webhook_endpoint.test', 'succeeded']]);
      const ev = await call(app.baseUrl, 'GET', `/v1/events/${res.body.id}`, { key: acct.live });
      assert.equal(ev.status, 200, ev.text);
      assert.equal(ev.body.type, 'webhook_endpoint.test');

      // Give the relay time to deliver anything else it would have, then check the other endpoint got nothing.
      await new Promise((r) => setTimeout(r, 600));
      assert.equal(other.received.length, 0);
      assert.equal(target.received.length, 1);
    } finally {
      await target.close();
      await other.close();
    }
  });

  it('when the event is resent, then it still goes only to the endpoint it names', async () => {
    const acct = await createTestAccount(app.db);
    const target = await startReceiver();
    const other = await startReceiver();
    try {
      const ep = await endpoint(acct.live, `${target.url}/in`);
      await endpoint(acct.live, `${other.url}/in`);
      const res = await call(app.baseUrl, 'POST', `/v1/webhook_endpoints/${ep.id}/send_test_event`, { key: acct.live });
      assert.equal(res.status, 202, res.text);
      await target.until((r) => r.length === 1);
      const resent = await call(app.baseUrl, 'POST', `/v1/events/${res.body.id}/resend`, { key: acct.live });
      assert.equal(resent.status, 200, resent.text);
      assert.equal(resent.body.scheduled, 1);
      await target.until((r) => r.length === 2);
      await new Promise((r) => setTimeout(r, 600));
      assert.equal(other.received.length, 0);
    } finally {
      await target.close();
      await other.close();
    }
  });

  it('when the request is replayed with the same Idempotency-Key, then it answers the same event and delivers once', async () => {
    const acct = await createTestAccount(app.db);
    const target = await startReceiver();
    try {
      const ep = await endpoint(acct.live, `${target.url}/in`);
      const headers = { 'idempotency-key': `test-event-${ep.id}` };
      const first = await call(app.baseUrl, 'POST', `/v1/webhook_endpoints/${ep.id}/send_test_event`, { key: acct.live, headers });
      const again = await call(app.baseUrl, 'POST', `/v1/webhook_endpoints/${ep.id}/send_test_event`, { key: acct.live, headers });
      assert.equal(first.status, 202, first.text);
      assert.equal(again.status, 202, again.text);
      assert.equal(again.body.id, first.body.id);
      await target.until((r) => r.length === 1);
      await new Promise((r) => setTimeout(r, 600));
      assert.equal(target.received.length, 1);
    } finally {
      await target.close();
    }
  });

  it('when the endpoint is disabled, then 409 endpoint_disabled and nothing is recorded', async () => {
    const acct = await createTestAccount(app.db);
    const target = await startReceiver();
    try {
      const ep = await endpoint(acct.live, `${target.url}/in`, { enabled: false });
      const res = await call(app.baseUrl, 'POST', `/v1/webhook_endpoints/${ep.id}/send_test_event`, { key: acct.live });
      assert.equal(res.status, 409, res.text);
      assert.equal(res.body.code, 'endpoint_disabled');
      const [{ n }] = await app.db.query<{ n: string }>(`SELECT count(*) AS n FROM events WHERE account_id = :a`, { replacements: { a: acct.accountId }, type: QueryTypes.SELECT });
      assert.equal(Number(n), 0);
    } finally {
      await target.close();
    }
  });

  it('when the key lacks webhooks:manage, then 403; another account (or mode) gets 404', async () => {
    const acct = await createTestAccount(app.db);
    const ep = await endpoint(acct.live, 'http://127.0.0.1:9/in');
    const readOnly = await createApiKey(app.db, { accountId: acct.accountId, name: 'read only', livemode: true, scopes: ['read'] });
    const denied = await call(app.baseUrl, 'POST', `/v1/webhook_endpoints/${ep.id}/send_test_event`, { key: readOnly.secret });
    assert.equal(denied.status, 403, denied.text);
    assert.equal(denied.body.code, 'insufficient_scope');

    const stranger = await createTestAccount(app.db);
    const missing = await call(app.baseUrl, 'POST', `/v1/webhook_endpoints/${ep.id}/send_test_event`, { key: stranger.live });
    assert.equal(missing.status, 404, missing.text);
    assert.equal(missing.body.code, 'resource_not_found');
    const otherMode = await call(app.baseUrl, 'POST', `/v1/webhook_endpoints/${ep.id}/send_test_event`, { key: acct.test });
    assert.equal(otherMode.status, 404, otherMode.text);

    const [{ n }] = await app.db.query<{ n: string }>(`SELECT count(*) AS n FROM events WHERE account_id = :a`, { replacements: { a: acct.accountId }, type: QueryTypes.SELECT });
    assert.equal(Number(n), 0);
  });
});
