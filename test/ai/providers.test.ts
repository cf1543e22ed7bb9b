import assert from 'node:assert/strict';
import nock from 'nock';
import sharp from 'sharp';
import { loadConfig } from '../../api/src/config';
import { ProviderError, type GenerateRequest } from '../../api/src/domain/ai/provider';
import { renderConditioningImage } from '../../api/src/domain/poses';
import { createAiGateway } from '../../workers/src/providers/gateway';
import { huggingFaceProvider } from '../../workers/src/providers/huggingface';
import { replicateProvider } from '../../workers/src/providers/replicate';
import { guardNetwork } from '../fixtures/network';

const png = (w: number, h: number, colour = '#336699') => sharp({ create: { width: w, height: h, channels: 3, background: colour } }).png().toBuffer();
const dataUriBytes = (uri: string) => Buffer.from(uri.slice(uri.indexOf(',') + 1), 'base64');
const signal = () => new AbortController().signal;

async function rejectsWith(p: Promise<unknown>, code: string): Promise<ProviderError> {
  try {
    await p;
  } catch (err) {
    assert.ok(err instanceof ProviderError, `expected ProviderError ${code}, got ${String(err)}`);
    assert.equal(err.code, code, err.message);
    return err;
  }
  assert.fail(`expected ${code}`);
}

describe('AI providers (hosted wire formats stubbed with nock)', function () {
  this.timeout(20_000);
  let net: ReturnType<typeof guardNetwork>;
  before(() => (net = guardNetwork()));
  after(() => net.release());
  afterEach(() => nock.cleanAll());

  const fluxDev = { key: 'flux-dev', provider: 'huggingface' as const, provider_model: 'black-forest-labs/FLUX.1-dev' };
  const poseModel = { key: 'flux-openpose', provider: 'replicate' as const, provider_model: 'lumiku/flux-openpose-reference' };

  describe('Hugging Face Inference', () => {
    const hf = huggingFaceProvider({ token: 'hf_test', baseUrl: 'https://router.huggingface.co/hf-inference', fallbackModel: 'black-forest-labs/FLUX.1-schnell' });

    it('when asked for an image, then it posts {inputs, parameters} with Accept: image/png and the token, and returns the bytes', async () => {
      const image = await png(512, 768);
      let body: any;
      const scope = nock('https://router.huggingface.co', { reqheaders: { accept: 'image/png', authorization: 'Bearer hf_test' } })
        .post('/hf-inference/models/black-forest-labs/FLUX.1-dev', (b) => ((body = b), true))
        .reply(200, image, { 'content-type': 'image/png' });
      const out = await hf.generate({ model: fluxDev, prompt: 'a portrait', negative_prompt: 'blurry', width: 512, height: 768, seed: 7 }, { signal: signal() });
      scope.done();
      assert.deepEqual(body, { inputs: 'a portrait', parameters: { negative_prompt: 'blurry', width: 512, height: 768, seed: 7 } });
      assert.ok(out.image.equals(image));
      assert.equal(out.fallback, false);
      assert.equal(out.provider_model, 'black-forest-labs/FLUX.1-dev');
    });

    it('when the model is at capacity (503 loading), then the configured lighter model answers and the result says so', async () => {
      const image = await png(64, 64);
      const scope = nock('https://router.huggingface.co')
        .post('/hf-inference/models/black-forest-labs/FLUX.1-dev')
        .reply(503, { error: 'Model black-forest-labs/FLUX.1-dev is currently loading', estimated_time: 42 })
        .post('/hf-inference/models/black-forest-labs/FLUX.1-schnell')
        .reply(200, image, { 'content-type': 'image/png' });
      const out = await hf.generate({ model: fluxDev, prompt: 'p', width: 64, height: 64, seed: 1 }, { signal: signal() });
      scope.done();
      assert.equal(out.fallback, true);
      assert.equal(out.provider_model, 'black-forest-labs/FLUX.1-schnell');
    });

    it('when it answers 429, JSON instead of an image, or 400, then the errors are rate_limited (transient), bad_response and rejected', async () => {
      nock('https://router.huggingface.co').post(/FLUX/).reply(429, { error: 'rate limit' }, { 'retry-after': '3' });
      const limited = await rejectsWith(hf.generate({ model: fluxDev, prompt: 'p', width: 64, height: 64, seed: 1 }, { signal: signal() }), 'provider_rate_limited');
      assert.equal(limited.transient, true);
      assert.equal(limited.opts.retryAfterMs, 3000);
      nock('https://router.huggingface.co').post(/FLUX/).reply(200, { generated: 'not an image' }, { 'content-type': 'application/json' });
      await rejectsWith(hf.generate({ model: fluxDev, prompt: 'p', width: 64, height: 64, seed: 1 }, { signal: signal() }), 'provider_bad_response');
      nock('https://router.huggingface.co').post(/FLUX/).reply(400, { error: 'bad width' });
      const rejected = await rejectsWith(hf.generate({ model: fluxDev, prompt: 'p', width: 64, height: 64, seed: 1 }, { signal: signal() }), 'provider_rejected');
      assert.equal(rejected.transient, false);
    });

    it('when a request carries a pose or reference image, then it is refused, never silently dropped', async () => {
      await rejectsWith(hf.generate({ model: fluxDev, prompt: 'p', width: 64, height: 64, seed: 1, control_image: await png(64, 64) }, { signal: signal() }), 'provider_rejected');
    });
  });

  describe('Replicate-style predictions', () => {
    it('when hosted Replicate is asked, then it posts to the model, polls urls.get until succeeded and downloads the output without our token', async () => {
      const control = await renderConditioningImage('pose_standing_hands_on_hips', { width: 512, height: 768 });
      const reference = await png(300, 300, '#ff00ff');
      const image = await png(512, 768, '#00ff00');
      let body: any;
      const api = nock('https://api.replicate.com', { reqheaders: { authorization: 'Bearer r8_test' } })
        .post('/v1/models/lumiku/flux-openpose-reference/predictions', (b) => ((body = b), true))
        .reply(201, { id: 'p1', status: 'starting', urls: { get: 'https://api.replicate.com/v1/predictions/p1', cancel: 'https://api.replicate.com/v1/predictions/p1/cancel' } })
        .get('/v1/predictions/p1')
        .reply(200, { id: 'p1', status: 'processing' })
        .get('/v1/predictions/p1')
        .reply(200, { id: 'p1', status: 'succeeded', output: ['https://replicate.delivery/abc/out.png'] });
      const files = nock('https://replicate.delivery', { badheaders: ['authorization'] }).get('/abc/out.png').reply(200, image, { 'content-type': 'image/png' });
      const rep = replicateProvider({ baseUrl: 'https://api.replicate.com/v1', token: 'r8_test', pollIntervalMs: 5 });
      const req: GenerateRequest = { model: poseModel, prompt: 'hands on hips', width: 512, height: 768, seed: 11, image: reference, control_image: control, strength: 0.7 };
      const out = await rep.generate(req, { signal: signal() });
      api.done();
      files.done();
      assert.ok(out.image.equals(image));
      assert.equal(out.metadata.prediction_id, 'p1');
      // Both images reached the model, byte for byte.
      assert.ok(dataUriBytes(body.input.control_image).equals(control), 'the conditioning image is sent');
      assert.ok(dataUriBytes(body.input.image).equals(reference), 'the reference image is sent');
      assert.match(body.input.control_image, /^data:image\/png;base64,/);
      assert.deepEqual([body.input.prompt, body.input.width, body.input.height, body.input.seed, body.input.strength], ['hands on hips', 512, 768, 11, 0.7]);
    });

    it('when a self-hosted Cog server is asked, then it posts {input} to /predictions and reads the data-URI output', async () => {
      const image = await png(64, 64);
      let body: any;
      nock('http://gpu-1.internal:5000')
        .post('/predictions', (b) => ((body = b), true))
        .reply(200, { status: 'succeeded', output: `data:image/png;base64,${image.toString('base64')}` });
      const rep = replicateProvider({ baseUrl: 'http://gpu-1.internal:5000', pollIntervalMs: 5 });
      const out = await rep.generate({ model: poseModel, prompt: 'p', width: 64, height: 64, seed: 3, control_image: image }, { signal: signal() });
      assert.ok(out.image.equals(image));
      assert.equal(body.version, undefined);
      assert.ok(body.input.control_image);
    });

    it('when a prediction fails, or the answer is garbage, then provider_error and provider_bad_response', async () => {
      const rep = replicateProvider({ baseUrl: 'http://gpu-1.internal:5000', pollIntervalMs: 5 });
      nock('http://gpu-1.internal:5000').post('/predictions').reply(200, { status: 'failed', error: 'CUDA out of memory' });
      const failed = await rejectsWith(rep.generate({ model: poseModel, prompt: 'p', width: 64, height: 64, seed: 3 }, { signal: signal() }), 'provider_error');
      assert.match(failed.message, /CUDA out of memory/);
      nock('http://gpu-1.internal:5000').post('/predictions').reply(200, '<html>gateway</html>');
      await rejectsWith(rep.generate({ model: poseModel, prompt: 'p', width: 64, height: 64, seed: 3 }, { signal: signal() }), 'provider_bad_response');
      nock('http://gpu-1.internal:5000').post('/predictions').reply(200, { status: 'succeeded', output: 'data:image/png;base64,aGVsbG8=' });
      await rejectsWith(rep.generate({ model: poseModel, prompt: 'p', width: 64, height: 64, seed: 3 }, { signal: signal() }), 'provider_bad_response');
    });
  });

  describe('the gateway (retries, limiter, breaker, timeout)', () => {
    const config = (env: Record<string, string> = {}) =>
      loadConfig({ REPLICATE_BASE_URL: 'http://gpu-1.internal:5000', AI_PROVIDER_RETRY_BASE_MS: '5', REPLICATE_POLL_INTERVAL_MS: '10', ...env });
    const req = (seed = 1): GenerateRequest => ({ model: poseModel, prompt: 'p', width: 64, height: 64, seed });

    it('when the provider fails transiently, then the call is retried and the second answer is used', async () => {
      const image = await png(64, 64);
      const scope = nock('http://gpu-1.internal:5000')
        .post('/predictions').reply(500, 'boom')
        .post('/predictions').reply(429, 'slow down')
        .post('/predictions').reply(200, { status: 'succeeded', output: `data:image/png;base64,${image.toString('base64')}` });
      const gw = createAiGateway(config({ AI_PROVIDER_RETRIES: '2' }));
      const out = await gw.generate(req(), { livemode: true });
      scope.done();
      assert.equal(out.width, 64);
      await gw.stop();
    });

    it('when retries run out, then the last error comes out with its code; 4xx rejections are not retried', async () => {
      const gw = createAiGateway(config({ AI_PROVIDER_RETRIES: '1' }));
      const scope = nock('http://gpu-1.internal:5000').post('/predictions').times(2).reply(429, 'slow down');
      await rejectsWith(gw.generate(req(), { livemode: true }), 'provider_rate_limited');
      scope.done();
      const once = nock('http://gpu-1.internal:5000').post('/predictions').once().reply(422, { detail: 'nsfw' });
      await rejectsWith(gw.generate(req(), { livemode: true }), 'provider_rejected');
      once.done();
      await gw.stop();
    });

    it('when the provider does not answer in time, then provider_timeout (and the request is aborted)', async () => {
      const gw = createAiGateway(config({ AI_PROVIDER_TIMEOUT_MS: '150', AI_PROVIDER_RETRIES: '0' }));
      nock('http://gpu-1.internal:5000').post('/predictions').delay(2000).reply(200, { status: 'succeeded', output: 'x' });
      const started = Date.now();
      await rejectsWith(gw.generate(req(), { livemode: true }), 'provider_timeout');
      assert.ok(Date.now() - started < 1500, 'gave up at the deadline');
      await gw.stop();
    });

    it('when calls keep failing, then the breaker opens, calls fail fast with provider_unavailable, and the state is reported', async () => {
      const states: string[] = [];
      const gw = createAiGateway(config({ AI_PROVIDER_RETRIES: '0', AI_BREAKER_VOLUME: '3', AI_BREAKER_ERROR_PERCENT: '50', AI_BREAKER_RESET_MS: '60000' }), { onState: (s) => states.push(`${s.provider}:${s.state}`) });
      const scope = nock('http://gpu-1.internal:5000').post('/predictions').times(3).reply(500, 'down');
      for (let i = 0; i < 3; i++) await rejectsWith(gw.generate(req(i), { livemode: true }), 'provider_error');
      scope.done();
      const untouched = nock('http://gpu-1.internal:5000').post('/predictions').reply(200, {});
      await rejectsWith(gw.generate(req(9), { livemode: true }), 'provider_unavailable');
      assert.ok(!untouched.isDone(), 'an open circuit does not call the provider');
      assert.ok(states.includes('replicate:open'));
      assert.equal(gw.breakers().find((b) => b.provider === 'replicate')?.state, 'open');
      await gw.stop();
    });

    it('when the limiter allows 2 calls at once, then no more than 2 are ever in flight', async () => {
      const image = await png(32, 32);
      let inFlight = 0;
      let peak = 0;
      const gw = createAiGateway(config({ AI_PROVIDER_MAX_CONCURRENT: '2' }), {
        providers: {
          replicate: {
            name: 'replicate',
            async generate(r) {
              peak = Math.max(peak, ++inFlight);
              await new Promise((res) => setTimeout(res, 20));
              inFlight--;
              return { image, content_type: 'image/png', width: 32, height: 32, seed: r.seed, provider: 'replicate', provider_model: 'x', fallback: false, placeholder: false, metadata: {} };
            },
          },
        },
      });
      await Promise.all(Array.from({ length: 8 }, (_, i) => gw.generate(req(i), { livemode: true })));
      assert.equal(peak, 2);
      await gw.stop();
    });

    it('when the key is in test mode, then the test provider answers whatever the model, and no provider is called', async () => {
      const gw = createAiGateway(config());
      const out = await gw.generate(req(), { livemode: false });
      assert.equal(out.provider, 'test');
      assert.equal(out.placeholder, true);
      await gw.stop();
    });

    it('when a live model has no configured provider, then provider_not_configured', async () => {
      const gw = createAiGateway(loadConfig({}));
      await rejectsWith(gw.generate({ ...req(), model: fluxDev }, { livemode: true }), 'provider_not_configured');
      await gw.stop();
    });
  });
});
