import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { createTestAccount, startTestApp } from './support/harness';
import { assertNoViolations, behindSpecProxy } from './support/spec-proxy';

const ROOT = path.join(__dirname, '..');
const COLLECTION = path.join(ROOT, 'examples/postman/lumiku.postman_collection.json');
const ENVIRONMENT = path.join(ROOT, 'examples/postman/lumiku-local.postman_environment.json');

/** What this test reads of newman's run summary. */
interface NewmanSummary {
  run: {
    stats: { requests: { total: number; failed: number }; assertions: { total: number; failed: number } };
    failures: { source?: { name?: string }; error: { name?: string; test?: string; message: string } }[];
    executions: { item: { name: string }; response?: { code: number; stream?: Buffer }; requestError?: Error; assertions?: { assertion: string; error?: Error }[] }[];
  };
}

function runNewman(options: Record<string, unknown>): Promise<NewmanSummary> {
  const newman = require('newman') as { run(options: Record<string, unknown>, cb: (err: Error | null, summary: NewmanSummary) => void): void };
  return new Promise((resolve, reject) => newman.run(options, (err, summary) => (err ? reject(err) : resolve(summary))));
}

function requestNames(items: any[]): string[] {
  return items.flatMap((item) => (item.item ? requestNames(item.item) : [item.name]));
}

/**
 * The committed Postman collection, run by newman (as `newman run` would, from the repository root
 * so the uploads find examples/postman-assets) against the real API and worker: every request runs
 * and passes its own tests (status, Content-Type and the spec's response schema), the jobs succeed.
 */
describe('Postman collection under newman', function () {
  this.timeout(900_000);
  // newman talks to the validating proxy: every request and answer of the run is checked against the spec too.
  let app: Awaited<ReturnType<typeof behindSpecProxy>>;
  let receiver: http.Server;

  before(async function () {
    this.timeout(120_000);
    // The run's webhook endpoint points here (loopback is allowed by WEBHOOK_URL_ALLOWLIST).
    receiver = http.createServer((req, res) => {
      req.resume();
      req.on('end', () => res.writeHead(204).end());
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    app = await behindSpecProxy(await startTestApp({ RATE_LIMIT_PER_WINDOW: '0', WEBHOOK_URL_ALLOWLIST: '127.0.0.1' }, { worker: true }));
  });
  afterEach(() => assertNoViolations(app.proxy));
  after(async () => {
    await app?.close();
    receiver?.closeAllConnections();
    await new Promise((resolve) => receiver?.close(resolve));
  });

  it('when the collection runs against the API with a fresh test key, then every request runs and every test passes', async () => {
    const acct = await createTestAccount(app.db);
    const collection = JSON.parse(fs.readFileSync(COLLECTION, 'utf8'));
    const summary = await runNewman({
      collection,
      environment: JSON.parse(fs.readFileSync(ENVIRONMENT, 'utf8')),
      envVar: [
        { key: 'baseUrl', value: app.baseUrl },
        { key: 'apiKey', value: acct.test },
        { key: 'webhookUrl', value: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks` },
      ],
      workingDir: ROOT,
      timeoutRequest: 120_000,
    });

    // A request whose status test failed is reported with what it answered.
    const failures = summary.run.executions
      .filter((e) => e.requestError || (e.assertions ?? []).some((a) => a.error))
      .map((e) => `${e.item.name}: ${e.requestError?.message ?? (e.assertions ?? []).filter((a) => a.error).map((a) => a.assertion).join('; ')} → ${e.response?.code} ${String(e.response?.stream ?? '').slice(0, 400)}`);
    assert.deepEqual(failures, [], 'failed requests');
    assert.deepEqual(summary.run.failures.map((f) => `${f.source?.name}: ${f.error.test ?? f.error.name}: ${f.error.message}`), [], 'newman failures');
    const executed = new Set(summary.run.executions.map((e) => e.item.name));
    assert.deepEqual(requestNames(collection.item).filter((name) => !executed.has(name)), [], 'requests that never ran');
    for (const e of summary.run.executions) {
      assert.equal(e.requestError, undefined, e.item.name);
      const titles = (e.assertions ?? []).map((a) => a.assertion);
      assert.ok(titles.some((t) => /^status is \d{3}$/.test(t)), `${e.item.name} tests its status: ${titles.join('; ')}`);
      assert.ok(titles.some((t) => /^the body is|^the stream has|^the body is not empty/.test(t)), `${e.item.name} tests its body: ${titles.join('; ')}`);
    }
    assert.equal(summary.run.stats.assertions.failed, 0);
    // Each job was created and waited for until it succeeded.
    const succeeded = summary.run.executions.flatMap((e) => (e.assertions ?? []).filter((a) => / succeeded$/.test(a.assertion) && !a.error));
    const apps = collection.item.filter((folder: any) => folder.item.some((r: any) => r.name.endsWith('(dry run)'))).length;
    assert.equal(succeeded.length, apps, 'every app\'s job succeeded');
    assert.ok(apps >= 6, `${apps} apps`);
  });
});
