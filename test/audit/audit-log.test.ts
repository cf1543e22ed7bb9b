import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { QueryTypes } from 'sequelize';
import { findKeyBySecret } from '../../api/src/domain/accounts/api-keys';
import { actorOf, recordAudit, scrubSecrets } from '../../api/src/domain/audit';
import { call, createTestAccount, startTestApp, type TestAccount, type TestApp } from '../support/harness';

/*
 * The audit log (issue 13): every action wired so far leaves one entry, written with the change,
 * naming the actor, target, IP and user agent; no entry ever holds a secret; entries cannot be
 * changed or removed; an organization sees only its own, and a key only its mode's and the
 * organization-wide ones.
 */

const UA = 'audit-test/1.0 (+https://example.com)';

describe('audit log', function () {
  this.timeout(60_000);
  let app: TestApp;
  let acct: TestAccount;
  let liveKeyId: string;
  let testKeyId: string;

  before(async () => {
    app = await startTestApp({ WEBHOOK_URL_ALLOWLIST: '127.0.0.1' });
    acct = await createTestAccount(app.db);
    liveKeyId = (await findKeyBySecret(app.db, acct.live))!.id;
    testKeyId = (await findKeyBySecret(app.db, acct.test))!.id;
  });
  after(async () => app.close());

  const as = (key: string) => ({ key, headers: { 'user-agent': UA } });
  const list = async (key: string, query = '') => {
    const res = await call(app.baseUrl, 'GET', `/v1/audit_events${query}`, { key });
    assert.equal(res.status, 200, res.text);
    return res.body.data as any[];
  };
  /** Every stored row, every column, as text: what a leak would be found in. */
  const everyRowAsText = async () => JSON.stringify(await app.db.query(`SELECT * FROM audit_events`, { type: QueryTypes.SELECT }));

  it('when a key creates and revokes a key, then both are recorded with the actor, target, IP and user agent, once each', async () => {
    const created = await call(app.baseUrl, 'POST', '/v1/api_keys', { ...as(acct.live), body: { name: 'zapier', scopes: ['read'], credit_limit: 500, credit_limit_period: 'month' } });
    assert.equal(created.status, 201, created.text);
    const id = created.body.id;
    assert.equal((await call(app.baseUrl, 'DELETE', `/v1/api_keys/${id}`, as(acct.live))).status, 200);
    assert.equal((await call(app.baseUrl, 'DELETE', `/v1/api_keys/${id}`, as(acct.live))).status, 200, 'revoking again is harmless');

    const entries = await list(acct.live, `?target=${id}`);
    assert.deepEqual(entries.map((e) => e.action), ['api_key.revoked', 'api_key.created'], 'newest first; the second revoke changed nothing and is not recorded');
    const [revoked, made] = entries;
    for (const e of entries) {
      assert.match(e.id, /^aud_/);
      assert.equal(e.object, 'audit_event');
      assert.deepEqual(e.actor, { type: 'api_key', id: liveKeyId });
      assert.deepEqual(e.target, { type: 'api_key', id });
      assert.match(e.ip, /^(::ffff:)?127\.0\.0\.1$/);
      assert.equal(e.user_agent, UA);
      assert.equal(e.livemode, true);
      assert.ok(!Number.isNaN(Date.parse(e.created_at)));
    }
    assert.deepEqual(made.data, { name: 'zapier', scopes: ['read'], credit_limit: 500, credit_limit_period: 'month' });
    assert.deepEqual(revoked.data, { name: 'zapier' });
    assert.ok(!(await everyRowAsText()).includes(created.body.secret), 'the new key\'s secret is nowhere in the log');
  });

  it('when a webhook endpoint is created, updated, given a new secret and deleted, then each is recorded and no secret or URL token is', async () => {
    const url = 'http://127.0.0.1:9/hooks/catch?token=s3cr3t-in-query';
    const created = await call(app.baseUrl, 'POST', '/v1/webhook_endpoints', { ...as(acct.live), body: { url, event_types: ['video_mix.succeeded'], enabled: false } });
    assert.equal(created.status, 201, created.text);
    const id = created.body.id;
    const patched = await call(app.baseUrl, 'PATCH', `/v1/webhook_endpoints/${id}`, { ...as(acct.live), body: { description: 'ops', event_types: ['video_mix.*'] } });
    assert.equal(patched.status, 200, patched.text);
    const rotated = await call(app.baseUrl, 'POST', `/v1/webhook_endpoints/${id}/rotate_secret`, as(acct.live));
    assert.equal(rotated.status, 200, rotated.text);
    assert.equal((await call(app.baseUrl, 'DELETE', `/v1/webhook_endpoints/${id}`, as(acct.live))).status, 200);

    const entries = await list(acct.live, `?target=${id}`);
    assert.deepEqual(entries.map((e) => e.action), ['webhook_endpoint.deleted', 'webhook_endpoint.secret_rotated', 'webhook_endpoint.updated', 'webhook_endpoint.created']);
    for (const e of entries) {
      assert.deepEqual(e.actor, { type: 'api_key', id: liveKeyId });
      assert.deepEqual(e.target, { type: 'webhook_endpoint', id });
      assert.equal(e.user_agent, UA);
    }
    const byAction = Object.fromEntries(entries.map((e) => [e.action, e.data]));
    assert.deepEqual(byAction['webhook_endpoint.created'], { url: 'http://127.0.0.1:9/hooks/catch?…', event_types: ['video_mix.succeeded'], enabled: false });
    assert.deepEqual(byAction['webhook_endpoint.updated'].changed, ['description', 'event_types']);
    assert.ok(byAction['webhook_endpoint.secret_rotated'].old_signing_ends_at, 'when the old secret stops signing');

    const text = await everyRowAsText();
    for (const secret of [created.body.secret, rotated.body.secret]) {
      assert.match(secret, /^whsec_/);
      assert.ok(!text.includes(secret), 'no webhook secret in the log');
    }
    assert.ok(!text.includes('s3cr3t-in-query'), 'no token from the URL\'s query');
    assert.ok(!/lk_(live|test)_[A-Za-z0-9]{8}/.test(text) && !text.includes('whsec_'), 'nothing that looks like a secret at all');
  });

  it('when recordAudit is handed secrets in its details, then it keeps the rest and drops them', async () => {
    const row = await recordAudit(app.db, {
      accountId: acct.accountId,
      actor: { type: 'user', id: 'user_01abc', email: 'ana@example.com' },
      action: 'member.invited',
      target: { type: 'invitation', id: 'inv_01abc' },
      ip: '203.0.113.7',
      userAgent: 'curl/8 Bearer lk_live_leakedleakedleaked',
      data: { email: 'bo@example.com', role: 'developer', token: 'abc', password: 'hunter2hunter2', nested: { secret: 'x', note: 'key lk_test_AbCdEf123456 and whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw' } },
    });
    assert.deepEqual(row.data, { email: 'bo@example.com', role: 'developer', nested: { note: 'key [redacted] and [redacted]' } });
    assert.equal(row.user_agent, 'curl/8 [redacted]');
    assert.equal(row.livemode, null, 'no mode given: organization-wide');
    assert.deepEqual(scrubSecrets(['lk_live_x1', { api_key: 'v', redacted_key: 'lk_test_…x9Qa' }]), ['[redacted]', { redacted_key: 'lk_test_…x9Qa' }]);
  });

  it('when the principal is a person or a key, then actorOf names them so', () => {
    assert.deepEqual(actorOf({ key: { id: 'key_1' } }), { type: 'api_key', id: 'key_1' });
    assert.deepEqual(actorOf({ key: null, user: { id: 'user_1', email: 'a@example.com' } }), { type: 'user', id: 'user_1', email: 'a@example.com' });
    assert.deepEqual(actorOf({ key: { id: 'key_1' }, user: { id: 'user_1', email: 'a@example.com' } }), { type: 'user', id: 'user_1', email: 'a@example.com' }, 'a session acts as its person');
  });

  it('when anyone tries to change or remove an entry, then the database refuses, and the audit code has no statement that would', async () => {
    await assert.rejects(app.db.query(`UPDATE audit_events SET action = 'api_key.created' WHERE account_id = :a`, { replacements: { a: acct.accountId } }), /append-only/);
    await assert.rejects(app.db.query(`DELETE FROM audit_events WHERE account_id = :a`, { replacements: { a: acct.accountId } }), /append-only/);
    await assert.rejects(app.db.query(`TRUNCATE audit_events`), /append-only/);
    const dir = path.resolve(__dirname, '../../api/src/domain/audit');
    const sources = [...fs.readdirSync(dir).map((f) => path.join(dir, f)), path.resolve(__dirname, '../../api/src/services/audit.ts')];
    for (const file of sources) {
      const text = fs.readFileSync(file, 'utf8');
      assert.ok(!/\b(UPDATE|DELETE|TRUNCATE|UPSERT)\b|ON CONFLICT|\.destroy\(|\.update\(/i.test(text.replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '')), `${path.basename(file)} only inserts and reads`);
    }
  });

  it('when another organization or the other mode asks, then it sees none of these entries; organization-wide ones show in both modes', async () => {
    const other = await createTestAccount(app.db);
    assert.deepEqual(await list(other.live), []);
    assert.deepEqual(await list(other.live, `?actor=${liveKeyId}`), []);

    const testMade = await call(app.baseUrl, 'POST', '/v1/api_keys', { ...as(acct.test), body: { name: 'test-mode key' } });
    assert.equal(testMade.status, 201);
    const orgWide = await recordAudit(app.db, { accountId: acct.accountId, actor: { type: 'user', id: 'user_01xyz', email: 'owner@example.com' }, action: 'member.role_changed', target: { type: 'member', id: 'mem_01xyz' }, data: { from: 'developer', to: 'admin' } });

    const testEntries = await list(acct.test, '?limit=100');
    assert.ok(testEntries.every((e) => e.livemode === false || e.livemode === null), 'a test key sees test-mode and organization-wide entries only');
    assert.ok(testEntries.some((e) => e.target?.id === testMade.body.id && e.actor.id === testKeyId));
    assert.ok(testEntries.some((e) => e.id === orgWide.id));
    const liveEntries = await list(acct.live, '?limit=100');
    assert.ok(liveEntries.every((e) => e.livemode === true || e.livemode === null));
    assert.ok(!liveEntries.some((e) => e.target?.id === testMade.body.id), 'a live key does not see the test key being made');
    const person = liveEntries.find((e) => e.id === orgWide.id);
    assert.deepEqual(person.actor, { type: 'user', id: 'user_01xyz', email: 'owner@example.com' });
  });

  it('when filtering and paging, then action, actor and target narrow the list and pages do not overlap', async () => {
    const byAction = await list(acct.live, '?action=api_key.created');
    assert.ok(byAction.length >= 1 && byAction.every((e) => e.action === 'api_key.created'));
    const byActor = await list(acct.live, `?actor=${liveKeyId}&limit=100`);
    assert.ok(byActor.length >= 6 && byActor.every((e) => e.actor.id === liveKeyId));

    const first = await call(app.baseUrl, 'GET', '/v1/audit_events?limit=2', { key: acct.live });
    assert.equal(first.body.has_more, true);
    const second = await call(app.baseUrl, 'GET', `/v1/audit_events?limit=2&starting_after=${first.body.next_cursor}`, { key: acct.live });
    assert.equal(second.status, 200);
    const ids = [...first.body.data, ...second.body.data].map((e: any) => e.id);
    assert.equal(new Set(ids).size, 4);
    assert.deepEqual([...ids].sort().reverse(), ids, 'newest first across pages');
  });

  it('when the query is bad or the key may not read the log, then the answer says which field or scope', async () => {
    const badAction = await call(app.baseUrl, 'GET', '/v1/audit_events?action=key.exploded', { key: acct.live });
    assert.equal(badAction.status, 422);
    assert.equal(badAction.body.errors[0].path, 'query.action');
    const badActor = await call(app.baseUrl, 'GET', `/v1/audit_events?actor=${encodeURIComponent("x' OR 1=1")}`, { key: acct.live });
    assert.equal(badActor.status, 422);
    assert.equal(badActor.body.errors[0].path, 'query.actor');
    const badCursor = await call(app.baseUrl, 'GET', '/v1/audit_events?starting_after=key_123', { key: acct.live });
    assert.equal(badCursor.status, 422);
    assert.equal(badCursor.body.errors[0].path, 'query.starting_after');

    const reader = await createTestAccount(app.db, { scopes: ['read'] });
    const denied = await call(app.baseUrl, 'GET', '/v1/audit_events', { key: reader.live });
    assert.equal(denied.status, 403);
    assert.equal(denied.body.code, 'insufficient_scope');
  });

  it('when the API runs behind a trusted proxy, then the entry has the client\'s forwarded address', async () => {
    const proxied = await startTestApp({ TRUST_PROXY: 'loopback' });
    try {
      const res = await call(proxied.baseUrl, 'POST', '/v1/api_keys', { key: acct.live, body: { name: 'via proxy' }, headers: { 'x-forwarded-for': '203.0.113.9', 'user-agent': UA } });
      assert.equal(res.status, 201, res.text);
      const [entry] = await list(acct.live, `?target=${res.body.id}`);
      assert.equal(entry.ip, '203.0.113.9');
    } finally {
      await proxied.close();
    }
    const direct = await call(app.baseUrl, 'POST', '/v1/api_keys', { key: acct.live, body: { name: 'not via proxy' }, headers: { 'x-forwarded-for': '203.0.113.9' } });
    const [entry] = await list(acct.live, `?target=${direct.body.id}`);
    assert.match(entry.ip, /127\.0\.0\.1$/, 'without TRUST_PROXY a forwarded address is not believed');
  });
});
