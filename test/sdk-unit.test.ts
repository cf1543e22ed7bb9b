import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import {
  APIConnectionError,
  APIConnectionTimeoutError,
  APIError,
  APIUserAbortError,
  AuthenticationError,
  BadRequestError,
  ConflictError,
  InsufficientCreditsError,
  InternalServerError,
  LumikuError,
  Lumiku,
  NotFoundError,
  Page,
  PermissionDeniedError,
  RateLimitError,
  UnprocessableEntityError,
  WaitTimeoutError,
} from '../sdk-js/src';
import { FakeFetch, json, problem } from './support/fake-fetch';

/** Unit tests of the hand-written SDK layer (sdk-js/src/lib) with a fake fetch: no server. */

const BASE = 'http://api.test';
const job = (status: string, extra: Record<string, unknown> = {}) => ({ id: 'crsl_1', object: 'carousel', status, progress: { fraction: status === 'succeeded' ? 1 : 0 }, outputs: [], ...extra });

function client(fake: FakeFetch, opts: Partial<ConstructorParameters<typeof Lumiku>[0]> = {}) {
  return new Lumiku({ apiKey: 'lk_test_unit', baseUrl: `${BASE}/`, fetch: fake.fetch, ...opts });
}

function sse(chunks: string[], { fail = false } = {}): Response {
  const encoder = new TextEncoder();
  let i = 0;
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (i < chunks.length) controller.enqueue(encoder.encode(chunks[i++]));
      else if (fail) controller.error(new TypeError('terminated'));
      else controller.close();
    },
  });
  return new Response(body, { status: 200, headers: { 'content-type': 'text/event-stream' } });
}

describe('SDK unit (fake fetch)', () => {
  it('when a call succeeds, then it sends the key, JSON and accept headers to the base URL without a double slash', async () => {
    const fake = new FakeFetch().on('GET', '/v1/account', json(200, { id: 'acct_1', object: 'account', balance: 5 }));
    const account = await client(fake).account.retrieve();
    assert.equal(account.balance, 5);
    const [req] = fake.calls;
    assert.equal(req.url.href, `${BASE}/v1/account`);
    assert.equal(req.headers.get('authorization'), 'Bearer lk_test_unit');
    assert.equal(req.headers.get('accept'), 'application/json');
    assert.equal(req.headers.get('idempotency-key'), null, 'GETs carry no idempotency key');
    fake.done();
  });

  it('when the API answers each error status, then the matching error class carries status, code, requestId and errors', async () => {
    const cases: [number, string, new (...a: never[]) => APIError][] = [
      [400, 'invalid_json', BadRequestError],
      [401, 'invalid_api_key', AuthenticationError],
      [402, 'insufficient_credits', InsufficientCreditsError],
      [403, 'insufficient_scope', PermissionDeniedError],
      [404, 'resource_not_found', NotFoundError],
      [409, 'idempotency_conflict', ConflictError],
      [422, 'validation_failed', UnprocessableEntityError],
      [429, 'rate_limited', RateLimitError],
      [500, 'internal_error', InternalServerError],
      [503, 'service_unavailable', InternalServerError],
    ];
    for (const [status, code, Class] of cases) {
      const fake = new FakeFetch().on('GET', '/v1/files/file_x', problem(status, code, { errors: [{ path: 'body.x', message: 'bad' }] }, { 'retry-after': '120' }));
      await assert.rejects(client(fake, { maxRetries: 0 }).files.retrieve('file_x'), (err: unknown) => {
        assert.ok(err instanceof Class, `${status} → ${Class.name}, got ${(err as Error).constructor.name}`);
        assert.ok(err instanceof APIError && err instanceof LumikuError);
        assert.equal(err.status, status);
        assert.equal(err.code, code);
        assert.equal(err.requestId, 'req_problem');
        assert.deepEqual(err.errors, [{ path: 'body.x', message: 'bad' }]);
        assert.match(err.message, new RegExp(`^${status} ${code}: detail of ${code}`));
        return true;
      });
      fake.done();
    }
    // A status without its own class, and a body that is not JSON, still become an APIError.
    const fake = new FakeFetch().on('GET', '/v1/files/f', new Response('upstream broke', { status: 418, headers: { 'x-request-id': 'req_h' } }));
    await assert.rejects(client(fake).files.retrieve('f'), (err: APIError) => err.constructor === APIError && err.status === 418 && err.requestId === 'req_h' && err.problem?.detail === 'upstream broke');
  });

  it('when a POST fails with 5xx, 408, 429 and idempotency_in_progress, then it is retried with the same idempotency key', async () => {
    const fake = new FakeFetch()
      .on('POST', '/v1/carousels', problem(503, 'service_unavailable', {}, { 'retry-after': '0' }))
      .on('POST', '/v1/carousels', problem(408, 'request_timeout', {}, { 'retry-after': '0' }))
      .on('POST', '/v1/carousels', problem(429, 'rate_limited', {}, { 'retry-after': '0' }))
      .on('POST', '/v1/carousels', problem(409, 'idempotency_in_progress', {}, { 'retry-after': '0' }))
      .on('POST', '/v1/carousels', json(202, job('queued')));
    const created = await client(fake, { maxRetries: 4 }).carousels.create({ slides: [] } as never);
    assert.equal(created.status, 'queued');
    const keys = fake.calls.map((c) => c.headers.get('idempotency-key'));
    assert.equal(new Set(keys).size, 1, 'one key for every attempt');
    assert.match(keys[0]!, /^sdk_[0-9a-f-]{36}$/);
    assert.deepEqual(JSON.parse(new TextDecoder().decode(fake.calls[4].body)), { slides: [] });
    fake.done();
  });

  it('when the caller passes an idempotency key, then it is sent; a separate call gets a fresh random key', async () => {
    const fake = new FakeFetch().on('POST', '/v1/api_keys', json(201, { id: 'key_1' })).on('POST', '/v1/api_keys', json(201, { id: 'key_2' }));
    const lumiku = client(fake);
    await lumiku.apiKeys.create({ name: 'a' }, { idempotencyKey: 'order-42' });
    await lumiku.apiKeys.create({ name: 'a' });
    assert.equal(fake.calls[0].headers.get('idempotency-key'), 'order-42');
    assert.notEqual(fake.calls[1].headers.get('idempotency-key'), 'order-42');
    fake.done();
  });

  it('when retries run out, or the error cannot be fixed by retrying, then the error is thrown without more attempts', async () => {
    const exhausted = new FakeFetch().on('GET', '/v1/prices', problem(500, 'internal_error', {}, { 'retry-after': '0' })).on('GET', '/v1/prices', problem(502, 'internal_error', {}, { 'retry-after': '0' }));
    await assert.rejects(client(exhausted, { maxRetries: 1 }).prices.list(), (err: APIError) => err instanceof InternalServerError && err.status === 502);
    exhausted.done();

    for (const code of ['idempotency_conflict', 'external_id_conflict']) {
      const conflict = new FakeFetch().on('POST', '/v1/loops', problem(409, code, {}, { 'retry-after': '0' }));
      await assert.rejects(client(conflict).loops.create({} as never), ConflictError);
      conflict.done();
    }
    const invalid = new FakeFetch().on('POST', '/v1/loops', problem(422, 'validation_failed'));
    await assert.rejects(client(invalid).loops.create({} as never), UnprocessableEntityError);
    invalid.done();

    // A Retry-After beyond a minute is not worth blocking for: the 429 is thrown at once.
    const longWait = new FakeFetch().on('GET', '/v1/account', problem(429, 'rate_limited', {}, { 'retry-after': '3600' }));
    const started = Date.now();
    await assert.rejects(client(longWait).account.retrieve(), RateLimitError);
    assert.ok(Date.now() - started < 500);
    longWait.done();
  });

  it('when Retry-After says a second, then the retry waits about that long', async () => {
    const fake = new FakeFetch().on('GET', '/v1/account', problem(429, 'rate_limited', {}, { 'retry-after': '1' })).on('GET', '/v1/account', json(200, { id: 'acct_1' }));
    const started = Date.now();
    await client(fake).account.retrieve();
    const waited = Date.now() - started;
    assert.ok(waited >= 950 && waited < 1500, `waited ${waited} ms`);
    fake.done();
  });

  it('when the connection fails, then it is retried with backoff, and after the last retry an APIConnectionError is thrown', async () => {
    const refused = () => {
      throw new TypeError('fetch failed', { cause: Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }) });
    };
    const recovers = new FakeFetch().on('GET', '/v1/account', refused).on('GET', '/v1/account', json(200, { id: 'acct_1' }));
    const started = Date.now();
    assert.equal((await client(recovers).account.retrieve()).id, 'acct_1');
    const waited = Date.now() - started;
    assert.ok(waited >= 370 && waited < 900, `first backoff is 0.5 s minus up to 25% jitter, waited ${waited} ms`);
    recovers.done();

    const down = new FakeFetch().on('GET', '/v1/account', refused);
    await assert.rejects(client(down, { maxRetries: 0 }).account.retrieve(), (err: APIConnectionError) => err instanceof APIConnectionError && !(err instanceof APIConnectionTimeoutError) && err.status === undefined && /ECONNREFUSED|fetch failed/.test(err.message));
    down.done();
  });

  it('when a response takes longer than the timeout, then the attempt is aborted and APIConnectionTimeoutError is thrown', async () => {
    const hang = (_req: unknown, init: RequestInit) => new Promise<Response>((_, reject) => init.signal!.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError'))));
    const fake = new FakeFetch().on('GET', '/v1/account', hang);
    const started = Date.now();
    await assert.rejects(client(fake, { timeout: 100, maxRetries: 0 }).account.retrieve(), APIConnectionTimeoutError);
    assert.ok(Date.now() - started < 1000);
    fake.done();
  });

  it('when the caller aborts, then the call rejects with APIUserAbortError and is not retried', async () => {
    const hang = (_req: unknown, init: RequestInit) => new Promise<Response>((_, reject) => init.signal!.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError'))));
    const fake = new FakeFetch().on('GET', '/v1/account', hang);
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    await assert.rejects(client(fake).account.retrieve({ signal: controller.signal }), APIUserAbortError);
    fake.done();
  });

  it('when a list is iterated with for await, then every page is fetched with the previous next_cursor', async () => {
    const fake = new FakeFetch()
      .on('GET', '/v1/jobs?limit=2&status=succeeded', json(200, { object: 'list', data: [{ id: 'a' }, { id: 'b' }], has_more: true, next_cursor: 'b' }))
      .on('GET', '/v1/jobs?limit=2&status=succeeded&starting_after=b', json(200, { object: 'list', data: [{ id: 'c' }, { id: 'd' }], has_more: true, next_cursor: 'd' }))
      .on('GET', '/v1/jobs?limit=2&status=succeeded&starting_after=d', json(200, { object: 'list', data: [{ id: 'e' }], has_more: false, next_cursor: null }));
    const ids: string[] = [];
    for await (const item of client(fake).jobs.list({ limit: 2, status: 'succeeded' })) ids.push(item.id);
    assert.deepEqual(ids, ['a', 'b', 'c', 'd', 'e']);
    fake.done();

    // Awaited, a list is one page that can fetch the next.
    const pages = new FakeFetch()
      .on('GET', '/v1/files?limit=1', json(200, { object: 'list', data: [{ id: 'f1' }], has_more: true, next_cursor: 'f1' }))
      .on('GET', '/v1/files?limit=1&starting_after=f1', json(200, { object: 'list', data: [{ id: 'f2' }], has_more: false, next_cursor: null }));
    const first = await client(pages).files.list({ limit: 1 });
    assert.ok(first instanceof Page);
    assert.deepEqual(first.data.map((f) => f.id), ['f1']);
    const second = await first.getNextPage();
    assert.deepEqual(second!.data.map((f) => f.id), ['f2']);
    assert.equal(await second!.getNextPage(), null);
    pages.done();
  });

  it('when wait() is called on a finished job, then it returns after exactly one long-poll request', async () => {
    const fake = new FakeFetch().on('GET', '/v1/carousels/crsl_1?wait=60', json(200, job('succeeded')));
    const done = await client(fake).carousels.wait('crsl_1');
    assert.equal(done.status, 'succeeded');
    assert.equal(fake.calls.length, 1);
    fake.done();
  });

  it('when the job finishes after a few long-polls, then wait() repeats the long-poll, honouring a Retry-After poll hint', async () => {
    const fake = new FakeFetch()
      .on('GET', '/v1/video_mixes/vmix_1?wait=2', json(200, job('processing'), { 'retry-after': '0' }))
      .on('GET', /^\/v1\/video_mixes\/vmix_1\?wait=[12]$/, json(200, job('failed', { error: { code: 'render_failed' } })));
    const done = await client(fake).videoMixes.wait('vmix_1', { timeoutMs: 2000 });
    assert.equal(done.status, 'failed');
    fake.done();
  });

  it('when the job is still running at timeoutMs, then wait() throws WaitTimeoutError with the last job', async () => {
    const fake = new FakeFetch().on('GET', '/v1/loops/loop_1?wait=1', () => new Promise((r) => setTimeout(() => r(json(200, job('processing'))), 1000)));
    await assert.rejects(client(fake).loops.wait('loop_1', { timeoutMs: 1000 }), (err: WaitTimeoutError) => err instanceof WaitTimeoutError && (err.job as { status: string }).status === 'processing');
    fake.done();
  });

  it('when createAndWait is called, then it creates the job and long-polls it to the end', async () => {
    const fake = new FakeFetch().on('POST', '/v1/carousels', json(202, job('queued'))).on('GET', '/v1/carousels/crsl_1?wait=30', json(200, job('succeeded')));
    const done = await client(fake).carousels.createAndWait({} as never, { timeoutMs: 30_000 });
    assert.equal(done.status, 'succeeded');
    fake.done();
  });

  it('when a dry run is asked for, then dry_run=true is sent and the quote returned', async () => {
    const fake = new FakeFetch().on('POST', '/v1/video_mixes?dry_run=true', json(200, { object: 'quote', credits: 7 }));
    const quote = await client(fake).videoMixes.quote({} as never);
    assert.equal((quote as unknown as { credits: number }).credits, 7);
    fake.done();
  });

  it('when a job is streamed and the connection drops, then the stream resumes with Last-Event-ID after the server\'s retry delay and ends at the terminal event', async () => {
    const queued = { id: 'evt_1', object: 'event', type: 'video_mix.processing', created_at: '2026-01-01T00:00:00.000Z', livemode: false, data: { object: { id: 'vmix_1', object: 'video_mix', status: 'processing' } } };
    const done = { ...queued, id: 'evt_2', type: 'video_mix.succeeded', data: { object: { id: 'vmix_1', object: 'video_mix', status: 'succeeded' } } };
    let dropped = 0;
    const fake = new FakeFetch()
      .on('GET', '/v1/jobs/vmix_1/events', sse(['retry: 50\n\n', `id: evt_1\nevent: video_mix.processing\ndata: ${JSON.stringify(queued)}\n\n`, 'id: evt_1\nevent: progress\ndata: {"job_id":"vmix_1",\ndata: "fraction":0.5,"stage":"rendering","eta_seconds":3}\n\n', 'id: evt_1\r\nevent: progress\r\ndata: {"job_id":"vmix_1","fraction":0.8,"stage":"rendering","eta_seconds":1}\r\n\r\n'], { fail: true }))
      .on('GET', '/v1/jobs/vmix_1/events', (req) => {
        dropped = Date.now();
        assert.equal(req.headers.get('last-event-id'), 'evt_1');
        assert.equal(req.headers.get('accept'), 'text/event-stream');
        return sse([`id: evt_2\nevent: video_mix.succeeded\ndata: ${JSON.stringify(done)}\n\n`, 'id: evt_3\nevent: never\ndata: {}\n\n']);
      });
    const seen: [string | undefined, string, number | string][] = [];
    const started = Date.now();
    for await (const event of client(fake).videoMixes.stream('vmix_1')) seen.push([event.id, event.event, event.event === 'progress' ? event.data.fraction : event.data.data.object.status]);
    assert.deepEqual(seen, [
      ['evt_1', 'video_mix.processing', 'processing'],
      ['evt_1', 'progress', 0.5],
      ['evt_1', 'progress', 0.8],
      ['evt_2', 'video_mix.succeeded', 'succeeded'],
    ]);
    assert.ok(dropped - started >= 45, 'waited for the retry: the server sent');
    fake.done();
  });

  it('when a finished job is streamed after its last event, then the 204 ends the stream without a reconnect', async () => {
    const fake = new FakeFetch().on('GET', '/v1/jobs/crsl_1/events', new Response(null, { status: 204 }));
    const seen = [];
    for await (const event of client(fake).jobs.stream('crsl_1', { lastEventId: 'evt_9' })) seen.push(event);
    assert.deepEqual(seen, []);
    fake.done();
  });

  it('when an event stream arrives in awkward pieces, then it parses exactly like the eventsource package (the reference)', async () => {
    const text =
      ': comment\r\n\r\nid: 1\r\nevent: progress\r\ndata: {"status":"processing","note":"caf\u00e9 \u2713"}\r\n\r\n' +
      'id: 2\nevent: progress\ndata: {"status":"processing",\ndata: "multi":true}\n\n' +
      'retry: 1000\nid: 3\ndata: {"status":"processing"}\n\n' +
      'id: 4\revent: carousel.succeeded\rdata: {"status":"succeeded"}\r\n\r\n';
    const bytes = new TextEncoder().encode(text);
    // One byte per chunk, so every CRLF pair and multi-byte character straddles chunks.
    const pieces = () => {
      const out: Uint8Array[] = [];
      for (let at = 0; at < bytes.length; at++) out.push(bytes.subarray(at, at + 1));
      return new ReadableStream<Uint8Array>({
        start(controller) {
          for (const p of out) controller.enqueue(p);
          controller.close();
        },
      });
    };
    const answer = () => new Response(pieces(), { status: 200, headers: { 'content-type': 'text/event-stream' } });

    const fake = new FakeFetch().on('GET', '/v1/jobs/crsl_1/events', answer());
    const ours: [string | undefined, string, string][] = [];
    for await (const e of client(fake).jobs.stream('crsl_1')) ours.push([e.id, e.event, JSON.stringify(e.data)]);
    fake.done();

    const { EventSource } = await import('eventsource');
    const reference: [string | undefined, string, string][] = [];
    await new Promise<void>((resolve, reject) => {
      const source = new EventSource(`${BASE}/v1/jobs/crsl_1/events`, { fetch: async () => answer() });
      const onEvent = (e: MessageEvent) => {
        reference.push([e.lastEventId || undefined, e.type, JSON.stringify(JSON.parse(e.data))]);
        if (reference.length === 4) {
          source.close();
          resolve();
        }
      };
      for (const type of ['message', 'progress', 'carousel.succeeded']) source.addEventListener(type, onEvent as (e: Event) => void);
      source.onerror = (e) => (reference.length < 4 ? reject(new Error(`reference stream failed after ${JSON.stringify(reference)}: ${(e as { message?: string }).message}`)) : undefined);
    });
    assert.deepEqual(ours, reference);
    assert.equal(ours.length, 4);
    assert.equal(JSON.parse(ours[0][2]).note, 'café ✓');
  });

  it('when a file is uploaded from a path, a Buffer and a Node stream, then a streamed multipart body carries the bytes and progress is reported', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sdk-unit-'));
    const file = path.join(dir, 'clip "1".mp4');
    const bytes = Buffer.alloc(2.5 * 1024 * 1024, 7);
    fs.writeFileSync(file, bytes);
    try {
      const parse = (req: { headers: Headers; body: Uint8Array | undefined }) => {
        const type = req.headers.get('content-type')!;
        const boundary = /boundary=(.+)$/.exec(type)![1];
        const text = Buffer.from(req.body!).toString('latin1');
        const headEnd = text.indexOf('\r\n\r\n');
        const head = text.slice(0, headEnd);
        const content = Buffer.from(req.body!).subarray(headEnd + 4, req.body!.length - `\r\n--${boundary}--\r\n`.length);
        assert.ok(text.endsWith(`\r\n--${boundary}--\r\n`));
        return { head, content };
      };
      const fake = new FakeFetch()
        .on('POST', '/v1/files', (req, init) => {
          assert.ok(init.body instanceof ReadableStream, 'a stream, not a buffer');
          const { head, content } = parse(req);
          assert.match(head, /name="file"; filename="clip _1_.mp4"/);
          assert.ok(content.equals(bytes));
          return json(201, { id: 'file_1' });
        })
        .on('POST', '/v1/files', (req) => {
          assert.ok(parse(req).content.equals(Buffer.from('abc')));
          assert.match(parse(req).head, /filename="notes.bin"\r\nContent-Type: text\/plain/);
          return json(201, { id: 'file_2' });
        })
        .on('POST', '/v1/files', (req) => {
          assert.ok(parse(req).content.equals(Buffer.from('streamed')));
          return json(201, { id: 'file_3' });
        });
      const lumiku = client(fake);
      const progress: [number, number | undefined][] = [];
      await lumiku.files.upload(file, { onProgress: (p) => progress.push([p.loaded, p.total]) });
      assert.deepEqual(progress.at(-1), [bytes.length, bytes.length]);
      assert.ok(progress.length >= 3, 'progress per chunk');
      await lumiku.files.upload(Buffer.from('abc'), { filename: 'notes.bin', contentType: 'text/plain' });
      await lumiku.files.upload(Readable.from([Buffer.from('stream'), Buffer.from('ed')]));
      fake.done();
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('when a large stream is uploaded, then bytes are pulled from it only as fast as the request sends them (no full buffering)', async () => {
    const CHUNK = 64 * 1024;
    const TOTAL = 400; // 25 MiB in all
    let pulled = 0;
    const source = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (pulled === TOTAL) return controller.close();
        pulled++;
        controller.enqueue(new Uint8Array(CHUNK));
      },
    }, { highWaterMark: 0 });
    const seenAhead: number[] = [];
    const streaming = async (_url: string | URL | Request, init: RequestInit = {}) => {
      const reader = (init.body as ReadableStream<Uint8Array>).getReader();
      let received = 0;
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        received += value.byteLength;
        // How far the source has been read beyond what the request has consumed so far.
        seenAhead.push(pulled * CHUNK - received);
      }
      return json(201, { id: 'file_big', bytes: received });
    };
    const lumiku = new Lumiku({ apiKey: 'k', baseUrl: BASE, fetch: streaming as typeof fetch });
    const file = await lumiku.files.upload(source, { filename: 'big.bin' });
    assert.ok(file.bytes > TOTAL * CHUNK);
    assert.ok(Math.max(...seenAhead) <= 4 * CHUNK, `read ahead at most ${Math.max(...seenAhead)} bytes`);
  });

  it('when an upload from a one-shot stream fails, then it is not retried (the bytes are gone)', async () => {
    const fake = new FakeFetch().on('POST', '/v1/files', problem(503, 'service_unavailable', {}, { 'retry-after': '0' }));
    await assert.rejects(client(fake).files.upload(Readable.from([Buffer.from('x')])), InternalServerError);
    fake.done();
    await assert.rejects(client(new FakeFetch()).files.upload({ not: 'a file' } as never), LumikuError);
  });

  it('when the webhook, event and AI resources are called, then they use the spec\'s paths, methods and queries', async () => {
    const ok = json(200, { id: 'x', object: 'list', data: [], has_more: false, next_cursor: null });
    const png = () => new Response(new Uint8Array([0x89, 0x50, 0x4e, 0x47]), { status: 200, headers: { 'content-type': 'image/png' } });
    const fake = new FakeFetch()
      .on('POST', '/v1/webhook_endpoints', ok.clone())
      .on('PATCH', '/v1/webhook_endpoints/we_1', ok.clone())
      .on('POST', '/v1/webhook_endpoints/we_1/rotate_secret', ok.clone())
      .on('GET', '/v1/webhook_endpoints/we_1/deliveries?event_id=evt_1', ok.clone())
      .on('POST', '/v1/webhook_endpoints/we_1/recover?since=2026-01-01T00%3A00%3A00.000Z', ok.clone())
      .on('DELETE', '/v1/webhook_endpoints/we_1', ok.clone())
      .on('GET', '/v1/webhook_secret', ok.clone())
      .on('GET', '/v1/events?type=video_mix.*&job_id=vmix_1', ok.clone())
      .on('POST', '/v1/events/evt_1/resend', ok.clone())
      .on('GET', '/v1/models?app=avatar', ok.clone())
      .on('GET', '/v1/poses?category=standing&tags=confident%2Cpower', ok.clone())
      .on('GET', '/v1/poses/pose_1/preview?width=256', png())
      .on('GET', '/v1/pose_categories', ok.clone())
      .on('GET', '/v1/avatar_presets', ok.clone())
      .on('POST', '/v1/avatars', ok.clone())
      .on('PATCH', '/v1/avatars/avtr_1', ok.clone())
      .on('DELETE', '/v1/avatars/avtr_1', ok.clone())
      .on('POST', '/v1/pose_generations/pgen_1/cancel', ok.clone())
      .on('GET', '/v1/credit_transactions?type=capture', ok.clone());
    const lumiku = client(fake);
    await lumiku.webhookEndpoints.create({ url: 'https://example.com/h' });
    await lumiku.webhookEndpoints.update('we_1', { enabled: false });
    await lumiku.webhookEndpoints.rotateSecret('we_1');
    await lumiku.webhookEndpoints.deliveries('we_1', { event_id: 'evt_1' });
    await lumiku.webhookEndpoints.recover('we_1', { since: new Date('2026-01-01T00:00:00Z') });
    await lumiku.webhookEndpoints.delete('we_1');
    await lumiku.webhooks.retrieveSecret();
    await lumiku.events.list({ type: 'video_mix.*', job_id: 'vmix_1' });
    await lumiku.events.resend('evt_1');
    await lumiku.models.list({ app: 'avatar' });
    await lumiku.poses.list({ category: 'standing', tags: ['confident', 'power'] });
    assert.equal((await lumiku.poses.preview('pose_1', { width: 256 })).headers.get('content-type'), 'image/png');
    await lumiku.poses.categories();
    await lumiku.avatars.presets();
    await lumiku.avatars.create({ from: 'preset', preset: 'p', name: 'Sunny' });
    await lumiku.avatars.update('avtr_1', { metadata: { a: 'b' } });
    await lumiku.avatars.delete('avtr_1');
    await lumiku.poseGenerations.cancel('pgen_1');
    await lumiku.creditTransactions.list({ type: 'capture' });
    fake.done();
  });
});
