import assert from 'node:assert/strict';
import sharp from 'sharp';
import { EventSource } from 'eventsource';
import { createJobStream } from '../../api/src/domain/events/job-stream';
import { createRedis } from '../../api/src/infra/redis';
import { call, createTestAccount, startTestApp, type TestAccount, type TestApp } from '../support/harness';
import { uploadBytes } from '../fixtures/uploads';

interface Got {
  type: string;
  id: string;
  data: any;
  at: number;
}

/** A real EventSource client with the API key; collects named events until one matches `stopOn` or the server refuses. */
function stream(app: TestApp, key: string, jobId: string, opts: { lastEventId?: string; types: string[]; stopOn?: (g: Got) => boolean; onOpen?: () => void }) {
  const got: Got[] = [];
  const es = new EventSource(`${app.baseUrl}/v1/jobs/${jobId}/events`, {
    fetch: (input, init) => fetch(input, { ...init, headers: { ...(init?.headers as Record<string, string>), authorization: `Bearer ${key}`, ...(opts.lastEventId ? { 'last-event-id': opts.lastEventId } : {}) } }),
  });
  const done = new Promise<{ got: Got[]; closedBy: 'client' | 'server' }>((resolve) => {
    for (const type of opts.types)
      es.addEventListener(type, (e) => {
        const g = { type, id: e.lastEventId, data: JSON.parse(e.data), at: Date.now() };
        got.push(g);
        if (opts.stopOn?.(g)) {
          es.close();
          resolve({ got, closedBy: 'client' });
        }
      });
    es.addEventListener('open', () => opts.onOpen?.());
    es.addEventListener('error', () => {
      if (es.readyState === EventSource.CLOSED) resolve({ got, closedBy: 'server' });
    });
  });
  return { es, got, done };
}

const TYPES = ['carousel.queued', 'carousel.processing', 'carousel.succeeded', 'carousel.failed', 'carousel.canceled', 'progress'];
const terminal = (g: Got) => /\.(succeeded|failed|canceled)$/.test(g.type);

describe('GET /v1/jobs/{id}/events (server-sent events)', function () {
  this.timeout(30_000);
  let app: TestApp;
  let idle: TestApp;
  let acct: TestAccount;
  let img: string;

  before(async () => {
    app = await startTestApp({ RATE_LIMIT_PER_WINDOW: '0' }, { worker: true });
    idle = await startTestApp({ RATE_LIMIT_PER_WINDOW: '0' });
    acct = await createTestAccount(app.db, { balance: 100 });
    const png = await sharp({ create: { width: 64, height: 64, channels: 3, background: '#16a34a' } }).png().toBuffer();
    img = (await uploadBytes(app.baseUrl, acct.test, png, 'a.png', { type: 'image/png' })).body.id;
  });
  after(async () => {
    await idle.close();
    await app.close();
  });

  const body = () => ({ slides: [{ images: [img], texts: ['One'] }, { images: [img], texts: ['Two'] }], sets: 1, aspect_ratio: '1:1', format: 'jpeg' });

  it('when a job runs, then the stream carries its state changes as event objects (and progress) and ends with the terminal one; Last-Event-ID resumes', async () => {
    const created = await call(app.baseUrl, 'POST', '/v1/carousels', { key: acct.test, body: body() });
    const { done } = stream(app, acct.test, created.body.id, { types: TYPES, stopOn: terminal });
    const { got } = await done;
    const states = got.filter((g) => g.type !== 'progress');
    assert.deepEqual(states.map((g) => g.type), ['carousel.queued', 'carousel.processing', 'carousel.succeeded']);
    for (const g of states) {
      assert.equal(g.id, g.data.id);
      assert.deepEqual((await call(app.baseUrl, 'GET', `/v1/events/${g.id}`, { key: acct.test })).body, g.data);
    }
    assert.equal(states[2].data.data.object.status, 'succeeded');
    for (const p of got.filter((g) => g.type === 'progress')) assert.ok(p.data.fraction >= 0 && p.data.fraction <= 1 && p.data.job_id === created.body.id);

    // Resume after the first event: only what followed it.
    const resumed = await stream(app, acct.test, created.body.id, { lastEventId: states[0].id, types: TYPES, stopOn: terminal }).done;
    assert.deepEqual(resumed.got.filter((g) => g.type !== 'progress').map((g) => g.id), [states[1].id, states[2].id]);
    // Nothing after the terminal event: 204, and the client stops.
    const after = await stream(app, acct.test, created.body.id, { lastEventId: states[2].id, types: TYPES }).done;
    assert.deepEqual([after.closedBy, after.got.length], ['server', 0]);
    const res = await fetch(`${app.baseUrl}/v1/jobs/${created.body.id}/events`, { headers: { authorization: `Bearer ${acct.test}`, 'last-event-id': states[2].id } });
    assert.equal(res.status, 204);
  });

  it('when progress is published by another process through Redis, then any API process streams it, at most one per 500 ms, and the stream closes on cancel', async () => {
    const created = await call(idle.baseUrl, 'POST', '/v1/carousels', { key: acct.test, body: body() });
    const jobId = created.body.id;
    let opened!: () => void;
    const open = new Promise<void>((r) => (opened = r));
    const s = stream(idle, acct.test, jobId, { types: TYPES, stopOn: terminal, onOpen: () => opened() });
    await open;
    await new Promise((r) => setTimeout(r, 200)); // the subscription is made right after the headers
    const publisher = createRedis(idle.config.redisUrl!);
    await publisher.connect();
    const worker = createJobStream(publisher, idle.config.queuePrefix);
    try {
      const started = Date.now();
      for (let i = 1; i <= 20; i++) {
        worker.progress(jobId, { fraction: i / 20, stage: 'rendering', eta_seconds: 20 - i });
        await new Promise((r) => setTimeout(r, 40));
      }
      await new Promise((r) => setTimeout(r, 700));
      const progress = s.got.filter((g) => g.type === 'progress');
      const elapsed = Date.now() - started;
      assert.ok(progress.length >= 2, `got ${progress.length} progress events`);
      assert.ok(progress.length <= Math.ceil(elapsed / 500) + 1, `${progress.length} progress events in ${elapsed} ms`);
      for (let i = 1; i < progress.length; i++) assert.ok(progress[i].at - progress[i - 1].at >= 400, 'throttled');
      assert.equal(progress[progress.length - 1].data.fraction, 1, 'the newest value is sent last');
      assert.equal(progress[0].id, s.got[0].id, 'progress carries the last event id, so resuming replays what followed');

      await call(idle.baseUrl, 'POST', `/v1/carousels/${jobId}/cancel`, { key: acct.test });
      worker.stateChanged(jobId);
      const { got } = await s.done;
      assert.equal(got[got.length - 1].type, 'carousel.canceled');
    } finally {
      worker.close();
      await publisher.quit();
    }
  });

  it('when the job is unknown or another account\'s, then 404 problem', async () => {
    const other = await createTestAccount(app.db);
    const created = await call(idle.baseUrl, 'POST', '/v1/carousels', { key: acct.test, body: body() });
    const res = await call(idle.baseUrl, 'GET', `/v1/jobs/${created.body.id}/events`, { key: other.test });
    assert.equal(res.status, 404);
    assert.equal(res.body.code, 'resource_not_found');
  });
});
