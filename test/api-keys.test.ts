import assert from 'node:assert/strict';
import { call, createTestAccount, startTestApp, type TestApp } from './support/harness';

describe('accounts and API keys', () => {
  let app: TestApp;
  before(async () => {
    app = await startTestApp();
  });
  after(async () => app.close());

  it('when a key retrieves its account, then it sees the balance and its mode', async () => {
    const acct = await createTestAccount(app.db, { balance: 42 });
    const live = await call(app.baseUrl, 'GET', '/v1/account', { key: acct.live });
    assert.equal(live.status, 200);
    assert.equal(live.body.id, acct.accountId);
    assert.equal(live.body.object, 'account');
    assert.equal(live.body.balance, 42);
    assert.equal(live.body.livemode, true);
    assert.match(live.headers.get('x-request-id')!, /^req_/);
    const test = await call(app.baseUrl, 'GET', '/v1/account', { key: acct.test });
    assert.equal(test.body.livemode, false);
  });

  it('when no key, a malformed key, an unknown key or a revoked key is sent, then 401 problem documents say which', async () => {
    const acct = await createTestAccount(app.db);
    const cases: [Record<string, string>, string][] = [
      [{}, 'missing_api_key'],
      [{ authorization: 'Basic abc' }, 'invalid_api_key'],
      [{ authorization: 'Bearer sk_live_nope' }, 'invalid_api_key'],
      [{ authorization: 'Bearer lk_live_000000000000000000000000000000xx' }, 'invalid_api_key'],
    ];
    for (const [headers, code] of cases) {
      const res = await call(app.baseUrl, 'GET', '/v1/account', { headers });
      assert.equal(res.status, 401, code);
      assert.equal(res.headers.get('content-type'), 'application/problem+json; charset=utf-8');
      assert.equal(res.body.code, code);
      assert.equal(res.body.status, 401);
      assert.ok(res.body.type.endsWith(`#${code}`));
      assert.equal(res.body.request_id, res.headers.get('x-request-id'));
    }
    const created = await call(app.baseUrl, 'POST', '/v1/api_keys', { key: acct.live, body: { name: 'to revoke' } });
    assert.equal(created.status, 201);
    const revoked = await call(app.baseUrl, 'DELETE', `/v1/api_keys/${created.body.id}`, { key: acct.live });
    assert.equal(revoked.body.revoked, true);
    const after = await call(app.baseUrl, 'GET', '/v1/account', { key: created.body.secret });
    assert.equal(after.status, 401);
    assert.equal(after.body.code, 'api_key_revoked');
  });

  it('when a key is created, then the secret is shown once, stored only as a hash, and listed redacted', async () => {
    const acct = await createTestAccount(app.db);
    const created = await call(app.baseUrl, 'POST', '/v1/api_keys', { key: acct.test, body: { name: 'ci', scopes: ['read'], credit_limit: 500, credit_limit_period: 'month' } });
    assert.equal(created.status, 201);
    assert.equal(created.headers.get('location'), `/v1/api_keys/${created.body.id}`);
    assert.match(created.body.secret, /^lk_test_[0-9A-Za-z]{32}$/);
    assert.equal(created.body.livemode, false, 'a key is created in the mode of the key that made it');
    assert.deepEqual(created.body.scopes, ['read']);
    assert.equal(created.body.credit_limit, 500);
    assert.equal(created.body.credit_used, 0);
    const [row] = await app.db.query<any>(`SELECT * FROM api_keys WHERE id = :id`, { replacements: { id: created.body.id }, type: 'SELECT' as any });
    assert.ok(!JSON.stringify(row).includes(created.body.secret.slice(8)), 'the secret is not stored');
    const got = await call(app.baseUrl, 'GET', `/v1/api_keys/${created.body.id}`, { key: acct.test });
    assert.equal(got.body.secret, undefined);
    assert.equal(got.body.redacted_key, `lk_test_…${created.body.secret.slice(-4)}`);
    const list = await call(app.baseUrl, 'GET', '/v1/api_keys?limit=100', { key: acct.test });
    assert.ok(list.body.data.every((k: any) => k.livemode === false && k.secret === undefined));
    assert.ok(list.body.data.some((k: any) => k.id === created.body.id));
    const readOnly = await call(app.baseUrl, 'GET', '/v1/account', { key: created.body.secret });
    assert.equal(readOnly.status, 200);
  });

  it('when a key lacks a scope, then 403 insufficient_scope, and it cannot mint a key with more scopes', async () => {
    const acct = await createTestAccount(app.db, { scopes: ['read', 'keys:manage'] });
    const denied = await call(app.baseUrl, 'POST', '/v1/api_keys', { key: acct.live, body: { name: 'x', scopes: ['files:write'] } });
    assert.equal(denied.status, 403);
    assert.equal(denied.body.code, 'insufficient_scope');
    const readOnly = await createTestAccount(app.db, { scopes: ['read'] });
    const noManage = await call(app.baseUrl, 'GET', '/v1/api_keys', { key: readOnly.live });
    assert.equal(noManage.status, 403);
    assert.equal(noManage.body.code, 'insufficient_scope');
  });

  it("when a key touches another account's key or the other mode's key, then 404", async () => {
    const a = await createTestAccount(app.db);
    const b = await createTestAccount(app.db);
    const bKey = await call(app.baseUrl, 'POST', '/v1/api_keys', { key: b.live, body: { name: 'b' } });
    for (const [method, key] of [['GET', a.live], ['DELETE', a.live], ['GET', b.test], ['DELETE', b.test]] as const) {
      const res = await call(app.baseUrl, method, `/v1/api_keys/${bKey.body.id}`, { key });
      assert.equal(res.status, 404);
      assert.equal(res.body.code, 'resource_not_found');
    }
    const still = await call(app.baseUrl, 'GET', '/v1/account', { key: bKey.body.secret });
    assert.equal(still.status, 200, 'the failed DELETE changed nothing');
  });

  it('when bodies are malformed, mistyped, carry unknown fields or are too large, then clear 4xx problems and nothing is created', async () => {
    const acct = await createTestAccount(app.db);
    const count = async () => (await app.db.query<any>(`SELECT count(*)::int AS n FROM api_keys WHERE account_id = :id`, { replacements: { id: acct.accountId }, type: 'SELECT' as any }))[0].n;
    const before = await count();
    const malformed = await call(app.baseUrl, 'POST', '/v1/api_keys', { key: acct.live, rawBody: '{"name": ', headers: { 'content-type': 'application/json' } });
    assert.equal(malformed.status, 400);
    assert.equal(malformed.body.code, 'invalid_json');
    const wrongType = await call(app.baseUrl, 'POST', '/v1/api_keys', { key: acct.live, body: { name: 42 } });
    assert.equal(wrongType.status, 422);
    assert.equal(wrongType.body.code, 'validation_failed');
    assert.equal(wrongType.body.errors[0].path, 'name');
    const unknown = await call(app.baseUrl, 'POST', '/v1/api_keys', { key: acct.live, body: { name: 'x', admin: true } });
    assert.equal(unknown.status, 422);
    assert.ok(unknown.body.errors.some((e: any) => /admin/.test(e.message) || /admin/.test(e.path)));
    const badEnum = await call(app.baseUrl, 'POST', '/v1/api_keys', { key: acct.live, body: { name: 'x', credit_limit: 10, credit_limit_period: 'year' } });
    assert.equal(badEnum.status, 422);
    for (const credit_limit of [-1, 0, 1.5, 1e12]) {
      const res = await call(app.baseUrl, 'POST', '/v1/api_keys', { key: acct.live, body: { name: 'x', credit_limit } });
      assert.equal(res.status, 422, `credit_limit ${credit_limit}`);
    }
    const huge = await call(app.baseUrl, 'POST', '/v1/api_keys', { key: acct.live, body: { name: 'x'.repeat(2 * 1024 * 1024) } });
    assert.equal(huge.status, 413);
    assert.equal(huge.body.code, 'payload_too_large');
    const badQuery = await call(app.baseUrl, 'GET', '/v1/api_keys?limit=1000', { key: acct.live });
    assert.equal(badQuery.status, 422);
    const badCursor = await call(app.baseUrl, 'GET', '/v1/api_keys?starting_after=../../etc', { key: acct.live });
    assert.equal(badCursor.status, 422);
    assert.equal(await count(), before);
  });

  it('when a path does not exist, then a 404 problem with route_not_found', async () => {
    const acct = await createTestAccount(app.db);
    const res = await call(app.baseUrl, 'GET', '/v1/nope', { key: acct.test });
    assert.equal(res.status, 404);
    assert.equal(res.body.code, 'route_not_found');
    const outside = await call(app.baseUrl, 'GET', '/nope');
    assert.equal(outside.status, 404);
    assert.equal(outside.body.code, 'route_not_found');
  });

  it('when listing prices, then the catalogue is returned as data', async () => {
    const acct = await createTestAccount(app.db);
    const res = await call(app.baseUrl, 'GET', '/v1/prices', { key: acct.test });
    assert.equal(res.status, 200);
    const mix = res.body.data.find((p: any) => p.product === 'video_mix');
    assert.equal(mix.base, 1);
    assert.equal(mix.surcharges.resolution['1080p'], 5);
  });
});
