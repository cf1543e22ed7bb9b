import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import sharp from 'sharp';
import { call, createTestAccount, startTestApp, type TestAccount, type TestApp } from '../support/harness';
import { uploadBytes } from '../fixtures/uploads';
import { startReceiver } from '../webhooks/support';
import { startWebhookPool, type WebhookPool } from '../../workers/src/webhooks/pool';
import { resolveFfmpegPath } from '../../api/src/domain/files/probe';

// The Zapier app is plain CommonJS, as `zapier push` uploads it.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const zapier = require('zapier-platform-core');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const App = require('../../integrations/zapier/index.js');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const spec = require('../../integrations/zapier/generated/spec.json');

const run = promisify(execFile);

/**
 * The Zapier integration through zapier-platform-core's createAppTester (the same lambda handler
 * Zapier runs) against the live platform. Waiting for a job past the step's own wait uses Zapier's
 * callback: that part runs the handler with an event whose callback_url is a local receiver
 * (createAppTester fixes it to a Zapier host, which the API's webhook URL policy cannot resolve here).
 */
describe('integrations: Zapier app', function () {
  this.timeout(120_000);
  let app: TestApp;
  let pool: WebhookPool;
  let acct: TestAccount;
  let authData: { apiKey: string; baseUrl: string };
  let images: string[];
  let clips: string[];
  let dir: string;
  const appTester = zapier.createAppTester(App);
  const handler = zapier.createAppHandler(App);
  /** Runs one method as Zapier would, with the callback URL of the step pointing at `callbackUrl`. */
  const runWithCallback = async (method: string, bundle: object, callbackUrl: string) => (await handler({ command: 'execute', method, bundle, callback_url: callbackUrl }, {})).results;

  before(async () => {
    app = await startTestApp({ RATE_LIMIT_PER_WINDOW: '0', WEBHOOK_URL_ALLOWLIST: '127.0.0.1', IMPORT_ALLOWLIST: '127.0.0.1', WEBHOOK_RELAY_POLL_MS: '100', WEBHOOK_RETRY_SCHEDULE: '0,100ms,200ms' }, { worker: true });
    pool = await startWebhookPool({ config: app.config, db: app.db, logger: app.deps.logger });
    acct = await createTestAccount(app.db, { balance: 1000 });
    authData = { apiKey: acct.test, baseUrl: app.baseUrl };
    images = [];
    for (const color of ['#e11d48', '#2563eb']) {
      const png = await sharp({ create: { width: 160, height: 120, channels: 3, background: color } }).png().toBuffer();
      images.push((await uploadBytes(app.baseUrl, acct.test, png, `${color.slice(1)}.png`, { type: 'image/png' })).body.id);
    }
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lumiku-zapier-'));
    clips = [];
    for (const [i, freq] of [440, 660].entries()) {
      const file = path.join(dir, `clip${i}.mp4`);
      await run(resolveFfmpegPath(process.env.FFMPEG_PATH), ['-hide_banner', '-loglevel', 'error', '-y', '-f', 'lavfi', '-i', 'testsrc2=size=160x120:rate=15:duration=1', '-f', 'lavfi', '-i', `sine=frequency=${freq}:duration=1`, '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-shortest', file]);
      clips.push((await uploadBytes(app.baseUrl, acct.test, fs.readFileSync(file), `clip${i}.mp4`, { type: 'video/mp4' })).body.id);
    }
  });
  after(async () => {
    await pool?.close();
    await app?.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('when zapier-platform-core validates the app definition (what `zapier validate` checks offline), then it has no errors', async () => {
    const result = await handler({ command: 'validate' }, {});
    assert.deepEqual(result.results, []);
    assert.equal(App.version, spec.version, 'the package is versioned with the spec');
  });

  describe('authentication', () => {
    it('when the key is right, then the test answers the account; when it is wrong, then "Connection failed" with the problem detail', async () => {
      const account = await appTester(App.authentication.test, { authData });
      assert.ok(account.id);
      const refused = await call(app.baseUrl, 'GET', '/v1/account', { key: 'lk_test_nope' });
      await assert.rejects(appTester(App.authentication.test, { authData: { ...authData, apiKey: 'lk_test_nope' } }), (error: Error) => {
        assert.match(error.message, /Connection failed: /);
        assert.ok(error.message.includes(refused.body.detail), `${error.message} names "${refused.body.detail}"`);
        return true;
      });
    });
  });

  describe('REST hook trigger', () => {
    it('when a Zap subscribes and a job finishes, then the signed hook payload becomes the trigger output; unsubscribing removes the endpoint', async () => {
      const receiver = await startReceiver();
      try {
        const trigger = App.triggers.carousel_event.operation;
        const subscribeData = await appTester(trigger.performSubscribe, { authData, targetUrl: `${receiver.url}/zap`, inputData: { event_types: ['carousel.succeeded'] } });
        assert.match(subscribeData.id, /^we_/);
        assert.match(subscribeData.secret, /^whsec_/);
        const endpoint = await call(app.baseUrl, 'GET', `/v1/webhook_endpoints/${subscribeData.id}`, { key: acct.test });
        assert.deepEqual(endpoint.body.event_types, ['carousel.succeeded']);

        const job = await call(app.baseUrl, 'POST', '/v1/carousels', { key: acct.test, body: { slides: [{ images: [images[0]] }, { images: [images[1]] }], sets: 1 } });
        assert.equal(job.status, 202, job.text);
        await receiver.until((r) => r.some((d) => d.body?.data?.object?.id === job.body.id), 30_000);
        const delivery = receiver.received.find((d) => d.body.data.object.id === job.body.id)!;
        const rawRequest = { method: 'POST', querystring: '', headers: { 'Http-Webhook-Id': delivery.id, 'Http-Webhook-Timestamp': delivery.timestamp, 'Http-Webhook-Signature': delivery.signature }, content: delivery.raw };

        const [output] = await appTester(trigger.perform, { authData, subscribeData, cleanedRequest: JSON.parse(delivery.raw), rawRequest });
        assert.equal(output.type, 'carousel.succeeded');
        assert.equal(output.data.object.id, job.body.id);
        assert.match(output.id, /^evt_/);

        await assert.rejects(appTester(trigger.perform, { authData, subscribeData, cleanedRequest: JSON.parse(delivery.raw), rawRequest: { ...rawRequest, content: delivery.raw.replace('succeeded', 'failed') } }), /Signature refused/);

        const listed = await appTester(trigger.performList, { authData, inputData: { event_types: ['carousel.succeeded'] } });
        assert.ok(listed.some((e: any) => e.id === output.id), 'performList finds the same event for sample data');
        const polled = await appTester(App.triggers.new_event_polling.operation.perform, { authData, inputData: { type: 'carousel.*' } });
        assert.ok(polled.some((e: any) => e.id === output.id), 'the polling fallback finds it too');

        await appTester(trigger.performUnsubscribe, { authData, subscribeData });
        assert.equal((await call(app.baseUrl, 'GET', `/v1/webhook_endpoints/${subscribeData.id}`, { key: acct.test })).status, 404);
        await appTester(trigger.performUnsubscribe, { authData, subscribeData }); // already gone: fine
      } finally {
        await receiver.close();
      }
    });

    it('when the spec has event families, then each is an instant trigger', () => {
      for (const family of spec.eventFamilies) assert.equal(App.triggers[`${family.name}_event`].operation.type, 'hook', family.name);
    });
  });

  describe('create actions', () => {
    it('when a carousel is created with "wait for the result", then the step waits (?wait=) and returns the finished job', async () => {
      const callback = await startReceiver();
      try {
        const job = await runWithCallback('creates.create_carousel.operation.perform', { authData, inputData: { slides: JSON.stringify([{ images: [images[0]] }, { images: [images[1]] }]), sets: '1', external_id: 'zap-order-1', metadata: { source: 'zapier' }, wait_for_result: 'true' } }, `${callback.url}/callback`);
        assert.equal(job.status, 'succeeded');
        assert.deepEqual(job.metadata, { source: 'zapier' });
        // The job's terminal event also reached the step's callback URL, which resumes a step that outlived its wait.
        await callback.until((r) => r.some((d) => d.body?.data?.object?.id === job.id), 20_000);
        const event = callback.received.find((d) => d.body.data.object.id === job.id)!.body;
        const resumed = await appTester(App.creates.create_carousel.operation.performResume, { authData, outputData: { id: job.id, status: 'processing' }, cleanedRequest: event });
        assert.equal(resumed.id, job.id);
        assert.equal(resumed.status, 'succeeded');
      } finally {
        await callback.close();
      }
    });

    it('when the resumed job failed, then the step fails with its error.code and error.message', async () => {
      const event = { type: 'carousel.failed', data: { object: { id: 'crsl_x', status: 'failed', error: { code: 'media_unreadable', message: 'An input could not be decoded.' } } } };
      await assert.rejects(appTester(App.creates.create_carousel.operation.performResume, { authData, cleanedRequest: event }), /^Error: media_unreadable: An input could not be decoded\.|media_unreadable: An input could not be decoded\./);
    });

    it('when every app\'s create action runs, then each reaches the API: media apps queue a job, the others answer their own problem', async () => {
      const inputs: Record<string, Record<string, unknown>> = {
        carousel: { slides: JSON.stringify([{ images: [images[0]] }, { images: [images[1]] }]), sets: '1' },
        video_mix: { clips: JSON.stringify([{ file_id: clips[0] }, { file_id: clips[1] }]), variants: '1' },
        loop: { file_id: clips[0], duration_seconds: '2' },
        reformat: { file_id: images[0], targets: JSON.stringify([{ aspect_ratio: '1:1' }]) },
        avatar: { from: 'prompt', name: 'Maya', prompt: 'a portrait' },
        pose_generation: { image: images[0], prompt: 'standing, studio light' },
      };
      assert.deepEqual(Object.keys(inputs).sort(), spec.apps.map((a: any) => a.name).sort(), 'an input for every app of the spec');
      for (const a of spec.apps) {
        const action = App.creates[`create_${a.name}`].operation;
        try {
          const job = await appTester(action.perform, { authData, inputData: { ...inputs[a.name], external_id: `zap-${a.name}`, wait_for_result: 'false' } });
          assert.equal(job.object, a.name);
          assert.equal(job.external_id, `zap-${a.name}`);
          const done = await call(app.baseUrl, 'GET', `/v1/jobs/${job.id}?wait=60`, { key: acct.test });
          assert.ok(['succeeded', 'failed'].includes(done.body.status), `${a.name}: ${done.body.status}`);
          if (['carousel', 'video_mix', 'loop', 'reformat'].includes(a.name)) assert.equal(done.body.status, 'succeeded', `${a.name}: ${JSON.stringify(done.body.error)}`);
        } catch (error) {
          assert.ok(['avatar', 'pose_generation'].includes(a.name), `${a.name}: ${(error as Error).message}`);
          assert.match((error as Error).message, /^[a-z_]+: \S/, `${a.name} answers a problem code and detail`);
        }
      }
    });

    it('when a create is invalid, then the step fails with the problem code and detail', async () => {
      await assert.rejects(appTester(App.creates.create_carousel.operation.perform, { authData, inputData: { slides: JSON.stringify([{ images: [images[0]] }]), sets: '1', wait_for_result: 'false' } }), /validation_failed: /);
      await assert.rejects(appTester(App.creates.create_carousel.operation.perform, { authData, inputData: { slides: '[', sets: '1', wait_for_result: 'false' } }), /Slides is not valid JSON/);
    });

    it('when a file is imported by URL, then the step returns the file', async () => {
      const receiver = await import('node:http');
      const png = await sharp({ create: { width: 40, height: 40, channels: 3, background: '#fff' } }).png().toBuffer();
      const server = receiver.createServer((_q, r) => r.writeHead(200, { 'content-type': 'image/png' }).end(png));
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      try {
        const file = await appTester(App.creates.import_file.operation.perform, { authData, inputData: { url: `http://127.0.0.1:${(server.address() as any).port}/a.png`, filename: 'white.png' } });
        assert.equal(file.object, 'file');
        assert.equal(file.filename, 'white.png');
      } finally {
        await new Promise((resolve) => server.close(resolve));
      }
    });
  });

  describe('searches', () => {
    it('when a job is looked up by id or by external_id, then it is found (and an unknown id finds nothing)', async () => {
      const found = await call(app.baseUrl, 'GET', '/v1/jobs?external_id=zap-carousel', { key: acct.test });
      const id = found.body.data[0].id;
      const [byId] = await appTester(App.searches.find_job.operation.perform, { authData, inputData: { id } });
      assert.equal(byId.id, id);
      assert.deepEqual(await appTester(App.searches.find_job.operation.perform, { authData, inputData: { id: 'crsl_01aaaaaaaaaaaaaaaaaaaaaaaa' } }), []);
      const byExternal = await appTester(App.searches.find_job_by_external_id.operation.perform, { authData, inputData: { external_id: 'zap-carousel' } });
      assert.deepEqual(byExternal.map((j: any) => j.id), [id]);
    });
  });
});
