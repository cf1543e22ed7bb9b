/**
 * The order the Postman collection runs the API in, derived from the spec: each request after the
 * ones whose ids it needs, ids captured into collection variables, bodies from the spec's request
 * examples with those ids put in, and the status each request must answer.
 *
 *   Account and catalogue → Files (upload a clip and a photo) → each app (quote, create, retrieve
 *   until finished, list, cancel), apps whose examples name another app's ids after that app
 *   (pose generations after avatars) → Jobs → Events → Webhook endpoints (create, update, rotate,
 *   resend an event, deliveries, recover, delete) → API keys (create … revoke) → Clean up (delete
 *   the avatar and the files, then a deleted file answers 404).
 *
 * The job apps are found in the spec (a create with `dry_run` and a `{id}/cancel`), so a new app
 * gets its folder by being in the spec. Every other operation is placed here by hand: one the plan
 * does not place fails the generation, so a new endpoint cannot silently miss the collection.
 */

type Json = any;

/** The bundled files the upload requests send, relative to the repository root (newman's working directory). */
export const ASSETS_DIR = 'examples/postman-assets';
export const VIDEO_ASSET = `${ASSETS_DIR}/clip.mp4`;
export const IMAGE_ASSET = `${ASSETS_DIR}/photo.jpg`;

/** How long one retrieve holds for a finished job (`?wait=`), and how often it is asked again. */
export const WAIT_SECONDS = 30;
export const MAX_POLLS = 10;

export interface Step {
  /** `METHOD /path/{template}` of a spec operation. */
  op: string;
  /** The request's name, when the operation's summary is not enough (a second request of one operation). */
  name?: string;
  /** The status the response must have (one the spec documents for the operation). */
  status: number;
  /** Path variables, e.g. `{ id: '{{videoMixId}}' }`. */
  path?: Record<string, string>;
  /** Query parameters sent (the others stay unticked). */
  query?: Record<string, string>;
  /** A JSON body (the spec's request example with ids put in). */
  body?: Json;
  /** A multipart upload of a bundled file (path from the repository root). */
  upload?: string;
  /** Collection variables set from a successful response: name → expression over `body`. */
  capture?: Record<string, string>;
  /** The job's noun: asked again while queued or processing, then it must have succeeded. */
  poll?: string;
  /** An expression the response's Content-Type must contain (default: the spec's media type). */
  contentType?: string;
  /** The problem `code` the (error) response must carry. */
  code?: string;
  /** Script lines run before the request. */
  prerequest?: string[];
  /** A sentence added to the request's description: what this step shows. */
  note?: string;
}

export interface Folder {
  name: string;
  description: string;
  steps: Step[];
}

export interface Variable {
  key: string;
  value: string;
  description: string;
}

export interface Workflow {
  folders: Folder[];
  /** Collection variables besides `baseUrl` and `apiKey`: inputs with defaults, then captured ids. */
  variables: Variable[];
}

/** A job app as the spec shows it. */
interface JobApp {
  path: string;
  /** `video_mix` */
  object: string;
  /** `vmix` */
  prefix: string;
  /** `videoMixId` */
  variable: string;
  /** `video mix` */
  noun: string;
  /** `Video mixes`: the operation's tag, the folder's name. */
  folder: string;
  /** `Quote a video mix (dry run)` */
  quote: string;
  /** The create example, ids not yet put in. */
  example: Json;
  /** Id prefixes of other objects the example names. */
  needs: string[];
}

/** An object id as the examples write them: a prefix and a 26-character ULID. */
const ID = /^([a-z]+)_[0-9a-z]{26}$/;

const camel = (snake: string) => snake.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());

/** Follows `$ref`s within the spec. */
export function resolve(spec: Json, node: Json): Json {
  let out = node;
  while (out && typeof out.$ref === 'string') out = out.$ref.replace(/^#\//, '').split('/').reduce((at: Json, key: string) => at?.[key], spec);
  return out;
}

export function operationOf(spec: Json, op: string): Json {
  const [method, template] = op.split(' ');
  const operation = spec.paths?.[template]?.[method.toLowerCase()];
  if (!operation) throw new Error(`postman: the workflow names ${op}, which the spec does not have`);
  return operation;
}

/** The example of a media object (`example`, or the first of `examples`). */
export function exampleOf(spec: Json, media: Json): Json {
  if (!media) return undefined;
  if (media.example !== undefined) return media.example;
  const first = Object.values<Json>(media.examples ?? {})[0];
  return first === undefined ? undefined : resolve(spec, first).value;
}

function requestExample(spec: Json, op: string): Json {
  const example = exampleOf(spec, operationOf(spec, op).requestBody?.content?.['application/json']);
  if (example === undefined) throw new Error(`postman: ${op} has no request example in the spec (the collection sends it as the body)`);
  return structuredClone(example);
}

function idsIn(value: Json, found: string[] = []): string[] {
  if (typeof value === 'string') {
    const m = ID.exec(value);
    if (m) found.push(m[1]);
  } else if (value && typeof value === 'object') for (const v of Object.values(value)) idsIn(v, found);
  return found;
}

function jobApps(spec: Json): JobApp[] {
  const apps: JobApp[] = [];
  for (const [p, item] of Object.entries<Json>(spec.paths)) {
    const create = item.post;
    const params = (create?.parameters ?? []).map((q: Json) => resolve(spec, q));
    if (!params.some((q: Json) => q.in === 'query' && q.name === 'dry_run')) continue;
    if (!spec.paths[`${p}/{id}`]?.get || !spec.paths[`${p}/{id}/cancel`]?.post) continue;
    const retrieved = exampleOf(spec, resolve(spec, spec.paths[`${p}/{id}`].get.responses['200'])?.content?.['application/json']);
    if (!retrieved?.object || typeof retrieved.id !== 'string') throw new Error(`postman: GET ${p}/{id} has no example with object and id`);
    const example = requestExample(spec, `POST ${p}`);
    const noun = String(create.summary ?? retrieved.object).replace(/^Create (an? )?/, '');
    const folder = String(create.tags?.[0] ?? noun);
    const quote = `${String(create.summary ?? `Create ${noun}`).replace(/^Create/, 'Quote')} (dry run)`;
    apps.push({ path: p, object: retrieved.object, prefix: retrieved.id.split('_')[0], variable: `${camel(retrieved.object)}Id`, noun, folder, quote, example, needs: idsIn(example) });
  }
  // Apps whose examples name another app's objects come after that app (spec order otherwise).
  const ordered: JobApp[] = [];
  const prefixes = new Set(apps.map((a) => a.prefix));
  const placed = new Set<string>();
  while (ordered.length < apps.length) {
    const next = apps.find((a) => !ordered.includes(a) && a.needs.every((n) => !prefixes.has(n) || placed.has(n)));
    if (!next) throw new Error('postman: the job apps\' examples name each other in a cycle');
    ordered.push(next);
    placed.add(next.prefix);
  }
  return ordered;
}

/** One upload of a bundled file, standing for one file id the examples name. */
interface Upload {
  /** The example's file id it stands for. */
  example: string;
  /** `clipFileId1` */
  variable: string;
  /** `clip 1` */
  label: string;
  asset: string;
}

/**
 * One upload per distinct file id the examples name (a job may not use one file twice where it
 * needs several): an id naming an image (`file_…img…`, as the examples name them) is a photo, any
 * other a clip. At least one clip, for the Files folder.
 */
function uploadsFor(examples: Json[]): Upload[] {
  const ids: string[] = [];
  const walk = (value: Json) => {
    if (typeof value === 'string') {
      if (ID.exec(value)?.[1] === 'file' && !ids.includes(value)) ids.push(value);
    } else if (value && typeof value === 'object') Object.values(value).forEach(walk);
  };
  examples.forEach(walk);
  if (!ids.some((id) => !id.includes('img'))) ids.unshift('file_clip');
  const count = { clip: 0, photo: 0 };
  return ids.map((example) => {
    const kind = example.includes('img') ? 'photo' : 'clip';
    const n = ++count[kind];
    return { example, variable: `${kind}FileId${n}`, label: `${kind} ${n}`, asset: kind === 'photo' ? IMAGE_ASSET : VIDEO_ASSET };
  });
}

/**
 * The example with its ids replaced by the variables that hold real ones: a file id by its upload's,
 * an app's id by the one its create captured. `external_id` gets a fresh suffix, since an account's
 * jobs may not share one.
 */
function withIds(value: Json, variables: Map<string, string>, op: string): Json {
  if (typeof value === 'string') {
    const m = ID.exec(value);
    if (!m) return value;
    const variable = variables.get(value) ?? variables.get(m[1]);
    if (!variable) throw new Error(`postman: the example of ${op} names ${value}, which no earlier request of the workflow creates`);
    return `{{${variable}}}`;
  }
  if (Array.isArray(value)) return value.map((v) => withIds(v, variables, op));
  if (value && typeof value === 'object') {
    const out: Json = {};
    for (const [k, v] of Object.entries(value)) out[k] = k === 'external_id' && typeof v === 'string' ? `${v}-{{$guid}}` : withIds(v, variables, op);
    return out;
  }
  return value;
}

export function workflow(spec: Json): Workflow {
  const apps = jobApps(spec);
  const uploads = uploadsFor(apps.map((a) => a.example));
  const clip = uploads.find((u) => u.asset === VIDEO_ASSET)!;
  // Ids by the example's exact file id, or by an app's prefix.
  const idVariables = new Map([...uploads.map((u) => [u.example, u.variable] as const), ...apps.map((a) => [a.prefix, a.variable] as const)]);
  const body = (op: string, example: Json = requestExample(spec, op)) => withIds(example, idVariables, op);
  const byId = (variable: string) => ({ id: `{{${variable}}}` });
  const webhookExample = requestExample(spec, 'POST /v1/webhook_endpoints');
  // The run's endpoint is saved disabled: a run sends nothing anywhere (the default URL is a public
  // address). Point `webhookUrl` at your receiver and enable the endpoint to watch deliveries.
  const webhookUrl = (fields: Json) => ({ ...fields, ...('url' in fields ? { url: '{{webhookUrl}}' } : {}), enabled: false });

  const folders: Folder[] = [
    {
      name: 'Account and catalogue',
      description: 'What the key sees before creating anything: the account, prices, models, presets and the pose library.',
      steps: [
        { op: 'GET /v1/account', status: 200 },
        { op: 'GET /v1/prices', status: 200 },
        { op: 'GET /v1/models', status: 200 },
        { op: 'GET /v1/avatar_presets', status: 200 },
        { op: 'GET /v1/pose_categories', status: 200 },
        { op: 'GET /v1/poses', status: 200, capture: { poseId: 'body.data[0].id' } },
        { op: 'GET /v1/poses/{id}', status: 200, path: byId('poseId') },
        { op: 'GET /v1/poses/{id}/preview', status: 200, path: byId('poseId') },
        { op: 'GET /v1/credit_transactions', status: 200 },
        { op: 'GET /v1/webhook_secret', status: 200 },
      ],
    },
    {
      name: 'Files',
      description: `Uploads the bundled sample clip and photo (\`${ASSETS_DIR}\`, sent from the repository root: run newman there, or pick your own files in Postman), once for each file the apps' examples name. Their ids feed every app below.`,
      steps: [
        ...uploads.map((u): Step => ({ op: 'POST /v1/files', name: `Upload ${u.label}`, status: 201, upload: u.asset, capture: { [u.variable]: 'body.id', ...(u === clip ? { clipContentType: 'body.content_type' } : {}) } })),
        { op: 'GET /v1/files', status: 200 },
        { op: 'GET /v1/files/{id}', status: 200, path: byId(clip.variable) },
        { op: 'GET /v1/files/{id}/content', status: 200, path: byId(clip.variable), contentType: "pm.collectionVariables.get('clipContentType')" },
        ...(spec.paths['/v1/files/uploads']
          ? ((): Step[] => {
              const code = 'direct_upload_needs_s3';
              const note = 'Direct-to-S3 uploads need STORAGE_DRIVER=s3; `npm start` stores files locally, so this answers 409 `direct_upload_needs_s3`. With S3 storage it answers the upload (or its file) instead.';
              const upload = { id: '{{directUploadId}}' };
              const prerequest = ["pm.collectionVariables.set('directUploadId', 'upl_01jhx7f1le000000000000000b');"];
              return [
                { op: 'POST /v1/files/uploads', status: 409, body: body('POST /v1/files/uploads'), code, note },
                { op: 'GET /v1/files/uploads/{id}', status: 409, path: upload, code, note, prerequest },
                { op: 'POST /v1/files/uploads/{id}/complete', status: 409, path: upload, body: body('POST /v1/files/uploads/{id}/complete'), code, note },
                { op: 'POST /v1/files/uploads/{id}/abort', status: 409, path: upload, code, note },
              ];
            })()
          : []),
      ],
    },
    ...apps.map((app): Folder => {
      const extra: Step[] = app.path === '/v1/avatars' ? [{ op: 'PATCH /v1/avatars/{id}', status: 200, path: byId(app.variable), body: body('PATCH /v1/avatars/{id}') }] : [];
      return {
        name: app.folder,
        description: `Quotes the ${app.noun} (dry run), creates it from the spec's example, waits for it to finish (\`?wait=${WAIT_SECONDS}\`, asked again while it runs), lists, and cancels it (a finished job is left as it is).`,
        steps: [
          { op: `POST ${app.path}`, name: app.quote, status: 200, query: { dry_run: 'true' }, body: body(`POST ${app.path}`, app.example) },
          { op: `POST ${app.path}`, status: 202, body: body(`POST ${app.path}`, app.example), capture: { [app.variable]: 'body.id' } },
          { op: `GET ${app.path}/{id}`, status: 200, path: byId(app.variable), query: { wait: String(WAIT_SECONDS) }, poll: app.noun },
          ...extra,
          { op: `GET ${app.path}`, status: 200 },
          { op: `POST ${app.path}/{id}/cancel`, status: 200, path: byId(app.variable) },
        ],
      };
    }),
    {
      name: 'Jobs',
      description: 'Every app\'s jobs in one list, one job by id, and its event stream (a finished job\'s events are replayed, then the stream closes).',
      steps: [
        { op: 'GET /v1/jobs', status: 200 },
        { op: 'GET /v1/jobs/{id}', status: 200, path: byId(apps[0].variable), query: { wait: String(WAIT_SECONDS) } },
        { op: 'GET /v1/jobs/{id}/events', status: 200, path: byId(apps[0].variable) },
        ...(spec.paths['/v1/usage'] ? [{ op: 'GET /v1/usage', status: 200, query: { granularity: 'day', group_by: 'app' }, note: 'This month\'s jobs and credits per UTC day, split by app.' }] : []),
      ],
    },
    {
      name: 'Events',
      description: 'The events the jobs above wrote.',
      steps: [
        { op: 'GET /v1/events', status: 200, capture: { eventId: 'body.data[0].id' } },
        { op: 'GET /v1/events/{id}', status: 200, path: byId('eventId') },
        ...(spec.paths['/v1/events/stream']
          ? [
              {
                op: 'GET /v1/events/stream',
                name: 'Stream the account\'s events (422: unknown type)',
                status: 422,
                query: { types: 'no_such.event' },
                code: 'validation_failed',
                note: 'The stream stays open for as long as the connection does, so a run cannot wait for it to end: this request shows the check on `types` instead. Untick `types` (or give real ones, e.g. `video_mix.*`) to watch events arrive.',
              },
            ]
          : []),
      ],
    },
    {
      name: 'Webhook endpoints',
      description: 'An endpoint at `{{webhookUrl}}`, saved disabled so a run delivers nothing: created, read, updated, its secret rotated, a test event refused (it is disabled), an event resent to it, its deliveries, a recovery, and deleted.',
      steps: [
        { op: 'POST /v1/webhook_endpoints', status: 201, body: body('POST /v1/webhook_endpoints', webhookUrl(webhookExample)), capture: { webhookEndpointId: 'body.id' } },
        { op: 'GET /v1/webhook_endpoints/{id}', status: 200, path: byId('webhookEndpointId') },
        { op: 'GET /v1/webhook_endpoints', status: 200 },
        { op: 'PATCH /v1/webhook_endpoints/{id}', status: 200, path: byId('webhookEndpointId'), body: body('PATCH /v1/webhook_endpoints/{id}', webhookUrl(requestExample(spec, 'PATCH /v1/webhook_endpoints/{id}'))) },
        { op: 'POST /v1/webhook_endpoints/{id}/rotate_secret', status: 200, path: byId('webhookEndpointId') },
        {
          op: 'POST /v1/webhook_endpoints/{id}/send_test_event',
          status: 409,
          path: byId('webhookEndpointId'),
          code: 'endpoint_disabled',
          note: 'The run\'s endpoint is saved disabled, so this answers 409 `endpoint_disabled`. Point `webhookUrl` at your receiver and enable the endpoint to get 202 and one signed `webhook_endpoint.test` delivery.',
        },
        { op: 'POST /v1/events/{id}/resend', status: 200, path: byId('eventId') },
        { op: 'GET /v1/webhook_endpoints/{id}/deliveries', status: 200, path: byId('webhookEndpointId') },
        {
          op: 'POST /v1/webhook_endpoints/{id}/recover',
          status: 200,
          path: byId('webhookEndpointId'),
          query: { since: '{{recoverSince}}' },
          prerequest: ['// Recover what failed in the last hour.', "pm.collectionVariables.set('recoverSince', new Date(Date.now() - 3600 * 1000).toISOString());"],
        },
        { op: 'DELETE /v1/webhook_endpoints/{id}', status: 200, path: byId('webhookEndpointId') },
      ],
    },
    {
      name: 'API keys',
      description: 'A key with fewer scopes and a quota, made and revoked again.',
      steps: [
        { op: 'POST /v1/api_keys', status: 201, body: body('POST /v1/api_keys'), capture: { apiKeyId: 'body.id' } },
        { op: 'GET /v1/api_keys', status: 200 },
        { op: 'GET /v1/api_keys/{id}', status: 200, path: byId('apiKeyId') },
        { op: 'DELETE /v1/api_keys/{id}', status: 200, path: byId('apiKeyId') },
        ...(spec.paths['/v1/audit_events'] ? [{ op: 'GET /v1/audit_events', status: 200, query: { target: '{{apiKeyId}}' }, note: 'The key\'s creation and revocation in the audit log.' }] : []),
      ],
    },
    ...peopleFolders(spec),
    ...billingFolders(spec),
    {
      name: 'Clean up',
      description: 'Deletes what the run made (the jobs stay, as jobs do), then shows an error: a deleted file answers 404 with a problem document.',
      steps: [
        ...(apps.some((a) => a.path === '/v1/avatars') ? [{ op: 'DELETE /v1/avatars/{id}', status: 200, path: byId(idVariables.get(apps.find((a) => a.path === '/v1/avatars')!.prefix)!) }] : []),
        ...uploads.map((u): Step => ({ op: 'DELETE /v1/files/{id}', name: `Delete ${u.label}`, status: 200, path: byId(u.variable) })),
        { op: 'GET /v1/files/{id}', name: `Retrieve the deleted ${clip.label} (404)`, status: 404, path: byId(clip.variable), code: 'resource_not_found', note: 'Deliberately asks for the file deleted above: errors are problem documents with a stable `code`.' },
      ],
    },
  ];

  const captured = [...new Set(folders.flatMap((f) => f.steps.flatMap((s) => Object.keys(s.capture ?? {}))))];
  const variables: Variable[] = [
    {
      key: 'webhookUrl',
      value: withoutDns(String(webhookExample.url)),
      description:
        'Where the run\'s webhook endpoint points. The run saves it disabled, so nothing is delivered: set this to your receiver and enable the endpoint to see deliveries. The default is the spec example\'s URL with example.com written as its address, so that saving it needs no DNS (the API resolves the host when the endpoint is saved).',
    },
    ...captured.map((key) => ({ key, value: '', description: 'Set by the run (captured from a response).' })),
    { key: 'recoverSince', value: '', description: 'Set by the run (an hour before the recover request).' },
  ];
  return { folders, variables };
}

/** example.com's public address (the examples' URLs name RFC 2606 hosts). */
const EXAMPLE_COM_ADDRESS = '93.184.215.14';

/** An example URL at example.com with the host written as its address. */
function withoutDns(raw: string): string {
  const url = new URL(raw);
  if (/(^|\.)example\.com$/i.test(url.hostname)) url.hostname = EXAMPLE_COM_ADDRESS;
  return url.href;
}

/** Every spec operation as `METHOD /path`. */
export function operationsOf(spec: Json): string[] {
  const ops: string[] = [];
  for (const [p, item] of Object.entries<Json>(spec.paths)) for (const method of ['get', 'post', 'put', 'patch', 'delete']) if (item[method]) ops.push(`${method.toUpperCase()} ${p}`);
  return ops;
}

/**
 * The organization's people and the dashboard's sign-in, when the spec has them. The run's key
 * belongs to an organization made without people, so the member operations are shown as the 404 a
 * member of another organization gets; invitations are sent (to an example address) and revoked.
 * The /auth requests sign up and in with the examples' credentials (newman keeps the cookie), read
 * the session and its CSRF token, and sign out sending it; links from emails are not in the run, so
 * the link operations show the answer to a link that is not ours.
 */
function peopleFolders(spec: Json): Folder[] {
  if (!spec.paths['/v1/members'] || !spec.paths['/auth/login']) return [];
  const example = (op: string) => requestExample(spec, op);
  const missingMember = { id: '{{missingMemberId}}' };
  const setMissingMember = ["pm.collectionVariables.set('missingMemberId', 'mem_01jhx7mb00000000000000zzzz');"];
  const notOurs = 'Deliberately sends the example token, which no email carried: a link that is not ours is a 400 `link_invalid`.';
  const csrf = ["pm.request.headers.upsert({ key: 'Lumiku-CSRF-Token', value: pm.collectionVariables.get('csrfToken') });"];
  return [
    {
      name: 'Organization and members',
      description: 'The organization\'s settings, an invitation sent and revoked, and the members (the run\'s organization has none: a member id answers 404).',
      steps: [
        { op: 'GET /v1/organization', status: 200 },
        { op: 'PATCH /v1/organization', status: 200, body: example('PATCH /v1/organization') },
        { op: 'POST /v1/invitations', status: 201, body: example('POST /v1/invitations'), capture: { invitationId: 'body.id' } },
        { op: 'GET /v1/invitations', status: 200 },
        { op: 'DELETE /v1/invitations/{id}', status: 200, path: { id: '{{invitationId}}' } },
        { op: 'GET /v1/members', status: 200 },
        { op: 'GET /v1/members/{id}', status: 404, path: missingMember, code: 'resource_not_found', prerequest: setMissingMember, note: 'Deliberately names a member of no organization of the key.' },
        { op: 'PATCH /v1/members/{id}', status: 404, path: missingMember, body: example('PATCH /v1/members/{id}'), code: 'resource_not_found', note: 'Deliberately names a member of no organization of the key.' },
        { op: 'DELETE /v1/members/{id}', status: 404, path: missingMember, code: 'resource_not_found', note: 'Deliberately names a member of no organization of the key.' },
      ],
    },
    {
      name: 'Sign-in (dashboard)',
      description: 'Sign up and sign in as the dashboard does (the session is a cookie; newman keeps it), read the session, and sign out with its CSRF token.',
      steps: [
        { op: 'POST /auth/signup', status: 202, body: example('POST /auth/signup') },
        { op: 'POST /auth/login', status: 200, body: example('POST /auth/login'), capture: { csrfToken: 'body.csrf_token' } },
        { op: 'GET /auth/session', status: 200 },
        { op: 'POST /auth/verify_email', status: 400, body: example('POST /auth/verify_email'), code: 'link_invalid', note: notOurs },
        { op: 'POST /auth/password_reset', status: 202, body: example('POST /auth/password_reset') },
        { op: 'POST /auth/password_reset/confirm', status: 400, body: example('POST /auth/password_reset/confirm'), code: 'link_invalid', note: notOurs },
        { op: 'POST /auth/logout', status: 200, prerequest: csrf, note: 'Sends the session\'s CSRF token (captured from the sign-in) in Lumiku-CSRF-Token.' },
        { op: 'POST /auth/invitations/accept', status: 400, body: example('POST /auth/invitations/accept'), code: 'link_invalid', note: notOurs },
      ],
    },
  ];
}

/**
 * Billing, when the spec has it: the catalogue, the caller's payments and subscription, and the two
 * buying operations. `npm start` (and the run) configure no payment gateway, so buying answers 503
 * `billing_not_configured`; with STRIPE_SECRET_KEY set they answer 201 with the gateway's `url`.
 */
function billingFolders(spec: Json): Folder[] {
  if (!spec.paths['/v1/checkout_sessions']) return [];
  const example = (op: string) => requestExample(spec, op);
  const noGateway = 'This run configures no payment gateway, so buying answers 503 `billing_not_configured`; with STRIPE_SECRET_KEY and STRIPE_WEBHOOK_SECRET set it answers 201 with the page to send the buyer to.';
  return [
    {
      name: 'Billing',
      description: 'Credit packs and plans on sale, the payments and subscription of the organization, and starting a checkout or the customer portal.',
      steps: [
        { op: 'GET /v1/credit_packs', status: 200 },
        { op: 'GET /v1/plans', status: 200 },
        { op: 'GET /v1/payments', status: 200 },
        { op: 'GET /v1/subscription', status: 200 },
        { op: 'POST /v1/checkout_sessions', status: 503, body: example('POST /v1/checkout_sessions'), code: 'billing_not_configured', note: noGateway },
        { op: 'POST /v1/billing_portal_sessions', status: 503, body: example('POST /v1/billing_portal_sessions'), code: 'billing_not_configured', note: noGateway },
        ...(spec.paths['/v1/auto_top_up']
          ? [
              { op: 'PUT /v1/auto_top_up', status: 503, body: example('PUT /v1/auto_top_up'), code: 'billing_not_configured', note: 'Auto top-up charges the card saved at checkout through Stripe; this run configures no gateway, so setting it answers 503 `billing_not_configured`.' },
              { op: 'DELETE /v1/auto_top_up', status: 403, code: 'livemode_mismatch', note: 'Auto top-up buys live credits, so only a live key changes it; with a test key this answers 403 `livemode_mismatch`, with a live key 200 and the settings turned off.' },
            ]
          : []),
      ],
    },
  ];
}
