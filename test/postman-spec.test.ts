import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { createTestAccount, startTestApp } from './support/harness';
import { assertNoViolations, behindSpecProxy } from './support/spec-proxy';

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

  it('when a user imports it, then the API key is a collection variable used as the bearer token, and the environment has baseUrl and apiKey', () => {
    const c = collection();
    assert.deepEqual(c.auth, { type: 'bearer', bearer: [{ key: 'token', value: '{{apiKey}}', type: 'string' }] });
    const keys = c.variable.map((v: { key: string }) => v.key);
    assert.ok(keys.includes('apiKey') && keys.includes('baseUrl'), keys.join(', '));
    assert.deepEqual(environment().values.map((v: { key: string }) => v.key).sort(), ['apiKey', 'baseUrl']);
    // Idempotency-Key is a /v1 contract (/auth answers are not stored).
    for (const r of requestsOf(c.item).filter((x) => x.request.method === 'POST' && x.request.url.path[0] === 'v1')) {
      const header = r.request.header?.find((h) => h.key.toLowerCase() === 'idempotency-key');
      assert.equal(header?.value, '{{$guid}}', `${r.name} sends a fresh Idempotency-Key`);
    }
  });

  it('when the requests run in order, then every variable a request uses is defined by then (no literal :id, no placeholder left)', () => {
    const c = collection();
    const defined = new Set<string>([...c.variable.filter((v: { value: string }) => v.value !== '').map((v: { key: string }) => v.key), 'apiKey', 'baseUrl']);
    const setBy = (lines: string[]) => [...lines.join('\n').matchAll(/pm\.collectionVariables\.set\("(\w+)"|pm\.collectionVariables\.set\('(\w+)'/g)].map((m) => m[1] ?? m[2]);
    let checked = 0;
    for (const r of requestsOf(c.item)) {
      const events = (r as any).event ?? [];
      for (const v of setBy(events.find((e: any) => e.listen === 'prerequest')?.script.exec ?? [])) defined.add(v);
      for (const variable of r.request.url.variable ?? []) assert.match((variable as any).value, /^\{\{\w+\}\}$/, `${r.name}: :${variable.key} is a variable`);
      const used = JSON.stringify({ url: r.request.url, body: r.request.body, header: r.request.header?.filter((h: any) => !h.disabled) }).match(/\{\{[^}]+\}\}/g) ?? [];
      for (const u of used) {
        const name = u.slice(2, -2);
        if (name.startsWith('$')) continue; // Postman's dynamic variables ($guid)
        assert.ok(defined.has(name), `${r.name} uses {{${name}}} before any request sets it`);
        checked++;
      }
      for (const v of setBy(events.find((e: any) => e.listen === 'test')?.script.exec ?? [])) defined.add(v);
    }
    assert.ok(checked > 50, `${checked} variable uses`);
  });

  it('when a request is sent, then its required parameters are ticked with values and optional ones are not filled with placeholders', () => {
    for (const r of requestsOf(collection().item)) {
      const op = spec().paths[templateOf(r.request.url.path)][r.request.method.toLowerCase()];
      for (const p of op.parameters ?? []) {
        if (p.in === 'query') {
          const q = r.request.url.query?.find((x) => x.key === p.name) as { value?: string; disabled?: boolean } | undefined;
          if (p.required) assert.ok(q && !q.disabled && q.value, `${r.name}: required ${p.name} is sent`);
          else if (q && !q.disabled) assert.notEqual(q.value, 'string', `${r.name}: ${p.name} is a real value`);
        }
        if (p.in === 'header' && p.name !== 'Idempotency-Key') {
          const h = r.request.header?.find((x) => x.key.toLowerCase() === p.name.toLowerCase()) as { disabled?: boolean } | undefined;
          if (!p.required) assert.ok(!h || h.disabled, `${r.name}: optional header ${p.name} starts unticked`);
        }
      }
    }
  });

  it('when any request runs, then its test checks a status the spec documents for it and the body against the documented schema', () => {
    const ajv = new Ajv({ strict: false, allErrors: true });
    addFormats(ajv);
    let schemas = 0;
    for (const r of requestsOf(collection().item)) {
      const op = spec().paths[templateOf(r.request.url.path)][r.request.method.toLowerCase()];
      const exec: string[] = (r as any).event?.find((e: any) => e.listen === 'test')?.script.exec ?? [];
      const status = /pm\.response\.to\.have\.status\((\d{3})\)/.exec(exec.join('\n'))?.[1];
      assert.ok(status && op.responses[status], `${r.name} tests a documented status (${status})`);
      const media = Object.entries<any>(op.responses[status].content ?? {}).find(([type]) => /json/.test(type))?.[1];
      if (!media?.schema) continue;
      const line = exec.find((l) => l.startsWith('const schema = '));
      assert.ok(line && exec.some((l) => l.includes('pm.response.to.have.jsonSchema(schema)')), `${r.name} checks the body's schema`);
      // The embedded schema accepts the spec's own example of that response, and refuses an empty object.
      const validate = ajv.compile(JSON.parse(line!.slice('const schema = '.length, -1)));
      const example = media.example ?? Object.values<any>(media.examples ?? {})[0]?.value;
      if (example === undefined) continue;
      assert.ok(validate(example), `${r.name}: ${ajv.errorsText(validate.errors)}`);
      if (example && typeof example === 'object' && !Array.isArray(example)) assert.equal(validate({}), false, `${r.name}: the schema refuses an empty body`);
      schemas++;
    }
    assert.ok(schemas > 40, `${schemas} schemas checked against examples`);
  });

  it('when an app is created or quoted from the collection, then its body is the spec example with real ids put in and a fresh external_id', () => {
    const creates = requestsOf(collection().item).filter((r) => r.request.method === 'POST' && spec().paths[templateOf(r.request.url.path)].post.parameters?.some((p: { name: string }) => p.name === 'dry_run'));
    assert.equal(creates.length, 12, 'six apps, quoted and created');
    for (const r of creates) {
      const body = JSON.parse(r.request.body!.raw!);
      const example = spec().paths[templateOf(r.request.url.path)].post.requestBody.content['application/json'].example;
      // Where the example names an id, the body names a variable; everything else is the example.
      const back = JSON.parse(JSON.stringify(body), (key, value) => {
        if (key === 'external_id') return value.replace(/-\{\{\$guid\}\}$/, '');
        return typeof value === 'string' && /^\{\{\w+Id\d*\}\}$/.test(value) ? 'ID' : value;
      });
      const expected = JSON.parse(JSON.stringify(example), (_key, value) => (typeof value === 'string' && /^[a-z]+_[0-9a-z]{26}$/.test(value) ? 'ID' : value));
      assert.deepEqual(back, expected, r.name);
      if (example.external_id) assert.equal(body.external_id, `${example.external_id}-{{$guid}}`, 'jobs of an account may not share an external_id');
    }
  });

  it('when a file is uploaded, then the request sends a bundled sample file as the multipart `file` part', () => {
    const uploads = requestsOf(collection().item).filter((r) => r.request.method === 'POST' && templateOf(r.request.url.path) === '/v1/files');
    assert.ok(uploads.length >= 2);
    for (const r of uploads) {
      const body = r.request.body as { mode: string; formdata: { key: string; type: string; src: string }[] };
      assert.equal(body.mode, 'formdata');
      const part = body.formdata.find((p) => p.key === 'file');
      assert.equal(part?.type, 'file');
      assert.ok(fs.statSync(path.join(ROOT, part!.src)).size > 1000, `${r.name}: ${part!.src} is in the repository`);
      assert.equal(r.request.header?.find((h) => h.key.toLowerCase() === 'content-type'), undefined, 'newman sets the multipart boundary');
    }
  });

  describe('against the running API', () => {
    // Through the validating proxy: each request and answer is checked against the spec too.
    let app: Awaited<ReturnType<typeof behindSpecProxy>>;
    before(async () => {
      app = await behindSpecProxy(await startTestApp());
    });
    afterEach(() => assertNoViolations(app.proxy));
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
