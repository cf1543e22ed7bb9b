import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { QueryTypes } from 'sequelize';
import sharp from 'sharp';
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';
import { call, createTestAccount, startTestApp, type TestAccount, type TestApp } from '../support/harness';
import { startWebhookPool, type WebhookPool } from '../../workers/src/webhooks/pool';
import { Lumiku } from '../../integrations/n8n/nodes/Lumiku/Lumiku.node';
import { LumikuTrigger } from '../../integrations/n8n/nodes/LumikuTrigger/LumikuTrigger.node';
import { SPEC } from '../../integrations/n8n/generated/spec';
import { credentialTestContext, executeContext, hookContext, startWebhookServer, type Credentials, type WebhookServer } from './n8n-context';

/**
 * The n8n nodes against the live platform (API + worker + webhook dispatcher started here): the
 * action node's execute() for files and jobs, the trigger's webhookMethods against real webhook
 * endpoints, and its webhook() receiving real signed deliveries.
 */
const png = (background: string) => sharp({ create: { width: 120, height: 120, channels: 3, background } }).png().toBuffer();

describe('integrations: n8n nodes', function () {
  this.timeout(120_000);
  let app: TestApp;
  let pool: WebhookPool;
  let acct: TestAccount;
  let creds: Credentials;
  let images: string[];
  let imageServer: http.Server;
  let imageUrl: string;
  let imageBytes: Buffer;
  const node = new Lumiku();
  const run = (params: Record<string, unknown>, items?: INodeExecutionData[], continueOnFail = false) => node.execute.call(executeContext({ credentials: creds, params, items, continueOnFail }));

  before(async () => {
    app = await startTestApp({ RATE_LIMIT_PER_WINDOW: '0', WEBHOOK_URL_ALLOWLIST: '127.0.0.1', IMPORT_ALLOWLIST: '127.0.0.1', WEBHOOK_RELAY_POLL_MS: '100', WEBHOOK_RETRY_SCHEDULE: '0,100ms,200ms' }, { worker: true });
    pool = await startWebhookPool({ config: app.config, db: app.db, logger: app.deps.logger });
    acct = await createTestAccount(app.db, { balance: 1000 });
    creds = { apiKey: acct.test, baseUrl: `${app.baseUrl}/` };
    imageBytes = await png('#16a34a');
    imageServer = http.createServer((_req, res) => res.writeHead(200, { 'content-type': 'image/png' }).end(imageBytes));
    await new Promise<void>((resolve) => imageServer.listen(0, '127.0.0.1', resolve));
    imageUrl = `http://127.0.0.1:${(imageServer.address() as AddressInfo).port}/green.png`;
  });
  after(async () => {
    await pool?.close();
    await app?.close();
    await new Promise((resolve) => imageServer?.close(resolve));
  });

  describe('credential test', () => {
    it('when the key is right, then OK; when it is wrong, then "Connection failed" with the problem detail', async () => {
      const test = node.methods.credentialTest.lumikuApiTest;
      const ok = await test.call(credentialTestContext(), { id: '1', name: 'x', type: 'lumikuApi', data: { apiKey: acct.test, baseUrl: app.baseUrl } });
      assert.equal(ok.status, 'OK', ok.message);
      const refused = await call(app.baseUrl, 'GET', '/v1/account', { key: 'lk_test_wrong' });
      assert.equal(refused.status, 401);
      const bad = await test.call(credentialTestContext(), { id: '1', name: 'x', type: 'lumikuApi', data: { apiKey: 'lk_test_wrong', baseUrl: app.baseUrl } });
      assert.equal(bad.status, 'Error');
      assert.match(bad.message, /^Connection failed: /);
      assert.ok(bad.message.includes(refused.body.detail), `${bad.message} names the problem's detail "${refused.body.detail}"`);
    });
  });

  describe('files', () => {
    it('when binary data is uploaded, a URL imported and a file downloaded, then the bytes round-trip', async () => {
      const bytes = [await png('#e11d48'), await png('#2563eb')];
      const items: INodeExecutionData[] = bytes.map((b, i) => ({ json: {}, binary: { data: { data: b.toString('base64'), mimeType: 'image/png', fileName: `slide-${i}.png` } } }));
      const [uploaded] = await run({ resource: 'file', operation: 'upload', binaryPropertyName: 'data', filename: '' }, items);
      assert.equal(uploaded.length, 2);
      images = uploaded.map((o) => String(o.json.id));
      assert.deepEqual(uploaded.map((o) => [o.json.object, o.json.filename, o.json.kind]), [['file', 'slide-0.png', 'image'], ['file', 'slide-1.png', 'image']]);

      const [[imported]] = await run({ resource: 'file', operation: 'import', url: imageUrl, filename: 'green.png' });
      assert.equal(imported.json.object, 'file');
      assert.equal(imported.json.filename, 'green.png');

      const [[downloaded]] = await run({ resource: 'file', operation: 'download', fileId: images[1], outputBinaryPropertyName: 'picture' });
      assert.equal(downloaded.json.id, images[1]);
      assert.deepEqual(Buffer.from(downloaded.binary!.picture.data, 'base64'), bytes[1]);
      assert.equal(downloaded.binary!.picture.mimeType, 'image/png');

      const [listed] = await run({ resource: 'file', operation: 'list', returnAll: true });
      assert.deepEqual(new Set(listed.map((o) => o.json.id)), new Set([...images, imported.json.id]));
    });

    it('when the binary field is missing, then the step fails naming it', async () => {
      await assert.rejects(run({ resource: 'file', operation: 'upload', binaryPropertyName: 'nothing' }), /nothing/);
    });
  });

  describe('jobs', () => {
    const carousel = (extra: Record<string, unknown> = {}) => ({ resource: 'carousel', carouselSlides: JSON.stringify([{ images: [images[0]] }, { images: [images[1]] }]), carouselSets: 1, carouselOptions: {}, ...extra });

    it('when a carousel is created and waited for, then the step returns the finished job with its outputs', async () => {
      const [[out]] = await run({ ...carousel({ carouselOptions: { external_id: 'n8n-order-1', metadata: '{"source":"n8n"}' } }), operation: 'createAndWait', timeout: 90 });
      assert.equal(out.json.object, 'carousel');
      assert.equal(out.json.status, 'succeeded', JSON.stringify(out.json.error));
      assert.ok((out.json.outputs as IDataObject[]).length > 0);
      assert.deepEqual(out.json.metadata, { source: 'n8n' });

      const [[got]] = await run({ resource: 'carousel', operation: 'get', jobId: out.json.id, wait: 0 });
      assert.equal(got.json.id, out.json.id);
      const [found] = await run({ resource: 'job', operation: 'list', filters: { external_id: 'n8n-order-1' }, returnAll: false, limit: 10 });
      assert.deepEqual(found.map((o) => o.json.id), [out.json.id]);
      const [listed] = await run({ resource: 'carousel', operation: 'list', filters: { status: 'succeeded' }, returnAll: false, limit: 5 });
      assert.ok(listed.some((o) => o.json.id === out.json.id));
      const [[anyJob]] = await run({ resource: 'job', operation: 'get', jobId: out.json.id, wait: 1 });
      assert.equal(anyJob.json.status, 'succeeded');
    });

    it('when a job fails, then the step fails with its error.code and error.message (or returns them with continue-on-fail)', async () => {
      const [[file]] = await run({ resource: 'file', operation: 'upload', binaryPropertyName: 'data', filename: 'broken.png' }, [{ json: {}, binary: { data: { data: (await png('#000000')).toString('base64'), mimeType: 'image/png', fileName: 'broken.png' } } }]);
      const [row] = await app.db.query<{ storage_key: string }>('SELECT storage_key FROM files WHERE id = :id', { replacements: { id: file.json.id }, type: QueryTypes.SELECT });
      fs.writeFileSync(path.join(app.config.storageLocalDir, row.storage_key), 'not an image any more');
      const params = { resource: 'carousel', operation: 'createAndWait', carouselSlides: JSON.stringify([{ images: [file.json.id] }, { images: [images[1]] }]), carouselSets: 1, carouselOptions: {}, timeout: 60 };
      await assert.rejects(run(params), (error: Error) => {
        assert.match(error.message, /^media_unreadable: \S/);
        return true;
      });
      const [[out]] = await run(params, undefined, true);
      assert.match(String(out.json.error), /^media_unreadable: /);
    });

    it('when the request is invalid, then the step fails with the problem code and detail', async () => {
      await assert.rejects(run({ ...carousel({ carouselSets: 0 }), operation: 'create' }), (error: Error & { httpCode?: string }) => {
        assert.match(error.message, /^validation_failed: /);
        assert.equal(error.httpCode, '422');
        return true;
      });
      await assert.rejects(run({ ...carousel({ carouselSlides: '[{"images": [' }), operation: 'create' }), /Slides is not valid JSON/);
    });

    it('when a queued job is canceled, then the step returns it canceled', async () => {
      // An API without a worker keeps the job queued, so the cancel is certain to find it running.
      const idle = await startTestApp({ RATE_LIMIT_PER_WINDOW: '0' });
      try {
        const idleCreds = { apiKey: acct.test, baseUrl: idle.baseUrl };
        const idleRun = (params: Record<string, unknown>) => node.execute.call(executeContext({ credentials: idleCreds, params }));
        const [[created]] = await idleRun({ ...carousel(), operation: 'create' });
        assert.equal(created.json.status, 'queued');
        const [[canceled]] = await idleRun({ resource: 'carousel', operation: 'cancel', jobId: created.json.id });
        assert.equal(canceled.json.status, 'canceled');
      } finally {
        await idle.close();
      }
    });

    it('when the node is described, then every app of the spec is a resource with create, create-and-wait, get, list and cancel', () => {
      const resource = node.description.properties.find((p) => p.name === 'resource')!;
      const values = (resource.options as { value: string }[]).map((o) => o.value);
      for (const a of SPEC.apps) {
        assert.ok(values.includes(a.name), a.name);
        const op = node.description.properties.find((p) => p.name === 'operation' && p.displayOptions?.show?.resource?.includes(a.name))!;
        assert.deepEqual((op.options as { value: string }[]).map((o) => o.value), ['create', 'createAndWait', 'get', 'list', 'cancel']);
        for (const f of a.fields.filter((x) => x.required)) assert.ok(node.description.properties.some((p) => p.displayName === f.label && p.displayOptions?.show?.resource?.includes(a.name)), `${a.name}.${f.name}`);
      }
    });
  });

  describe('trigger', () => {
    const trigger = new LumikuTrigger();
    const staticData: IDataObject = {};
    let server: WebhookServer;
    const events = ['carousel.succeeded', 'carousel.failed'];
    const hooks = () => hookContext({ credentials: creds, params: { events }, webhookUrl: server.url, staticData });
    const methods = trigger.webhookMethods.default;

    before(async () => {
      server = await startWebhookServer(trigger.webhook, staticData);
    });
    after(async () => server?.close());

    it('when activated, then it registers a webhook endpoint for the chosen events (and finds it again)', async () => {
      assert.equal(await methods.checkExists.call(hooks()), false);
      assert.equal(await methods.create.call(hooks()), true);
      const endpoint = await call(app.baseUrl, 'GET', `/v1/webhook_endpoints/${staticData.endpointId}`, { key: acct.test });
      assert.equal(endpoint.status, 200);
      assert.equal(endpoint.body.url, server.url);
      assert.deepEqual(endpoint.body.event_types, events);
      assert.match(String(staticData.secret), /^whsec_/);
      assert.equal(await methods.checkExists.call(hooks()), true);
    });

    it('when a job finishes, then the signed delivery starts one run with the event', async () => {
      const [[job]] = await run({ ...carousel(), operation: 'createAndWait', timeout: 90 });
      const deadline = Date.now() + 20_000;
      while (!server.runs.flat().some((item) => (item.json.data as IDataObject)?.object && ((item.json.data as IDataObject).object as IDataObject).id === job.json.id)) {
        assert.ok(Date.now() < deadline, `no run for ${job.json.id} (deliveries: ${server.deliveries.map((d) => d.status)})`);
        await new Promise((r) => setTimeout(r, 100));
      }
      const item = server.runs.flat().find((i) => ((i.json.data as IDataObject).object as IDataObject).id === job.json.id)!;
      assert.equal(item.json.type, 'carousel.succeeded');
      assert.equal(server.deliveries.at(-1)!.status, 200);
    });

    function carousel(extra: Record<string, unknown> = {}) {
      return { resource: 'carousel', carouselSlides: JSON.stringify([{ images: [images[0]] }, { images: [images[1]] }]), carouselSets: 1, carouselOptions: {}, ...extra };
    }

    it('when a delivery is replayed with the same webhook-id, then it is acknowledged and dropped; when its body or signature is changed, then it is refused', async () => {
      const delivered = server.deliveries.find((d) => d.status === 200)!;
      const headers = { 'content-type': 'application/json', 'webhook-id': String(delivered.headers['webhook-id']), 'webhook-timestamp': String(delivered.headers['webhook-timestamp']), 'webhook-signature': String(delivered.headers['webhook-signature']) };
      const runs = server.runs.length;
      const replay = await fetch(server.url, { method: 'POST', headers, body: delivered.raw });
      assert.equal(replay.status, 200);
      assert.equal(server.runs.length, runs, 'a duplicate webhook-id starts no run');

      const tampered = Buffer.from(delivered.raw.toString('utf8').replace('succeeded', 'failed'));
      const forged = await fetch(server.url, { method: 'POST', headers: { ...headers, 'webhook-id': 'msg_forged' }, body: tampered });
      assert.equal(forged.status, 401);
      const wrongKey = await fetch(server.url, { method: 'POST', headers: { ...headers, 'webhook-id': 'msg_other', 'webhook-signature': 'v1,' + Buffer.alloc(32, 1).toString('base64') }, body: delivered.raw });
      assert.equal(wrongKey.status, 401);
      const unsigned = await fetch(server.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: delivered.raw });
      assert.equal(unsigned.status, 401);
      assert.equal(server.runs.length, runs, 'refused deliveries start no run');
    });

    it('when the endpoint was deleted on the platform, then the next activation registers a new one', async () => {
      const old = String(staticData.endpointId);
      const deleted = await call(app.baseUrl, 'DELETE', `/v1/webhook_endpoints/${old}`, { key: acct.test });
      assert.equal(deleted.status, 200);
      assert.equal(await methods.checkExists.call(hooks()), false);
      assert.equal(await methods.create.call(hooks()), true);
      assert.notEqual(staticData.endpointId, old);
      assert.equal(await methods.checkExists.call(hooks()), true);
    });

    it('when deactivated, then its endpoint is removed', async () => {
      const id = String(staticData.endpointId);
      assert.equal(await methods.delete.call(hooks()), true);
      const gone = await call(app.baseUrl, 'GET', `/v1/webhook_endpoints/${id}`, { key: acct.test });
      assert.equal(gone.status, 404);
      assert.equal(staticData.endpointId, undefined);
      assert.equal(await methods.delete.call(hooks()), true, 'deleting twice is fine');
    });

    it('when described, then its event options are the spec\'s event types and families', () => {
      const values = (trigger.description.properties[0].options as { value: string }[]).map((o) => o.value);
      for (const t of SPEC.eventTypes) assert.ok(values.includes(t), t);
      assert.ok(values.includes('video_mix.*'));
    });
  });
});
