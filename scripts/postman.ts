/**
 * The Postman collection and environment in examples/postman, generated from openapi/openapi.json
 * with openapi-to-postmanv2 (run by scripts/generate.ts, so the drift check covers them).
 *
 * Made deterministic (the converter draws random ids and fake example values): Math.random is
 * seeded for the conversion and every id is derived from the item's place in the collection.
 * Then shaped for use: the API key is the collection variable `apiKey` used by bearer auth on the
 * collection (requests inherit it), `baseUrl` defaults to the local server, optional query
 * parameters start unticked, and each POST sends a fresh `Idempotency-Key` ({{$guid}}).
 */
import crypto from 'node:crypto';

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

/** Walks the collection: stable ids, inherited auth, a fresh idempotency key per POST, dry_run off. */
function shape(node: Json, trail: string) {
  if (Array.isArray(node)) {
    node.forEach((child, i) => shape(child, `${trail}/${i}`));
    return;
  }
  if (!node || typeof node !== 'object') return;
  if (typeof node.id === 'string') node.id = stableId(trail);
  if (node.request && typeof node.request === 'object') {
    const request = node.request;
    delete request.auth; // inherit the collection's bearer auth
    for (const header of request.header ?? []) if (String(header.key).toLowerCase() === 'idempotency-key') header.value = '{{$guid}}';
    // Optional query parameters start unticked (the converter fills them with placeholder values).
    for (const query of request.url?.query ?? []) query.disabled = true;
    for (const variable of request.url?.variable ?? []) if (variable.key === 'id') variable.value = '';
  }
  for (const [key, value] of Object.entries(node)) if (key !== 'request') shape(value, `${trail}/${key}`);
  if (node.request) shape(node.request, `${trail}/request`);
}

export async function buildPostman(specText: string): Promise<{ collection: string; environment: string }> {
  const collection = await convert(specText);
  collection.info._postman_id = stableId('collection');
  shape(collection.item, 'item');
  collection.auth = { type: 'bearer', bearer: [{ key: 'token', value: '{{apiKey}}', type: 'string' }] };
  collection.variable = [
    { key: 'baseUrl', value: LOCAL_BASE_URL, type: 'string' },
    { key: 'apiKey', value: '', type: 'string', description: 'An lk_test_… or lk_live_… key (npm start prints a test key).' },
  ];
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
