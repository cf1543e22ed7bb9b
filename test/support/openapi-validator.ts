/**
 * Checks HTTP exchanges against openapi/openapi.json with ajv, independently of the API's own
 * validation (tsoa): the request's path, method, parameters, content type and body, and the
 * response's status, content type, required headers and body (JSON bodies by their schema, event
 * streams message by message through `x-sse-events`).
 *
 * OpenAPI 3.0 schemas become JSON Schema (draft-07) the usual way: `nullable: true` adds `null` to
 * `type` (and to `enum`), the OpenAPI formats (`int32`, `double`, `binary`, …) are known, and
 * annotations (`example`, `x-…`) are dropped. Nothing else is relaxed: `additionalProperties:
 * false` is enforced as written, so a body that only tsoa's intersection logic would accept fails.
 */
import fs from 'node:fs';
import path from 'node:path';
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';

type Json = Record<string, any>;

export const SPEC_FILE = path.join(__dirname, '../../openapi/openapi.json');
const SPEC_ID = 'openapi.json';
const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];
const ANNOTATIONS = new Set(['example', 'examples', 'xml', 'externalDocs', 'discriminator', 'deprecated']);

/** One OpenAPI 3.0 schema as JSON Schema (see the module comment). */
export function toJsonSchema(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(toJsonSchema);
  if (!schema || typeof schema !== 'object') return schema;
  const out: Json = {};
  for (const [key, value] of Object.entries(schema as Json)) {
    if (ANNOTATIONS.has(key) || key.startsWith('x-') || key === 'nullable') continue;
    if (key === '$ref' && typeof value === 'string') out.$ref = value.startsWith('#/components/schemas/') ? `${SPEC_ID}#/definitions/${value.slice('#/components/schemas/'.length)}` : value;
    else if (key === 'properties' || key === 'patternProperties') out[key] = Object.fromEntries(Object.entries(value as Json).map(([k, v]) => [k, toJsonSchema(v)]));
    else out[key] = typeof value === 'object' ? toJsonSchema(value) : value;
  }
  if ((schema as Json).nullable === true) {
    if (typeof out.type === 'string') out.type = [out.type, 'null'];
    if (Array.isArray(out.enum) && !out.enum.includes(null)) out.enum = [...out.enum, null];
  }
  return out;
}

export function createAjv(): Ajv {
  const ajv = new Ajv({ allErrors: true, strict: true, strictRequired: false, strictTypes: false, validateFormats: true });
  addFormats(ajv);
  const int = (bits: number) => ({ type: 'number' as const, validate: (n: number) => Number.isInteger(n) && Math.abs(n) <= 2 ** (bits - 1) });
  ajv.addFormat('int32', int(32));
  ajv.addFormat('int64', int(64));
  ajv.addFormat('float', { type: 'number', validate: (n: number) => Number.isFinite(n) });
  ajv.addFormat('double', { type: 'number', validate: (n: number) => Number.isFinite(n) });
  ajv.addFormat('byte', /^[A-Za-z0-9+/]*={0,2}$/);
  ajv.addFormat('binary', () => true);
  ajv.addFormat('password', () => true);
  return ajv;
}

export interface Violation {
  method: string;
  path: string;
  status?: number;
  where: 'request' | 'response';
  message: string;
}

interface Route {
  template: string;
  pattern: RegExp;
  params: string[];
  literalSegments: number;
}

export interface Exchange {
  method: string;
  /** Path and query, as sent (`/v1/loops?dry_run=true`). */
  url: string;
  requestHeaders: Record<string, string | string[] | undefined>;
  requestBody?: Buffer;
  status?: number;
  responseHeaders?: Record<string, string | string[] | undefined>;
  responseBody?: Buffer;
  /** The response body was not captured whole (binary content): check status and headers only. */
  responseBodySkipped?: boolean;
}

const header = (headers: Record<string, string | string[] | undefined> | undefined, name: string) => {
  const value = headers?.[name.toLowerCase()];
  return Array.isArray(value) ? value.join(', ') : value;
};

const essence = (contentType: string | undefined) => (contentType ?? '').split(';')[0].trim().toLowerCase();
const isJsonType = (type: string) => type === 'application/json' || /^application\/[^/]+\+json$/.test(type);

/** The spec's media type that a sent type matches: exact, then `type/*`, then `*\/*`. */
function matchMediaType(declared: string[], sent: string): string | undefined {
  const exact = declared.find((d) => d.toLowerCase() === sent);
  if (exact) return exact;
  const range = declared.find((d) => d.endsWith('/*') && sent.startsWith(d.slice(0, -1).toLowerCase()));
  return range ?? declared.find((d) => d === '*/*');
}

/** Parses a `text/event-stream` body into messages (`event` defaults to `message`). */
export function parseEventStream(text: string): { event: string; data: string; id?: string }[] {
  const messages: { event: string; data: string; id?: string }[] = [];
  for (const block of text.split(/\r?\n\r?\n/)) {
    let event = 'message';
    let id: string | undefined;
    const data: string[] = [];
    for (const line of block.split(/\r?\n/)) {
      if (!line || line.startsWith(':')) continue;
      const colon = line.indexOf(':');
      const field = colon < 0 ? line : line.slice(0, colon);
      const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
      if (field === 'event') event = value;
      else if (field === 'data') data.push(value);
      else if (field === 'id') id = value;
    }
    if (data.length) messages.push({ event, data: data.join('\n'), id });
  }
  return messages;
}

export class OpenApiValidator {
  readonly spec: Json;
  private readonly ajv: Ajv;
  private readonly routes: Route[];
  private readonly compiled = new Map<string, ValidateFunction>();

  constructor(spec: Json = JSON.parse(fs.readFileSync(SPEC_FILE, 'utf8'))) {
    this.spec = spec;
    this.ajv = createAjv();
    // Component schemas are `openapi.json#/definitions/<Name>` (toJsonSchema rewrites the references).
    this.ajv.addSchema({ definitions: Object.fromEntries(Object.entries<Json>(spec.components?.schemas ?? {}).map(([name, schema]) => [name, toJsonSchema(schema)])) }, SPEC_ID);
    this.routes = Object.keys(spec.paths ?? {})
      .map((template) => {
        const params: string[] = [];
        const segments = template.split('/');
        const source = segments.map((s) => s.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{([^}]+)\}/g, (_, name: string) => (params.push(name), '([^/]+)'))).join('/');
        return { template, pattern: new RegExp(`^${source}$`), params, literalSegments: segments.filter((s) => s && !s.includes('{')).length };
      })
      .sort((a, b) => b.literalSegments - a.literalSegments || a.params.length - b.params.length);
  }

  /** The operation a request path and method reach, with the path parameters. */
  route(method: string, pathname: string): { template: string; operation?: Json; params: Record<string, string> } | undefined {
    for (const route of this.routes) {
      const m = route.pattern.exec(pathname);
      if (!m) continue;
      const params = Object.fromEntries(route.params.map((name, i) => [name, decodeURIComponent(m[i + 1])]));
      return { template: route.template, operation: this.spec.paths[route.template][method.toLowerCase()], params };
    }
    return undefined;
  }

  /** Validates `value` against an OpenAPI schema of the spec; returns ajv's errors as text, or []. */
  check(schema: Json, value: unknown): string[] {
    const key = JSON.stringify(schema);
    let validate = this.compiled.get(key);
    if (!validate) {
      validate = this.ajv.compile(toJsonSchema(schema) as object);
      this.compiled.set(key, validate);
    }
    return validate(value) ? [] : describeErrors(validate.errors ?? []);
  }

  /** Every way a request and its response differ from the spec (none: []). */
  validate(exchange: Exchange): Violation[] {
    const url = new URL(exchange.url, 'http://spec.invalid');
    const method = exchange.method.toUpperCase();
    const base = { method, path: url.pathname, status: exchange.status };
    const out: Violation[] = [];
    const found = this.route(method, url.pathname);
    if (!found) return [{ ...base, where: 'request', message: `no path of the spec matches ${url.pathname}` }];
    let operation = found.operation;
    if (!operation && method === 'HEAD') operation = this.spec.paths[found.template].get;
    if (!operation) return [{ ...base, where: 'request', message: `${found.template} has no ${method} operation` }];
    for (const message of this.requestProblems(operation, found.params, url, exchange)) out.push({ ...base, where: 'request', message });
    if (exchange.status !== undefined) for (const message of this.responseProblems(operation, method, exchange)) out.push({ ...base, where: 'response', message });
    return out;
  }

  private parameters(operation: Json, template: string): Json[] {
    const resolve = (p: Json) => (p.$ref ? p.$ref.split('/').slice(1).reduce((n: Json, k: string) => n?.[k], this.spec) : p);
    return [...(this.spec.paths[template]?.parameters ?? []), ...(operation.parameters ?? [])].map(resolve);
  }

  private requestProblems(operation: Json, pathParams: Record<string, string>, url: URL, exchange: Exchange): string[] {
    const problems: string[] = [];
    const template = this.route(exchange.method, url.pathname)!.template;
    for (const p of this.parameters(operation, template)) {
      const raw = p.in === 'path' ? pathParams[p.name] : p.in === 'query' ? url.searchParams.get(p.name) ?? undefined : p.in === 'header' ? header(exchange.requestHeaders, p.name) : undefined;
      if (raw === undefined) {
        if (p.required) problems.push(`required ${p.in} parameter '${p.name}' is missing`);
        continue;
      }
      const value = coerce(raw, p.schema ?? {});
      for (const e of this.check(p.schema ?? {}, value)) problems.push(`${p.in} parameter '${p.name}' ${e}`);
    }
    const body = operation.requestBody;
    const sentBody = exchange.requestBody && exchange.requestBody.length > 0;
    if (!body) {
      if (sentBody) problems.push('sends a body, but the operation takes none');
      return problems;
    }
    if (!sentBody) {
      if (body.required) problems.push('the request body is required');
      return problems;
    }
    const sent = essence(header(exchange.requestHeaders, 'content-type'));
    const type = matchMediaType(Object.keys(body.content ?? {}), sent);
    if (!type) return [...problems, `request Content-Type '${sent}' is not one of ${Object.keys(body.content ?? {}).join(', ')}`];
    if (isJsonType(type)) {
      const parsed = parseJson(exchange.requestBody!);
      if (!parsed.ok) problems.push('the request body is not JSON');
      else for (const e of this.check(body.content[type].schema ?? {}, parsed.value)) problems.push(`request body ${e}`);
    }
    return problems;
  }

  private responseProblems(operation: Json, method: string, exchange: Exchange): string[] {
    const status = exchange.status!;
    const responses = operation.responses ?? {};
    const declared = responses[String(status)] ?? responses[`${String(status)[0]}XX`] ?? responses.default;
    if (!declared) return [`status ${status} is not documented (documented: ${Object.keys(responses).join(', ')})`];
    const response = declared.$ref ? declared.$ref.split('/').slice(1).reduce((n: Json, k: string) => n?.[k], this.spec) : declared;
    const problems: string[] = [];
    for (const [name, h] of Object.entries<Json>(response.headers ?? {})) {
      const def = h.$ref ? h.$ref.split('/').slice(1).reduce((n: Json, k: string) => n?.[k], this.spec) : h;
      if (def.required && header(exchange.responseHeaders, name) === undefined) problems.push(`required response header '${name}' is missing`);
    }
    const content = response.content ?? {};
    const bodyBytes = exchange.responseBody?.length ?? 0;
    const sent = essence(header(exchange.responseHeaders, 'content-type'));
    if (!Object.keys(content).length) {
      if (bodyBytes > 0 && method !== 'HEAD') problems.push(`status ${status} documents no body, but one was sent (${sent || 'no Content-Type'})`);
      return problems;
    }
    if (method === 'HEAD' || status === 304) return problems;
    const type = matchMediaType(Object.keys(content), sent);
    if (!type) return [...problems, `response Content-Type '${sent || 'none'}' is not one of ${Object.keys(content).join(', ')}`];
    if (exchange.responseBodySkipped) return problems;
    const media = content[type];
    const text = (exchange.responseBody ?? Buffer.alloc(0)).toString('utf8');
    if (isJsonType(type)) {
      const parsed = parseJson(exchange.responseBody ?? Buffer.alloc(0));
      if (!parsed.ok) problems.push('the response body is not JSON');
      else for (const e of this.check(media.schema ?? {}, parsed.value)) problems.push(`response body ${e}`);
    } else if (type === 'text/event-stream') {
      const messages: Record<string, Json> = media['x-sse-events'] ?? {};
      if (!Object.keys(messages).length) problems.push('the event stream documents no messages (x-sse-events)');
      for (const m of parseEventStream(text)) {
        const schema = messages[m.event];
        if (!schema) {
          problems.push(`event stream message '${m.event}' is not documented in x-sse-events`);
          continue;
        }
        const parsed = parseJson(Buffer.from(m.data));
        if (!parsed.ok) problems.push(`event stream message '${m.event}' data is not JSON`);
        else for (const e of this.check(schema, parsed.value)) problems.push(`event stream message '${m.event}' ${e}`);
      }
    }
    return problems;
  }
}

function parseJson(buf: Buffer): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(buf.toString('utf8')) };
  } catch {
    return { ok: false };
  }
}

/** A query, path or header value as its schema's type (the query parser reads them so). */
function coerce(raw: string, schema: Json): unknown {
  const type = schema.type ?? (schema.enum ? typeof schema.enum[0] : undefined);
  if ((type === 'integer' || type === 'number') && raw.trim() !== '' && !Number.isNaN(Number(raw))) return Number(raw);
  if (type === 'boolean' && (raw === 'true' || raw === 'false')) return raw === 'true';
  if (type === 'array') return raw.split(',');
  return raw;
}

function describeErrors(errors: ErrorObject[]): string[] {
  return errors.map((e) => {
    const where = e.instancePath || '(root)';
    const extra = e.keyword === 'additionalProperties' ? ` '${(e.params as { additionalProperty: string }).additionalProperty}'` : e.keyword === 'enum' ? ` ${JSON.stringify((e.params as { allowedValues: unknown[] }).allowedValues)}` : '';
    return `${where} ${e.message}${extra}`;
  });
}

/** The JSON request examples of the spec (operation, media type, example name, value). */
export function requestExamples(spec: Json): { operation: string; schema: Json; name: string; value: unknown }[] {
  const out: { operation: string; schema: Json; name: string; value: unknown }[] = [];
  for (const [template, item] of Object.entries<Json>(spec.paths ?? {}))
    for (const method of METHODS) {
      const content = item[method]?.requestBody?.content ?? {};
      for (const [type, media] of Object.entries<Json>(content)) {
        if (!isJsonType(type)) continue;
        const operation = `${method.toUpperCase()} ${template}`;
        if (media.example !== undefined) out.push({ operation, schema: media.schema, name: 'example', value: media.example });
        for (const [name, e] of Object.entries<Json>(media.examples ?? {})) out.push({ operation, schema: media.schema, name, value: e.value });
      }
    }
  return out;
}
