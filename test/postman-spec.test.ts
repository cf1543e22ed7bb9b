import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { createTestAccount, startTestApp, type TestApp } from './support/harness';

const run = promisify(execFile);
const ROOT = path.join(__dirname, '..');
const collection = () => JSON.parse(fs.readFileSync(path.join(ROOT, 'examples/postman/lumiku.postman_collection.json'), 'utf8'));
const environment = () => JSON.parse(fs.readFileSync(path.join(ROOT, 'examples/postman/lumiku-local.postman_environment.json'), 'utf8'));
const spec = () => JSON.parse(fs.readFileSync(path.join(ROOT, 'openapi/openapi.json'), 'utf8'));

interface PostmanRequest {
  name: string;
  request: { method: string; url: { host: string[]; path: string[]; variable?: { key: string }[]; query?: { key: string; disabled?: boolean }[] }; header?: { key: string; value: string }[]; body?: { mode: string; raw?: string }; auth?: unknown };
}

function requestsOf(items: any[]): PostmanRequest[] {
  return items.flatMap((item) => (item.item ? requestsOf(item.item) : [item]));
}

/** `v1/files/:id/content` → `/v1/files/{id}/content` */
const templateOf = (segments: string[]) => `/${segments.map((s) => (s.startsWith(':') ? `{${s.slice(1)}}` : s)).join('/')}`;

describe('Postman collection and spec lint', function () {
  this.timeout(30_000);

  it('when the collection is read, then it parses and every request maps to one spec operation, and every operation has a request', () => {
    const c = collection();
    assert.equal(c.info.schema, 'https://schema.getpostman.com/json/collection/v2.1.0/collection.json');
    const ops = new Set<string>();
    for (const [p, item] of Object.entries<Record<string, unknown>>(spec().paths)) for (const method of Object.keys(item)) ops.add(`${method.toUpperCase()} ${p}`);
    const seen = new Set<string>();
    for (const r of requestsOf(c.item)) {
      assert.deepEqual(r.request.url.host, ['{{baseUrl}}'], r.name);
      const op = `${r.request.method} ${templateOf(r.request.url.path)}`;
      assert.ok(ops.has(op), `${r.name}: ${op} is not an operation of the spec`);
      assert.equal(r.request.auth, undefined, `${r.name} inherits the collection's auth`);
      seen.add(op);
    }
    assert.deepEqual([...ops].filter((op) => !seen.has(op)), [], 'operations without a request');
  });

  it('when a user imports it, then the API key is a collection variable used as the bearer token, and the environment has both variables', () => {
    const c = collection();
    assert.deepEqual(c.auth, { type: 'bearer', bearer: [{ key: 'token', value: '{{apiKey}}', type: 'string' }] });
    assert.deepEqual(c.variable.map((v: { key: string }) => v.key).sort(), ['apiKey', 'baseUrl']);
    assert.deepEqual(environment().values.map((v: { key: string }) => v.key).sort(), ['apiKey', 'baseUrl']);
    for (const r of requestsOf(c.item).filter((x) => x.request.method === 'POST')) {
      const header = r.request.header?.find((h) => h.key.toLowerCase() === 'idempotency-key');
      assert.equal(header?.value, '{{$guid}}', `${r.name} sends a fresh Idempotency-Key`);
    }
  });

  it('when an app is created from the collection, then its body is the spec example for that app', () => {
    const creates = requestsOf(collection().item).filter((r) => r.request.method === 'POST' && /^\/v1\/(video_mixes|loops|carousels)$/.test(templateOf(r.request.url.path)));
    assert.equal(creates.length, 3);
    for (const r of creates) {
      const body = JSON.parse(r.request.body!.raw!);
      const example = spec().paths[templateOf(r.request.url.path)].post.requestBody.content['application/json'].example;
      assert.deepEqual(body, example, r.name);
      assert.equal(body.external_id, 'order-1042');
    }
  });

  describe('against the running API', () => {
    let app: TestApp;
    before(async () => {
      app = await startTestApp();
    });
    after(async () => app.close());

    it('when each JSON request example of the spec is sent, then the API accepts its shape (no validation_failed)', async () => {
      const acct = await createTestAccount(app.db);
      let checked = 0;
      for (const [p, item] of Object.entries<any>(spec().paths)) {
        const example = item.post?.requestBody?.content?.['application/json']?.example;
        // A URL import would fetch the example URL from the internet: not from a test.
        if (!example || p.includes('{') || p === '/v1/files') continue;
        const url = `${app.baseUrl}${p}${item.post.parameters?.some((q: { name: string }) => q.name === 'dry_run') ? '?dry_run=true' : ''}`;
        const res = await fetch(url, { method: 'POST', headers: { authorization: `Bearer ${acct.test}`, 'content-type': 'application/json' }, body: JSON.stringify(example) });
        const body = (await res.json()) as { code?: string; errors?: unknown };
        // Example file ids do not exist in a fresh account; anything but a validation failure is fine.
        assert.notEqual(body.code, 'validation_failed', `${p}: ${JSON.stringify(body.errors)}`);
        checked++;
      }
      assert.ok(checked >= 4, `${checked} examples`);
    });

    it('when every GET without path variables is sent as the collection defines it, then each answers 200', async () => {
      const acct = await createTestAccount(app.db);
      const gets = requestsOf(collection().item).filter((r) => r.request.method === 'GET' && !r.request.url.path.some((s) => s.startsWith(':')));
      assert.ok(gets.length >= 7);
      for (const r of gets) {
        const query = (r.request.url.query ?? []).filter((q) => !q.disabled);
        assert.deepEqual(query, [], 'optional query parameters start unticked');
        const res = await fetch(`${app.baseUrl}/${r.request.url.path.join('/')}`, { headers: { authorization: `Bearer ${acct.test}` } });
        assert.equal(res.status, 200, `${r.name}: ${await res.text()}`);
      }
    });
  });

  it('when an operation lacks an example, then the spec lint fails (and passes on the committed spec)', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lint-'));
    try {
      const broken = spec();
      const op = broken.paths['/v1/account'].get;
      for (const response of Object.values<any>(op.responses)) for (const media of Object.values<any>(response.content ?? {})) delete media.examples;
      fs.writeFileSync(path.join(dir, 'openapi.json'), JSON.stringify(broken));
      const redocly = path.join(ROOT, 'node_modules/.bin/redocly');
      const failed = await run(redocly, ['lint', path.join(dir, 'openapi.json'), '--config', path.join(ROOT, 'redocly.yaml'), '--format=stylish'], { cwd: ROOT }).then(
        () => undefined,
        (err: { stdout: string }) => err.stdout,
      );
      assert.ok(failed, 'lint must fail');
      assert.match(failed, /account\.retrieve has no example/);
      await run(redocly, ['lint', 'openapi/openapi.json', '--format=stylish'], { cwd: ROOT });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
