import assert from 'node:assert/strict';
import { QueryTypes } from 'sequelize';
import { createApiKey } from '../../api/src/domain/accounts/api-keys';
import { SECRET_FIELDS, SECRET_REDACTED_FIELD } from '../../api/src/domain/idempotency/redact';
import { operationMatcher } from '../../api/src/middleware/authorize';
import { call, createTestAccount, startTestApp, type TestApp } from '../support/harness';
import spec from '../../openapi/openapi.json';

/**
 * Issue 10 item 5: an Idempotency-Key replay is as authorized as the request that made it, belongs
 * to the key that sent it, and never hands out (or stores) a secret.
 */
describe('authz: Idempotency-Key replays', function () {
  this.timeout(30_000);
  let app: TestApp;
  before(async () => {
    app = await startTestApp({ RATE_LIMIT_PER_WINDOW: '0', WEBHOOK_URL_ALLOWLIST: '127.0.0.1' });
  });
  after(async () => app.close());

  const keyWith = async (accountId: string, scopes: ('read' | 'keys:manage' | 'webhooks:manage' | 'jobs:write')[]) =>
    (await createApiKey(app.db, { accountId, name: scopes.join('+'), livemode: true, scopes })).secret;
  const storedBodies = async (accountId: string) =>
    (await app.db.query<{ body: string }>(`SELECT response_body::text AS body FROM idempotency_keys WHERE account_id = :accountId`, { replacements: { accountId }, type: QueryTypes.SELECT })).map((r) => r.body);

  const creates = [
    { what: 'an API key', path: '/v1/api_keys', body: { name: 'deploy bot' }, secret: /^lk_live_/ },
    { what: 'a webhook endpoint', path: '/v1/webhook_endpoints', body: { url: 'http://127.0.0.1:9/hooks' }, secret: /^whsec_/ },
  ];

  for (const c of creates) {
    it(`when a read-only key replays another key's create of ${c.what} (same body and Idempotency-Key), then 403 and no secret`, async () => {
      const acct = await createTestAccount(app.db);
      const first = await call(app.baseUrl, 'POST', c.path, { key: acct.live, body: c.body, headers: { 'idempotency-key': 'X' } });
      assert.equal(first.status, 201, first.text);
      assert.match(first.body.secret, c.secret);
      const readOnly = await keyWith(acct.accountId, ['read']);
      const replay = await call(app.baseUrl, 'POST', c.path, { key: readOnly, body: c.body, headers: { 'idempotency-key': 'X' } });
      assert.equal(replay.status, 403, replay.text);
      assert.equal(replay.body.code, 'insufficient_scope');
      assert.equal(replay.headers.get('idempotent-replayed'), null);
      assert.ok(!replay.text.includes(first.body.secret));
    });

    it(`when the key that created ${c.what} replays it, then the object comes back without its secret, marked ${SECRET_REDACTED_FIELD}, and the store never held it`, async () => {
      const acct = await createTestAccount(app.db);
      const first = await call(app.baseUrl, 'POST', c.path, { key: acct.live, body: c.body, headers: { 'idempotency-key': 'once' } });
      assert.equal(first.status, 201, first.text);
      assert.equal(first.body[SECRET_REDACTED_FIELD], undefined, 'the first response shows the secret and is not marked');
      const replay = await call(app.baseUrl, 'POST', c.path, { key: acct.live, body: c.body, headers: { 'idempotency-key': 'once' } });
      assert.equal(replay.status, 201);
      assert.equal(replay.headers.get('idempotent-replayed'), 'true');
      assert.equal(replay.headers.get('location'), first.headers.get('location'));
      const { secret, ...withoutSecret } = first.body;
      assert.deepEqual(replay.body, { ...withoutSecret, [SECRET_REDACTED_FIELD]: true });
      const stored = await storedBodies(acct.accountId);
      assert.equal(stored.length, 1);
      assert.ok(!stored[0].includes(secret) && !stored[0].includes(secret.slice(8)), 'no part of the secret is stored');
    });

    it(`when another key with the same scopes sends the same Idempotency-Key for ${c.what}, then it gets its own object, not the first key's`, async () => {
      const acct = await createTestAccount(app.db);
      const other = await keyWith(acct.accountId, ['read', 'keys:manage', 'webhooks:manage']);
      const a = await call(app.baseUrl, 'POST', c.path, { key: acct.live, body: c.body, headers: { 'idempotency-key': 'shared' } });
      const b = await call(app.baseUrl, 'POST', c.path, { key: other, body: c.body, headers: { 'idempotency-key': 'shared' } });
      assert.equal(a.status, 201);
      assert.equal(b.status, 201);
      assert.equal(b.headers.get('idempotent-replayed'), null);
      assert.notEqual(a.body.id, b.body.id);
      assert.match(b.body.secret, c.secret);
    });
  }

  it('when rotate_secret is replayed, then the endpoint comes back without the new secret and the store never held it', async () => {
    const acct = await createTestAccount(app.db);
    const ep = await call(app.baseUrl, 'POST', '/v1/webhook_endpoints', { key: acct.live, body: { url: 'http://127.0.0.1:9/hooks' } });
    const rotated = await call(app.baseUrl, 'POST', `/v1/webhook_endpoints/${ep.body.id}/rotate_secret`, { key: acct.live, headers: { 'idempotency-key': 'rot-1' } });
    assert.match(rotated.body.secret, /^whsec_/);
    const again = await call(app.baseUrl, 'POST', `/v1/webhook_endpoints/${ep.body.id}/rotate_secret`, { key: acct.live, headers: { 'idempotency-key': 'rot-1' } });
    assert.equal(again.headers.get('idempotent-replayed'), 'true');
    assert.equal(again.body.secret, undefined);
    assert.equal(again.body[SECRET_REDACTED_FIELD], true);
    assert.ok((await storedBodies(acct.accountId)).every((b) => !b.includes(rotated.body.secret)));
  });

  it('when a key lacking the scope sends a fresh Idempotency-Key, then 403 and the key is not spent', async () => {
    const acct = await createTestAccount(app.db);
    const readOnly = await keyWith(acct.accountId, ['read']);
    const denied = await call(app.baseUrl, 'POST', '/v1/api_keys', { key: readOnly, body: { name: 'x' }, headers: { 'idempotency-key': 'fresh' } });
    assert.equal(denied.status, 403);
    assert.deepEqual(await storedBodies(acct.accountId), []);
  });

  it('when a request is matched to its operation, then literal segments win, case and a trailing slash do not matter, and unknown paths match nothing', () => {
    const match = operationMatcher(spec as any);
    assert.deepEqual(match('POST', '/v1/webhook_endpoints/we_1/rotate_secret'), { operationId: 'webhookEndpoints.rotateSecret', scopes: ['webhooks:manage'] });
    assert.deepEqual(match('POST', '/V1/API_KEYS/'), { operationId: 'apiKeys.create', scopes: ['keys:manage'] });
    assert.equal(match('GET', '/v1/avatar_presets')?.operationId, 'avatarPresets.list');
    assert.equal(match('POST', '/v1/nowhere'), undefined);
    assert.equal(match('PUT', '/v1/api_keys'), undefined);
  });

  it('when the path is spelled in another case, then the replay is still checked and still scoped', async () => {
    const acct = await createTestAccount(app.db);
    const first = await call(app.baseUrl, 'POST', '/v1/api_keys', { key: acct.live, body: { name: 'x' }, headers: { 'idempotency-key': 'case' } });
    assert.equal(first.status, 201);
    const readOnly = await keyWith(acct.accountId, ['read']);
    // (Paths take no trailing slash: `/V1/Api_Keys/` is a 404 before any replay.)
    const replay = await call(app.baseUrl, 'POST', '/V1/Api_Keys', { key: readOnly, body: { name: 'x' }, headers: { 'idempotency-key': 'case' } });
    assert.equal(replay.status, 403, replay.text);
  });

  it('when the spec names a secret-looking field in any POST response, then the idempotency store redacts it', () => {
    const schemas = (spec as any).components.schemas as Record<string, any>;
    const fieldsOf = (schema: any, seen = new Set<string>()): string[] => {
      if (!schema || typeof schema !== 'object') return [];
      if (schema.$ref) {
        const name = schema.$ref.split('/').pop();
        if (seen.has(name)) return [];
        seen.add(name);
        return fieldsOf(schemas[name], seen);
      }
      return [
        ...Object.keys(schema.properties ?? {}),
        ...['allOf', 'anyOf', 'oneOf'].flatMap((k) => (schema[k] ?? []).flatMap((s: any) => fieldsOf(s, seen))),
      ];
    };
    const secretLooking = /secret|token|password|private|credential/i;
    const found = new Map<string, string[]>();
    for (const [path, ops] of Object.entries<any>((spec as any).paths)) {
      const post = ops.post;
      // Only /v1 goes through the idempotency store (/auth answers are never stored).
      if (!post || !path.startsWith('/v1/')) continue;
      for (const res of Object.values<any>(post.responses)) {
        const fields = fieldsOf(res.content?.['application/json']?.schema).filter((f) => secretLooking.test(f) && f !== SECRET_REDACTED_FIELD);
        for (const f of fields) found.set(f, [...(found.get(f) ?? []), path]);
      }
    }
    assert.ok(found.has('secret'), 'the walk finds the known secret field');
    const unredacted = [...found].filter(([f]) => !(SECRET_FIELDS as readonly string[]).includes(f));
    assert.deepEqual(unredacted, [], 'every secret-looking POST response field is in SECRET_FIELDS');
  });
});
