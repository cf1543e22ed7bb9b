import assert from 'node:assert/strict';
import { createApiKey, exceedsKey, type QuotaPeriod, type Scope } from '../../api/src/domain/accounts/api-keys';
import { call, createTestAccount, startTestApp, type TestApp } from '../support/harness';

/** Issue 10 item 6: a key creates and revokes only keys whose scopes and credit quota are within its own. */
describe('authz: what a key may mint and revoke', function () {
  this.timeout(30_000);
  let app: TestApp;
  before(async () => {
    app = await startTestApp({ RATE_LIMIT_PER_WINDOW: '0' });
  });
  after(async () => app.close());

  const mint = async (accountId: string, scopes: Scope[], creditLimit: number | null = null, period: QuotaPeriod | null = null) => {
    const { key, secret } = await createApiKey(app.db, { accountId, name: 'minted by test', livemode: true, scopes, creditLimit, creditLimitPeriod: period });
    return { id: key.id, secret };
  };
  const keysManage: Scope[] = ['read', 'keys:manage'];

  it('when a quota-limited key creates a key without a quota, then the new key gets the caller\'s quota, never none', async () => {
    const acct = await createTestAccount(app.db);
    const limited = await mint(acct.accountId, keysManage, 100, 'day');
    const created = await call(app.baseUrl, 'POST', '/v1/api_keys', { key: limited.secret, body: { name: 'child' } });
    assert.equal(created.status, 201, created.text);
    assert.equal(created.body.credit_limit, 100);
    assert.equal(created.body.credit_limit_period, 'day');
  });

  it('when a quota-limited key asks for a larger quota, then 403 api_key_exceeds_caller naming credit_limit, and no key is made', async () => {
    const acct = await createTestAccount(app.db);
    const limited = await mint(acct.accountId, keysManage, 100, 'day');
    for (const body of [{ credit_limit: 1_000_000 }, { credit_limit: 101, credit_limit_period: 'total' }]) {
      const res = await call(app.baseUrl, 'POST', '/v1/api_keys', { key: limited.secret, body: { name: 'bigger', ...body } });
      assert.equal(res.status, 403, JSON.stringify(body));
      assert.equal(res.body.code, 'api_key_exceeds_caller');
      assert.deepEqual(res.body.errors.map((e: any) => e.path), ['credit_limit']);
    }
    const keys = await call(app.baseUrl, 'GET', '/v1/api_keys', { key: limited.secret });
    assert.ok(keys.body.data.every((k: any) => k.name !== 'bigger'));
  });

  it('when a quota-limited key asks for the same limit over a shorter window, then 403 naming credit_limit_period; a longer window is fine', async () => {
    const acct = await createTestAccount(app.db);
    const monthly = await mint(acct.accountId, keysManage, 100, 'month');
    const daily = await call(app.baseUrl, 'POST', '/v1/api_keys', { key: monthly.secret, body: { name: 'daily', credit_limit: 100, credit_limit_period: 'day' } });
    assert.equal(daily.status, 403);
    assert.deepEqual(daily.body.errors.map((e: any) => e.path), ['credit_limit_period']);
    const total = await call(app.baseUrl, 'POST', '/v1/api_keys', { key: monthly.secret, body: { name: 'total', credit_limit: 50, credit_limit_period: 'total' } });
    assert.equal(total.status, 201, total.text);
  });

  it('when a quota-limited keys:manage key revokes a key without a quota (or with more scopes), then 403 and the key keeps working', async () => {
    const acct = await createTestAccount(app.db);
    const limited = await mint(acct.accountId, keysManage, 100, 'month');
    const strong = await mint(acct.accountId, keysManage);
    const wider = await mint(acct.accountId, ['read', 'keys:manage', 'webhooks:manage'], 10, 'month');
    for (const target of [strong, wider]) {
      const res = await call(app.baseUrl, 'DELETE', `/v1/api_keys/${target.id}`, { key: limited.secret });
      assert.equal(res.status, 403, res.text);
      assert.equal(res.body.code, 'api_key_exceeds_caller');
      assert.equal((await call(app.baseUrl, 'GET', '/v1/account', { key: target.secret })).status, 200);
    }
  });

  it('when a key revokes a key within its own scopes and quota (or itself), then it is revoked', async () => {
    const acct = await createTestAccount(app.db);
    const limited = await mint(acct.accountId, keysManage, 100, 'month');
    const weaker = await mint(acct.accountId, ['read'], 10, 'total');
    const res = await call(app.baseUrl, 'DELETE', `/v1/api_keys/${weaker.id}`, { key: limited.secret });
    assert.equal(res.status, 200, res.text);
    assert.equal(res.body.revoked, true);
    const self = await call(app.baseUrl, 'DELETE', `/v1/api_keys/${limited.id}`, { key: limited.secret });
    assert.equal(self.status, 200);
    // A full key without a quota still revokes any key of its account and mode.
    const other = await mint(acct.accountId, keysManage, 5, 'day');
    assert.equal((await call(app.baseUrl, 'DELETE', `/v1/api_keys/${other.id}`, { key: acct.live })).status, 200);
  });

  it('when quotas are compared, then a limit no larger over a window no shorter fits, and no quota fits only under no quota', () => {
    const k = (credit_limit: number | null, credit_limit_period: QuotaPeriod | null, scopes: Scope[] = ['read']) => ({ scopes, credit_limit, credit_limit_period });
    assert.deepEqual(exceedsKey(k(null, null), k(null, null)), []);
    assert.deepEqual(exceedsKey(k(5, 'day'), k(null, null)), []);
    assert.deepEqual(exceedsKey(k(100, 'month'), k(100, 'day')), []);
    assert.deepEqual(exceedsKey(k(100, 'total'), k(100, 'month')), []);
    assert.deepEqual(exceedsKey(k(null, null), k(100, 'day')).map((r) => r.path), ['credit_limit']);
    assert.deepEqual(exceedsKey(k(101, 'total'), k(100, 'day')).map((r) => r.path), ['credit_limit']);
    assert.deepEqual(exceedsKey(k(100, 'day'), k(100, 'month')).map((r) => r.path), ['credit_limit_period']);
    assert.deepEqual(exceedsKey(k(100, 'month'), k(100, 'total')).map((r) => r.path), ['credit_limit_period']);
    assert.deepEqual(exceedsKey(k(1, 'total', ['read', 'keys:manage']), k(100, 'total')).map((r) => r.path), ['scopes']);
  });
});
