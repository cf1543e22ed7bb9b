import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import sharp from 'sharp';
import { QueryTypes } from 'sequelize';
import { call, createTestAccount, startTestApp, type TestAccount, type TestApp } from '../support/harness';
import { uploadBytes } from '../fixtures/uploads';
import { startWebhookPool, type WebhookPool } from '../../workers/src/webhooks/pool';
import spec from '../../openapi/openapi.json';

/**
 * Issue 10 item 7: a test key sees only test-mode objects, on every list endpoint of the spec (and
 * a live key only live ones). After live and test activity in one account — files, jobs with their
 * outputs, API keys, webhook endpoints with deliveries, events, ledger rows — every `GET` operation
 * that answers a list is walked page by page with each key: no object may be of the other mode, and
 * no id of the other mode may appear anywhere in the answer.
 *
 * Decided: API keys are listed per mode too (a test key lists test keys only). A dashboard may show
 * both modes, but it asks with each mode's credentials; a test key must not learn live key ids.
 */

type Mode = 'live' | 'test';
interface ListOperation {
  path: string;
  operationId: string;
  query: string[];
}

/** Every GET operation of the spec whose success answer is a list (`object: "list"`). */
function listOperations(): ListOperation[] {
  const doc = spec as any;
  const resolve = (schema: any): any => (schema?.$ref ? resolve(doc.components.schemas[schema.$ref.split('/').pop()]) : schema);
  const ops: ListOperation[] = [];
  for (const [path, methods] of Object.entries<any>(doc.paths)) {
    const get = methods.get;
    const schema = resolve(get?.responses?.['200']?.content?.['application/json']?.schema);
    const object = schema?.properties?.object;
    if (!object || !(object.enum ?? []).includes('list')) continue;
    ops.push({ path, operationId: get.operationId, query: (get.parameters ?? []).filter((p: any) => p.in === 'query').map((p: any) => p.name) });
  }
  return ops;
}

async function png(background: string) {
  return sharp({ create: { width: 200, height: 200, channels: 3, background } }).png().toBuffer();
}

describe('authz: every list endpoint shows only objects of the key\'s mode', function () {
  this.timeout(120_000);
  let app: TestApp;
  let acct: TestAccount;
  let receiver: http.Server;
  let pool: WebhookPool;
  let hookUrl: string;
  /** Per mode: the ids of every object of that mode in the account, and one object per path parameter. */
  const ids: Record<Mode, Set<string>> = { live: new Set(), test: new Set() };
  const pathObjects: Record<Mode, Record<string, string>> = { live: {}, test: {} };
  const filterValues: Record<Mode, Record<string, string>> = { live: {}, test: {} };
  const operations = listOperations();

  async function activity(mode: Mode) {
    const key = acct[mode];
    const images: string[] = [];
    for (const color of ['#e11d48', '#2563eb']) {
      const res = await uploadBytes(app.baseUrl, key, await png(color), `${mode}.png`, { type: 'image/png' });
      assert.equal(res.status, 201, res.text);
      images.push(res.body.id);
    }
    const endpoint = await call(app.baseUrl, 'POST', '/v1/webhook_endpoints', { key, body: { url: hookUrl, description: `${mode} endpoint` } });
    assert.equal(endpoint.status, 201, endpoint.text);
    pathObjects[mode]['/v1/webhook_endpoints/{id}'] = endpoint.body.id;
    const apiKey = await call(app.baseUrl, 'POST', '/v1/api_keys', { key, body: { name: `${mode} minted`, scopes: ['read'] } });
    assert.equal(apiKey.status, 201, apiKey.text);
    const job = await call(app.baseUrl, 'POST', '/v1/carousels', { key, body: { slides: [{ images: [images[0]] }, { images: [images[1]] }], sets: 1, external_id: `${mode}-order` } });
    assert.equal(job.status, 202, job.text);
    const done = await call(app.baseUrl, 'GET', `/v1/carousels/${job.body.id}?wait=45`, { key });
    assert.equal(done.body.status, 'succeeded', done.text);
    filterValues[mode].job_id = job.body.id;
    filterValues[mode].external_id = `${mode}-order`;
  }

  async function collectIds(mode: Mode) {
    const livemode = mode === 'live';
    const q = (sql: string) => app.db.query<{ id: string }>(sql, { replacements: { accountId: acct.accountId, livemode }, type: QueryTypes.SELECT });
    const rows = [
      ...(await q(`SELECT id FROM files WHERE account_id = :accountId AND livemode = :livemode`)),
      ...(await q(`SELECT id FROM jobs WHERE account_id = :accountId AND livemode = :livemode`)),
      ...(await q(`SELECT id FROM api_keys WHERE account_id = :accountId AND livemode = :livemode`)),
      ...(await q(`SELECT id FROM webhook_endpoints WHERE account_id = :accountId AND livemode = :livemode`)),
      ...(await q(`SELECT id FROM events WHERE account_id = :accountId AND livemode = :livemode`)),
      ...(await q(`SELECT a.id FROM webhook_attempts a JOIN webhook_messages m ON m.id = a.message_id JOIN events e ON e.id = m.event_id WHERE e.account_id = :accountId AND e.livemode = :livemode`)),
      // The ledger is live only (test jobs are free): its rows and reservations count as live objects.
      ...(livemode ? await q(`SELECT id FROM credit_transactions WHERE account_id = :accountId UNION ALL SELECT id FROM credit_reservations WHERE account_id = :accountId`) : []),
    ];
    for (const r of rows) ids[mode].add(r.id);
    const [event] = await q(`SELECT id FROM events WHERE account_id = :accountId AND livemode = :livemode ORDER BY id LIMIT 1`);
    filterValues[mode].event_id = event.id;
  }

  before(async () => {
    receiver = http.createServer((req, res) => {
      req.resume();
      req.on('end', () => res.writeHead(204).end());
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    hookUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks`;
    app = await startTestApp({ RATE_LIMIT_PER_WINDOW: '0', WEBHOOK_URL_ALLOWLIST: '127.0.0.1', WEBHOOK_RELAY_POLL_MS: '100' }, { worker: true });
    pool = await startWebhookPool({ config: app.config, db: app.db, logger: app.deps.logger });
    acct = await createTestAccount(app.db, { balance: 1000 });
    await activity('live');
    await activity('test');
    // Both endpoints have delivery attempts before the walk (the live one's must stay invisible to the test key).
    const deadline = Date.now() + 30_000;
    for (const mode of ['live', 'test'] as const) {
      for (;;) {
        const res = await call(app.baseUrl, 'GET', `/v1/webhook_endpoints/${pathObjects[mode]['/v1/webhook_endpoints/{id}']}/deliveries`, { key: acct[mode] });
        if (res.body?.data?.length) break;
        assert.ok(Date.now() < deadline, `no ${mode} delivery attempt was recorded`);
        await new Promise((r) => setTimeout(r, 200));
      }
    }
    await collectIds('live');
    await collectIds('test');
    for (const mode of ['live', 'test'] as const) assert.ok(ids[mode].size >= 10, `${mode} activity made objects`);
    const ledger = await app.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM credit_transactions WHERE account_id = :id AND type IN ('reserve', 'capture')`, { replacements: { id: acct.accountId }, type: QueryTypes.SELECT });
    assert.ok(ledger[0].n >= 2, 'the live job reserved and captured credits');
  });
  after(async () => {
    await pool?.close();
    await app?.close();
    await new Promise((resolve) => receiver?.close(resolve));
  });

  it('when the spec is read, then it has list operations to walk (at least the account-owned ones)', () => {
    const paths = operations.map((o) => o.path);
    for (const p of ['/v1/files', '/v1/jobs', '/v1/carousels', '/v1/api_keys', '/v1/webhook_endpoints', '/v1/webhook_endpoints/{id}/deliveries', '/v1/events', '/v1/credit_transactions'])
      assert.ok(paths.includes(p), `${p} is a list operation in the spec`);
  });

  /** Fills the path's parameters with objects of `mode`; fails for a parameter this test does not know yet. */
  function concretePath(op: ListOperation, mode: Mode): string {
    return op.path.replace(/\{(\w+)\}/g, (_m, name: string) => {
      const resource = op.path.slice(0, op.path.indexOf(`{${name}}`) + name.length + 2);
      const id = pathObjects[mode][resource];
      assert.ok(id, `${op.operationId}: no ${mode}-mode object for ${resource}; teach this test one`);
      return id;
    });
  }

  async function walk(mode: Mode, path: string, query: string): Promise<{ pages: number; objects: any[] }> {
    const other: Mode = mode === 'live' ? 'test' : 'live';
    const objects: any[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const url: string = `${path}?limit=100${query}${cursor ? `&starting_after=${encodeURIComponent(cursor)}` : ''}`;
      const res = await call(app.baseUrl, 'GET', url, { key: acct[mode] });
      assert.equal(res.status, 200, `${url}: ${res.text}`);
      assert.equal(res.body.object, 'list');
      for (const id of ids[other]) assert.ok(!res.text.includes(id), `${url} with a ${mode} key shows the ${other} id ${id}`);
      for (const o of res.body.data) {
        if ('livemode' in o) assert.equal(o.livemode, mode === 'live', `${url} with a ${mode} key lists a ${other} object ${o.id}`);
        objects.push(o);
      }
      cursor = res.body.has_more ? res.body.next_cursor : null;
      pages++;
    } while (cursor && pages < 50);
    return { pages, objects };
  }

  for (const mode of ['test', 'live'] as const) {
    it(`when a ${mode} key walks every list endpoint of the spec (and its id filters, set to ${mode === 'test' ? 'live' : 'test'} ids), then it finds no ${mode === 'test' ? 'live' : 'test'} object`, async () => {
      const other: Mode = mode === 'live' ? 'test' : 'live';
      const seen = new Map<string, any[]>();
      for (const op of operations) {
        const path = concretePath(op, mode);
        const { objects } = await walk(mode, path, '');
        seen.set(op.path, objects);
        // A filter naming the other mode's object finds nothing of it.
        for (const param of op.query.filter((p) => filterValues[other][p])) {
          const filtered = await walk(mode, path, `&${param}=${encodeURIComponent(filterValues[other][param])}`);
          assert.deepEqual(filtered.objects.map((o) => o.id), [], `${op.operationId}?${param}=<${other} id>`);
        }
      }
      // The walk is not vacuous: the key's own objects are there.
      const own = (p: string) => (seen.get(p) ?? []).map((o) => o.id);
      for (const p of ['/v1/files', '/v1/jobs', '/v1/carousels', '/v1/api_keys', '/v1/webhook_endpoints', '/v1/webhook_endpoints/{id}/deliveries', '/v1/events'])
        assert.ok(own(p).length > 0 && own(p).every((id) => ids[mode].has(id)), `${p} lists the ${mode} key's own objects`);
      if (mode === 'live') assert.ok(own('/v1/credit_transactions').length >= 3, 'a live key lists the ledger');
      else assert.deepEqual(own('/v1/credit_transactions'), [], 'the ledger is live: a test key lists none of it');
    });
  }
});
