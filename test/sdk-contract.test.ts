import assert from 'node:assert/strict';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import sharp from 'sharp';
import {
  APIConnectionError,
  APIConnectionTimeoutError,
  APIUserAbortError,
  WaitTimeoutError,
  AuthenticationError,
  ConflictError,
  InsufficientCreditsError,
  InternalServerError,
  Lumiku,
  NotFoundError,
  PermissionDeniedError,
  RateLimitError,
  UnprocessableEntityError,
  type CreateCarouselRequestBody,
  type LumikuEvent,
  type JobStreamEvent,
} from '../sdk-js/src';
import { createTestAccount, startTestApp, type TestAccount, type TestApp } from './support/harness';
import { assertNoViolations, behindSpecProxy } from './support/spec-proxy';
import { startPool, startReceiver, waitFor } from './webhooks/support';

/**
 * Contract tests: the hand-written SDK (`new Lumiku`) against the real running API and worker.
 * Every resource is called and every error class is reached from a real answer.
 */

/** The example payload the spec (x-webhooks) shows for an event type. */
const webhookExample = (type: string) => JSON.parse(fs.readFileSync(path.join(__dirname, '../openapi/openapi.json'), 'utf8'))['x-webhooks'][type].post.requestBody.content['application/json'].example;
const keys = (o: object) => Object.keys(o).sort();

const png = (color: string) => sharp({ create: { width: 320, height: 240, channels: 3, background: color } }).png().toBuffer();

/** A fetch that counts requests, to prove how many calls a method made. */
function countingFetch() {
  const calls: string[] = [];
  const f: typeof fetch = (input, init) => {
    calls.push(`${init?.method ?? 'GET'} ${String(input)}`);
    return fetch(input, init);
  };
  return { calls, fetch: f };
}

function carouselBody(images: string[], extra: Partial<CreateCarouselRequestBody> = {}): CreateCarouselRequestBody {
  return {
    slides: [
      { images: images.slice(0, 2), texts: ['Summer sale', 'New drop'] },
      { images: images.slice(1, 2), texts: ['Only this week'] },
    ],
    sets: 2,
    selection: 'round_robin',
    aspect_ratio: '1:1',
    format: 'jpeg',
    ...extra,
  };
}

describe('SDK contract: new Lumiku() against the running API', function () {
  this.timeout(60_000);
  // Every request and response goes through a proxy that checks them against openapi/openapi.json.
  let app: Awaited<ReturnType<typeof behindSpecProxy>>;
  let acct: TestAccount;
  let lumiku: Lumiku;
  let images: string[];

  before(async () => {
    // Webhook endpoints may point at the test's loopback receiver; deliveries are retried fast.
    app = await behindSpecProxy(await startTestApp({ RATE_LIMIT_PER_WINDOW: '0', WEBHOOK_URL_ALLOWLIST: '127.0.0.1', WEBHOOK_RELAY_POLL_MS: '200', WEBHOOK_RETRY_SCHEDULE: '0,100ms,200ms' }, { worker: true }));
    acct = await createTestAccount(app.db, { balance: 500 });
    lumiku = new Lumiku({ apiKey: acct.test, baseUrl: app.baseUrl });
    images = [];
    for (const color of ['#e11d48', '#2563eb']) images.push((await lumiku.files.upload(await png(color), { filename: `${color.slice(1)}.png` })).id);
  });
  afterEach(() => assertNoViolations(app.proxy));
  after(async () => app.close());

  it('when the account, prices and ledger are read, then each returns its typed object', async () => {
    const account = await lumiku.account.retrieve();
    assert.equal(account.id, acct.accountId);
    assert.equal(account.livemode, false);
    const products: string[] = [];
    for await (const price of lumiku.prices.list()) products.push(price.product);
    assert.ok(products.includes('video_mix') && products.includes('carousel'), products.join());
    const live = new Lumiku({ apiKey: acct.live, baseUrl: app.baseUrl });
    const txns = [];
    for await (const txn of live.creditTransactions.list({ limit: 1 })) txns.push(txn);
    assert.equal(txns[0].type, 'grant');
    assert.equal(txns[0].amount, 500);
  });

  it('when API keys are created, listed across pages, retrieved and revoked, then each call round-trips', async () => {
    const created = await lumiku.apiKeys.create({ name: 'contract', scopes: ['read'] }, { idempotencyKey: `contract-${Date.now()}` });
    assert.match(created.secret!, /^lk_test_/);
    await lumiku.apiKeys.create({ name: 'contract 2', scopes: ['read'] });
    const ids: string[] = [];
    for await (const key of lumiku.apiKeys.list({ limit: 1 })) ids.push(key.id);
    assert.ok(ids.length >= 3 && new Set(ids).size === ids.length, 'pages of 1 walk every key once');
    assert.equal((await lumiku.apiKeys.retrieve(created.id)).name, 'contract');
    assert.equal((await lumiku.apiKeys.revoke(created.id)).revoked, true);
    await assert.rejects(new Lumiku({ apiKey: created.secret, baseUrl: app.baseUrl }).account.retrieve(), (err: AuthenticationError) => err instanceof AuthenticationError && err.code === 'api_key_revoked' && err.status === 401 && /^req_/.test(err.requestId!));
  });

  it('when files are uploaded from a path and a stream, then they are stored, listed, downloaded and deleted', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sdk-contract-'));
    try {
      const file = path.join(dir, 'green.png');
      const bytes = await png('#16a34a');
      fs.writeFileSync(file, bytes);
      const progress: number[] = [];
      const fromPath = await lumiku.files.upload(file, { onProgress: (p) => progress.push(p.loaded) });
      assert.equal(fromPath.filename, 'green.png');
      assert.equal(fromPath.content_type, 'image/png');
      assert.equal(fromPath.bytes, bytes.length);
      assert.equal(progress.at(-1), bytes.length);
      const fromStream = await lumiku.files.upload(fs.createReadStream(file));
      assert.equal(fromStream.filename, 'green.png');
      const fromWebStream = await lumiku.files.upload(Readable.toWeb(Readable.from([bytes])) as ReadableStream<Uint8Array>, { filename: 'web.png' });
      assert.equal(fromWebStream.sha256, fromPath.sha256);

      const listed: string[] = [];
      for await (const f of lumiku.files.list({ limit: 2 })) listed.push(f.id);
      assert.ok([fromPath.id, fromStream.id, fromWebStream.id].every((id) => listed.includes(id)));
      assert.equal((await lumiku.files.retrieve(fromPath.id)).sha256, fromPath.sha256);
      const content = await lumiku.files.content(fromPath.id);
      assert.ok(Buffer.from(await content.arrayBuffer()).equals(bytes));
      const range = await lumiku.files.content(fromPath.id, { range: 'bytes=0-3' });
      assert.equal(range.status, 206);
      assert.equal(Buffer.from(await range.arrayBuffer()).toString('latin1'), '\x89PNG');
      assert.equal((await lumiku.files.delete(fromStream.id)).deleted, true);
      await assert.rejects(lumiku.files.retrieve(fromStream.id), NotFoundError);
      // A URL import of a loopback address is refused before any fetch.
      await assert.rejects(lumiku.files.import({ url: `${app.baseUrl}/health` }), (err: UnprocessableEntityError) => err instanceof UnprocessableEntityError && err.code === 'url_not_allowed');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('when a carousel is created and waited for, then it succeeds; waiting again costs one request', async () => {
    const quote = await lumiku.carousels.quote(carouselBody(images));
    assert.ok(quote);
    const job = await lumiku.carousels.create(carouselBody(images), { idempotencyKey: `crsl-${Date.now()}` });
    assert.equal(job.object, 'carousel');
    const done = await lumiku.carousels.wait(job.id, { timeoutMs: 30_000 });
    assert.equal(done.status, 'succeeded', JSON.stringify(done.error));
    assert.ok(done.outputs.length > 0);

    const counted = countingFetch();
    const again = await new Lumiku({ apiKey: acct.test, baseUrl: app.baseUrl, fetch: counted.fetch }).jobs.wait(job.id);
    assert.equal(again.status, 'succeeded');
    assert.equal(counted.calls.length, 1, counted.calls.join('\n'));

    const found = [];
    for await (const j of lumiku.jobs.list({ app: 'carousel', external_id: undefined, limit: 1 })) found.push(j.id);
    assert.ok(found.includes(job.id));
    assert.equal((await lumiku.jobs.retrieve(job.id)).status, 'succeeded');
    // Canceling a finished job changes nothing.
    assert.equal((await lumiku.carousels.cancel(job.id)).status, 'succeeded');
    const mine = [];
    for await (const c of lumiku.carousels.list({ status: 'succeeded' })) mine.push(c.id);
    assert.ok(mine.includes(job.id));
  });

  it('when createAndWait runs, then it resolves with the finished job', async () => {
    const done = await lumiku.carousels.createAndWait(carouselBody(images, { sets: 1 }), { timeoutMs: 30_000 });
    assert.equal(done.status, 'succeeded');
  });

  it('when the video mix and loop resources are called, then they answer with their typed lists and errors', async () => {
    assert.equal((await lumiku.videoMixes.list({ limit: 1 })).object, 'list');
    assert.equal((await lumiku.loops.list()).object, 'list');
    await assert.rejects(lumiku.videoMixes.retrieve('vmix_nope'), (err: NotFoundError) => err instanceof NotFoundError && err.code === 'resource_not_found');
    await assert.rejects(lumiku.loops.create({ video: images[0], duration_seconds: 10 } as never), (err: UnprocessableEntityError) => err instanceof UnprocessableEntityError && err.status === 422);
    await assert.rejects(lumiku.videoMixes.create({ clips: [], variants: 1 } as never), (err: UnprocessableEntityError) => err instanceof UnprocessableEntityError && err.errors.length > 0);
  });

  it('when a key lacks a scope, an Idempotency-Key is reused with another body, or credits run out, then 403, 409 and 402 errors are thrown', async () => {
    const readOnly = await createTestAccount(app.db, { scopes: ['read'] });
    await assert.rejects(new Lumiku({ apiKey: readOnly.test, baseUrl: app.baseUrl }).apiKeys.list(), (err: PermissionDeniedError) => err instanceof PermissionDeniedError && err.code === 'insufficient_scope');

    const key = `conflict-${Date.now()}`;
    await lumiku.apiKeys.create({ name: 'first' }, { idempotencyKey: key });
    await assert.rejects(lumiku.apiKeys.create({ name: 'second' }, { idempotencyKey: key }), (err: ConflictError) => err instanceof ConflictError && err.code === 'idempotency_conflict');

    const poor = await createTestAccount(app.db);
    const poorClient = new Lumiku({ apiKey: poor.live, baseUrl: app.baseUrl });
    const liveImages = [(await poorClient.files.upload(await png('#111111'))).id, (await poorClient.files.upload(await png('#222222'))).id];
    await assert.rejects(poorClient.carousels.create(carouselBody(liveImages)), (err: InsufficientCreditsError) => err instanceof InsufficientCreditsError && err.code === 'insufficient_credits');
  });

  it('when the API is unreachable, slow, rate limited or failing, then connection, timeout, 429 and 5xx errors are thrown', async () => {
    // Unreachable: a port nothing listens on.
    const closed = net.createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const port = (closed.address() as net.AddressInfo).port;
    await new Promise<void>((r) => closed.close(() => r()));
    await assert.rejects(new Lumiku({ apiKey: acct.test, baseUrl: `http://127.0.0.1:${port}`, maxRetries: 0 }).account.retrieve(), (err: APIConnectionError) => err instanceof APIConnectionError && err.status === undefined);

    // A second API: no worker (jobs stay queued), a few requests per window, and its database closed at the end.
    const other = await startTestApp({ RATE_LIMIT_PER_WINDOW: '7', RATE_LIMIT_WINDOW_SECONDS: '60' });
    try {
      const a = await createTestAccount(other.db);
      const client = new Lumiku({ apiKey: a.test, baseUrl: other.baseUrl, maxRetries: 0 });
      const imgs = [(await client.files.upload(await png('#333333'))).id];
      const queued = await client.carousels.create(carouselBody([imgs[0], imgs[0]], { slides: [{ images: imgs, texts: ['a'] }, { images: imgs, texts: ['b'] }], sets: 1 }));
      // Slow: the server holds a long-poll longer than the request timeout.
      await assert.rejects(client.core.request({ method: 'GET', path: `/v1/carousels/${queued.id}`, query: { wait: 5 } }, { timeout: 200 }), APIConnectionTimeoutError);
      // wait() gives up at timeoutMs with the job as last seen; an AbortSignal stops it at once.
      await assert.rejects(client.carousels.wait(queued.id, { timeoutMs: 1000 }), (err: WaitTimeoutError) => err instanceof WaitTimeoutError && (err.job as { status: string }).status === 'queued');
      await assert.rejects(client.jobs.wait(queued.id, { signal: AbortSignal.timeout(200) }), APIUserAbortError);
      assert.equal((await client.carousels.cancel(queued.id)).status, 'canceled');
      // Rate limited: within a few more requests the window is used up (maxRetries 0: no waiting).
      let limited: unknown;
      for (let i = 0; i < 10 && !limited; i++) await client.account.retrieve().catch((err: unknown) => (limited = err));
      assert.ok(limited instanceof RateLimitError && limited.code === 'rate_limited' && Number(limited.headers?.get('retry-after')) > 0, String(limited));
    } finally {
      await other.close();
    }
    const failing = await startTestApp({ RATE_LIMIT_PER_WINDOW: '0' });
    const b = await createTestAccount(failing.db);
    await failing.db.close();
    try {
      await assert.rejects(new Lumiku({ apiKey: b.test, baseUrl: failing.baseUrl, maxRetries: 0 }).account.retrieve(), (err: InternalServerError) => err instanceof InternalServerError && err.status! >= 500 && !!err.requestId);
    } finally {
      await failing.close();
    }
  });

  it('when a job is streamed, then its state changes arrive as event objects with progress between, the stream ends at the terminal event, and Last-Event-ID resumes after any event', async () => {
    const job = await lumiku.carousels.create(carouselBody(images));
    const events: JobStreamEvent[] = [];
    for await (const event of lumiku.carousels.stream(job.id)) events.push(event);
    const changes = events.filter((e) => e.event !== 'progress');
    assert.deepEqual(changes.map((e) => e.event), ['carousel.queued', 'carousel.processing', 'carousel.succeeded']);
    for (const e of events) {
      if (e.event === 'progress') {
        assert.equal(e.data.job_id, job.id);
        assert.ok(e.data.fraction >= 0 && e.data.fraction <= 1 && typeof e.data.stage === 'string', JSON.stringify(e.data));
      } else {
        // The same object webhooks carry and GET /v1/events/{id} returns; the SSE id is the event id.
        assert.equal(e.data.id, e.id);
        assert.equal(e.data.type, e.event);
        assert.equal(e.data.data.object.id, job.id);
      }
    }
    const last = changes.at(-1)!;
    assert.ok(last.event === 'carousel.succeeded' && last.data.data.object.outputs.length > 0);
    assert.deepEqual(await lumiku.events.retrieve(last.id!), last.data);

    // Resuming after the first event yields the later state changes once each; after the last, nothing (204).
    const resumed: JobStreamEvent[] = [];
    for await (const event of lumiku.jobs.stream(job.id, { lastEventId: changes[0].id, maxReconnects: 0 })) resumed.push(event);
    assert.deepEqual(resumed.map((e) => e.event), ['carousel.processing', 'carousel.succeeded']);
    const after: JobStreamEvent[] = [];
    for await (const event of lumiku.jobs.stream(job.id, { lastEventId: last.id, maxReconnects: 0 })) after.push(event);
    assert.deepEqual(after, []);
  });

  it('when a webhook endpoint is managed, then deliveries arrive signed, unwrap to typed events, are logged, and can be resent and recovered', async () => {
    const receiver = await startReceiver();
    const pool = await startPool(app);
    try {
      const endpoint = await lumiku.webhookEndpoints.create({ url: `${receiver.url}/lumiku-hooks`, event_types: ['carousel.succeeded'], description: 'contract' });
      assert.match(endpoint.secret!, /^whsec_/);
      assert.equal(endpoint.object, 'webhook_endpoint');
      assert.equal((await lumiku.webhookEndpoints.retrieve(endpoint.id)).url, `${receiver.url}/lumiku-hooks`);
      assert.equal((await lumiku.webhookEndpoints.update(endpoint.id, { description: 'orders' })).description, 'orders');
      const listed: string[] = [];
      for await (const e of lumiku.webhookEndpoints.list({ limit: 1 })) listed.push(e.id);
      assert.ok(listed.includes(endpoint.id));

      const job = await lumiku.carousels.createAndWait(carouselBody(images, { sets: 1 }), { timeoutMs: 30_000 });
      assert.equal(job.status, 'succeeded');
      await receiver.until((r) => r.some((x) => x.body?.data?.object?.id === job.id), 20_000);
      const delivery = receiver.received.find((x) => x.body?.data?.object?.id === job.id)!;
      const event: LumikuEvent = await lumiku.webhooks.unwrap(delivery.raw, { 'webhook-id': delivery.id, 'webhook-timestamp': delivery.timestamp, 'webhook-signature': delivery.signature }, endpoint.secret);
      assert.equal(delivery.id, event.id, 'webhook-id is the event id');
      if (event.type !== 'carousel.succeeded') assert.fail(`unexpected ${event.type}`);
      // Narrowed by `type`: data.object is the carousel as GET /v1/carousels/{id} returns it.
      assert.equal(event.data.object.status, 'succeeded');
      assert.deepEqual(event.data.object.outputs.map((o) => o.file_id), job.outputs.map((o) => o.file_id));
      await assert.rejects(lumiku.webhooks.unwrap(delivery.raw.replace(job.id, 'crsl_other'), { 'webhook-id': delivery.id, 'webhook-timestamp': delivery.timestamp, 'webhook-signature': delivery.signature }, endpoint.secret));

      const logged = await waitFor(async () => (await lumiku.webhookEndpoints.deliveries(endpoint.id, { event_id: event.id })).data.find((d) => d.outcome === 'succeeded'), 10_000, 'the delivery log');
      assert.equal(logged.status_code, 200);
      assert.equal(logged.event_type, 'carousel.succeeded');

      assert.deepEqual(await lumiku.events.retrieve(event.id), JSON.parse(delivery.raw));
      // The spec's example of this event has the shape of the real delivery.
      const example = webhookExample('carousel.succeeded');
      assert.deepEqual(keys(example), keys(event));
      assert.deepEqual(keys(example.data.object), keys(event.data.object));
      const ofJob: string[] = [];
      for await (const e of lumiku.events.list({ type: 'carousel.*', job_id: job.id })) ofJob.push(e.type);
      assert.deepEqual(ofJob.sort(), ['carousel.processing', 'carousel.queued', 'carousel.succeeded']);
      const resent = await lumiku.events.resend(event.id);
      assert.equal(resent.object, 'event_resend');
      assert.equal(resent.event_id, event.id);
      await receiver.until((r) => r.filter((x) => x.id === event.id).length >= 2, 10_000);
      const recovered = await lumiku.webhookEndpoints.recover(endpoint.id, { since: new Date(Date.now() - 60_000) });
      assert.equal(recovered.object, 'webhook_recovery');
      assert.equal(recovered.endpoint_id, endpoint.id);

      assert.equal((await lumiku.webhookEndpoints.update(endpoint.id, { enabled: false })).enabled, false);
      const rotated = await lumiku.webhookEndpoints.rotateSecret(endpoint.id);
      assert.match(rotated.secret!, /^whsec_/);
      assert.notEqual(rotated.secret, endpoint.secret);
      assert.match((await lumiku.webhooks.retrieveSecret()).secret, /^whsec_/);
      assert.equal((await lumiku.webhookEndpoints.delete(endpoint.id)).deleted, true);
      await assert.rejects(lumiku.webhookEndpoints.retrieve(endpoint.id), NotFoundError);
    } finally {
      await pool.close(2000);
      await receiver.close();
    }
  });

  it('when models, presets, poses, avatars and pose generations are used, then each resource answers with its typed object', async () => {
    const models = (await lumiku.models.list({ app: 'avatar' })).data;
    assert.ok(models.length > 0 && models.every((m) => m.app === 'avatar' && m.credit_cost > 0), JSON.stringify(models));
    const categories = (await lumiku.poses.categories()).data;
    assert.ok(categories.length > 0 && categories.every((c) => c.object === 'pose_category'));
    const poses = (await lumiku.poses.list({ category: categories[0].id, limit: 2 })).data;
    assert.ok(poses.length > 0 && poses.every((p) => p.category === categories[0].id));
    assert.equal((await lumiku.poses.retrieve(poses[0].id)).id, poses[0].id);
    const preview = await lumiku.poses.preview(poses[0].id, { width: 128 });
    assert.equal(preview.headers.get('content-type'), 'image/png');
    assert.equal(Buffer.from(await preview.arrayBuffer()).subarray(0, 4).toString('latin1'), '\x89PNG');

    const quote = await lumiku.avatars.quote({ from: 'prompt', name: 'Barista', prompt: 'a friendly barista', model: models[0].id });
    assert.ok(quote);
    const avatar = await lumiku.avatars.createAndWait({ from: 'prompt', name: 'Barista', persona: { age: 30, style: 'casual' }, prompt: 'a friendly barista', model: models[0].id, width: 512, height: 512, seed: 7 }, { timeoutMs: 30_000 });
    assert.equal(avatar.status, 'succeeded', JSON.stringify(avatar.error));
    assert.equal(avatar.object, 'avatar');
    assert.equal(avatar.image?.content_type, 'image/png');
    const updated = await lumiku.avatars.update(avatar.id, { name: 'Barista (summer)', metadata: { campaign: 'summer' } });
    assert.equal(updated.name, 'Barista (summer)');
    assert.deepEqual(updated.metadata, { campaign: 'summer' });

    const generation = await lumiku.poseGenerations.createAndWait({ avatar_id: avatar.id, poses: [poses[0].id], variations: 1, export_formats: ['instagram_feed'] }, { timeoutMs: 30_000 });
    assert.equal(generation.status, 'succeeded', JSON.stringify(generation.error));
    assert.equal(generation.items.length, 1);
    assert.equal(generation.items[0].status, 'succeeded');
    assert.equal(generation.items[0].pose_id, poses[0].id);
    assert.ok(generation.outputs.length > 0);
    assert.ok((await lumiku.avatars.list()).data.some((a) => a.id === avatar.id));
    // Their events carry the objects as GET renders them, in the shape the spec's examples show.
    for (const [job, type] of [[avatar, 'avatar.succeeded'], [generation, 'pose_generation.succeeded']] as const) {
      const [event] = (await lumiku.events.list({ job_id: job.id, type })).data;
      assert.ok(event, `${type} of ${job.id}`);
      assert.deepEqual(keys(event.data.object), keys(webhookExample(type).data.object), type);
      assert.deepEqual(keys(event.data.object), keys(job), type);
    }
    assert.ok((await lumiku.poseGenerations.list({ status: 'succeeded' })).data.some((g) => g.id === generation.id));

    const presets = (await lumiku.avatars.presets()).data;
    assert.ok(presets.length > 0 && presets.every((p) => p.object === 'avatar_preset'));
    const mascot = await lumiku.avatars.createAndWait({ from: 'preset', preset: presets[0].id, name: presets[0].name }, { timeoutMs: 30_000 });
    assert.equal(mascot.status, 'succeeded', JSON.stringify(mascot.error));
    assert.deepEqual(await lumiku.avatars.delete(mascot.id), { id: mascot.id, object: 'avatar', deleted: true });
    await assert.rejects(lumiku.avatars.retrieve(mascot.id), NotFoundError);
  });
});
