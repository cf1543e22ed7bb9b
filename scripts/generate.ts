/**
 * Regenerates every generated artifact, in dependency order:
 *   0. from the app definitions (scripts/app-codegen.ts): the registry's list, the job controllers,
 *      the bundled price catalogue and the worker's renderer table
 *   1. tsoa: openapi/openapi.json and api/src/generated/routes.ts from the controllers, then the
 *      spec's webhooks section and its finishing (scripts/spec/finish.ts: shared problem responses,
 *      OpenAPI 3.0 schema forms, event-stream messages, neutral servers)
 *   2. @hey-api/openapi-ts: the SDK's generated layer in sdk-js/src/gen (config: sdk-js/openapi-ts.config.ts)
 *   3. openapi-typescript: test/generated/openapi.d.ts
 *   4. sdk-js/src/gen/apps.gen.ts: the SDK's job resources and event objects, from the spec
 *   5. openapi-to-postmanv2: examples/postman (collection + environment, see scripts/postman.ts)
 *   6. integrations/scripts/generate.ts: the no-code connectors (n8n, Zapier, Make) and their versions
 *
 * Output is deterministic: running it twice leaves the tree unchanged. Everything runs in-process
 * (no npx round trips); steps 2 and 3 run in a worker thread that loads those generators while
 * tsoa is still compiling the controllers, which keeps `check-generated` fast.
 *
 *   npx tsx scripts/generate.ts
 */
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { isMainThread, parentPort, Worker } from 'node:worker_threads';
import type { UserConfig } from '@hey-api/openapi-ts';
import { CATALOGUE_FILE, discoverApps, RENDERERS_DIR, writeApps, writeCatalogue, writeControllers, writeRenderers, writeSdkApps } from './app-codegen';
import { buildPostman, COLLECTION_FILE, ENVIRONMENT_FILE, POSTMAN_DIR } from './postman';
import { finishSpec } from './spec/finish';
import { INTEGRATION_GENERATED_PATHS, writeIntegrations } from '../integrations/scripts/generate';

export const ROOT = path.resolve(__dirname, '..');

/** Paths (relative to the repo root) that hold nothing but generator output. */
export const GENERATED_PATHS = ['openapi', 'api/src/generated', 'sdk-js/src/gen', 'test/generated', 'examples/postman', CATALOGUE_FILE, RENDERERS_DIR, ...INTEGRATION_GENERATED_PATHS] as const;

const TSOA_CONFIG = path.join(ROOT, 'tsoa.json');
const SPEC = path.join(ROOT, 'openapi/openapi.json');
const HEY_API_CONFIG = path.join(ROOT, 'sdk-js/openapi-ts.config.ts');
const OPENAPI_TYPES = path.join(ROOT, 'test/generated/openapi.d.ts');

/** A dynamic import that stays a real `import()` after compilation to CommonJS, for ESM-only packages. */
const importEsm = new Function('specifier', 'return import(specifier)') as <T = any>(specifier: string) => Promise<T>;

async function tsoa() {
  const { generateSpecAndRoutes } = await import('@tsoa/cli');
  await generateSpecAndRoutes({ configuration: TSOA_CONFIG });
  const spec = JSON.parse(fs.readFileSync(SPEC, 'utf8'));
  addWebhooks(spec);
  // Two-space JSON: YAML-based readers (Spectral parses JSON as YAML) refuse tab indentation.
  writeIfChanged(SPEC, `${JSON.stringify(finishSpec(spec), null, 2)}\n`);
}

/**
 * The spec's webhooks section, built from the event schemas tsoa generated (`JobEvent`,
 * `CreditsLowEvent`, …): one entry per event type, so generators and docs know every payload.
 * The document is OpenAPI 3.0, which names this section `x-webhooks` (3.1's `webhooks`).
 *
 * Each entry's example payload is built from examples the controllers already carry (so it stays
 * as true as they are): a job event wraps its app's `GET /v1/<app>/{id}` response example, set to
 * the event's status; `credits.low` is the events example of that type; `webhook_endpoint.disabled`
 * wraps the endpoint's retrieve example, disabled.
 */
function addWebhooks(spec: Json) {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { eventTypes } = require('../api/src/domain/events/catalogue') as typeof import('../api/src/domain/events/catalogue');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { APPS } = require('../api/src/domain/apps') as typeof import('../api/src/domain/apps');
  const schemas: Record<string, unknown> = spec.components?.schemas ?? {};
  const pascal = (name: string) => name.replace(/(^|_)(\w)/g, (_: string, __: string, c: string) => c.toUpperCase());
  const appOf = (type: string) => Object.values(APPS).find((app) => type.startsWith(`${app.name}.`));
  // A job event uses its app's own event schema when the controllers declare one (`AvatarEvent`), else `JobEvent`.
  const schemaFor = (type: string) => {
    if (type === 'credits.low') return 'CreditsLowEvent';
    if (type === 'webhook_endpoint.disabled') return 'WebhookEndpointDisabledEvent';
    if (type === 'webhook_endpoint.test') return 'WebhookEndpointTestEvent';
    if (type.startsWith('payment.')) return 'PaymentEvent';
    if (type === 'subscription.updated') return 'SubscriptionUpdatedEvent';
    const own = `${pascal(appOf(type)!.name)}Event`;
    return schemas[own] ? own : 'JobEvent';
  };
  const webhooks: Record<string, unknown> = {};
  for (const type of eventTypes()) {
    const schema = schemaFor(type);
    if (!schemas[schema]) throw new Error(`addWebhooks: no component schema ${schema}`);
    webhooks[type] = {
      post: {
        operationId: `webhooks.${type.replace(/[._](\w)/g, (_: string, c: string) => c.toUpperCase())}`,
        summary: `${type} event`,
        description: `${type === 'webhook_endpoint.test' ? 'Sent only to the endpoint named by `POST /v1/webhook_endpoints/{id}/send_test_event` (whatever its `event_types`), carrying that endpoint' : `Sent to subscribed webhook endpoints (and a job's webhook_url) when ${type === 'credits.low' ? 'a live balance falls below the low-credits threshold' : type === 'webhook_endpoint.disabled' ? 'an endpoint is disabled' : BILLING_EVENT_WHEN[type] ?? `a ${type.split('.')[0]} job becomes ${type.split('.')[1]}`}`}. Signed per Standard Webhooks: verify \`webhook-signature\` over \`webhook-id.webhook-timestamp.body\` with the endpoint's secret.`,
        tags: ['Webhooks'],
        // We call the receiver; its authenticity comes from the signature, not an API key.
        security: [],
        parameters: ['webhook-id', 'webhook-timestamp', 'webhook-signature'].map((name) => ({ name, in: 'header', required: true, schema: { type: 'string' } })),
        requestBody: { required: true, content: { 'application/json': { schema: { $ref: `#/components/schemas/${schema}` }, example: webhookExample(spec, type, appOf(type)) } } },
        responses: { '200': { description: 'Any 2xx acknowledges the event; anything else (or no answer in 15 s) is retried.' } },
      },
    };
  }
  spec['x-webhooks'] = webhooks;
}

const EXAMPLE_EVENT_ID = 'evt_01jf3v8a6q8m2k4c7xw9t5b3nd';

/** When each billing event is sent (the webhooks section's descriptions). */
const BILLING_EVENT_WHEN: Record<string, string> = {
  'payment.succeeded': 'a payment bought credits (they are in the ledger as a `purchase`)',
  'payment.refunded': 'a refund or dispute took credits back (a `reversal` in the ledger; the balance may go negative)',
  'subscription.updated': "the organization's plan subscription changed",
};

type Json = Record<string, any>;

/** The success examples of an operation, in the order tsoa wrote them. */
function responseExamples(spec: Json, path: string, method: string, status = '200'): Json[] {
  const media = spec.paths?.[path]?.[method]?.responses?.[status]?.content?.['application/json'];
  if (!media) return [];
  const values = media.example !== undefined ? [media.example] : Object.values<Json>(media.examples ?? {}).map((e) => e.value);
  return values.filter((v) => v && typeof v === 'object').map((v) => structuredClone(v));
}

/** The example payload of one event type (see addWebhooks). Throws if the example it needs is missing. */
function webhookExample(spec: Json, type: string, app: { name: string; path: string; pool: string } | undefined): Json {
  const envelope = (object: Json, createdAt: string) => ({ id: EXAMPLE_EVENT_ID, object: 'event', type, created_at: createdAt, livemode: object.livemode ?? true, data: { object } });
  if (type === 'credits.low') {
    const found = [...responseExamples(spec, '/v1/events/{id}', 'get'), ...responseExamples(spec, '/v1/events', 'get').flatMap((l) => l.data ?? [])].find((e) => e.type === type);
    if (!found) throw new Error('addWebhooks: no credits.low example on GET /v1/events/{id} or GET /v1/events to build its webhook example from');
    return found;
  }
  if (type === 'webhook_endpoint.test') {
    const [event] = responseExamples(spec, '/v1/webhook_endpoints/{id}/send_test_event', 'post', '202');
    if (!event) throw new Error('addWebhooks: POST /v1/webhook_endpoints/{id}/send_test_event has no response example to build the webhook_endpoint.test example from');
    return event;
  }
  if (type === 'webhook_endpoint.disabled') {
    const [endpoint] = responseExamples(spec, '/v1/webhook_endpoints/{id}', 'get');
    if (!endpoint) throw new Error('addWebhooks: GET /v1/webhook_endpoints/{id} has no response example to build the webhook_endpoint.disabled example from');
    return envelope({ ...endpoint, enabled: false, disabled_reason: 'failing' }, endpoint.updated_at ?? endpoint.created_at);
  }
  if (type.startsWith('payment.')) {
    const [list] = responseExamples(spec, '/v1/payments', 'get');
    const payment = list?.data?.[0];
    if (!payment) throw new Error('addWebhooks: GET /v1/payments has no response example to build the payment event examples from');
    const object = type === 'payment.refunded' ? { ...payment, status: 'refunded', amount_refunded: payment.amount, credits_reversed: payment.credits } : payment;
    return envelope(object, payment.created_at);
  }
  if (type === 'subscription.updated') {
    const [subscription] = responseExamples(spec, '/v1/subscription', 'get');
    if (!subscription) throw new Error('addWebhooks: GET /v1/subscription has no response example to build the subscription.updated example from');
    return envelope(subscription, subscription.updated_at);
  }
  if (!app) throw new Error(`addWebhooks: no app for event type ${type}`);
  const retrieve = `/v1/${app.path}/{id}`;
  const status = type.slice(app.name.length + 1);
  const examples = responseExamples(spec, retrieve, 'get');
  const base = examples.find((e) => e.status === status) ?? examples[0];
  if (!base) throw new Error(`addWebhooks: GET ${retrieve} has no response example to build the ${type} example from (add @Example<T>(…) to its controller method)`);
  const object = asStatus(base, status, app.pool === 'gpu' ? 'provider_error' : 'render_failed');
  return envelope(object, object.finished_at ?? object.started_at ?? object.created_at);
}

/** A job example moved to another status: outputs only when succeeded, credits settled when finished. */
function asStatus(job: Json, status: string, failureCode: string): Json {
  if (job.status === status) return job;
  const terminal = ['succeeded', 'failed', 'canceled'].includes(status);
  const out: Json = { ...job, status };
  const at = job.created_at;
  if (status === 'queued') out.progress = { fraction: 0, stage: 'queued', eta_seconds: null };
  else if (status === 'succeeded') out.progress = { fraction: 1, stage: 'done', eta_seconds: null };
  else if (status === 'processing') out.progress = { fraction: 0.5, stage: 'processing', eta_seconds: 20 };
  out.started_at = status === 'queued' || (status === 'canceled' && !job.started_at) ? null : (job.started_at ?? at);
  out.finished_at = terminal ? (job.finished_at ?? at) : null;
  out.error = status === 'failed' ? { code: failureCode, message: 'The job could not be finished; its credits were released.' } : null;
  if (out.credits) {
    const held = job.credits.reserved || job.credits.quoted;
    out.credits = { ...job.credits, reserved: held, charged: status === 'succeeded' ? held : 0, refunded: status === 'failed' || status === 'canceled' ? held : 0 };
  }
  if (status !== 'succeeded') {
    if (Array.isArray(out.outputs)) out.outputs = [];
    for (const key of ['image', 'thumbnail']) if (key in out) out[key] = null;
  }
  if (Array.isArray(out.items)) out.items = out.items.map((item: Json) => ({ ...item, status, error: status === 'failed' ? out.error : null, outputs: status === 'succeeded' ? item.outputs : [] }));
  return out;
}

/** Loads the generators that read the spec, returning a function that runs them. */
async function loadSpecGenerators() {
  const [{ createClient }, { default: openapiTS, astToString, COMMENT_HEADER }] = await Promise.all([
    importEsm<typeof import('@hey-api/openapi-ts')>('@hey-api/openapi-ts'),
    import('openapi-typescript'),
  ]);

  return async (log: (step: string, ms: number) => void) => {
    let started = performance.now();
    // The same as `openapi-ts -f sdk-js/openapi-ts.config.ts` (input, output and plugins come from that
    // file), without the progress banner; errors still throw.
    await createClient({ configFile: HEY_API_CONFIG, logs: { level: 'silent', file: false } } as UserConfig);
    log('@hey-api/openapi-ts → sdk-js/src/gen', performance.now() - started);

    started = performance.now();
    // The same as `openapi-typescript openapi/openapi.json -o test/generated/openapi.d.ts`.
    const ast = await openapiTS(pathToFileURL(SPEC), { silent: true });
    fs.mkdirSync(path.dirname(OPENAPI_TYPES), { recursive: true });
    writeIfChanged(OPENAPI_TYPES, `${COMMENT_HEADER}${astToString(ast)}`);
    log('openapi-typescript → test/generated/openapi.d.ts', performance.now() - started);

    started = performance.now();
    // Right after hey-api, which empties src/gen (so a later step's failure never leaves the SDK without it).
    writeSdkApps(fs.readFileSync(SPEC, 'utf8'));
    log('app registry → sdk-js/src/gen/apps.gen.ts', performance.now() - started);

    started = performance.now();
    // The SDK's version is the spec's info.version (package.json and src/version.ts).
    const { sync } = await importEsm(pathToFileURL(path.join(ROOT, 'sdk-js/scripts/sync-version.mjs')).href);
    sync();
    log('info.version → sdk-js version', performance.now() - started);

    started = performance.now();
    const postman = await buildPostman(fs.readFileSync(SPEC, 'utf8'));
    fs.mkdirSync(path.join(ROOT, POSTMAN_DIR), { recursive: true });
    writeIfChanged(path.join(ROOT, COLLECTION_FILE), postman.collection);
    writeIfChanged(path.join(ROOT, ENVIRONMENT_FILE), postman.environment);
    log('openapi-to-postmanv2 → examples/postman', performance.now() - started);

    started = performance.now();
    writeIntegrations(fs.readFileSync(SPEC, 'utf8'));
    log('connectors → integrations/{n8n,zapier,make}', performance.now() - started);
  };
}

function writeIfChanged(file: string, content: string) {
  if (fs.existsSync(file) && fs.readFileSync(file, 'utf8') === content) return;
  fs.writeFileSync(file, content);
}

type FromWorker = { type: 'log'; step: string; ms: number } | { type: 'done' } | { type: 'error'; error: string };

/** An error as text, with the details hey-api keeps in `errors` (its messages are silenced here). */
function describe(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const details = (err as { errors?: { error?: unknown }[] }).errors?.map((entry) => `  - ${entry.error instanceof Error ? entry.error.message : String(entry.error ?? entry)}`) ?? [];
  return [err.stack ?? err.message, ...details].join('\n');
}

/** The worker's side: load, wait for the spec, generate. */
function runWorker(port: NonNullable<typeof parentPort>) {
  const send = (message: FromWorker) => port.postMessage(message);
  const loaded = loadSpecGenerators();
  loaded.catch(() => {}); // reported once the spec is ready
  port.once('message', async () => {
    try {
      const run = await loaded;
      await run((step, ms) => send({ type: 'log', step, ms }));
      send({ type: 'done' });
    } catch (err) {
      send({ type: 'error', error: describe(err) });
    }
  });
}

export async function generate({ quiet = false } = {}) {
  const log = (step: string, ms: number) => {
    if (!quiet) console.log(`generate: ${step} (${Math.round(ms)} ms)`);
  };
  // Worker threads do not inherit tsx's hooks; register its CommonJS hook to load this file there.
  const worker = new Worker(`require('tsx/cjs'); require(${JSON.stringify(__filename)});`, { eval: true });
  const finished = new Promise<void>((resolve, reject) => {
    worker.on('message', (message: FromWorker) => {
      if (message.type === 'log') log(message.step, message.ms);
      else if (message.type === 'done') resolve();
      else if (message.type === 'error') reject(new Error(`spec generators failed:\n${message.error}`));
    });
    worker.on('error', reject);
    worker.on('exit', (code) => reject(new Error(`spec generator worker exited early (code ${code})`)));
  });
  finished.catch(() => {}); // handled below; avoids an unhandled rejection if tsoa fails first

  // tsoa resolves tsoa.json's relative paths against the working directory.
  const cwd = process.cwd();
  process.chdir(ROOT);
  try {
    let started = performance.now();
    const found = discoverApps();
    const apps = found.map((f) => f.app);
    writeApps(found);
    writeControllers(apps);
    writeCatalogue(apps);
    writeRenderers(apps);
    log('app definitions → registry, controllers, price catalogue, renderer table', performance.now() - started);
    started = performance.now();
    await tsoa();
    log('tsoa spec-and-routes', performance.now() - started);
  } catch (err) {
    await worker.terminate();
    throw err;
  } finally {
    process.chdir(cwd);
  }

  worker.postMessage('spec written');
  try {
    await finished;
  } finally {
    await worker.terminate();
  }
}

if (!isMainThread && parentPort) {
  runWorker(parentPort);
} else if (require.main === module) {
  generate().catch((err) => {
    console.error('generate failed:', err);
    process.exit(1);
  });
}
