import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { freePort, isPortOpen } from '../../scripts/dev-services/ensure-services';
import { uploadBytes } from '../fixtures/uploads';
import { call, createTestAccount, startTestApp, testServices } from '../support/harness';
import { childPids, commandLine, eventually, exited, isProcessAlive, killHard, spawnTs, waitForExit } from './support';

/**
 * `npm start`'s supervisor (scripts/start.ts) with the real API and worker processes, against the
 * run's PostgreSQL and Redis: children that crash are restarted, SIGTERM stops everything fast
 * even after client traffic, and children do not outlive a killed supervisor.
 */
describe('npm start supervisor', function () {
  this.timeout(120_000);

  let dataDir: string;
  let port: number;
  let sup: ReturnType<typeof spawnTs>;
  let pids = { api: 0, worker: 0 };
  const base = () => `http://127.0.0.1:${port}`;

  /** The supervisor's child running `name` (other than `not`), found in /proc. */
  const pidOf = async (name: 'api' | 'worker', not?: number) => {
    const entry = name === 'api' ? 'api/src/main.ts' : 'workers/src/main.ts';
    let pid = 0;
    await eventually(() => {
      pid = childPids(sup.child.pid!).find((p) => p !== not && commandLine(p).includes(entry) && isProcessAlive(p)) ?? 0;
      return pid > 0;
    }, `the supervisor runs ${name}\n${sup.text().slice(-2000)}`, 30_000, 100);
    return pid;
  };
  const healthy = async () => {
    try {
      return (await fetch(`${base()}/health`, { signal: AbortSignal.timeout(1000) })).ok;
    } catch {
      return false;
    }
  };

  beforeEach(async () => {
    pids = { api: 0, worker: 0 };
    const { databaseUrl, redisUrl } = await testServices();
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lumiku-start-'));
    port = await freePort();
    sup = spawnTs('scripts/start.ts', [], {
      ...process.env,
      DATABASE_URL: databaseUrl,
      REDIS_URL: redisUrl,
      PORT: String(port),
      LUMIKU_DATA_DIR: dataDir,
      QUEUE_PREFIX: `lkstart:${crypto.randomBytes(4).toString('hex')}`,
      // Jobs stay where a test puts them: no sweeper re-enqueueing during a test.
      SWEEP_AFTER_MS: '600000',
      LOG_LEVEL: 'info',
    });
    await sup.waitFor(/Lumiku is running/, 90_000);
    pids = { api: await pidOf('api'), worker: await pidOf('worker') };
  });

  afterEach(async () => {
    if (!exited(sup.child)) {
      sup.child.kill('SIGTERM');
      await waitForExit(sup.child, 20_000).catch(() => killHard(sup.child.pid));
    }
    for (const pid of Object.values(pids)) killHard(pid);
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('when the worker is SIGKILLed, then it is restarted (and says so) and the API keeps serving', async () => {
    const mark = sup.mark();
    process.kill(pids.worker, 'SIGKILL');
    const worker = await pidOf('worker', pids.worker);
    await sup.waitFor(/\[start\] worker exited unexpectedly \(signal SIGKILL\); restarting it in 1\.0 s \(restart 1\)/, 10_000, mark);
    await sup.waitFor(new RegExp(`\\[start\\] worker restarted \\(pid ${worker}\\)`), 10_000, mark);
    assert.ok(isProcessAlive(pids.api), 'the API was not stopped');
    assert.ok(await healthy());
    assert.ok(!exited(sup.child));
    pids.worker = worker;
  });

  it('when the API is SIGKILLed, then it is restarted and answers on the same port again', async () => {
    const mark = sup.mark();
    process.kill(pids.api, 'SIGKILL');
    pids.api = await pidOf('api', pids.api);
    await sup.waitFor(/\[start\] api exited unexpectedly \(signal SIGKILL\); restarting it in 1\.0 s/, 10_000, mark);
    await eventually(healthy, 'the restarted API answers /health', 30_000, 200);
    assert.ok(isProcessAlive(pids.worker), 'the worker was not stopped');
  });

  it('when SIGTERM arrives after client traffic (keep-alive sockets, an open event stream, a long poll), then everything stops within 2 s', async () => {
    // A job that stays queued (enqueued under another prefix than this worker's), so its event stream stays open.
    const app = await startTestApp();
    let jobId: string;
    let key: string;
    try {
      const acct = await createTestAccount(app.db, { balance: 100 });
      key = acct.test;
      const image = await uploadBytes(app.baseUrl, key, await sharp({ create: { width: 64, height: 64, channels: 3, background: '#0ea5e9' } }).png().toBuffer(), 'a.png', { type: 'image/png' });
      // The file's bytes live in the test app's data folder; the job never runs, so that is fine.
      const created = await call(app.baseUrl, 'POST', '/v1/carousels', { key, body: { slides: [{ images: [image.body.id], texts: ['One'] }, { images: [image.body.id], texts: ['Two'] }], sets: 1, aspect_ratio: '1:1', format: 'jpeg' } });
      assert.equal(created.status, 202, created.text);
      jobId = created.body.id;
    } finally {
      await app.close();
    }

    // Traffic on keep-alive connections that stay open afterwards.
    const agent = new http.Agent({ keepAlive: true, maxSockets: 4 });
    const get = (p: string) =>
      new Promise<{ status: number; body: string }>((resolve, reject) => {
        http
          .get(`${base()}${p}`, { agent, headers: { authorization: `Bearer ${key}` } }, (res) => {
            let body = '';
            res.setEncoding('utf8').on('data', (c) => (body += c));
            res.on('end', () => resolve({ status: res.statusCode!, body }));
            res.on('error', reject);
          })
          .on('error', reject);
      });
    for (let i = 0; i < 8; i++) assert.equal((await Promise.all([get('/health'), get(`/v1/jobs/${jobId}`)]))[1].status, 200);

    // An open event stream, and a long poll in flight.
    let stream = '';
    const streamEnded = new Promise<void>((resolve, reject) => {
      http
        .get(`${base()}/v1/jobs/${jobId}/events`, { headers: { authorization: `Bearer ${key}`, accept: 'text/event-stream' } }, (res) => {
          assert.equal(res.statusCode, 200);
          res.setEncoding('utf8').on('data', (c) => (stream += c));
          res.on('end', resolve);
          res.on('close', resolve);
        })
        .on('error', reject);
    });
    await eventually(() => stream.includes('retry: 1000'), 'the stream opened');
    const longPoll = get(`/v1/carousels/${jobId}?wait=30`).catch((err: Error) => ({ status: 0, body: err.message }));
    await new Promise((r) => setTimeout(r, 300));

    const started = Date.now();
    sup.child.kill('SIGTERM');
    await waitForExit(sup.child, 10_000);
    const took = Date.now() - started;
    console.log(`      stopped ${took} ms after SIGTERM (after traffic)`);
    await streamEnded;
    await longPoll;
    agent.destroy();
    assert.match(stream, /retry: \d+\n\n$/, `the stream ended with a retry hint: ${JSON.stringify(stream.slice(-200))}`);
    assert.equal(sup.child.exitCode, 0, sup.text().slice(-3000));
    assert.ok(!isProcessAlive(pids.api) && !isProcessAlive(pids.worker), 'the children are gone');
    // Meant to be under 2 s; the bound here leaves room for a loaded machine.
    assert.ok(took < 5000, `took ${took} ms`);
  });

  it('when the supervisor is SIGKILLed, then the API and the worker stop by themselves and free the port', async () => {
    const started = Date.now();
    sup.child.kill('SIGKILL');
    await eventually(() => !isProcessAlive(pids.api) && !isProcessAlive(pids.worker), `API (${pids.api}) and worker (${pids.worker}) still running without their supervisor`, 10_000, 50);
    console.log(`      children gone ${Date.now() - started} ms after the supervisor was killed`);
    assert.equal(await isPortOpen('127.0.0.1', port, 500), false, 'the port is free');
  });
});
