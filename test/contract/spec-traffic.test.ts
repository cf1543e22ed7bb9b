import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import sharp from 'sharp';
import { call, createTestAccount, startTestApp, type TestAccount, type TestApp } from '../support/harness';
import { uploadBytes } from '../fixtures/uploads';
import { assertNoViolations, behindSpecProxy, type SpecProxy } from '../support/spec-proxy';
import { OpenApiValidator, parseEventStream } from '../support/openapi-validator';

const png = (color: string) => sharp({ create: { width: 320, height: 240, channels: 3, background: color } }).png().toBuffer();

/**
 * Real traffic through the validating proxy: every request and every response (successes, problem
 * documents, file bytes, ranges, event streams) must be what openapi/openapi.json says.
 */
describe('spec: the API answers as its spec says (traffic through a validating proxy)', function () {
  this.timeout(90_000);
  let app: TestApp & { proxy: SpecProxy };
  let acct: TestAccount;
  let receiver: http.Server;
  let receiverUrl: string;

  before(async () => {
    app = await behindSpecProxy(await startTestApp({ RATE_LIMIT_PER_WINDOW: '0', WEBHOOK_URL_ALLOWLIST: '127.0.0.1', WEBHOOK_RELAY_POLL_MS: '200' }, { worker: true }));
    acct = await createTestAccount(app.db, { balance: 10_000 });
    receiver = http.createServer((_req, res) => res.end('ok'));
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks`;
  });
  afterEach(() => assertNoViolations(app.proxy));
  after(async () => {
    receiver?.close();
    await app?.close();
  });

  const get = (path: string, key = acct.test) => call(app.baseUrl, 'GET', path, { key });

  it('when the read-only endpoints are called, then each answer matches the spec', async () => {
    for (const path of ['/v1/account', '/v1/prices', '/v1/models', '/v1/poses?limit=2', '/v1/pose_categories', '/v1/avatar_presets', '/v1/jobs', '/v1/events', '/v1/files', '/v1/api_keys', '/v1/webhook_endpoints', '/v1/webhook_secret', '/v1/video_mixes', '/v1/loops', '/v1/carousels', '/v1/avatars', '/v1/pose_generations', '/v1/reformats']) {
      const res = await get(path);
      assert.equal(res.status, 200, `${path}: ${res.text}`);
    }
    const live = await get('/v1/credit_transactions', acct.live);
    assert.equal(live.status, 200, live.text);
    const poses = await get('/v1/poses?limit=1');
    const pose = await get(`/v1/poses/${poses.body.data[0].id}`);
    assert.equal(pose.status, 200);
    const preview = await fetch(`${app.baseUrl}/v1/poses/${pose.body.id}/preview`, { headers: { authorization: `Bearer ${acct.test}` } });
    assert.equal(preview.status, 200);
    await preview.arrayBuffer();
    assert.ok(app.proxy.exchanges >= 20);
  });

  it('when a file is uploaded and downloaded whole and by range, then the bytes come as the file\'s own type, 200 and 206', async () => {
    const up = await uploadBytes(app.baseUrl, acct.test, await png('#2563eb'), 'blue.png', { type: 'image/png' });
    assert.equal(up.status, 201, up.text);
    assert.equal((await get(`/v1/files/${up.body.id}`)).status, 200);
    const whole = await fetch(`${app.baseUrl}/v1/files/${up.body.id}/content`, { headers: { authorization: `Bearer ${acct.test}` } });
    assert.equal(whole.status, 200);
    assert.equal(whole.headers.get('content-type'), 'image/png');
    await whole.arrayBuffer();
    const part = await fetch(`${app.baseUrl}/v1/files/${up.body.id}/content`, { headers: { authorization: `Bearer ${acct.test}`, range: 'bytes=0-99' } });
    assert.equal(part.status, 206);
    assert.equal((await part.arrayBuffer()).byteLength, 100);
    const outside = await fetch(`${app.baseUrl}/v1/files/${up.body.id}/content`, { headers: { authorization: `Bearer ${acct.test}`, range: 'bytes=999999999-' } });
    assert.equal(outside.status, 416);
    assert.equal(outside.headers.get('content-type'), 'application/problem+json; charset=utf-8');
    await outside.text();
    const gone = await call(app.baseUrl, 'DELETE', `/v1/files/${up.body.id}`, { key: acct.test });
    assert.equal(gone.status, 200);
  });

  it('when a job is created, streamed, waited for and listed, then every answer (and every SSE message) matches the spec', async () => {
    const images: string[] = [];
    for (const color of ['#e11d48', '#16a34a']) images.push((await uploadBytes(app.baseUrl, acct.test, await png(color), 'slide.png', { type: 'image/png' })).body.id);
    const body = { slides: [{ images, texts: ['Summer sale'] }, { images: images.slice(0, 1), texts: ['This week'] }], sets: 2, aspect_ratio: '1:1', format: 'png', external_id: 'spec-traffic-1', metadata: { campaign: 'spec' } };
    const quote = await call(app.baseUrl, 'POST', '/v1/carousels?dry_run=true', { key: acct.test, body });
    assert.equal(quote.status, 200, quote.text);
    const created = await call(app.baseUrl, 'POST', '/v1/carousels', { key: acct.test, body, headers: { 'idempotency-key': 'spec-traffic-job' } });
    assert.equal(created.status, 202, created.text);

    const stream = await fetch(`${app.baseUrl}/v1/jobs/${created.body.id}/events`, { headers: { authorization: `Bearer ${acct.test}` } });
    assert.equal(stream.status, 200);
    const text = await stream.text(); // the stream closes after the terminal event
    const messages = parseEventStream(text);
    assert.ok(messages.some((m) => m.event === 'carousel.succeeded'), text);

    const done = await get(`/v1/carousels/${created.body.id}?wait=30`);
    assert.equal(done.body.status, 'succeeded', done.text);
    for (const path of [`/v1/jobs/${created.body.id}`, '/v1/jobs?external_id=spec-traffic-1', '/v1/carousels?limit=1', '/v1/events?limit=5']) assert.equal((await get(path)).status, 200, path);
    const output = done.body.outputs.find((o: { content_type: string }) => o.content_type === 'application/zip') ?? done.body.outputs[0];
    const content = await fetch(`${app.baseUrl}/v1/files/${output.file_id}/content`, { headers: { authorization: `Bearer ${acct.test}` } });
    assert.equal(content.status, 200);
    await content.arrayBuffer();

    const events = await get(`/v1/events?limit=1`);
    assert.equal((await get(`/v1/events/${events.body.data[0].id}`)).status, 200);
    const replay = await call(app.baseUrl, 'POST', '/v1/carousels', { key: acct.test, body, headers: { 'idempotency-key': 'spec-traffic-job' } });
    assert.equal(replay.status, 202);
    const cancel = await call(app.baseUrl, 'POST', `/v1/carousels/${created.body.id}/cancel`, { key: acct.test });
    assert.ok([200, 409].includes(cancel.status), cancel.text);
  });

  it("when the account's event stream is read, then each message is a documented event object", async () => {
    const before = app.proxy.exchanges;
    const controller = new AbortController();
    const res = await fetch(`${app.baseUrl}/v1/events/stream`, { headers: { authorization: `Bearer ${acct.test}` }, signal: controller.signal });
    assert.equal(res.status, 200);
    const reader = res.body!.getReader();
    const up = await uploadBytes(app.baseUrl, acct.test, await png('#f59e0b'), 'one.png', { type: 'image/png' });
    const created = await call(app.baseUrl, 'POST', '/v1/reformats', { key: acct.test, body: { file_id: up.body.id, targets: [{ aspect_ratio: '1:1', fit: 'pad' }] } });
    assert.equal(created.status, 202, created.text);
    let text = '';
    const deadline = Date.now() + 30_000;
    while (!/event: reformat\.succeeded/.test(text) && Date.now() < deadline) {
      const chunk = await Promise.race([reader.read(), new Promise<{ value?: undefined }>((resolve) => setTimeout(() => resolve({}), 1000))]);
      if (chunk.value) text += new TextDecoder().decode(chunk.value);
    }
    controller.abort();
    assert.match(text, /event: reformat\.queued/);
    assert.match(text, /event: reformat\.succeeded/);
    // The upload, the create and the stream (checked when it closes).
    while (app.proxy.exchanges < before + 3) await new Promise((r) => setTimeout(r, 20));
  });

  it("when an AI job's outputs are read as files, then each file object (with what made it in metadata) matches the spec", async () => {
    const created = await call(app.baseUrl, 'POST', '/v1/avatars', { key: acct.test, body: { from: 'prompt', name: 'Maya', persona: { age: 28, style: 'smart casual' }, prompt: 'soft daylight' } });
    assert.equal(created.status, 202, created.text);
    const done = await get(`/v1/avatars/${created.body.id}?wait=30`);
    assert.equal(done.body.status, 'succeeded', done.text);
    const file = await get(`/v1/files/${done.body.image.file_id}`);
    assert.equal(file.status, 200);
    assert.ok(Object.keys(file.body.metadata).length > 2, JSON.stringify(file.body.metadata));
    assert.equal((await get('/v1/files?limit=100')).status, 200);
    assert.equal((await call(app.baseUrl, 'PATCH', `/v1/avatars/${created.body.id}`, { key: acct.test, body: { name: 'Maya (summer)', metadata: { campaign: 'summer' } } })).status, 200);
    assert.equal((await call(app.baseUrl, 'DELETE', `/v1/avatars/${created.body.id}`, { key: acct.test })).status, 200);
  });

  it('when a webhook endpoint is managed end to end, then each answer matches the spec', async () => {
    const created = await call(app.baseUrl, 'POST', '/v1/webhook_endpoints', { key: acct.test, body: { url: receiverUrl, description: 'spec', event_types: ['carousel.*'] } });
    assert.equal(created.status, 201, created.text);
    const id = created.body.id;
    assert.equal((await get(`/v1/webhook_endpoints/${id}`)).status, 200);
    assert.equal((await call(app.baseUrl, 'PATCH', `/v1/webhook_endpoints/${id}`, { key: acct.test, body: { description: null, event_types: null, enabled: true } })).status, 200);
    assert.equal((await call(app.baseUrl, 'POST', `/v1/webhook_endpoints/${id}/rotate_secret`, { key: acct.test })).status, 200);
    assert.equal((await get(`/v1/webhook_endpoints/${id}/deliveries`)).status, 200);
    const since = new Date(Date.now() - 60_000).toISOString();
    const recover = await call(app.baseUrl, 'POST', `/v1/webhook_endpoints/${id}/recover?since=${encodeURIComponent(since)}`, { key: acct.test });
    assert.equal(recover.status, 200, recover.text);
    assert.equal((await call(app.baseUrl, 'DELETE', `/v1/webhook_endpoints/${id}`, { key: acct.test })).status, 200);
  });

  it('when API keys are created, read and revoked, then each answer matches the spec', async () => {
    const created = await call(app.baseUrl, 'POST', '/v1/api_keys', { key: acct.live, body: { name: 'ci', scopes: ['read'], credit_limit: 100, credit_limit_period: 'month' } });
    assert.equal(created.status, 201, created.text);
    assert.equal((await get(`/v1/api_keys/${created.body.id}`, acct.live)).status, 200);
    assert.equal((await call(app.baseUrl, 'DELETE', `/v1/api_keys/${created.body.id}`, { key: acct.live })).status, 200);
  });

  it('when valid requests fail (unknown ids, no key, a revoked key, a conflict), then each problem document is as documented', async () => {
    for (const path of ['/v1/files/file_00000000000000000000000000', '/v1/carousels/crsl_00000000000000000000000000', '/v1/events/evt_00000000000000000000000000', '/v1/webhook_endpoints/we_00000000000000000000000000', '/v1/jobs/crsl_00000000000000000000000000/events']) {
      const res = await get(path);
      assert.equal(res.status, 404, path);
      assert.equal(res.headers.get('content-type'), 'application/problem+json; charset=utf-8');
    }
    const anonymous = await call(app.baseUrl, 'GET', '/v1/account');
    assert.equal(anonymous.status, 401);
    const a = await call(app.baseUrl, 'POST', '/v1/api_keys', { key: acct.live, body: { name: 'x' }, headers: { 'idempotency-key': 'spec-conflict' } });
    const b = await call(app.baseUrl, 'POST', '/v1/api_keys', { key: acct.live, body: { name: 'y' }, headers: { 'idempotency-key': 'spec-conflict' } });
    assert.deepEqual([a.status, b.status], [201, 409]);
    const missingFile = await call(app.baseUrl, 'POST', '/v1/loops', { key: acct.test, body: { file_id: 'file_00000000000000000000000000', duration_seconds: 10 } });
    assert.equal(missingFile.status, 422, missingFile.text);
  });

  it('when a request breaks the spec, then the API refuses it with a documented problem, and the proxy notes the request without failing', async () => {
    const res = await call(app.baseUrl, 'POST', '/v1/loops', { key: acct.test, body: { file_id: 'file_1', duration_seconds: -1, colour: 'red' } });
    assert.equal(res.status, 422);
    assert.deepEqual(app.proxy.violations, []);
    const found = app.proxy.refused.splice(0);
    assert.ok(found.length > 0 && found.every((v) => v.where === 'request'), JSON.stringify(found));
    assert.ok(found.some((v) => /colour/.test(v.message)) && found.some((v) => /duration_seconds/.test(v.message)), JSON.stringify(found));
  });

  it('when the spec and an answer disagree, then the validator says where (it can fail)', () => {
    const validator = new OpenApiValidator();
    const problem = { type: 'https://docs.lumiku.dev/errors#resource_not_found', title: 'x', status: 404, detail: 'x', code: 'resource_not_found', request_id: 'req_1' };
    const base = { method: 'GET', url: '/v1/files/file_1', requestHeaders: {}, status: 404, responseBody: Buffer.from(JSON.stringify(problem)) };
    assert.deepEqual(validator.validate({ ...base, responseHeaders: { 'content-type': 'application/problem+json; charset=utf-8' } }), []);
    assert.match(validator.validate({ ...base, responseHeaders: { 'content-type': 'application/json' } })[0].message, /Content-Type 'application\/json' is not one of application\/problem\+json/);
    assert.match(validator.validate({ ...base, responseHeaders: { 'content-type': 'application/problem+json' }, responseBody: Buffer.from(JSON.stringify({ ...problem, code: 'made_up' })) })[0].message, /\/code must be equal to one of the allowed values/);
    assert.match(validator.validate({ ...base, status: 200, responseHeaders: { 'content-type': 'application/json' }, responseBody: Buffer.from('{}') })[0].message, /response body \(root\) must have required property/);
    const sse = 'id: evt_1\nevent: progress\ndata: {"job_id":"crsl_1","fraction":0.5,"stage":"x","eta_seconds":null,"extra":1}\n\n';
    const streamed = validator.validate({ method: 'GET', url: '/v1/jobs/crsl_1/events', requestHeaders: {}, status: 200, responseHeaders: { 'content-type': 'text/event-stream' }, responseBody: Buffer.from(sse) });
    assert.match(streamed[0].message, /event stream message 'progress' .*must NOT have additional properties 'extra'/);
  });
});
