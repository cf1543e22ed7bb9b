import assert from 'node:assert/strict';
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import sharp from 'sharp';
import { readSse, type SseMessage } from '../../api/src/cli/sse';
import { eventIdFloor } from '../../api/src/domain/events/account-stream';
import { call, createTestAccount, startTestApp, type TestAccount, type TestApp } from '../support/harness';
import { uploadBytes } from '../fixtures/uploads';
import { startReceiver, verify, waitFor, type Received } from '../webhooks/support';

const ROOT = path.join(__dirname, '..', '..');

/** `node bin/lumiku.js listen …` as a user runs it (`npx lumiku listen`), its output collected. */
function startListen(args: string[]) {
  const child: ChildProcessWithoutNullStreams = spawn(process.execPath, [path.join(ROOT, 'bin/lumiku.js'), 'listen', ...args], { cwd: ROOT, env: { ...process.env, LUMIKU_API_KEY: '', LUMIKU_BASE_URL: '' } });
  const output = { stdout: '', stderr: '' };
  child.stdout.on('data', (d) => (output.stdout += d));
  child.stderr.on('data', (d) => (output.stderr += d));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return {
    child,
    output,
    exited,
    async ready(count = 1) {
      await waitFor(async () => (output.stdout.match(/^(Ready!|.*Reconnected)/gm)?.length ?? 0) >= count || (child.exitCode !== null && Promise.reject(new Error(`listen exited: ${output.stdout}${output.stderr}`))), 20_000, `listen ready (${output.stdout}${output.stderr})`);
      return /signing secret is (whsec_\S+)/.exec(output.stdout)![1];
    },
    async stop() {
      if (child.exitCode === null) child.kill('SIGINT');
      return exited;
    },
  };
}

/** A TCP proxy in front of the API that can drop every connection and refuse new ones for a while. */
async function startProxy(target: string) {
  const { hostname, port } = new URL(target);
  const sockets = new Set<net.Socket>();
  let refusing = false;
  const server = net.createServer((client) => {
    if (refusing) return void client.destroy();
    const upstream = net.connect(Number(port), hostname);
    client.pipe(upstream).pipe(client);
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('error', () => {});
      s.on('close', () => (sockets.delete(s), client.destroy(), upstream.destroy()));
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`,
    cut() {
      refusing = true;
      for (const s of sockets) s.destroy();
    },
    resume() {
      refusing = false;
    },
    async close() {
      this.cut();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/**
 * Issue 12, local webhooks like `stripe listen`: `npx lumiku listen --forward-to <url>` streams the
 * account's events (GET /v1/events/stream), signs each with the printed local secret and POSTs it to
 * the receiver. Real API, real worker, real receiver, real CLI process; signatures checked with the
 * independent `standardwebhooks` library.
 */
describe('contract: lumiku listen and GET /v1/events/stream', function () {
  this.timeout(120_000);
  let app: TestApp;
  let acct: TestAccount;
  let images: string[];
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  const running: ReturnType<typeof startListen>[] = [];

  before(async function () {
    this.timeout(120_000);
    app = await startTestApp({ RATE_LIMIT_PER_WINDOW: '0' }, { worker: true });
    acct = await createTestAccount(app.db, { balance: 1000 });
    images = [];
    for (const background of ['#e11d48', '#2563eb']) {
      const png = await sharp({ create: { width: 96, height: 96, channels: 3, background } }).png().toBuffer();
      images.push((await uploadBytes(app.baseUrl, acct.test, png, 'slide.png', { type: 'image/png' })).body.id);
    }
    receiver = await startReceiver();
  });
  after(async () => {
    for (const l of running) await l.stop();
    await receiver?.close();
    await app?.close();
  });

  const listen = (args: string[]) => {
    const l = startListen(args);
    running.push(l);
    return l;
  };
  /** Creates a carousel and waits until it has finished; returns its id. */
  async function runCarousel(key = acct.test): Promise<string> {
    const created = await call(app.baseUrl, 'POST', '/v1/carousels', { key, body: { slides: [{ images: [images[0]] }, { images: [images[1]] }], sets: 1 } });
    assert.equal(created.status, 202, created.text);
    const done = await call(app.baseUrl, 'GET', `/v1/carousels/${created.body.id}?wait=60`, { key });
    assert.equal(done.body.status, 'succeeded', done.text);
    return created.body.id;
  }
  const forJob = (id: string, rs: Received[] = receiver.received) => rs.filter((r) => r.body?.data?.object?.id === id);
  const STATES = ['carousel.queued', 'carousel.processing', 'carousel.succeeded'];

  it('when a job runs, then the receiver gets each of its events, signed with the printed secret, and only the types asked for', async () => {
    const l = listen(['--forward-to', `${receiver.url}/hooks`, '--events', 'carousel.*', '--api-key', acct.test, '--base-url', app.baseUrl]);
    const secret = await l.ready();
    assert.match(secret, /^whsec_[A-Za-z0-9+/]+=*$/);

    // Not a carousel: filtered out by the stream.
    const avatar = await call(app.baseUrl, 'POST', '/v1/avatars', { key: acct.test, body: { from: 'preset', preset: 'preset_mascot_sunny', name: 'Sunny' } });
    assert.equal(avatar.status, 202, avatar.text);
    const id = await runCarousel();
    await receiver.until((rs) => forJob(id, rs).some((r) => r.body.type === 'carousel.succeeded'), 20_000);

    const mine = forJob(id);
    assert.deepEqual(mine.map((r) => r.body.type), STATES);
    for (const r of mine) {
      assert.equal(r.path, '/hooks');
      assert.deepEqual(verify(secret, r), r.body, 'the signature verifies with standardwebhooks');
      assert.equal(r.id, r.body.id, 'webhook-id is the event id');
      assert.ok(Math.abs(Number(r.timestamp) - Date.now() / 1000) < 60);
      const stored = await call(app.baseUrl, 'GET', `/v1/events/${r.body.id}`, { key: acct.test });
      assert.deepEqual(r.body, stored.body, 'the body is the event object');
      assert.match(l.output.stdout, new RegExp(`--> ${r.body.type.replace('.', '\\.')} \\[${r.body.id}\\]`));
      assert.match(l.output.stdout, new RegExp(`<-- \\[200\\] POST ${receiver.url}/hooks \\[${r.body.id}\\]`));
    }
    assert.equal(receiver.received.filter((r) => !String(r.body?.type).startsWith('carousel.')).length, 0, 'no avatar event');
    assert.throws(() => verify(`whsec_${Buffer.alloc(24, 1).toString('base64')}`, mine[0]), 'another secret does not verify');
    assert.equal(await l.stop(), 0);
  });

  it('when the stream is cut, then the CLI reconnects with Last-Event-ID and forwards what happened meanwhile, each event once', async () => {
    const proxy = await startProxy(app.baseUrl);
    try {
      const secret = `whsec_${Buffer.alloc(32, 7).toString('base64')}`;
      const l = listen(['--forward-to', `${receiver.url}/resume`, '--events', 'carousel.succeeded,carousel.queued', '--api-key', acct.test, '--base-url', proxy.url, '--secret', secret]);
      assert.equal(await l.ready(), secret, 'the given secret is used');
      const first = await runCarousel();
      await receiver.until((rs) => forJob(first, rs).some((r) => r.path === '/resume' && r.body.type === 'carousel.succeeded'), 20_000);

      proxy.cut();
      const during = await runCarousel(); // while the CLI cannot reach the API
      proxy.resume();
      await receiver.until((rs) => forJob(during, rs).some((r) => r.path === '/resume' && r.body.type === 'carousel.succeeded'), 30_000);
      assert.match(l.output.stdout, /Reconnected, resuming after evt_\w+/);

      const resumed = receiver.received.filter((r) => r.path === '/resume');
      assert.deepEqual(forJob(first, resumed).map((r) => r.body.type), ['carousel.queued', 'carousel.succeeded']);
      assert.deepEqual(forJob(during, resumed).map((r) => r.body.type), ['carousel.queued', 'carousel.succeeded']);
      for (const r of resumed) verify(secret, r);
      const ids = resumed.map((r) => r.id);
      assert.equal(new Set(ids).size, ids.length, 'no event forwarded twice');
      assert.equal(await l.stop(), 0);
    } finally {
      await proxy.close();
    }
  });

  describe('GET /v1/events/stream', () => {
    async function open(headers: Record<string, string>, query = '') {
      const controller = new AbortController();
      const res = await fetch(`${app.baseUrl}/v1/events/stream${query}`, { headers: { authorization: `Bearer ${acct.test}`, ...headers }, signal: controller.signal });
      return { res, controller };
    }
    /** Up to `n` messages, or what came before `timeoutMs` (then the request is aborted). */
    async function take({ res, controller }: { res: Response; controller: AbortController }, n: number, timeoutMs = 10_000): Promise<SseMessage[]> {
      const got: SseMessage[] = [];
      const timer = setTimeout(() => controller.abort(), timeoutMs);
      try {
        for await (const m of readSse(res.body as unknown as AsyncIterable<Uint8Array>)) {
          got.push(m);
          if (got.length >= n) break;
        }
      } catch {
        /* aborted at the deadline */
      } finally {
        clearTimeout(timer);
      }
      return got;
    }

    it('when resumed with Last-Event-ID, then it sends exactly the matching events after it, in order, as the list has them', async () => {
      let list = await call(app.baseUrl, 'GET', '/v1/events?type=carousel.*&limit=100', { key: acct.test });
      if (list.body.data.length < 6) {
        await runCarousel();
        await runCarousel();
        list = await call(app.baseUrl, 'GET', '/v1/events?type=carousel.*&limit=100', { key: acct.test });
      }
      const ids = list.body.data.map((e: { id: string }) => e.id).reverse(); // oldest first
      assert.ok(ids.length >= 6, `${ids.length} carousel events`);
      const stream = await open({ 'last-event-id': ids[2] }, '?types=carousel.*');
      const { res, controller } = stream;
      assert.equal(res.status, 200);
      assert.match(res.headers.get('content-type') ?? '', /^text\/event-stream/);
      const got = await take(stream, ids.length - 3);
      controller.abort();
      assert.deepEqual(got.map((m) => m.lastEventId), ids.slice(3));
      for (const m of got) assert.equal(JSON.parse(m.data).type, m.event);
    });

    it('when an event with an earlier id commits after later ones were sent (a longer transaction, a clock behind), then it is still sent, once', async () => {
      const stream = await open({}, '?types=credits.low');
      const reading = take(stream, 2, 8_000);
      const insert = (id: string) =>
        app.db.query(`INSERT INTO events (id, account_id, livemode, type, data) VALUES (:id, :accountId, false, 'credits.low', :data::jsonb)`, {
          replacements: { id, accountId: acct.accountId, data: JSON.stringify({ object: { object: 'balance', account_id: acct.accountId, balance: 1, threshold: 100, livemode: false } }) },
        });
      const idAt = (ms: number, tail: string) => eventIdFloor(ms).slice(0, -tail.length) + tail;
      await new Promise((r) => setTimeout(r, 300));
      const now = Date.now();
      await insert(idAt(now + 1000, 'a'));
      await waitFor(async () => (await call(app.baseUrl, 'GET', '/v1/events?type=credits.low', { key: acct.test })).body.data.length === 1);
      await new Promise((r) => setTimeout(r, 1500)); // the stream has read and sent it
      await insert(idAt(now + 500, 'b')); // made earlier, committed later
      await insert(idAt(now - 120_000, 'c')); // from before the stream opened: not part of it
      const got = await reading;
      stream.controller.abort();
      assert.deepEqual(got.map((m) => m.lastEventId), [idAt(now + 1000, 'a'), idAt(now + 500, 'b')]);
    });

    it("when another account or the other mode has events, then the stream never carries them", async () => {
      const other = await createTestAccount(app.db, { balance: 100 });
      const stream = await open({});
      const reading = take(stream, 1, 4_000);
      await call(app.baseUrl, 'POST', '/v1/avatars', { key: other.test, body: { from: 'preset', preset: 'preset_mascot_river', name: 'River' } });
      await call(app.baseUrl, 'POST', '/v1/avatars', { key: acct.live, body: { from: 'preset', preset: 'preset_mascot_river', name: 'River' } });
      const mine = await call(app.baseUrl, 'POST', '/v1/avatars', { key: acct.test, body: { from: 'preset', preset: 'preset_mascot_river', name: 'River' } });
      const [first] = await reading;
      stream.controller.abort();
      assert.equal(JSON.parse(first.data).data.object.id, mine.body.id);
    });

    it('when the filter names no event type or Last-Event-ID is not an event id, then 422 naming it; without the read scope 403', async () => {
      const badType = await call(app.baseUrl, 'GET', '/v1/events/stream?types=video_mix.*,vidoe_mix.done', { key: acct.test });
      assert.equal(badType.status, 422);
      assert.deepEqual(badType.body.errors.map((e: { path: string }) => e.path), ['query.types']);
      assert.match(badType.body.errors[0].message, /'vidoe_mix\.done' matches no event type/);
      const badId = await call(app.baseUrl, 'GET', '/v1/events/stream', { key: acct.test, headers: { 'last-event-id': 'yesterday' } });
      assert.equal(badId.status, 422);
      assert.deepEqual(badId.body.errors.map((e: { path: string }) => e.path), ['header.last-event-id']);
      const writer = await createTestAccount(app.db, { scopes: ['jobs:write'] });
      const denied = await call(app.baseUrl, 'GET', '/v1/events/stream', { key: writer.test });
      assert.equal(denied.status, 403);
    });

    it('when the CLI is given a key the API refuses, then it says why and exits 1', async () => {
      const l = listen(['--forward-to', `${receiver.url}/x`, '--api-key', 'lk_test_nope', '--base-url', app.baseUrl]);
      assert.equal(await l.exited, 1);
      assert.match(l.output.stderr, /401 invalid_api_key/);
    });
  });
});
