import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { recordEvent } from '../../api/src/domain/events/outbox';
import { call, createTestAccount, startTestApp } from '../support/harness';
import { FAST_WEBHOOKS, startPool, startReceiver } from './support';

const run = promisify(execFile);
const BIN = path.join(__dirname, '..', '..', 'bin', 'lumiku.js');

describe('operator CLI: replay-events', function () {
  this.timeout(30_000);
  it('when an operator replays an account\'s events since a time, then each is delivered again to its endpoints', async () => {
    const app = await startTestApp(FAST_WEBHOOKS);
    const pool = await startPool(app);
    const receiver = await startReceiver(() => 200);
    try {
      const acct = await createTestAccount(app.db);
      await call(app.baseUrl, 'POST', '/v1/webhook_endpoints', { key: acct.live, body: { url: receiver.url } });
      const since = new Date(Date.now() - 1000).toISOString();
      const ids = await app.db.transaction(async (t) => [
        (await recordEvent(app.db, { accountId: acct.accountId, livemode: true, type: 'credits.low', object: { object: 'balance' } }, t)).id,
        (await recordEvent(app.db, { accountId: acct.accountId, livemode: true, type: 'credits.low', object: { object: 'balance' } }, t)).id,
      ]);
      await receiver.until((r) => r.length === 2);
      const { stdout } = await run(process.execPath, [BIN, 'replay-events', acct.accountId, '--since', since], { env: { ...process.env, DATABASE_URL: app.config.databaseUrl! } });
      assert.deepEqual(JSON.parse(stdout), { events: 2, scheduled: 2 });
      await receiver.until((r) => r.length === 4);
      assert.deepEqual(receiver.received.map((r) => r.id).sort(), [...ids, ...ids].sort());
    } finally {
      await receiver.close();
      await pool.close();
      await app.close();
    }
  });
});
