import assert from 'node:assert/strict';
import { call, createTestAccount, startTestApp, type TestApp } from './support/harness';

describe('Idempotency-Key', () => {
  let app: TestApp;
  before(async () => {
    app = await startTestApp({ RATE_LIMIT_PER_WINDOW: '0' });
  });
  after(async () => app.close());

  const keysNamed = async (accountId: string, name: string) =>
    (await app.db.query<any>(`SELECT count(*)::int AS n FROM api_keys WHERE account_id = :id AND name = :name`, { replacements: { id: accountId, name }, type: 'SELECT' as any }))[0].n;

  it('when the same key and body are sent 20 times in parallel, then one object is created and every response is it', async () => {
    const acct = await createTestAccount(app.db);
    const responses = await Promise.all(
      Array.from({ length: 20 }, () => call(app.baseUrl, 'POST', '/v1/api_keys', { key: acct.live, body: { name: 'parallel' }, headers: { 'idempotency-key': 'order-123' } })),
    );
    assert.deepEqual([...new Set(responses.map((r) => r.status))], [201]);
    assert.equal(new Set(responses.map((r) => r.body.id)).size, 1);
    assert.equal(responses.filter((r) => r.headers.get('idempotent-replayed') === 'true').length, 19);
    assert.ok(responses.every((r) => r.headers.get('location') === `/v1/api_keys/${responses[0].body.id}`));
    assert.equal(await keysNamed(acct.accountId, 'parallel'), 1);
  });

  it('when the same key comes with a different body, then 409 idempotency_conflict and nothing new', async () => {
    const acct = await createTestAccount(app.db);
    const first = await call(app.baseUrl, 'POST', '/v1/api_keys', { key: acct.live, body: { name: 'one' }, headers: { 'idempotency-key': 'k1' } });
    assert.equal(first.status, 201);
    const other = await call(app.baseUrl, 'POST', '/v1/api_keys', { key: acct.live, body: { name: 'two' }, headers: { 'idempotency-key': 'k1' } });
    assert.equal(other.status, 409);
    assert.equal(other.body.code, 'idempotency_conflict');
    assert.equal(await keysNamed(acct.accountId, 'two'), 0);
  });

  it('when a request failed validation, then its key is not spent and a corrected retry runs', async () => {
    const acct = await createTestAccount(app.db);
    const bad = await call(app.baseUrl, 'POST', '/v1/api_keys', { key: acct.live, body: { name: 7 }, headers: { 'idempotency-key': 'k2' } });
    assert.equal(bad.status, 422);
    const retry = await call(app.baseUrl, 'POST', '/v1/api_keys', { key: acct.live, body: { name: 'fixed' }, headers: { 'idempotency-key': 'k2' } });
    assert.equal(retry.status, 201);
  });

  it('when two accounts (or two modes) use the same key string, then they do not collide', async () => {
    const a = await createTestAccount(app.db);
    const b = await createTestAccount(app.db);
    const ra = await call(app.baseUrl, 'POST', '/v1/api_keys', { key: a.live, body: { name: 'same' }, headers: { 'idempotency-key': 'shared' } });
    const rb = await call(app.baseUrl, 'POST', '/v1/api_keys', { key: b.live, body: { name: 'same' }, headers: { 'idempotency-key': 'shared' } });
    const rt = await call(app.baseUrl, 'POST', '/v1/api_keys', { key: a.test, body: { name: 'same' }, headers: { 'idempotency-key': 'shared' } });
    assert.equal(new Set([ra.body.id, rb.body.id, rt.body.id]).size, 3);
  });

  it('when a stored key is older than its TTL, then it is forgotten and the request runs again', async () => {
    const acct = await createTestAccount(app.db);
    const first = await call(app.baseUrl, 'POST', '/v1/api_keys', { key: acct.live, body: { name: 'ttl' }, headers: { 'idempotency-key': 'old' } });
    await app.db.query(`UPDATE idempotency_keys SET expires_at = now() - interval '1 second' WHERE account_id = :id`, { replacements: { id: acct.accountId } });
    const second = await call(app.baseUrl, 'POST', '/v1/api_keys', { key: acct.live, body: { name: 'ttl' }, headers: { 'idempotency-key': 'old' } });
    assert.equal(second.status, 201);
    assert.notEqual(second.body.id, first.body.id);
  });

  it('when the key is not printable ASCII or too long, then 400', async () => {
    const acct = await createTestAccount(app.db);
    const res = await call(app.baseUrl, 'POST', '/v1/api_keys', { key: acct.live, body: { name: 'x' }, headers: { 'idempotency-key': 'x'.repeat(300) } });
    assert.equal(res.status, 400);
    assert.equal(res.body.code, 'invalid_request');
  });
});
