import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { ERROR_CODES } from '../../api/src/errors/codes';
import { OpenApiValidator, requestExamples, SPEC_FILE } from '../support/openapi-validator';

const run = promisify(execFile);
const ROOT = path.join(__dirname, '../..');
const BIN = path.join(ROOT, 'node_modules/.bin');
type Json = Record<string, any>;
const spec = (): Json => JSON.parse(fs.readFileSync(SPEC_FILE, 'utf8'));
const METHODS = ['get', 'put', 'post', 'delete', 'patch'];

function operations(doc: Json): [string, Json][] {
  return Object.entries<Json>(doc.paths).flatMap(([p, item]) => METHODS.filter((m) => item[m]).map((m): [string, Json] => [`${m.toUpperCase()} ${p}`, item[m]]));
}

function walk(node: unknown, visit: (n: Json, at: string) => void, at = '#') {
  if (Array.isArray(node)) node.forEach((n, i) => walk(n, visit, `${at}/${i}`));
  else if (node && typeof node === 'object') {
    visit(node as Json, at);
    for (const [k, v] of Object.entries(node)) walk(v, visit, `${at}/${k}`);
  }
}

/** Runs a linter on the committed spec (or `file`), resolving with its output; rejects with it when it fails. */
async function lint(args: string[]): Promise<string> {
  const env = { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true', NO_COLOR: '1' };
  try {
    const { stdout, stderr } = await run(args[0], args.slice(1), { cwd: ROOT, env, maxBuffer: 32 * 1024 * 1024 });
    return stdout + stderr;
  } catch (err) {
    const e = err as { stdout?: string; stderr?: string };
    throw new Error(`${args.join(' ')} failed:\n${(e.stdout ?? '').slice(-6000)}\n${e.stderr ?? ''}`);
  }
}

describe('spec: the document itself is valid for the tools people point at it', function () {
  this.timeout(120_000);

  it("when Spectral's published oas ruleset and Redocly's recommended (and the repo's stricter config) lint it, then there are zero errors", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'spec-lint-'));
    try {
      // The published rulesets exactly, not the repo's configuration: what a newcomer would run.
      fs.writeFileSync(path.join(dir, '.spectral.yaml'), 'extends: ["spectral:oas"]\n');
      fs.writeFileSync(path.join(dir, 'redocly.yaml'), 'extends:\n  - recommended\n');
      await lint([path.join(BIN, 'spectral'), 'lint', SPEC_FILE, '--ruleset', path.join(dir, '.spectral.yaml'), '--fail-severity', 'error']);
      await lint([path.join(BIN, 'redocly'), 'lint', SPEC_FILE, '--config', path.join(dir, 'redocly.yaml')]);
      await lint([path.join(BIN, 'redocly'), 'lint', SPEC_FILE, '--config', path.join(ROOT, 'redocly.yaml')]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('when the example rule of redocly.yaml meets an invalid request example, then the lint fails (the rule is on)', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'spec-lint-'));
    try {
      const broken = spec();
      broken.paths['/v1/loops'].post.requestBody.content['application/json'].example.colour = 'red';
      fs.writeFileSync(path.join(dir, 'openapi.json'), JSON.stringify(broken, null, 2));
      await assert.rejects(lint([path.join(BIN, 'redocly'), 'lint', path.join(dir, 'openapi.json'), '--config', path.join(ROOT, 'redocly.yaml')]), /no-invalid-media-type-examples/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('when every request example is validated with ajv against its schema, then each is valid, and every JSON-body operation has one', () => {
    const doc = spec();
    const validator = new OpenApiValidator(doc);
    const examples = requestExamples(doc);
    const failures = examples.flatMap((e) => validator.check(e.schema, e.value).map((m) => `${e.operation} (${e.name}): ${m}`));
    assert.deepEqual(failures, []);
    const withBody = operations(doc).filter(([, op]) => op.requestBody?.content?.['application/json']).map(([name]) => name);
    const withExample = new Set(examples.map((e) => e.operation));
    assert.deepEqual(withBody.filter((name) => !withExample.has(name)), [], 'JSON-body operations without a request example');
    for (const name of ['POST /v1/avatars', 'PATCH /v1/avatars/{id}', 'POST /v1/pose_generations', 'POST /v1/webhook_endpoints', 'PATCH /v1/webhook_endpoints/{id}']) assert.ok(withExample.has(name), name);
  });

  it('when a schema combines others, then never two closed objects in one allOf (which no JSON Schema validator can satisfy), and every create body is one closed object', () => {
    const doc = spec();
    const resolve = (s: Json): Json => (s.$ref ? resolve(doc.components.schemas[s.$ref.split('/').pop()]) : s);
    const bad: string[] = [];
    walk(doc, (node, at) => {
      if (!Array.isArray(node.allOf)) return;
      const closed = node.allOf.filter((part: Json) => resolve(part).additionalProperties === false);
      if (closed.length > 1 || (closed.length === 1 && node.allOf.length > 1)) bad.push(at);
    });
    assert.deepEqual(bad, []);
    for (const [name, op] of operations(doc).filter(([n]) => /^POST \/v1\/(video_mixes|loops|carousels|avatars|pose_generations|reformats)$/.test(n))) {
      const body = resolve(op.requestBody.content['application/json'].schema);
      assert.equal(body.additionalProperties, false, name);
      assert.ok(body.properties.external_id && body.properties.metadata, `${name}: the shared job fields are in the app's own schema`);
    }
  });

  it('when an operation can fail, then its errors are application/problem+json, through shared responses, with a Problem schema whose code is the catalogue', () => {
    const doc = spec();
    for (const [name, op] of operations(doc)) {
      assert.deepEqual(op.responses.default, { $ref: '#/components/responses/Problem' }, name);
      for (const [status, response] of Object.entries<Json>(op.responses)) {
        if (!/^[45]/.test(status)) continue;
        assert.match(response.$ref ?? '', /^#\/components\/responses\/\w+$/, `${name} ${status}`);
      }
    }
    for (const [name, response] of Object.entries<Json>(doc.components.responses)) {
      assert.deepEqual(Object.keys(response.content), ['application/problem+json'], name);
      assert.equal(response.content['application/problem+json'].schema.$ref, '#/components/schemas/Problem');
    }
    assert.deepEqual(doc.components.schemas.Problem.properties.code.enum, Object.keys(ERROR_CODES));
    assert.equal(doc.components.schemas.Problem.properties.status.type, 'integer');
    const json = JSON.stringify(doc.paths);
    assert.ok(!json.includes('"application/json":{"schema":{"$ref":"#/components/schemas/Problem"}'), 'no error documented as application/json');
  });

  it('when the committed file is read, then it names no host (servers: "/"), says how trailing slashes behave, and is indented with spaces', () => {
    const raw = fs.readFileSync(SPEC_FILE, 'utf8');
    const doc = JSON.parse(raw);
    assert.deepEqual(doc.servers.map((s: Json) => s.url), ['/']);
    assert.ok(!raw.includes('localhost'), 'no development host in the committed spec');
    assert.ok(!/^\t/m.test(raw), 'tabs: YAML-based readers (Spectral) refuse them');
    assert.match(doc.info.description, /trailing slash/);
    assert.match(doc.info.description, /route_not_found/);
  });

  it("when a file's content is downloaded, then the spec documents the file's own types and the 206 range answer, not application/octet-stream", () => {
    const op = spec().paths['/v1/files/{id}/content'].get;
    for (const status of ['200', '206']) {
      assert.deepEqual(Object.keys(op.responses[status].content).sort(), ['application/zip', 'audio/*', 'image/*', 'video/*'], status);
      for (const media of Object.values<Json>(op.responses[status].content)) assert.deepEqual(media.schema, { type: 'string', format: 'binary' });
    }
    assert.ok(op.responses['206'].headers['Content-Range']);
    assert.ok(op.responses['416']);
    assert.ok(!JSON.stringify(spec().paths).includes('"format":"byte"'), 'binary bodies are binary, not base64');
  });

  it('when a response is an event stream, then each message type names the schema of its data, progress included', () => {
    const doc = spec();
    const streams = operations(doc).flatMap(([name, op]) => Object.values<Json>(op.responses).filter((r) => r.content?.['text/event-stream']).map((r) => [name, r.content['text/event-stream']] as const));
    assert.ok(streams.length >= 1);
    for (const [name, media] of streams) {
      const messages = media['x-sse-events'];
      assert.ok(messages && Object.keys(messages).length > 1, name);
      for (const schema of Object.values<Json>(messages)) assert.ok(doc.components.schemas[schema.$ref.split('/').pop()], `${name}: ${schema.$ref}`);
    }
    const job = doc.paths['/v1/jobs/{id}/events'].get.responses['200'].content['text/event-stream']['x-sse-events'];
    assert.deepEqual(job.progress, { $ref: '#/components/schemas/JobProgressMessage' });
    assert.deepEqual(doc.components.schemas.JobProgressMessage.required.sort(), ['eta_seconds', 'fraction', 'job_id', 'stage']);
    assert.ok(job['carousel.succeeded'] && job['video_mix.failed']);
  });
});
