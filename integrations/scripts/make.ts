/**
 * The Make (Integromat) custom app, in Make's local-development layout: `src/makecomapp.json` names
 * every component and its code files (`*.communication.iml.json`, `*.mappable-params.iml.json`, …),
 * as the Make Apps SDK (VS Code) clones and deploys them. Everything here comes from the model.
 */
import { deep, type ConnectorApp, type ConnectorField, type ConnectorSpec } from './model';

type Json = Record<string, any>;

/** Make's parameter types used here (see Make's "Parameters" reference). */
export type MakeParameter = Json & { name: string; type: string; label?: string };

const pascal = (snake: string) => snake.replace(/(^|_)(\w)/g, (_m, _u, c: string) => c.toUpperCase());
const kebab = (id: string) => id.replace(/([a-z0-9])([A-Z])/g, '$1-$2').replace(/_/g, '-').toLowerCase();
const title = (snake: string) => snake.split('_').map((w) => w[0].toUpperCase() + w.slice(1)).join(' ');
const firstParagraph = (text: string | undefined) => (text ?? '').split(/\n\s*\n/)[0].replace(/\s+/g, ' ').trim();

/** One Make parameter from a JSON schema; nested arrays and objects become `array` / `collection` with a `spec`. */
function parameterOf(name: string, schema: Json, required: boolean, depth = 0): MakeParameter {
  const help = firstParagraph(schema.description);
  const base: MakeParameter = { name, type: 'text', label: title(name), ...(required ? { required: true } : {}), ...(help ? { help } : {}) };
  const variants: Json[] = schema.anyOf ?? schema.oneOf ?? [];
  if (variants.length) {
    // A choice of shapes (a number or an object, …): Make maps the value as given.
    return { ...base, type: 'any' };
  }
  if (Array.isArray(schema.enum) && schema.enum.every((v: unknown) => typeof v === 'string')) {
    return { ...base, type: 'select', options: schema.enum.map((value: string) => ({ label: value, value })), ...(schema.default !== undefined ? { default: schema.default } : {}) };
  }
  const limits = { ...(typeof schema.minimum === 'number' ? { min: schema.minimum } : {}), ...(typeof schema.maximum === 'number' ? { max: schema.maximum } : {}) };
  switch (schema.type) {
    case 'string':
      return { ...base, type: schema.format === 'uri' ? 'url' : 'text' };
    case 'integer':
      return { ...base, type: schema.minimum !== undefined && schema.minimum >= 0 ? 'uinteger' : 'integer', ...(Object.keys(limits).length ? { validate: limits } : {}) };
    case 'number':
      return { ...base, type: 'number', ...(Object.keys(limits).length ? { validate: limits } : {}) };
    case 'boolean':
      return { ...base, type: 'boolean' };
    case 'array': {
      const items = schema.items ?? {};
      if (depth >= 3 || !items.type || items.type !== 'object') return { ...base, type: 'array', spec: { ...parameterOf('value', items, false, depth + 1), label: 'Value' } };
      return { ...base, type: 'array', spec: collectionSpec(items, depth + 1) };
    }
    default: {
      if (schema.additionalProperties && !Object.keys(schema.properties ?? {}).length) {
        // A string map (metadata): key/value pairs, turned into an object with toCollection.
        return { ...base, type: 'array', spec: [{ name: 'key', type: 'text', label: 'Key', required: true }, { name: 'value', type: 'text', label: 'Value' }] };
      }
      if (depth >= 3) return { ...base, type: 'any' };
      return { ...base, type: 'collection', spec: collectionSpec(schema, depth + 1) };
    }
  }
}

function collectionSpec(schema: Json, depth: number): MakeParameter[] {
  const required = new Set<string>(schema.required ?? []);
  return Object.entries<Json>(schema.properties ?? {}).map(([name, s]) => parameterOf(name, s, required.has(name), depth));
}

/** The job's output interface from its schema: one level of nesting is described, deeper levels are `any`. */
function interfaceOf(schema: Json, depth = 0): MakeParameter[] {
  const props = schema.properties ?? (schema.anyOf?.[0]?.properties) ?? {};
  return Object.entries<Json>(props).map(([name, s]) => {
    const label = title(name);
    if (s.type === 'array') {
      const items = s.items ?? {};
      return items.type === 'object' && depth < 1 ? { name, label, type: 'array', spec: interfaceOf(items, depth + 1) } : { name, label, type: 'array' };
    }
    if (s.type === 'object' || s.properties) return depth < 1 && s.properties ? { name, label, type: 'collection', spec: interfaceOf(s, depth + 1) } : { name, label, type: 'any' };
    if (s.type === 'integer' || s.type === 'number') return { name, label, type: 'number' };
    if (s.type === 'boolean') return { name, label, type: 'boolean' };
    if (/_at$/.test(name)) return { name, label, type: 'date' };
    return { name, label, type: 'text' };
  });
}

function bodyOf(fields: ConnectorField[]): Json {
  const body: Json = {};
  for (const f of fields) body[f.name] = f.name === 'metadata' ? `{{toCollection(parameters.${f.name}; "key"; "value")}}` : `{{parameters.${f.name}}}`;
  return body;
}

const FAILED_JOB_ERROR = '{{body.error.code}}: {{body.error.message}}';

export interface MakeFiles {
  [relativePath: string]: unknown;
}

/** Every file of the Make app (paths relative to integrations/make/src), as JSON values. */
export function makeApp(model: ConnectorSpec, jobSchemas: Record<string, Json>, eventExample: Json): MakeFiles {
  const files: MakeFiles = {};
  const modules: Json = {};
  const groups: { label: string; modules: string[] }[] = [];
  const moduleFiles = (id: string, parts: Partial<Record<'communication' | 'staticParams' | 'mappableParams' | 'interface' | 'samples', unknown>>) => {
    const dir = `modules/${kebab(id)}`;
    const codeFiles: Json = {};
    const fileName: Record<string, string> = { communication: 'communication', staticParams: 'static-params', mappableParams: 'mappable-params', interface: 'interface', samples: 'samples' };
    for (const [kind, value] of Object.entries(parts)) {
      const file = `${dir}/${kebab(id)}.${fileName[kind]}.iml.json`;
      files[file] = value;
      codeFiles[kind] = file;
    }
    return codeFiles;
  };
  const addModule = (group: string, id: string, meta: Json, parts: Parameters<typeof moduleFiles>[1]) => {
    modules[id] = { label: meta.label, description: meta.description, moduleType: meta.moduleType, actionCrud: meta.actionCrud ?? null, connection: 'lumiku', altConnection: null, ...(meta.webhook ? { webhook: meta.webhook } : {}), codeFiles: moduleFiles(id, parts) };
    let g = groups.find((x) => x.label === group);
    if (!g) groups.push((g = { label: group, modules: [] }));
    g.modules.push(id);
  };
  const appSelect = { name: 'app', type: 'select', label: 'App', required: true, options: model.apps.map((a) => ({ label: a.plural, value: a.path })) };
  const jobInterface = (app?: ConnectorApp) => interfaceOf(app ? jobSchemas[app.name] : jobSchemas[model.apps[0].name]);

  files['general/base.iml.json'] = {
    baseUrl: '{{connection.baseUrl}}/v1',
    headers: { Authorization: 'Bearer {{connection.apiKey}}' },
    response: { error: { message: '[{{statusCode}}] {{body.code}}: {{body.detail}}' } },
    log: { sanitize: ['request.headers.authorization'] },
  };
  files['connections/lumiku/lumiku.params.iml.json'] = [
    { name: 'apiKey', type: 'password', label: 'API key', required: true, help: 'A Lumiku API key (`lk_live_…` or `lk_test_…`) with the scopes read, jobs:write, files:write and webhooks:manage.' },
    { name: 'baseUrl', type: 'url', label: 'Base URL', required: true, default: 'http://localhost:8080', help: 'Where your Lumiku API is served, without /v1.' },
  ];
  files['connections/lumiku/lumiku.communication.iml.json'] = {
    url: '{{parameters.baseUrl}}/v1/account',
    method: 'GET',
    headers: { Authorization: 'Bearer {{parameters.apiKey}}' },
    response: { metadata: { type: 'text', value: '{{body.name}}' }, error: { message: 'Connection failed: {{body.detail}}' } },
    log: { sanitize: ['request.headers.authorization'] },
  };

  for (const app of model.apps) {
    const id = `create${pascal(app.name)}`;
    addModule('Jobs', id, { label: `Create a ${app.label.toLowerCase()}`, description: app.description || `Creates a ${app.label.toLowerCase()} job.`, moduleType: 'action', actionCrud: 'create' }, {
      communication: { url: `/${app.path}`, method: 'POST', body: bodyOf(app.fields), response: { output: '{{body}}' } },
      staticParams: [],
      mappableParams: app.fields.map((f) => (f.name === 'metadata' ? parameterOf(f.name, f.schema, f.required) : parameterOf(f.name, f.schema, f.required))),
      interface: jobInterface(app),
      samples: {},
    });
  }
  addModule('Jobs', 'getJob', { label: 'Get a job (and wait for it)', description: 'Retrieves any job by id, holding up to `wait` seconds for it to finish; a failed job stops the scenario with its error code and message.', moduleType: 'action', actionCrud: 'read' }, {
    communication: { url: '/jobs/{{parameters.id}}', method: 'GET', qs: { wait: '{{parameters.wait}}' }, response: { valid: '{{if(parameters.failOnError; body.status != "failed"; true)}}', error: { message: FAILED_JOB_ERROR }, output: '{{body}}' } },
    staticParams: [],
    mappableParams: [
      { name: 'id', type: 'text', label: 'Job ID', required: true },
      { name: 'wait', type: 'uinteger', label: 'Wait (seconds)', default: 55, validate: { max: 60 }, help: 'Hold up to this many seconds for the job to finish (0–60).' },
      { name: 'failOnError', type: 'boolean', label: 'Fail when the job failed', default: true },
    ],
    interface: jobInterface(),
    samples: {},
  });
  addModule('Jobs', 'searchJobs', { label: 'Search jobs', description: 'Lists jobs of every app, newest first; find one again by your external ID.', moduleType: 'search' }, {
    communication: { url: '/jobs', method: 'GET', qs: { external_id: '{{parameters.external_id}}', app: '{{parameters.app}}', status: '{{parameters.status}}', limit: '{{parameters.limit}}' }, response: { iterate: '{{body.data}}', output: '{{item}}' } },
    staticParams: [],
    mappableParams: [
      { name: 'external_id', type: 'text', label: 'External ID' },
      { name: 'app', type: 'select', label: 'App', options: model.apps.map((a) => ({ label: a.plural, value: a.name })) },
      { name: 'status', type: 'select', label: 'Status', options: ['queued', 'processing', 'succeeded', 'failed', 'canceled'].map((s) => ({ label: s, value: s })) },
      { name: 'limit', type: 'uinteger', label: 'Limit', default: 10, validate: { min: 1, max: 100 } },
    ],
    interface: jobInterface(),
    samples: {},
  });
  addModule('Jobs', 'cancelJob', { label: 'Cancel a job', description: 'Cancels a queued or running job; its credits are released.', moduleType: 'action', actionCrud: 'update' }, {
    communication: { url: '/{{parameters.app}}/{{parameters.id}}/cancel', method: 'POST', response: { output: '{{body}}' } },
    staticParams: [],
    mappableParams: [appSelect, { name: 'id', type: 'text', label: 'Job ID', required: true }],
    interface: jobInterface(),
    samples: {},
  });

  const fileInterface = [
    { name: 'id', type: 'text', label: 'ID' },
    { name: 'filename', type: 'text', label: 'File name' },
    { name: 'content_type', type: 'text', label: 'Content type' },
    { name: 'kind', type: 'text', label: 'Kind' },
    { name: 'bytes', type: 'number', label: 'Bytes' },
    { name: 'url', type: 'url', label: 'URL' },
    { name: 'created_at', type: 'date', label: 'Created at' },
  ];
  addModule('Files', 'uploadFile', { label: 'Upload a file', description: 'Uploads a file from an earlier module (multipart).', moduleType: 'action', actionCrud: 'create' }, {
    communication: { url: '/files', method: 'POST', type: 'multipart/form-data', body: { file: { value: '{{parameters.data}}', options: { filename: '{{parameters.fileName}}' } } }, response: { output: '{{body}}' } },
    staticParams: [],
    mappableParams: [
      { name: 'fileName', type: 'filename', label: 'File name', required: true, semantic: 'file:name' },
      { name: 'data', type: 'buffer', label: 'Data', required: true, semantic: 'file:data' },
    ],
    interface: fileInterface,
    samples: {},
  });
  addModule('Files', 'importFile', { label: 'Import a file from a URL', description: 'Has the API fetch a file from a public URL.', moduleType: 'action', actionCrud: 'create' }, {
    communication: { url: '/files', method: 'POST', body: { url: '{{parameters.url}}', filename: '{{parameters.filename}}' }, response: { output: '{{body}}' } },
    staticParams: [],
    mappableParams: [
      { name: 'url', type: 'url', label: 'URL', required: true },
      { name: 'filename', type: 'text', label: 'File name' },
    ],
    interface: fileInterface,
    samples: {},
  });
  addModule('Files', 'downloadFile', { label: 'Download a file', description: "Downloads a file's bytes (an upload or a job output).", moduleType: 'action', actionCrud: 'read' }, {
    communication: { url: '/files/{{parameters.id}}/content', method: 'GET', response: { type: 'binary', output: { fileName: '{{parameters.id}}', data: '{{body}}' } } },
    staticParams: [],
    mappableParams: [{ name: 'id', type: 'text', label: 'File ID', required: true }],
    interface: [
      { name: 'fileName', type: 'filename', label: 'File name', semantic: 'file:name' },
      { name: 'data', type: 'buffer', label: 'Data', semantic: 'file:data' },
    ],
    samples: {},
  });

  const eventOptions = [
    ...model.eventFamilies.map((f) => ({ label: `${f.label}: every event`, value: `${f.name}.*` })),
    ...model.eventTypes.map((t) => ({ label: t, value: t })),
  ];
  files['webhooks/events/events.params.iml.json'] = [{ name: 'eventTypes', type: 'select', label: 'Event types', multiple: true, required: true, options: eventOptions }];
  files['webhooks/events/events.attach.iml.json'] = {
    url: '/webhook_endpoints',
    method: 'POST',
    body: { url: '{{webhook.url}}', event_types: '{{parameters.eventTypes}}', description: 'Make scenario' },
    response: { data: { id: '{{body.id}}' } },
  };
  files['webhooks/events/events.detach.iml.json'] = { url: '/webhook_endpoints/{{webhook.id}}', method: 'DELETE' };
  files['webhooks/events/events.communication.iml.json'] = { output: '{{body}}' };
  addModule('Events', 'watchEvents', { label: 'Watch events', description: 'Starts the scenario when a job changes state (or credits run low, or an endpoint is disabled): the API posts each event to the scenario at once.', moduleType: 'instant_trigger', webhook: 'events' }, {
    communication: { output: '{{body}}' },
    staticParams: [],
    interface: [
      { name: 'id', type: 'text', label: 'Event ID' },
      { name: 'type', type: 'text', label: 'Type' },
      { name: 'created_at', type: 'date', label: 'Created at' },
      { name: 'livemode', type: 'boolean', label: 'Live mode' },
      { name: 'data', type: 'collection', label: 'Data', spec: [{ name: 'object', type: 'collection', label: 'Object', spec: jobInterface() }] },
    ],
    samples: eventExample,
  });

  files['modules/groups.json'] = groups;
  files['makecomapp.json'] = {
    fileVersion: 1,
    generalCodeFiles: { base: 'general/base.iml.json', common: null, readme: null, groups: 'modules/groups.json' },
    components: {
      connection: {
        lumiku: { label: 'Lumiku', connectionType: 'basic', codeFiles: { communication: 'connections/lumiku/lumiku.communication.iml.json', params: 'connections/lumiku/lumiku.params.iml.json', common: null } },
      },
      module: modules,
      function: {},
      rpc: {},
      webhook: {
        events: { label: 'Lumiku events', webhookType: 'web', connection: 'lumiku', altConnection: null, codeFiles: { communication: 'webhooks/events/events.communication.iml.json', params: 'webhooks/events/events.params.iml.json', attach: 'webhooks/events/events.attach.iml.json', detach: 'webhooks/events/events.detach.iml.json' } },
      },
    },
    origins: [],
  };
  return files;
}

export { deep };
