import assert from 'node:assert/strict';
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Sequelize } from 'sequelize';
import { createDatabase } from '../../api/src/domain/db/connect';
import { resolveFfmpegPath } from '../../api/src/domain/files/probe';
import { uploadFileAt } from '../fixtures/uploads';
import { call, createTestAccount, testServices } from '../support/harness';

const ROOT = path.join(__dirname, '..', '..');
const METRICS_TOKEN = crypto.randomBytes(12).toString('hex');

interface Span {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  service: string;
  attributes: Record<string, unknown>;
}

/** OTLP/HTTP JSON receiver: every span of every export, flattened, with its service name. */
async function startOtlpReceiver() {
  const spans: Span[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      if (req.url === '/v1/traces' && String(req.headers['content-type']).startsWith('application/json')) {
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
        for (const rs of body.resourceSpans ?? []) {
          const service = rs.resource?.attributes?.find((a: any) => a.key === 'service.name')?.value?.stringValue;
          for (const ss of rs.scopeSpans ?? [])
            for (const s of ss.spans ?? [])
              spans.push({ traceId: s.traceId, spanId: s.spanId, parentSpanId: s.parentSpanId || undefined, name: s.name, service, attributes: Object.fromEntries((s.attributes ?? []).map((a: any) => [a.key, Object.values(a.value ?? {})[0]])) });
        }
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, spans, close: () => new Promise<void>((r) => server.close(() => r())) };
}

async function freePort(): Promise<number> {
  const srv = http.createServer();
  await new Promise<void>((resolve) => srv.listen(0, '127.0.0.1', resolve));
  const { port } = srv.address() as AddressInfo;
  await new Promise<void>((resolve) => srv.close(() => resolve()));
  return port;
}

/** A role of the platform as its own process (`node --import tsx <entry>`), its stdout kept. */
function startProcess(entry: string, args: string[], env: Record<string, string>) {
  const child = spawn(process.execPath, ['--import', 'tsx', entry, ...args], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (c) => (out += c));
  child.stderr!.on('data', (c) => (out += c));
  return { child, output: () => out };
}

async function waitFor<T>(what: string, fn: () => T | undefined | Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function stop(child: ChildProcess) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await Promise.race([exited, new Promise((r) => setTimeout(r, 15_000))]);
  if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
}

describe('production: OpenTelemetry traces', function () {
  this.timeout(120_000);
  let receiver: Awaited<ReturnType<typeof startOtlpReceiver>>;
  let db: Sequelize;
  let dir: string;
  const procs: ReturnType<typeof startProcess>[] = [];
  // Set by the first test, for the metrics test: the processes' addresses and the job run.
  let baseUrl = '';
  let workerMetricsUrl = '';
  let ran: { jobId: string; charged: number; reserved: number } | undefined;

  before(async () => {
    receiver = await startOtlpReceiver();
    db = createDatabase({ databaseUrl: (await testServices()).databaseUrl, poolMax: 2, statementTimeoutMs: 10_000 });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lumiku-tracing-'));
  });
  after(async () => {
    await Promise.all(procs.map((p) => stop(p.child)));
    await db?.close();
    await receiver?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('when the API and a worker export to OTLP, then one trace links the request, the enqueue, the job (with job and account ids), its FFmpeg run and every webhook delivery attempt of its events, and the API and worker logs carry its id', async () => {
    const svc = await testServices();
    const port = await freePort();
    baseUrl = `http://127.0.0.1:${port}`;
    const metricsPort = await freePort();
    workerMetricsUrl = `http://127.0.0.1:${metricsPort}/metrics`;
    // Both processes share the data directory (local storage) and a unique queue prefix; a failed
    // delivery is retried half a second later.
    const env = {
      NODE_ENV: 'test', LOG_LEVEL: 'debug', DATABASE_URL: svc.databaseUrl, REDIS_URL: svc.redisUrl, LUMIKU_DATA_DIR: path.join(dir, 'data'),
      PORT: String(port), HOST: '127.0.0.1', PUBLIC_BASE_URL: baseUrl, QUEUE_PREFIX: `lktest:${crypto.randomBytes(4).toString('hex')}`, RATE_LIMIT_PER_WINDOW: '0',
      WEBHOOK_URL_ALLOWLIST: '127.0.0.1', WEBHOOK_RELAY_POLL_MS: '200', WEBHOOK_RETRY_SCHEDULE: '0,500ms,1s',
      OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, OTEL_BSP_SCHEDULE_DELAY: '200',
    };
    const api = startProcess('api/src/main.ts', [], env);
    // The worker's /metrics needs the token (its listener is reachable by the cluster, not only Prometheus).
    const worker = startProcess('workers/src/main.ts', ['--queues', 'media,image,webhooks'], { ...env, WORKER_METRICS_PORT: String(metricsPort), METRICS_TOKEN: METRICS_TOKEN });
    procs.push(api, worker);
    await waitFor('the API', async () => (await fetch(`${baseUrl}/health`).catch(() => null))?.ok);
    await waitFor('the worker', () => worker.output().includes('worker started'));

    // One receiver: the job's own webhook (/hook), which answers 503 once and then 204, and the
    // account's endpoint (/endpoint), subscribed to the job's `queued` event, which the API writes.
    const hooks: { path: string; id: string; status: number }[] = [];
    const hookServer = http.createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        const status = req.url === '/hook' && !hooks.some((h) => h.path === '/hook') ? 503 : 204;
        hooks.push({ path: String(req.url), id: String(req.headers['webhook-id']), status });
        res.writeHead(status).end();
      });
    });
    await new Promise<void>((resolve) => hookServer.listen(0, '127.0.0.1', resolve));
    try {
      // A tiny video (1 s, 160×90), reformatted to a square: FFmpeg runs in the worker.
      const video = path.join(dir, 'tiny.mp4');
      await promisify(execFile)(resolveFfmpegPath(process.env.FFMPEG_PATH), ['-hide_banner', '-loglevel', 'error', '-y', '-f', 'lavfi', '-i', 'testsrc=size=160x90:rate=10', '-t', '1', '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', video]);
      const acct = await createTestAccount(db, { balance: 100 });
      const upload = await uploadFileAt(baseUrl, acct.live, video);
      assert.equal(upload.status, 201, upload.text);
      const receiverUrl = `http://127.0.0.1:${(hookServer.address() as AddressInfo).port}`;
      const ep = await call(baseUrl, 'POST', '/v1/webhook_endpoints', { key: acct.live, body: { url: `${receiverUrl}/endpoint`, event_types: ['reformat.queued'] } });
      assert.equal(ep.status, 201, ep.text);
      const created = await call(baseUrl, 'POST', '/v1/reformats', { key: acct.live, body: { file_id: upload.body.id, targets: [{ aspect_ratio: '1:1', fit: 'pad' }], webhook_url: `${receiverUrl}/hook`, webhook_events: ['reformat.succeeded'] } });
      assert.equal(created.status, 202, created.text);
      const jobId = created.body.id as string;
      const done = await call(baseUrl, 'GET', `/v1/reformats/${jobId}?wait=60`, { key: acct.live });
      assert.equal(done.body.status, 'succeeded', JSON.stringify(done.body.error));
      ran = { jobId, charged: done.body.credits.charged, reserved: created.body.credits?.reserved ?? done.body.credits.quoted };

      // The request's span and the job's, in one trace.
      const httpSpan = await waitFor('the POST span', () => receiver.spans.find((s) => s.service === 'lumiku-api' && s.name === 'POST /v1/reformats'));
      assert.equal(httpSpan.attributes['http.response.status_code'], 202);
      assert.equal(httpSpan.attributes['http.route'], '/v1/reformats');
      const trace = () => receiver.spans.filter((s) => s.traceId === httpSpan.traceId);
      const enqueueSpan = await waitFor('the enqueue span', () => trace().find((s) => s.name === 'queue.enqueue'));
      assert.equal(enqueueSpan.attributes['lumiku.job.id'], jobId);
      const jobSpan = await waitFor('the job span', () => trace().find((s) => s.name === 'job.run' && s.attributes['lumiku.job.outcome'] === 'succeeded'));
      assert.equal(jobSpan.service, 'lumiku-worker');
      assert.equal(jobSpan.parentSpanId, enqueueSpan.spanId, 'the job span continues the enqueue span');
      assert.equal(jobSpan.attributes['lumiku.job.id'], jobId);
      assert.equal(jobSpan.attributes['lumiku.account.id'], acct.accountId);
      assert.equal(jobSpan.attributes['lumiku.job.app'], 'reformat');
      const render = await waitFor('the render span', () => trace().find((s) => s.name === 'job.render' && s.parentSpanId === jobSpan.spanId));
      const ffmpegSpan = await waitFor('an FFmpeg span', () => trace().find((s) => s.name === 'ffmpeg'));
      assert.ok(ffmpegSpan.parentSpanId === render.spanId || trace().some((s) => s.spanId === ffmpegSpan.parentSpanId), 'the FFmpeg span sits in the job');

      // The job's webhook: attempt 1 answered 503, attempt 2 (retried later) delivered. Both attempts are
      // children of the job span (where `reformat.succeeded` was written), in the request's trace.
      await waitFor('the retried webhook', () => hooks.filter((h) => h.path === '/hook').length >= 2);
      const attempts = await waitFor('both delivery spans', () => {
        const found = receiver.spans.filter((s) => s.name === 'webhook.deliver' && s.attributes['lumiku.event.type'] === 'reformat.succeeded' && s.attributes['lumiku.job.id'] === jobId);
        return found.length >= 2 ? found.sort((a, b) => Number(a.attributes['lumiku.webhook.attempt']) - Number(b.attributes['lumiku.webhook.attempt'])) : undefined;
      });
      assert.deepEqual(attempts.map((s) => [s.attributes['lumiku.webhook.attempt'], s.attributes['lumiku.webhook.outcome'], s.attributes['http.response.status_code']]), [[1, 'retry', 503], [2, 'delivered', 204]]);
      for (const s of attempts) {
        assert.equal(s.service, 'lumiku-worker');
        assert.equal(s.traceId, httpSpan.traceId, 'the delivery is in the request trace');
        assert.equal(s.parentSpanId, jobSpan.spanId, 'the delivery continues the job span that wrote the event');
        assert.equal(s.attributes['lumiku.account.id'], acct.accountId);
        assert.equal(s.attributes['lumiku.webhook.message_id'], attempts[0].attributes['lumiku.webhook.message_id'], 'one message, two attempts');
      }

      // The account endpoint's delivery of `reformat.queued`, which the API wrote while answering the POST: in the same trace, under a span of the API.
      await waitFor('the endpoint delivery', () => hooks.some((h) => h.path === '/endpoint'));
      const queued = await waitFor('the queued delivery span', () => receiver.spans.find((s) => s.name === 'webhook.deliver' && s.attributes['lumiku.event.type'] === 'reformat.queued' && s.attributes['lumiku.job.id'] === jobId));
      assert.equal(queued.traceId, httpSpan.traceId);
      assert.equal(queued.attributes['lumiku.webhook.outcome'], 'delivered');
      assert.equal(trace().find((s) => s.spanId === queued.parentSpanId)?.service, 'lumiku-api', 'its parent is a span of the API request');

      // Log lines written inside the trace carry its id: the API's access log, the worker's job lines and its delivery lines.
      const carries = (out: string) => out.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l)).filter((l) => l.trace_id === httpSpan.traceId);
      await waitFor('an API log line with the trace id', () => carries(api.output()).length > 0);
      await waitFor('a worker job log line with the trace id', () => carries(worker.output()).some((l) => l.job_id === jobId && l.msg !== 'webhook delivery attempt'));
      const deliveryLines = await waitFor('both delivery log lines with the trace id', () => {
        const lines = carries(worker.output()).filter((l) => l.msg === 'webhook delivery attempt' && l.event_type === 'reformat.succeeded');
        return lines.length >= 2 ? lines : undefined;
      });
      assert.deepEqual(deliveryLines.map((l) => [l.attempt, l.outcome, l.status_code, l.job_id, l.account_id]).sort(), [[1, 'retry', 503, jobId, acct.accountId], [2, 'delivered', 204, jobId, acct.accountId]]);
      assert.deepEqual(new Set(deliveryLines.map((l) => l.span_id)), new Set(attempts.map((s) => s.spanId)), "each line carries its attempt's span id");
    } finally {
      await new Promise<void>((r) => hookServer.close(() => r()));
    }
  });

  it('when a job ran and its webhook was delivered, then the worker serves job duration, delivery outcome and latency and credits charged on WORKER_METRICS_PORT, and the API credits reserved', async function () {
    if (!ran) this.skip();
    const sample = (text: string, name: string, labels: string) => {
      const line = text.split('\n').find((l) => l.startsWith(`${name}{`) && labels.split(',').every((kv) => l.includes(kv)));
      return line ? Number(line.split(' ').pop()) : undefined;
    };
    const auth = { headers: { authorization: `Bearer ${METRICS_TOKEN}` } };
    assert.equal((await fetch(workerMetricsUrl)).status, 401, 'no token, no metrics');
    assert.equal((await fetch(workerMetricsUrl, { headers: { authorization: 'Bearer nope' } })).status, 401);
    assert.equal((await fetch(workerMetricsUrl.replace('/metrics', '/health'))).status, 200, 'liveness needs no token');
    const worker = await (await fetch(workerMetricsUrl, auth)).text();
    assert.equal(sample(worker, 'lumiku_job_duration_seconds_count', 'app="reformat",outcome="succeeded"'), 1, worker);
    assert.ok((sample(worker, 'lumiku_job_duration_seconds_sum', 'app="reformat",outcome="succeeded"') ?? 0) > 0);
    assert.equal(sample(worker, 'lumiku_credits_charged_total', 'app="reformat",livemode="true"'), ran!.charged);
    assert.ok(ran!.charged > 0);
    await waitFor('the delivery count', async () => sample(await (await fetch(workerMetricsUrl, auth)).text(), 'lumiku_webhook_deliveries_total', 'outcome="delivered"'));
    const again = await (await fetch(workerMetricsUrl, auth)).text();
    assert.ok((sample(again, 'lumiku_webhook_deliveries_total', 'outcome="retry"') ?? 0) >= 1, 'the 503 counted as a retry');
    assert.equal(sample(again, 'lumiku_webhook_delivery_duration_seconds_count', 'outcome="retry"'), sample(again, 'lumiku_webhook_deliveries_total', 'outcome="retry"'));
    assert.equal(sample(again, 'lumiku_webhook_delivery_duration_seconds_count', 'outcome="delivered"'), sample(again, 'lumiku_webhook_deliveries_total', 'outcome="delivered"'));
    assert.match(again, /^process_cpu_user_seconds_total /m, "the worker's process metrics too");
    assert.equal((await fetch(workerMetricsUrl.replace('/metrics', '/other'), auth)).status, 404);
    const api = await (await fetch(`${baseUrl}/metrics`)).text();
    assert.ok((sample(api, 'lumiku_credits_reserved_total', 'app="reformat",livemode="true"') ?? 0) >= ran!.charged, api.slice(0, 2000));
  });
});
