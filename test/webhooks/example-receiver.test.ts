import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { recordEvent } from '../../api/src/domain/events/outbox';
import { call, createTestAccount, startTestApp, type TestApp } from '../support/harness';
import type { WebhookPool } from '../../workers/src/webhooks/pool';
import { signedHeaders } from '../../workers/src/webhooks/dispatcher';
import { FAST_WEBHOOKS, startPool, waitFor } from './support';

const SCRIPT = path.join(__dirname, '..', '..', 'examples', 'webhook-receiver', 'server.js');

describe('examples/webhook-receiver', function () {
  this.timeout(30_000);
  let app: TestApp;
  let pool: WebhookPool;
  let child: ChildProcess | undefined;
  before(async () => {
    app = await startTestApp(FAST_WEBHOOKS);
    pool = await startPool(app);
  });
  after(async () => {
    child?.kill();
    await pool.close();
    await app.close();
  });

  it('when the example runs, then it verifies deliveries on the raw body, handles each event once, and refuses a re-serialised body', async () => {
    const acct = await createTestAccount(app.db);
    const ep = await call(app.baseUrl, 'POST', '/v1/webhook_endpoints', { key: acct.live, body: { url: 'http://127.0.0.1:9/placeholder' } });
    child = spawn(process.execPath, [SCRIPT], { env: { ...process.env, WEBHOOK_SECRET: ep.body.secret, PORT: '0' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout!.on('data', (d) => (out += d));
    child.stderr!.on('data', (d) => (out += d));
    const url = await waitFor(async () => /listening on (\S+)/.exec(out)?.[1], 10_000, 'the example to listen');
    await call(app.baseUrl, 'PATCH', `/v1/webhook_endpoints/${ep.body.id}`, { key: acct.live, body: { url } });

    const ev = await app.db.transaction((t) => recordEvent(app.db, { accountId: acct.accountId, livemode: true, type: 'credits.low', object: { object: 'balance', balance: 5 } }, t));
    await waitFor(async () => out.includes(`event ${ev.id} credits.low`), 10_000, 'the event to be handled');
    await call(app.baseUrl, 'POST', `/v1/events/${ev.id}/resend`, { key: acct.live });
    const log = await waitFor(async () => {
      const d = await call(app.baseUrl, 'GET', `/v1/webhook_endpoints/${ep.body.id}/deliveries`, { key: acct.live });
      return d.body.data.length === 2 && d.body.data;
    });
    assert.deepEqual(log.map((a: any) => [a.status_code, a.response_excerpt]), [[200, 'duplicate'], [200, 'ok']]);
    assert.equal(out.split(`event ${ev.id}`).length - 1, 1, 'handled once');

    // What a receiver with express.json() would verify: the same JSON, serialised again.
    const raw = JSON.stringify({ id: ev.id, object: 'event', type: 'credits.low', data: { object: { object: 'balance' } } });
    const headers = signedHeaders('msg_reserialised', [ep.body.secret], raw);
    const good = await fetch(url, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: raw });
    assert.equal(good.status, 200);
    const reserialised = JSON.stringify(JSON.parse(raw), null, 2);
    const bad = await fetch(url, { method: 'POST', headers: { ...headers, 'webhook-id': 'msg_other', 'content-type': 'application/json' }, body: reserialised });
    assert.equal(bad.status, 400);
  });
});
