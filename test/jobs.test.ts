import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { QueryTypes } from 'sequelize';
import { call, createTestAccount, startTestApp, type TestAccount, type TestApp } from './support/harness';
import { download, filesUnder, uploadBytes } from './fixtures/uploads';

async function png(color: string, width = 400, height = 300) {
  return sharp({ create: { width, height, channels: 3, background: color } }).png().toBuffer();
}

async function uploadImages(app: TestApp, key: string, n: number): Promise<string[]> {
  const colors = ['#e11d48', '#2563eb', '#16a34a', '#f59e0b', '#7c3aed'];
  const ids = [];
  for (let i = 0; i < n; i++) {
    const res = await uploadBytes(app.baseUrl, key, await png(colors[i % colors.length]), `img-${i}.png`, { type: 'image/png' });
    assert.equal(res.status, 201, res.text);
    ids.push(res.body.id);
  }
  return ids;
}

const carouselBody = (images: string[], extra: Record<string, unknown> = {}) => ({
  slides: [
    { images: images.slice(0, 2), texts: ['Summer sale', 'New drop'] },
    { images: images.slice(2, 3), texts: ['Only this week'] },
  ],
  sets: 3,
  selection: 'round_robin',
  aspect_ratio: '1:1',
  format: 'jpeg',
  ...extra,
});

async function balance(app: TestApp, accountId: string) {
  return (await app.db.query<{ balance: number }>(`SELECT balance FROM accounts WHERE id = :id`, { replacements: { id: accountId }, type: QueryTypes.SELECT }))[0].balance;
}

describe('job engine (carousels as the app under test)', function () {
  this.timeout(60_000);
  let app: TestApp;
  let acct: TestAccount;
  let images: string[];
  let testImages: string[];

  before(async () => {
    app = await startTestApp({ RATE_LIMIT_PER_WINDOW: '0' }, { worker: true });
    acct = await createTestAccount(app.db, { balance: 1000 });
    images = await uploadImages(app, acct.live, 3);
    testImages = await uploadImages(app, acct.test, 3);
  });
  after(async () => app.close());

  it('when a job is created, then it is queued with its credits held, and succeeds with outputs and the exact charge', async () => {
    const before = await balance(app, acct.accountId);
    const created = await call(app.baseUrl, 'POST', '/v1/carousels', { key: acct.live, body: { ...carouselBody(images), external_id: 'order-1', metadata: { campaign: 'summer' } } });
    assert.equal(created.status, 202, created.text);
    assert.match(created.body.id, /^crsl_/);
    assert.equal(created.headers.get('location'), `/v1/carousels/${created.body.id}`);
    assert.equal(created.body.object, 'carousel');
    assert.ok(['queued', 'processing'].includes(created.body.status));
    const price = created.body.credits.quoted;
    assert.equal(price, 3, 'one credit per set');
    assert.equal(created.body.credits.reserved, price);
    assert.equal(await balance(app, acct.accountId) <= before - price, true);

    const done = await call(app.baseUrl, 'GET', `/v1/carousels/${created.body.id}?wait=30`, { key: acct.live });
    assert.equal(done.body.status, 'succeeded', JSON.stringify(done.body.error));
    assert.deepEqual(done.body.credits, { quoted: price, reserved: price, charged: price, refunded: 0 });
    assert.equal(done.body.progress.fraction, 1);
    assert.equal(done.body.metadata.campaign, 'summer');
    assert.ok(done.body.finished_at && done.body.expires_at);
    const slides = done.body.outputs.filter((o: any) => o.role === 'slide');
    assert.ok(slides.length >= 2);
    const bytes = await download(slides[0].url);
    assert.equal(bytes.status, 200);
    const meta = await sharp(bytes.bytes).metadata();
    assert.equal(meta.width, 1080);
    assert.equal(meta.height, 1080);
    assert.equal(await balance(app, acct.accountId), before - price);

    const found = await call(app.baseUrl, 'GET', '/v1/jobs?external_id=order-1', { key: acct.live });
    assert.deepEqual(found.body.data.map((j: any) => j.id), [created.body.id]);
    const dup = await call(app.baseUrl, 'POST', '/v1/carousels', { key: acct.live, body: { ...carouselBody(images), external_id: 'order-1' } });
    assert.equal(dup.status, 409);
    assert.equal(dup.body.code, 'external_id_conflict');
    assert.match(dup.body.detail, new RegExp(created.body.id));
  });

  it('when dry_run=true, then the quote comes back and nothing is created or held', async () => {
    const before = await balance(app, acct.accountId);
    const count = async () => (await app.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM jobs WHERE account_id = :id`, { replacements: { id: acct.accountId }, type: QueryTypes.SELECT }))[0].n;
    const jobsBefore = await count();
    const quote = await call(app.baseUrl, 'POST', '/v1/carousels?dry_run=true', { key: acct.live, body: carouselBody(images, { sets: 7 }) });
    assert.equal(quote.status, 200);
    assert.equal(quote.body.object, 'quote');
    assert.equal(quote.body.total, 7);
    assert.equal(quote.body.free, false);
    assert.equal(await balance(app, acct.accountId), before);
    assert.equal(await count(), jobsBefore);
  });

  it('when a test-mode key creates a job, then the real pipeline runs and nothing is charged', async () => {
    const before = await balance(app, acct.accountId);
    const created = await call(app.baseUrl, 'POST', '/v1/carousels', { key: acct.test, body: carouselBody(testImages) });
    assert.equal(created.status, 202, created.text);
    assert.equal(created.body.livemode, false);
    const done = await call(app.baseUrl, 'GET', `/v1/carousels/${created.body.id}?wait=30`, { key: acct.test });
    assert.equal(done.body.status, 'succeeded');
    assert.equal(done.body.credits.charged, 0);
    assert.equal(done.body.credits.quoted, 3);
    assert.ok(done.body.outputs.length > 0);
    assert.equal(await balance(app, acct.accountId), before);
    const hidden = await call(app.baseUrl, 'GET', `/v1/carousels/${created.body.id}`, { key: acct.live });
    assert.equal(hidden.status, 404, 'live keys do not see test-mode jobs');
  });

  it('when files are unknown, of another account or of the other mode, then 422 file_not_found and nothing is held', async () => {
    const other = await createTestAccount(app.db, { balance: 100 });
    const before = await balance(app, other.accountId);
    for (const ids of [['file_01aaaaaaaaaaaaaaaaaaaaaaaa', ...images.slice(1)], images]) {
      const res = await call(app.baseUrl, 'POST', '/v1/carousels', { key: other.live, body: carouselBody(ids) });
      assert.equal(res.status, 422);
      assert.equal(res.body.code, 'file_not_found');
    }
    const wrongMode = await call(app.baseUrl, 'POST', '/v1/carousels', { key: acct.live, body: carouselBody(testImages) });
    assert.equal(wrongMode.body.code, 'file_not_found');
    assert.equal(await balance(app, other.accountId), before);
  });

  it('when the balance does not cover the price, then 402 and no job', async () => {
    const poor = await createTestAccount(app.db, { balance: 2 });
    const imgs = await uploadImages(app, poor.live, 3);
    const res = await call(app.baseUrl, 'POST', '/v1/carousels', { key: poor.live, body: carouselBody(imgs, { sets: 5 }) });
    assert.equal(res.status, 402);
    assert.equal(res.body.code, 'insufficient_credits');
    const jobs = await call(app.baseUrl, 'GET', '/v1/jobs', { key: poor.live });
    assert.deepEqual(jobs.body.data, []);
  });

  it('when the same Idempotency-Key creates a job 10 times in parallel, then there is one job and one charge', async () => {
    const before = await balance(app, acct.accountId);
    const body = carouselBody(images, { sets: 2 });
    const res = await Promise.all(Array.from({ length: 10 }, () => call(app.baseUrl, 'POST', '/v1/carousels', { key: acct.live, body, headers: { 'idempotency-key': 'carousel-once' } })));
    assert.deepEqual([...new Set(res.map((r) => r.status))], [202]);
    assert.equal(new Set(res.map((r) => r.body.id)).size, 1);
    await call(app.baseUrl, 'GET', `/v1/carousels/${res[0].body.id}?wait=30`, { key: acct.live });
    assert.equal(await balance(app, acct.accountId), before - 2);
  });

  it('when a stored input is corrupt at render time, then the job fails with a clear code and the credits come back', async () => {
    const imgs = await uploadImages(app, acct.live, 3);
    const [row] = await app.db.query<{ storage_key: string }>(`SELECT storage_key FROM files WHERE id = :id`, { replacements: { id: imgs[0] }, type: QueryTypes.SELECT });
    fs.writeFileSync(path.join(app.config.storageLocalDir, row.storage_key), Buffer.from('not an image any more'));
    const before = await balance(app, acct.accountId);
    const created = await call(app.baseUrl, 'POST', '/v1/carousels', { key: acct.live, body: carouselBody(imgs) });
    assert.equal(created.status, 202);
    const done = await call(app.baseUrl, 'GET', `/v1/carousels/${created.body.id}?wait=30`, { key: acct.live });
    assert.equal(done.body.status, 'failed');
    assert.equal(done.body.error.code, 'media_unreadable');
    assert.equal(done.body.credits.charged, 0);
    assert.equal(done.body.credits.refunded, 3);
    assert.deepEqual(done.body.outputs, []);
    assert.equal(await balance(app, acct.accountId), before);
    assert.deepEqual(filesUnder(path.join(app.config.dataDir, 'work')), [], 'no temp files left');
  });

  it('when jobs of several kinds exist, then /v1/jobs pages through them newest first', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: any = await call(app.baseUrl, 'GET', `/v1/jobs?limit=2${cursor ? `&starting_after=${cursor}` : ''}`, { key: acct.live });
      assert.equal(page.status, 200, page.text);
      seen.push(...page.body.data.map((j: any) => j.id));
      cursor = page.body.next_cursor;
    } while (cursor);
    assert.ok(seen.length >= 3);
    assert.equal(new Set(seen).size, seen.length);
    const bad = await call(app.baseUrl, 'GET', '/v1/jobs?starting_after=acct_1', { key: acct.live });
    assert.equal(bad.status, 422);
  });
});

describe('job engine without a worker running', function () {
  this.timeout(60_000);
  let app: TestApp;
  before(async () => {
    app = await startTestApp({ RATE_LIMIT_PER_WINDOW: '0' });
  });
  after(async () => app.close());

  it('when a queued job is canceled, then it is canceled at once and its credits are released', async () => {
    const acct = await createTestAccount(app.db, { balance: 50 });
    const imgs = await uploadImages(app, acct.live, 3);
    const created = await call(app.baseUrl, 'POST', '/v1/carousels', { key: acct.live, body: carouselBody(imgs) });
    assert.equal(created.body.status, 'queued');
    assert.equal(await balance(app, acct.accountId), 47);
    const canceled = await call(app.baseUrl, 'POST', `/v1/carousels/${created.body.id}/cancel`, { key: acct.live });
    assert.equal(canceled.status, 200);
    assert.equal(canceled.body.status, 'canceled');
    assert.deepEqual(canceled.body.credits, { quoted: 3, reserved: 3, charged: 0, refunded: 3 });
    assert.equal(await balance(app, acct.accountId), 50);
    const again = await call(app.baseUrl, 'POST', `/v1/carousels/${created.body.id}/cancel`, { key: acct.live });
    assert.equal(again.body.status, 'canceled');
    assert.equal(await balance(app, acct.accountId), 50, 'a second cancel releases nothing more');
  });

  it('when a job lost its queue entry, then a worker started later finds it through the sweeper and finishes it', async () => {
    const acct = await createTestAccount(app.db, { balance: 50 });
    const imgs = await uploadImages(app, acct.live, 3);
    const created = await call(app.baseUrl, 'POST', '/v1/carousels', { key: acct.live, body: carouselBody(imgs) });
    // Lose the queue entry, as a Redis restart without persistence would.
    await app.deps.queues.image!.removeJob(created.body.id);
    const { startWorker } = require('../workers/src/engine/worker') as typeof import('../workers/src/engine/worker');
    const worker = await startWorker({ config: app.config, db: app.db, storage: app.deps.storage, logger: app.deps.logger }, ['image']);
    try {
      const done = await call(app.baseUrl, 'GET', `/v1/carousels/${created.body.id}?wait=30`, { key: acct.live });
      assert.equal(done.body.status, 'succeeded');
      assert.equal(await balance(app, acct.accountId), 47);
    } finally {
      await worker.close(2000);
    }
  });
});
