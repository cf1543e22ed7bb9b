import assert from 'node:assert/strict';
import nock from 'nock';
import sharp from 'sharp';
import { renderConditioningImage } from '../../api/src/domain/poses';
import { guardNetwork } from '../fixtures/network';
import { uploadBytes } from '../fixtures/uploads';
import { call, createTestAccount, startTestApp, type TestAccount, type TestApp } from '../support/harness';

const POSES = ['pose_standing_neutral_front', 'pose_standing_hands_on_hips', 'pose_standing_arms_crossed'];
const GPU = 'http://gpu-1.models.test:5000';

type Behaviour = 'ok' | '500' | '429' | 'garbage' | 'slow';

/**
 * A Cog-style model server (POST /predictions) stubbed with nock: what it does depends on the seed
 * it is sent; every request body is recorded so tests can check what reached the model.
 */
function stubModelServer(behaviourOf: (seed: number) => Behaviour, slowMs = 3000) {
  const requests: any[] = [];
  let okImage: Buffer;
  const ready = sharp({ create: { width: 256, height: 384, channels: 3, background: '#20a040' } }).png().toBuffer().then((b) => (okImage = b));
  const scope = nock(GPU)
    .persist()
    .post('/predictions')
    .reply(function (_uri, body: any, cb) {
      requests.push(body);
      const b = behaviourOf(body.input.seed);
      const send = () => {
        if (b === 'ok') cb(null, [200, { status: 'succeeded', output: `data:image/png;base64,${okImage.toString('base64')}` }]);
        else if (b === '500') cb(null, [500, 'internal error']);
        else if (b === '429') cb(null, [429, { detail: 'throttled' }, { 'retry-after': '0' }]);
        else if (b === 'garbage') cb(null, [200, '{"status":"succeeded","output":"data:image/png;base64,bm90IGFuIGltYWdl"}']);
        else setTimeout(() => cb(null, [200, { status: 'succeeded', output: `data:image/png;base64,${okImage.toString('base64')}` }]), slowMs);
      };
      void ready.then(send);
    });
  return { requests, scope };
}

const dataUriBytes = (uri: string) => Buffer.from(uri.slice(uri.indexOf(',') + 1), 'base64');

describe('AI apps on a live provider (Cog-style server stubbed with nock): partial success and faults', function () {
  this.timeout(30_000);
  let net: ReturnType<typeof guardNetwork>;
  let app: TestApp;
  let acct: TestAccount;
  let avatarId: string;
  let behaviour: (seed: number) => Behaviour = () => 'ok';
  let server: ReturnType<typeof stubModelServer>;

  before(async () => {
    net = guardNetwork();
    server = stubModelServer((seed) => behaviour(seed));
    app = await startTestApp(
      { REPLICATE_BASE_URL: GPU, AI_PROVIDER_RETRIES: '1', AI_PROVIDER_RETRY_BASE_MS: '10', AI_PROVIDER_TIMEOUT_MS: '1500', AI_BREAKER_VOLUME: '50', AI_BREAKER_ERROR_PERCENT: '95' },
      { worker: true },
    );
    acct = await createTestAccount(app.db, { balance: 1000 });
    const png = await sharp({ create: { width: 500, height: 500, channels: 3, background: '#ff00ff' } }).png().toBuffer();
    const file = await uploadBytes(app.baseUrl, acct.live, png, 'me.png', { type: 'image/png' });
    const avatar = await call(app.baseUrl, 'POST', '/v1/avatars', { key: acct.live, body: { from: 'upload', name: 'Live', file_id: file.body.id } });
    avatarId = (await call(app.baseUrl, 'GET', `/v1/avatars/${avatar.body.id}?wait=20`, { key: acct.live })).body.id;
  });
  after(async () => {
    await app?.close();
    net?.release();
  });

  const balance = async () => (await call(app.baseUrl, 'GET', '/v1/account', { key: acct.live })).body.balance as number;
  async function run(body: Record<string, unknown>) {
    const created = await call(app.baseUrl, 'POST', '/v1/pose_generations', { key: acct.live, body: { avatar_id: avatarId, width: 256, height: 384, model: 'flux-openpose', ...body } });
    assert.equal(created.status, 202, created.text);
    return (await call(app.baseUrl, 'GET', `/v1/pose_generations/${created.body.id}?wait=25`, { key: acct.live })).body;
  }

  it('when one of three images fails, then the job succeeds, that item fails with its code, and exactly the two good images are charged', async () => {
    behaviour = (seed) => (seed === 101 ? '500' : 'ok');
    const before = await balance();
    const sent = server.requests.length;
    const job = await run({ poses: POSES, seed: 100 });
    assert.equal(job.status, 'succeeded', JSON.stringify(job.error));
    assert.deepEqual(job.items.map((i: any) => [i.status, i.error?.code ?? null]), [['succeeded', null], ['failed', 'provider_error'], ['succeeded', null]]);
    assert.deepEqual(job.credits, { quoted: 90, reserved: 90, charged: 60, refunded: 30 });
    assert.equal(await balance(), before - 60);
    assert.equal(job.outputs.length, 2);
    assert.ok(job.outputs.every((o: any) => o.index !== 1));
    assert.deepEqual(job.items[1].outputs, []);
    const txns = (await call(app.baseUrl, 'GET', '/v1/credit_transactions?limit=3', { key: acct.live })).body.data;
    assert.deepEqual(txns.map((t: any) => [t.type, t.amount]).sort(), [['capture', 0], ['release', 30], ['reserve', -90]].sort());

    // Every call carried this item's pose conditioning image and the avatar, as the model needs them.
    const calls = server.requests.slice(sent);
    assert.equal(calls.length, 4, 'three items, the failing one retried once');
    for (const c of calls) {
      const index = c.input.seed - 100;
      const expected = await renderConditioningImage(POSES[index], { width: 256, height: 384 });
      assert.ok(dataUriBytes(c.input.control_image).equals(expected), `item ${index}: its own pose's conditioning image`);
      const ref = await sharp(dataUriBytes(c.input.image)).raw().toBuffer({ resolveWithObject: true });
      assert.deepEqual([ref.info.width, ref.info.height, ...ref.data.subarray(0, 3)], [500, 500, 255, 0, 255], 'the avatar image');
      assert.match(c.input.prompt, /pose/);
    }
  });

  it('when every image is rate-limited, then the job fails with provider_rate_limited and every credit comes back', async () => {
    behaviour = () => '429';
    const before = await balance();
    const job = await run({ poses: POSES.slice(0, 2), seed: 200 });
    assert.equal(job.status, 'failed');
    assert.equal(job.error.code, 'provider_rate_limited');
    assert.deepEqual(job.credits, { quoted: 60, reserved: 60, charged: 0, refunded: 60 });
    assert.equal(await balance(), before);
    assert.ok(job.items.every((i: any) => i.status === 'failed' && i.error.code === 'provider_rate_limited'));
  });

  it('when the model answers garbage or too late, then those items fail with provider_bad_response and provider_timeout', async () => {
    behaviour = (seed) => (seed === 300 ? 'garbage' : 'slow');
    const job = await run({ poses: POSES.slice(0, 2), seed: 300 });
    assert.equal(job.status, 'failed');
    assert.deepEqual(job.items.map((i: any) => i.error.code), ['provider_bad_response', 'provider_timeout']);
    assert.equal(job.error.code, 'provider_bad_response');
    assert.equal(job.credits.charged, 0);
  });

  it('when a running job is canceled, then it stops within about a second with every credit released, and the worker goes on with the next job', async () => {
    behaviour = (seed) => (seed >= 400 && seed < 500 ? 'slow' : 'ok');
    const before = await balance();
    const created = await call(app.baseUrl, 'POST', '/v1/pose_generations', { key: acct.live, body: { avatar_id: avatarId, width: 256, height: 384, poses: POSES, seed: 400 } });
    for (let i = 0; i < 40; i++) {
      const s = (await call(app.baseUrl, 'GET', `/v1/pose_generations/${created.body.id}`, { key: acct.live })).body.status;
      if (s === 'processing') break;
      await new Promise((r) => setTimeout(r, 50));
    }
    const t0 = Date.now();
    await call(app.baseUrl, 'POST', `/v1/pose_generations/${created.body.id}/cancel`, { key: acct.live });
    const job = (await call(app.baseUrl, 'GET', `/v1/pose_generations/${created.body.id}?wait=10`, { key: acct.live })).body;
    assert.equal(job.status, 'canceled');
    assert.ok(Date.now() - t0 < 2000, `canceled in ${Date.now() - t0} ms`);
    assert.deepEqual([job.credits.charged, job.credits.refunded], [0, 90]);
    assert.ok(job.items.every((i: any) => i.status === 'canceled'), 'no item is left open');
    assert.equal(await balance(), before);
    const next = await run({ poses: [POSES[0]], seed: 900 });
    assert.equal(next.status, 'succeeded');
  });

  describe('when the provider keeps failing', () => {
    let breakerApp: TestApp;
    let owner: TestAccount;
    before(async () => {
      breakerApp = await startTestApp({ REPLICATE_BASE_URL: GPU, AI_PROVIDER_RETRIES: '0', AI_BREAKER_VOLUME: '2', AI_BREAKER_ERROR_PERCENT: '50', AI_BREAKER_RESET_MS: '60000' }, { worker: true });
      owner = await createTestAccount(breakerApp.db, { balance: 500 });
    });
    after(() => breakerApp?.close());

    it('then the circuit opens, later jobs fail fast with provider_unavailable without calling it, and /ready and /metrics show it open', async () => {
      behaviour = () => '500';
      const png = await sharp({ create: { width: 300, height: 300, channels: 3, background: '#888' } }).png().toBuffer();
      const file = await uploadBytes(breakerApp.baseUrl, owner.live, png, 'p.png', { type: 'image/png' });
      const go = async (seed: number) => {
        const c = await call(breakerApp.baseUrl, 'POST', '/v1/pose_generations', { key: owner.live, body: { image: file.body.id, poses: POSES.slice(0, 2), width: 256, height: 256, seed } });
        return (await call(breakerApp.baseUrl, 'GET', `/v1/pose_generations/${c.body.id}?wait=20`, { key: owner.live })).body;
      };
      const first = await go(10);
      assert.equal(first.error.code, 'provider_error');
      const sent = server.requests.length;
      const second = await go(20);
      assert.equal(second.status, 'failed');
      assert.equal(second.error.code, 'provider_unavailable');
      assert.equal(server.requests.length, sent, 'an open circuit sends nothing');
      assert.equal(second.credits.refunded, second.credits.reserved);
      const ready = await call(breakerApp.baseUrl, 'GET', '/ready');
      assert.equal(ready.status, 200, 'an open provider circuit does not make the API unready');
      assert.equal(ready.body.ai_providers.find((p: any) => p.provider === 'replicate').state, 'open');
      const metrics = await (await fetch(`${breakerApp.baseUrl}/metrics`)).text();
      assert.match(metrics, /lumiku_ai_provider_circuit_state\{provider="replicate"\} 2/);
      assert.match(metrics, /lumiku_ai_provider_circuit_state\{provider="test"\} 0/);
    });
  });
});
