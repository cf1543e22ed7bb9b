/**
 * The Postman collection and environment in examples/postman, generated from openapi/openapi.json
 * (run by scripts/generate.ts, so the drift check covers them).
 *
 * openapi-to-postmanv2 converts each operation (name, description, parameters, saved example
 * responses); the collection is then laid out as a runnable workflow (scripts/postman-workflow.ts):
 * folders in dependency order, path ids taken from collection variables that earlier requests
 * captured, bodies from the spec's request examples, uploads of the bundled sample files, and a
 * test script on every request (scripts/postman-scripts.ts: status, Content-Type, the response
 * schema from the spec). `newman run` against a running API passes it (test/postman-newman.test.ts).
 *
 * Made deterministic (the converter draws random ids and fake example values): Math.random is
 * seeded for the conversion and every id is derived from the item's place in the collection.
 * The API key is the collection variable `apiKey` used by bearer auth on the collection (requests
 * inherit it), `baseUrl` defaults to the local server, optional parameters start unticked, and each
 * POST sends a fresh `Idempotency-Key` ({{$guid}}). Saved responses are kept only where the spec
 * has an example (the converter fills the others with placeholder values).
 */
import crypto from 'node:crypto';
import { testScript } from './postman-scripts';
import { exampleOf, operationOf, operationsOf, resolve, workflow, ASSETS_DIR, type Step } from './postman-workflow';

export const POSTMAN_DIR = 'examples/postman';
export const COLLECTION_FILE = `${POSTMAN_DIR}/lumiku.postman_collection.json`;
export const ENVIRONMENT_FILE = `${POSTMAN_DIR}/lumiku-local.postman_environment.json`;
const LOCAL_BASE_URL = 'http://localhost:8080';

/** A small seeded PRNG (mulberry32), standing in for Math.random during the conversion. */
function seeded(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = seed;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A UUID-shaped id from a stable name. */
function stableId(name: string): string {
  const h = crypto.createHash('sha256').update(name).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

type Json = any;

/** The PRNG the conversion draws from; reset per conversion (the faker may keep the function it saw at load). */
let draw = seeded(20260115);
const seededRandom = () => draw();

function convert(specText: string): Promise<Json> {
  const random = Math.random;
  draw = seeded(20260115);
  Math.random = seededRandom;
  const Converter = require('openapi-to-postmanv2') as { convert: (input: unknown, options: unknown, cb: (err: Error | null, res: Json) => void) => void };
  return new Promise<Json>((resolve, reject) => {
    Converter.convert(
      { type: 'string', data: specText },
      { folderStrategy: 'Tags', requestParametersResolution: 'Example', exampleParametersResolution: 'Example', includeAuthInfoInExample: false, optimizeConversion: false, stackLimit: 50 },
      (err, res) => {
        Math.random = random;
        if (err) return reject(err);
        if (!res.result) return reject(new Error(`openapi-to-postmanv2: ${res.reason}`));
        resolve(res.output[0].data);
      },
    );
  }).finally(() => {
    Math.random = random;
  });
}

/** `['v1', 'files', ':id']` → `/v1/files/{id}` */
const templateOf = (segments: string[]) => `/${segments.map((s) => (s.startsWith(':') ? `{${s.slice(1)}}` : s)).join('/')}`;

/** Every request the converter made, by `METHOD /path/{template}`. */
function convertedRequests(items: Json[]): Map<string, Json> {
  const out = new Map<string, Json>();
  const walk = (list: Json[]) => {
    for (const item of list) {
      if (item.item) walk(item.item);
      else out.set(`${item.request.method} ${templateOf(item.request.url.path)}`, item);
    }
  };
  walk(items);
  return out;
}

const script = (listen: 'test' | 'prerequest', exec: string[]) => ({ listen, script: { type: 'text/javascript', exec } });

/**
 * One request of the workflow: the converter's item for the operation, set up as the step says.
 * Only an operation's first request keeps the saved example responses (they would repeat).
 */
function requestFor(spec: Json, converted: Json, step: Step, first: boolean): Json {
  const item = structuredClone(converted);
  const request = item.request;
  const name = step.name ?? item.name;
  item.name = name;
  request.name = name;
  delete request.auth; // inherit the collection's bearer auth
  if (step.note) request.description = { content: `${step.note}\n\n${request.description?.content ?? ''}`.trim(), type: 'text/plain' };

  for (const variable of request.url.variable ?? []) {
    const value = step.path?.[variable.key];
    if (value === undefined) throw new Error(`postman: ${step.op} needs a value for :${variable.key} in the workflow`);
    variable.value = value;
  }
  const query: Json[] = request.url.query ?? [];
  for (const q of query) q.disabled = true; // optional parameters start unticked (the converter fills them with placeholders)
  for (const [key, value] of Object.entries(step.query ?? {})) {
    const q = query.find((x) => x.key === key);
    if (!q) throw new Error(`postman: ${step.op} has no query parameter ${key}`);
    q.value = value;
    q.disabled = false;
  }

  const header: Json[] = [];
  for (const h of request.header ?? []) {
    const key = String(h.key).toLowerCase();
    if (key === 'idempotency-key') header.push({ ...h, value: '{{$guid}}', disabled: false });
    else if (key === 'content-type') {
      if (step.body !== undefined) header.push({ key: h.key, value: 'application/json' }); // a multipart boundary is newman's to add
    } else if (key === 'accept') header.push({ ...h, value: acceptOf(spec, step.op) ?? h.value });
    else header.push({ ...h, disabled: true }); // optional headers (Range, Last-Event-ID) start unticked
  }
  if (step.body !== undefined && !header.some((h) => String(h.key).toLowerCase() === 'content-type')) header.push({ key: 'Content-Type', value: 'application/json' });
  request.header = header;

  if (step.body !== undefined) request.body = { mode: 'raw', raw: JSON.stringify(step.body, null, 2), options: { raw: { language: 'json' } } };
  else if (step.upload) {
    const part = (request.body?.formdata ?? []).find((p: Json) => p.key === 'file');
    if (!part) throw new Error(`postman: ${step.op} has no multipart file part`);
    request.body = { mode: 'formdata', formdata: [{ key: 'file', type: 'file', src: step.upload, description: part.description }] };
  } else delete request.body;

  const operation = operationOf(spec, step.op);
  item.response = (first ? item.response ?? [] : []).filter((r: Json) => {
    const documented = resolve(spec, operation.responses?.[String(r.code)]);
    return Object.values<Json>(documented?.content ?? {}).some((media) => exampleOf(spec, media) !== undefined);
  });
  item.event = [...(step.prerequest ? [script('prerequest', step.prerequest)] : []), script('test', testScript(spec, step))];
  return item;
}

/** What a request accepts: its success response's media type, or any type when that may be one of several (a file's content). */
function acceptOf(spec: Json, op: string): string | undefined {
  const responses = operationOf(spec, op).responses ?? {};
  const success = Object.keys(responses).filter((code) => /^2\d\d$/.test(code)).sort();
  const types = Object.keys(resolve(spec, responses[success[0]])?.content ?? {});
  if (types.length > 1 || types.some((t) => t.includes('*'))) return '*/*';
  return types[0];
}

/** Stable ids from each node's place in the collection. */
function stableIds(node: Json, trail: string) {
  if (Array.isArray(node)) {
    node.forEach((child, i) => stableIds(child, `${trail}/${i}`));
    return;
  }
  if (!node || typeof node !== 'object') return;
  if (typeof node.id === 'string') node.id = stableId(trail);
  for (const [key, value] of Object.entries(node)) stableIds(value, `${trail}/${key}`);
}

const DESCRIPTION = `

Run it as a workflow (the folders are in dependency order; ids are captured into collection variables as they are made):

    npx newman run examples/postman/lumiku.postman_collection.json \\
      -e examples/postman/lumiku-local.postman_environment.json --env-var apiKey=$LUMIKU_API_KEY

from the repository root, so the uploads find the bundled sample files in \`${ASSETS_DIR}\` (in Postman, pick them in the upload requests' \`file\` field). Every request tests its status, Content-Type and response schema against the spec. \`npm start\` prints a test key; test keys are never charged.`;

export async function buildPostman(specText: string): Promise<{ collection: string; environment: string }> {
  const spec = JSON.parse(specText);
  const converted = await convert(specText);
  const byOp = convertedRequests(converted.item);
  const plan = workflow(spec);

  const placed = new Set<string>();
  const item = plan.folders.map((folder) => ({
    name: folder.name,
    description: folder.description,
    item: folder.steps.map((step) => {
      const source = byOp.get(step.op);
      if (!source) throw new Error(`postman: the converter made no request for ${step.op}`);
      const first = !placed.has(step.op);
      placed.add(step.op);
      return requestFor(spec, source, step, first);
    }),
  }));
  const missing = operationsOf(spec).filter((op) => !placed.has(op));
  if (missing.length) throw new Error(`postman: the workflow (scripts/postman-workflow.ts) does not place ${missing.join(', ')}`);
  const names = item.flatMap((f) => f.item.map((r: Json) => r.name));
  const repeated = names.filter((n, i) => names.indexOf(n) !== i);
  if (repeated.length) throw new Error(`postman: request names must be unique (polling asks again by name): ${repeated.join(', ')}`);

  const collection: Json = {
    info: { ...converted.info, _postman_id: stableId('collection') },
    item,
    auth: { type: 'bearer', bearer: [{ key: 'token', value: '{{apiKey}}', type: 'string' }] },
    variable: [
      { key: 'baseUrl', value: LOCAL_BASE_URL, type: 'string' },
      { key: 'apiKey', value: '', type: 'string', description: 'An lk_test_… or lk_live_… key (npm start prints a test key).' },
      ...plan.variables.map((v) => ({ key: v.key, value: v.value, type: 'string', description: v.description })),
      { key: 'polls', value: '0', type: 'string', description: 'Set by the run: how often a job was asked for again.' },
    ],
  };
  const description = collection.info.description;
  collection.info.description = { content: `${typeof description === 'string' ? description : (description?.content ?? '')}${DESCRIPTION}`, type: 'text/plain' };
  stableIds(collection.item, 'item');
  const environment = {
    id: stableId('environment'),
    name: 'Lumiku local',
    values: [
      { key: 'baseUrl', value: LOCAL_BASE_URL, type: 'default', enabled: true },
      { key: 'apiKey', value: '', type: 'secret', enabled: true },
    ],
    _postman_variable_scope: 'environment',
  };
  return { collection: `${JSON.stringify(collection, null, 2)}\n`, environment: `${JSON.stringify(environment, null, 2)}\n` };
}
