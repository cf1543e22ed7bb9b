/**
 * The connectors' view of the OpenAPI document: the apps (job resources), their create fields with
 * examples, the other operations the connectors call, and the event types. Every connector package
 * is generated from this one model (see generate.ts), so a new app, operation or event type in the
 * spec shows up in n8n, Zapier and Make alike.
 */

type Json = Record<string, any>;

export interface ConnectorField {
  /** The request body's property name. */
  name: string;
  label: string;
  /** `json`: an array or object, entered as JSON text. */
  type: 'string' | 'number' | 'integer' | 'boolean' | 'json';
  required: boolean;
  description: string;
  /** Allowed values of an enumerated string. */
  options?: string[];
  default?: unknown;
  /** The value the spec's request example gives this field (if any). */
  example?: unknown;
  minimum?: number;
  maximum?: number;
  /** A field every job takes (external_id, metadata, webhook_url, webhook_events). */
  common: boolean;
  /** The field's schema with every $ref resolved (Make builds nested parameters from it). */
  schema: Json;
}

export interface ConnectorOperation {
  operationId: string;
  method: string;
  path: string;
  summary: string;
}

export interface ConnectorApp {
  /** The event-type prefix and `object` of the job (`video_mix`). */
  name: string;
  /** Singular label (`Video Mix`). */
  label: string;
  /** Plural label, the spec's tag (`Video mixes`). */
  plural: string;
  /** The path segment under /v1 (`video_mixes`). */
  path: string;
  /** The spec's description of the create operation, first paragraph. */
  description: string;
  /** Every operation under /v1/<path>, in the spec's order. */
  operations: ConnectorOperation[];
  fields: ConnectorField[];
  /** The create request example of the spec. */
  example: Json;
  eventTypes: string[];
}

export interface ConnectorSpec {
  /** The spec's info.version: every connector package carries it. */
  version: string;
  apps: ConnectorApp[];
  /** Every event type of the spec's webhooks section, in its order. */
  eventTypes: string[];
  /** Event types grouped by their prefix (`video_mix`, `credits`, `webhook_endpoint`). */
  eventFamilies: { name: string; label: string; types: string[] }[];
  /** Operations the connectors use beside the apps': files, jobs, events, webhook endpoints, account. */
  operations: ConnectorOperation[];
}

const COMMON_FIELDS = ['external_id', 'metadata', 'webhook_url', 'webhook_events'];
const OTHER_TAGS = ['Files', 'Jobs', 'Events', 'Webhook endpoints', 'Account'];

const title = (snake: string) => snake.split('_').map((w) => w[0].toUpperCase() + w.slice(1)).join(' ');
const firstParagraph = (text: string | undefined) => (text ?? '').split(/\n\s*\n/)[0].replace(/\s+/g, ' ').trim();

function operationsOf(spec: Json): (ConnectorOperation & { tags: string[]; op: Json })[] {
  const out: (ConnectorOperation & { tags: string[]; op: Json })[] = [];
  for (const [path, methods] of Object.entries<Json>(spec.paths ?? {})) {
    for (const [method, op] of Object.entries<Json>(methods)) {
      if (!op || typeof op !== 'object' || !op.operationId) continue;
      out.push({ operationId: op.operationId, method: method.toUpperCase(), path, summary: op.summary ?? '', tags: op.tags ?? [], op });
    }
  }
  return out;
}

function resolver(spec: Json) {
  const schemas: Json = spec.components?.schemas ?? {};
  const resolve = (schema: Json | undefined): Json => {
    let s = schema ?? {};
    for (let i = 0; i < 10; i++) {
      if (s.$ref) s = { ...schemas[String(s.$ref).split('/').pop()!], ...(s.description ? { description: s.description } : {}) };
      else if (Array.isArray(s.allOf) && s.allOf.length === 1) s = { ...resolve(s.allOf[0]), ...(s.description ? { description: s.description } : {}) };
      else break;
    }
    return s;
  };
  return resolve;
}

/** A schema with its $refs resolved all the way down (a reference cycle stops at depth 6). */
export function deep(schema: Json, resolve: (s: Json) => Json, depth = 0): Json {
  const s = resolve(schema);
  if (depth > 6) return { type: s.type ?? 'object', description: s.description };
  const out: Json = {};
  for (const [key, value] of Object.entries(s)) {
    if (key === 'example' || key === 'examples') continue;
    if (key === 'properties') out.properties = Object.fromEntries(Object.entries<Json>(value).map(([k, v]) => [k, deep(v, resolve, depth + 1)]));
    else if (key === 'items' || key === 'additionalProperties') out[key] = typeof value === 'object' ? deep(value, resolve, depth + 1) : value;
    else if (key === 'anyOf' || key === 'oneOf' || key === 'allOf') out[key] = (value as Json[]).map((v) => deep(v, resolve, depth + 1));
    else out[key] = value;
  }
  return out;
}

export function jobSchemaOf(specText: string, app: ConnectorApp): Json {
  const spec = JSON.parse(specText) as Json;
  const resolve = resolver(spec);
  const retrieve = spec.paths?.[`/v1/${app.path}/{id}`]?.get?.responses?.['200']?.content?.['application/json']?.schema;
  return deep(retrieve ?? {}, resolve);
}

function fieldOf(name: string, raw: Json, required: boolean, example: unknown, resolve: (s: Json) => Json): ConnectorField {
  const schema = resolve(raw);
  const description = firstParagraph(raw.description ?? schema.description);
  const base = { name, label: title(name), required, description, common: COMMON_FIELDS.includes(name), ...(example !== undefined ? { example } : {}), schema: deep(raw, resolve) };
  const num = (s: Json) => ({ ...(typeof s.minimum === 'number' ? { minimum: s.minimum } : {}), ...(typeof s.maximum === 'number' ? { maximum: s.maximum } : {}) });
  const dflt = schema.default !== undefined ? { default: schema.default } : {};
  if (Array.isArray(schema.enum) && schema.enum.every((v: unknown) => typeof v === 'string')) return { ...base, type: 'string', options: schema.enum, ...dflt };
  if (Array.isArray(schema.anyOf) || Array.isArray(schema.oneOf)) return { ...base, type: 'json', ...dflt };
  switch (schema.type) {
    case 'string':
      return { ...base, type: 'string', ...dflt };
    case 'integer':
      return { ...base, type: 'integer', ...num(schema), ...dflt };
    case 'number':
      return { ...base, type: 'number', ...num(schema), ...dflt };
    case 'boolean':
      return { ...base, type: 'boolean', ...dflt };
    default:
      return { ...base, type: 'json', ...dflt };
  }
}

/** Builds the connectors' model from the spec's text. Throws when an app lacks what a connector needs. */
export function connectorSpec(specText: string): ConnectorSpec {
  const spec = JSON.parse(specText) as Json;
  const resolve = resolver(spec);
  const ops = operationsOf(spec);
  const eventTypes = Object.keys(spec['x-webhooks'] ?? spec.webhooks ?? {});

  const apps: ConnectorApp[] = [];
  for (const create of ops.filter((o) => o.method === 'POST' && /^\/v1\/[a-z_]+$/.test(o.path))) {
    const cancel = ops.find((o) => o.method === 'POST' && o.path === `${create.path}/{id}/cancel`);
    if (!cancel) continue; // not a job resource (files, webhook endpoints, …)
    const path = create.path.slice('/v1/'.length);
    const accepted = create.op.responses?.['202']?.content?.['application/json'];
    const jobSchema = resolve(accepted?.schema?.anyOf?.[0] ?? accepted?.schema);
    const name: string | undefined = jobSchema.properties?.object?.enum?.[0];
    if (!name) throw new Error(`connectors: ${create.operationId} has no 202 job schema with an \`object\` name`);
    const media = create.op.requestBody?.content?.['application/json'] ?? {};
    const body = resolve(media.schema);
    const example: Json = media.example ?? Object.values<Json>(media.examples ?? {})[0]?.value ?? {};
    const required = new Set<string>(body.required ?? []);
    const fields = Object.entries<Json>(body.properties ?? {}).map(([field, schema]) => fieldOf(field, schema, required.has(field), example[field], resolve));
    // Required first, then the app's own optional fields, then the fields every job takes.
    const rank = (f: ConnectorField) => (f.required ? 0 : f.common ? 2 : 1);
    fields.sort((a, b) => rank(a) - rank(b));
    apps.push({
      name,
      label: title(name),
      plural: create.tags[0] ?? title(path),
      path,
      description: firstParagraph(create.op.description),
      operations: ops.filter((o) => o.path === create.path || o.path.startsWith(`${create.path}/`)).map(({ operationId, method, path: p, summary }) => ({ operationId, method, path: p, summary })),
      fields,
      example,
      eventTypes: eventTypes.filter((t) => t.startsWith(`${name}.`)),
    });
  }
  apps.sort((a, b) => a.name.localeCompare(b.name));

  const families = new Map<string, string[]>();
  for (const type of eventTypes) {
    const family = type.slice(0, type.lastIndexOf('.'));
    families.set(family, [...(families.get(family) ?? []), type]);
  }

  return {
    version: String(spec.info?.version ?? '0.0.0'),
    apps,
    eventTypes,
    eventFamilies: [...families].map(([name, types]) => ({ name, label: title(name), types })),
    operations: ops.filter((o) => o.path.startsWith('/v1/') && o.tags.some((t) => OTHER_TAGS.includes(t))).map(({ operationId, method, path, summary }) => ({ operationId, method, path, summary })),
  };
}
