import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import nock from 'nock';
import sharp from 'sharp';
import { guardNetwork } from '../fixtures/network';
import { uploadBytes } from '../fixtures/uploads';
import { call, createTestAccount, startTestApp, type TestApp } from '../support/harness';

const ROOT = path.join(__dirname, '..', '..');

describe('the gpu worker pool', function () {
  this.timeout(60_000);

  describe('as its own process (`npm run worker -- --queues gpu`)', () => {
    let app: TestApp;
    let worker: ChildProcess | undefined;
    before(async () => (app = await startTestApp()));
    after(async () => {
      if (worker && worker.exitCode === null) {
        const exited = new Promise((r) => worker!.once('exit', r));
        worker.kill('SIGTERM');
        await exited;
      }
      await app.close();
    });

    it('when only the gpu pool runs, then pose generations finish and the worker publishes its breaker states for /ready', async () => {
      const acct = await createTestAccount(app.db);
      const png = await sharp({ create: { width: 400, height: 400, channels: 3, background: '#abcdef' } }).png().toBuffer();
      const file = await uploadBytes(app.baseUrl, acct.test, png, 'p.png', { type: 'image/png' });
      const pgen = await call(app.baseUrl, 'POST', '/v1/pose_generations', { key: acct.test, body: { image: file.body.id, poses: ['pose_standing_hands_on_hips'], width: 256, height: 256 } });
      assert.equal(pgen.status, 202, pgen.text);
      worker = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'workers/src/main.ts'), '--queues', 'gpu'], {
        env: {
          ...process.env,
          DATABASE_URL: app.config.databaseUrl!,
          REDIS_URL: app.config.redisUrl!,
          QUEUE_PREFIX: app.config.queuePrefix,
          LUMIKU_DATA_DIR: app.config.dataDir,
          STORAGE_LOCAL_DIR: app.config.storageLocalDir,
          WORKER_CONCURRENCY_GPU: '2',
          LOG_LEVEL: 'warn',
        },
        stdio: 'ignore',
      });
      const done = await call(app.baseUrl, 'GET', `/v1/pose_generations/${pgen.body.id}?wait=40`, { key: acct.test });
      assert.equal(done.body.status, 'succeeded', JSON.stringify(done.body.error));
      assert.equal(done.body.outputs[0].metadata.placeholder, true);
      const ready = await call(app.baseUrl, 'GET', '/ready');
      assert.deepEqual(ready.body.ai_providers.map((p: any) => [p.provider, p.state]), [['test', 'closed']], 'the worker published its breaker states');
    });
  });

  describe('with Hugging Face configured', () => {
    let app: TestApp;
    let net: ReturnType<typeof guardNetwork>;
    before(async () => {
      net = guardNetwork();
      app = await startTestApp({ HUGGINGFACE_API_TOKEN: 'hf_live', HUGGINGFACE_BASE_URL: 'https://hf.example.test', AI_PROVIDER_RETRY_BASE_MS: '10' }, { worker: true });
    });
    after(async () => {
      await app?.close();
      net?.release();
    });

    it('when a pro account generates an avatar on a model at capacity, then the lighter model makes it, the avatar says so, and the registry price is charged', async () => {
      const acct = await createTestAccount(app.db, { balance: 100 });
      const free = await call(app.baseUrl, 'POST', '/v1/avatars', { key: acct.live, body: { from: 'prompt', name: 'Pro', model: 'flux-dev' } });
      assert.deepEqual([free.status, free.body.code], [403, 'model_not_allowed']);
      await app.db.query(`UPDATE accounts SET plan = 'pro' WHERE id = :id`, { replacements: { id: acct.accountId } });
      const image = await sharp({ create: { width: 768, height: 1024, channels: 3, background: '#402010' } }).png().toBuffer();
      let body: any;
      const hf = nock('https://hf.example.test', { reqheaders: { authorization: 'Bearer hf_live', accept: 'image/png' } })
        .post('/models/black-forest-labs/FLUX.1-dev', (b) => ((body = b), true))
        .reply(503, { error: 'Model is currently loading', estimated_time: 30 })
        .post('/models/black-forest-labs/FLUX.1-schnell')
        .reply(200, image, { 'content-type': 'image/png' });
      const quote = await call(app.baseUrl, 'POST', '/v1/avatars?dry_run=true', { key: acct.live, body: { from: 'prompt', name: 'Pro', model: 'flux-dev', width: 768, height: 1024 } });
      assert.equal(quote.body.total, 20, 'the model registry price');
      const created = await call(app.baseUrl, 'POST', '/v1/avatars', { key: acct.live, body: { from: 'prompt', name: 'Pro', model: 'flux-dev', width: 768, height: 1024, seed: 77, persona: { age: 40, gender: 'man', hair_color: 'grey' } } });
      assert.equal(created.status, 202, created.text);
      const avatar = (await call(app.baseUrl, 'GET', `/v1/avatars/${created.body.id}?wait=20`, { key: acct.live })).body;
      hf.done();
      assert.equal(avatar.status, 'succeeded', JSON.stringify(avatar.error));
      assert.deepEqual([avatar.image.metadata.fallback, avatar.image.metadata.provider_model, avatar.image.metadata.placeholder], [true, 'black-forest-labs/FLUX.1-schnell', false]);
      assert.deepEqual([avatar.image.metadata.width, avatar.image.metadata.height], [768, 1024]);
      assert.deepEqual(avatar.credits, { quoted: 20, reserved: 20, charged: 20, refunded: 0 });
      assert.match(body.inputs, /40-year-old man.*grey hair/);
      assert.deepEqual(body.parameters, { width: 768, height: 1024, seed: 77 });
    });
  });
});
