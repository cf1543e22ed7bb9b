import { ValidationService, type ValidateError } from '@tsoa/runtime';
import type { FieldError } from './api-error';

/**
 * Turns tsoa's validation errors into `errors[]` a person can act on: `path` names the field the
 * way a JavaScript accessor would (`clips`, `slides[0].images`, `metadata["my key"]`,
 * `query.limit`), and `message` says in plain words what is wrong (`must be at least 1`, `is not a
 * field of this object`), never tsoa's internal text (`Could not match the union…`, `min 1`,
 * `invalid array`) nor its `body.` / `$0` path syntax.
 */

/** One step of a path: an object key or an array index. */
export type PathSegment = string | number;

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

/**
 * The one way every error names a field: keys joined by dots, array indices in brackets, keys that
 * are not identifiers quoted (`metadata["a b"]`). An empty path is the body itself, `body`.
 * `prefix` names where the field is when not in the JSON body (`query`, `header`, `path`).
 */
export function formatPath(segments: readonly PathSegment[], prefix?: string): string {
  let out = prefix ?? '';
  for (const s of segments) {
    if (typeof s === 'number') out += `[${s}]`;
    else if (IDENTIFIER.test(s)) out += out ? `.${s}` : s;
    else out += `[${JSON.stringify(s)}]`;
  }
  return out || 'body';
}

interface TsoaField {
  message: string;
  value?: unknown;
}
type TsoaFields = Record<string, TsoaField>;

/** What the request carried, to tell query from header or path parameters, to read keys holding dots and to suggest fields. */
export interface RequestParts {
  method?: string;
  path?: string;
  baseUrl?: string;
  body?: unknown;
  params?: Record<string, unknown>;
  headers?: Record<string, unknown>;
}

/** One error before its path is formatted: tsoa's key, a plain message, what kind of failure it is. */
interface Leaf {
  key: string;
  message: string;
  /** A wrong type (or a value outside an enum): the value is not of the kind this schema takes. */
  kind: 'type' | 'constraint' | 'required' | 'excess' | 'other';
  /** For `type` errors, what was expected (`a string`, `one of 'a', 'b'`, `null`); merged across a union's alternatives. */
  expected?: string[];
  value?: unknown;
}

const UNION = /^Could not match the union against any of the items\. Issues: (.*)$/s;
const INTERSECTION = /^Could not match the intersection against every type\. Issues: (.*)$/s;
const COMBINATIONS = /^Could not match intersection against any of the possible combinations: (.*)$/s;
const EXCESS = /^"(.*)" is an excess property and therefore is not allowed$/s;

function parseJson<T>(text: string): T | undefined {
  try {
    return JSON.parse(text) as T;
  } catch {
    return undefined;
  }
}

const describe = (value: unknown): string => (value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value === 'object' ? 'an object' : typeof value === 'string' ? 'a string' : typeof value === 'number' ? 'a number' : typeof value === 'boolean' ? 'a boolean' : String(value));
const quote = (v: unknown) => (typeof v === 'string' ? `'${v}'` : String(v));

/** Splits `'a','b',null` (tsoa's enum member list) into values. */
function enumMembers(list: string): string[] {
  const out: string[] = [];
  const re = /'((?:[^']|'(?!,|$))*)'|([^,]+)/g;
  for (let m = re.exec(list); m; m = re.exec(list)) out.push(m[1] !== undefined ? `'${m[1]}'` : m[2].trim());
  return out;
}

function lastName(key: string): string {
  const parts = key.split('.');
  return parts[parts.length - 1];
}

/** tsoa's message for one failed check, in plain words. */
function leafOf(key: string, f: TsoaField): Leaf {
  const raw = String(f.message ?? '');
  const value = f.value;
  const leaf = (kind: Leaf['kind'], message: string, expected?: string[]): Leaf => ({ key, message, kind, value, ...(expected ? { expected } : {}) });
  const type = (expected: string) => leaf('type', `must be ${expected}`, [expected]);
  let m: RegExpExecArray | null;
  if (/^'.*' is required$/s.test(raw)) return leaf('required', 'is required');
  // `@isInt limit` style annotations put the parameter's name where the message goes.
  if (raw === lastName(key)) return value === undefined ? leaf('required', 'is required') : type('a whole number');
  switch (raw) {
    case 'invalid object':
      return type('an object');
    case 'invalid array':
      return type('an array');
    case 'invalid string value':
      return type('a string');
    case 'invalid integer number':
    case 'invalid long number':
      return type('a whole number');
    case 'invalid float number':
    case 'invalid double number':
      return type('a number');
    case 'invalid boolean value':
      return type('true or false');
    case 'invalid undefined value':
      return type('left out');
    case 'required unique array':
      return leaf('constraint', 'must not repeat an item');
    case 'no member':
      return leaf('other', 'takes no value');
  }
  if ((m = /^should be one of the following; \[(.*)\]$/s.exec(raw))) {
    const members = enumMembers(m[1]);
    return members.length === 1 ? type(members[0]) : leaf('type', `must be one of ${members.join(', ')}`, members);
  }
  const got = (what: string) => (what ? ` (got ${what})` : '');
  const number = typeof value === 'number' || (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) ? String(value) : '';
  const size = (unit: string) => (typeof value === 'string' || Array.isArray(value) ? `${value.length} ${unit}${value.length === 1 ? '' : 's'}` : '');
  if ((m = /^min (-?[\d.e+-]+)$/.exec(raw))) return leaf('constraint', `must be at least ${m[1]}${got(number)}`);
  if ((m = /^max (-?[\d.e+-]+)$/.exec(raw))) return leaf('constraint', `must be at most ${m[1]}${got(number)}`);
  if ((m = /^minLength (\d+)$/.exec(raw))) return leaf('constraint', m[1] === '1' ? 'must not be empty' : `must be at least ${m[1]} characters long${got(size('character'))}`);
  if ((m = /^maxLength (\d+)$/.exec(raw))) return leaf('constraint', `must be at most ${m[1]} characters long${got(size('character'))}`);
  if ((m = /^minItems (\d+)$/.exec(raw))) return leaf('constraint', `must have at least ${m[1]} item${m[1] === '1' ? '' : 's'}${got(size('item'))}`);
  if ((m = /^maxItems (\d+)$/.exec(raw))) return leaf('constraint', `must have at most ${m[1]} item${m[1] === '1' ? '' : 's'}${got(size('item'))}`);
  if ((m = /^Not match in '(.*)'$/s.exec(raw))) {
    // Ids (`^file_[0-9a-z]{26}$`) are named as such; other patterns are shown as they are.
    const id = /^\^([a-z]+)_/.exec(m[1]);
    const shown = typeof value === 'string' ? `'${value.length > 40 ? `${value.slice(0, 40)}…` : value}'` : '';
    return leaf('constraint', `${id ? `must be a${/^[aeiou]/.test(id[1]) ? 'n' : ''} ${id[1]} id ('${id[1]}_…')` : `must match the pattern ${m[1]}`}${got(shown)}`);
  }
  if (/^invalid ISO 8601 datetime/.test(raw)) return type('an ISO 8601 date and time (2026-01-31T12:00:00Z)');
  if (/^invalid ISO 8601 date/.test(raw)) return type('an ISO 8601 date (2026-01-31)');
  if ((m = /^(minDate|maxDate) '(.*)'$/.exec(raw))) return leaf('constraint', `must be ${m[1] === 'minDate' ? 'on or after' : 'on or before'} ${m[2]}`);
  // A message a validator annotation chose itself.
  return leaf('other', raw);
}

/** A failed union, intersection or excess-property check, opened into the errors inside it. */
function expand(key: string, f: TsoaField): Leaf[] {
  const raw = String(f.message ?? '');
  let m: RegExpExecArray | null;
  if ((m = UNION.exec(raw))) {
    const alternatives = parseJson<TsoaFields[]>(m[1]);
    if (Array.isArray(alternatives) && alternatives.length) return chooseAlternative(key, alternatives.map((alt) => Object.entries(alt).flatMap(([k, e]) => expand(k, e))), f.value);
  }
  if ((m = INTERSECTION.exec(raw))) {
    const groups = parseJson<TsoaFields[]>(m[1]);
    if (Array.isArray(groups) && groups.length) return dedupe(groups.flatMap((g) => Object.entries(g).flatMap(([k, e]) => expand(k, e))));
  }
  if ((m = COMBINATIONS.exec(raw))) {
    const sets = parseJson<string[][]>(m[1]);
    const fields = Array.isArray(sets) ? [...new Set(sets.flat())] : [];
    return [{ key, kind: 'other', value: f.value, message: fields.length ? `must be an object with only these fields: ${fields.join(', ')}` : 'does not match the accepted fields' }];
  }
  if ((m = EXCESS.exec(raw))) {
    const names = m[1].split(',');
    // validateModel names the property itself (value: the key); object literals name their object (value: the extras).
    const keys = names.length === 1 && f.value === names[0] && lastName(key) === names[0] ? [key] : names.map((n) => `${key}.${n}`);
    return keys.map((k) => ({ key: k, kind: 'excess', message: 'is not a field of this object', value: undefined }));
  }
  return [leafOf(key, f)];
}

function dedupe(leaves: Leaf[]): Leaf[] {
  const seen = new Set<string>();
  return leaves.filter((l) => {
    const id = `${l.key}\n${l.message}`;
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
}

/**
 * Which of a union's failed alternatives to report. One whose value had the right kind but failed
 * inside (a deeper field, or a constraint such as a maximum) is what the caller meant: its errors
 * are reported (the one with the fewest, on a tie the errors they share). When every alternative
 * refused the value's kind, one message lists what would have been taken (`must be a string or
 * null`, `must be one of 'a', 'b'`).
 */
function chooseAlternative(key: string, alternatives: Leaf[][], value: unknown): Leaf[] {
  // `T | undefined` for optional fields: the undefined alternative says nothing useful.
  const alts = alternatives.map((a) => a.filter((l) => !(l.kind === 'type' && l.expected?.[0] === 'left out'))).filter((a) => a.length);
  if (!alts.length) return [{ key, kind: 'other', message: 'is not valid', value }];
  const matched = alts.filter((a) => a.some((l) => l.key !== key || l.kind !== 'type'));
  if (matched.length) {
    const score = (a: Leaf[]) => a.reduce((n, l) => n + (l.key !== key && l.kind === 'type' && l.expected?.length === 1 && l.expected[0].startsWith("'") ? 100 : 1), 0);
    const best = Math.min(...matched.map(score));
    const tied = matched.filter((a) => score(a) === best);
    if (tied.length === 1) return tied[0];
    const shared = tied[0].filter((l) => tied.every((a) => a.some((o) => o.key === l.key)));
    return shared.length ? mergeAtKeys(tied.flat().filter((l) => shared.some((s) => s.key === l.key))) : tied[0];
  }
  return mergeAtKeys(alts.flat());
}

/** Errors at the same field from different alternatives, as one: `must be a string or null`. */
function mergeAtKeys(leaves: Leaf[]): Leaf[] {
  const byKey = new Map<string, Leaf[]>();
  for (const l of leaves) byKey.set(l.key, [...(byKey.get(l.key) ?? []), l]);
  return [...byKey].map(([key, ls]) => {
    if (ls.length === 1) return ls[0];
    if (ls.every((l) => l.kind === 'type' && l.expected)) {
      const expected = [...new Set(ls.flatMap((l) => l.expected!))];
      const literals = expected.filter((e) => e.startsWith("'"));
      const others = expected.filter((e) => !e.startsWith("'"));
      const parts = [...others, ...(literals.length > 1 ? [`one of ${literals.join(', ')}`] : literals)];
      const message = parts.length === 1 ? `must be ${parts[0]}` : `must be ${parts.slice(0, -1).join(', ')} or ${parts[parts.length - 1]}`;
      return { key, kind: 'type', expected, message, value: ls[0].value } satisfies Leaf;
    }
    return { ...ls[0], message: [...new Set(ls.map((l) => l.message))].join('; or ') };
  });
}

/**
 * tsoa's key (`body.slides.$0.images`, `limit`) as segments and where they are. A key with a dot
 * inside (`metadata.a.b` for the key `a.b`) is read against the body that was sent.
 */
function locate(key: string, req: RequestParts | undefined): { prefix?: string; segments: PathSegment[] } {
  const parts = key.split('.');
  if (parts[0] === 'body' || parts[0] === 'requestBody') return { segments: resolveAgainst(parts.slice(1), req?.body) };
  const [name, ...rest] = parts;
  const segments = [name, ...rest.map((p) => (/^\$\d+$/.test(p) ? Number(p.slice(1)) : p))];
  if (req?.params && Object.hasOwn(req.params, name)) return { prefix: 'path', segments };
  if (/[A-Z-]/.test(name) || (req?.headers && Object.hasOwn(req.headers, name.toLowerCase()))) return { prefix: 'header', segments: [name.toLowerCase(), ...segments.slice(1)] };
  return { prefix: 'query', segments };
}

function resolveAgainst(parts: string[], root: unknown): PathSegment[] {
  const out: PathSegment[] = [];
  let node: unknown = root;
  for (let i = 0; i < parts.length; i++) {
    const p = parts[i];
    if (/^\$\d+$/.test(p)) {
      const index = Number(p.slice(1));
      out.push(index);
      node = Array.isArray(node) ? node[index] : undefined;
      continue;
    }
    // The longest run of parts that is a key of this object (keys may hold dots); else one part.
    let take = 1;
    if (node && typeof node === 'object' && !Array.isArray(node)) {
      for (let j = parts.length; j > i + 1; j--) {
        if (Object.hasOwn(node, parts.slice(i, j).join('.'))) {
          take = j - i;
          break;
        }
      }
    }
    const k = parts.slice(i, i + take).join('.');
    out.push(k);
    node = node && typeof node === 'object' ? (node as Record<string, unknown>)[k] : undefined;
    i += take - 1;
  }
  return out;
}

/** `errors[]` for a tsoa ValidateError: one entry per field, in the order tsoa found them. */
export function validationFieldErrors(err: Pick<ValidateError, 'fields'>, req?: RequestParts, spec?: SpecLike): FieldError[] {
  const leaves = dedupe(Object.entries(err.fields ?? {}).flatMap(([k, f]) => expand(k, f as TsoaField)));
  const out = new Map<string, string[]>();
  for (const l of leaves) {
    const { prefix, segments } = locate(l.key, req);
    const path = formatPath(segments, prefix);
    let message = l.message;
    if (l.kind === 'type' && l.value !== undefined && !(l.expected?.length === 1 && l.expected[0] === 'left out'))
      message += ` (got ${prefix || l.expected?.some((e) => e.startsWith("'")) ? quote(l.value) : describe(l.value)})`;
    if (l.kind === 'excess' && !prefix && spec && req) message += didYouMean(String(segments[segments.length - 1]), fieldsAt(spec, req, segments.slice(0, -1)));
    if (path === 'body' && l.kind === 'required') message = 'is required: send a JSON body';
    out.set(path, [...(out.get(path) ?? []), message]);
  }
  return [...out].map(([path, messages]) => ({ path, message: [...new Set(messages)].join('; ') }));
}

/** The parts of an OpenAPI document read here: request body schemas and components. */
export interface SpecLike {
  paths: Record<string, Record<string, object>>;
  components?: { schemas?: Record<string, unknown> };
}
interface Schema {
  $ref?: string;
  properties?: Record<string, Schema>;
  additionalProperties?: boolean | Schema;
  items?: Schema;
  allOf?: Schema[];
  anyOf?: Schema[];
  oneOf?: Schema[];
}

const bodySchemas = new WeakMap<SpecLike, { method: string; pattern: RegExp; params: number; schema: Schema }[]>();

/** The request body schema of the operation `req` is for (JSON bodies), or undefined. */
function bodySchemaFor(spec: SpecLike, req: RequestParts): Schema | undefined {
  let table = bodySchemas.get(spec);
  if (!table) {
    table = Object.entries(spec.paths).flatMap(([template, ops]) =>
      Object.entries(ops).flatMap(([method, op]) => {
        const schema = (op as { requestBody?: { content?: Record<string, { schema?: Schema }> } }).requestBody?.content?.['application/json']?.schema;
        if (!schema) return [];
        const pattern = new RegExp(`^${template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{[^/}]+\}/g, '[^/]+')}/?$`, 'i');
        return [{ method: method.toUpperCase(), pattern, params: (template.match(/\{/g) ?? []).length, schema }];
      }),
    );
    table.sort((a, b) => a.params - b.params);
    bodySchemas.set(spec, table);
  }
  const path = `${req.baseUrl ?? ''}${req.path ?? ''}`;
  return table.find((e) => e.method === req.method && e.pattern.test(path))?.schema;
}

/** The property names an object at `segments` of the request body may have (through $refs, arrays and unions). */
function fieldsAt(spec: SpecLike, req: RequestParts, segments: PathSegment[]): string[] {
  const resolve = (s: Schema | undefined, depth = 0): Schema[] => {
    if (!s || depth > 20) return [];
    if (s.$ref) return resolve(spec.components?.schemas?.[s.$ref.split('/').pop()!] as Schema | undefined, depth + 1);
    const parts = [...(s.allOf ?? []), ...(s.anyOf ?? []), ...(s.oneOf ?? [])];
    return [s, ...parts.flatMap((p) => resolve(p, depth + 1))];
  };
  let current = resolve(bodySchemaFor(spec, req));
  for (const seg of segments) {
    current = current.flatMap((s) =>
      typeof seg === 'number' ? resolve(s.items) : resolve(s.properties?.[seg] ?? (typeof s.additionalProperties === 'object' ? s.additionalProperties : undefined)),
    );
  }
  return [...new Set(current.flatMap((s) => Object.keys(s.properties ?? {})))];
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length];
}

/** ` (did you mean 'color'?)` for a near miss (spelling, case, camelCase), else the fields there are when few. */
function didYouMean(name: string, known: string[]): string {
  if (!known.length) return '';
  const norm = (x: string) => x.toLowerCase().replace(/[_-]/g, '');
  const scored = known.map((k) => ({ k, d: norm(k) === norm(name) ? 0 : editDistance(name.toLowerCase(), k.toLowerCase()) })).sort((a, b) => a.d - b.d);
  if (scored[0].d <= Math.max(1, Math.floor(name.length / 3))) return ` (did you mean '${scored[0].k}'?)`;
  return known.length <= 8 ? ` (its fields: ${known.join(', ')})` : '';
}

/** One line for the problem's `detail`: the fields and what is wrong with each. */
export function validationDetail(errors: FieldError[]): string {
  const shown = errors.slice(0, 5).map((e) => `${e.path} ${e.message}`);
  const text = `Invalid request: ${shown.join('; ')}${errors.length > shown.length ? `; and ${errors.length - shown.length} more (see errors)` : ''}`;
  return /[.?!]$/.test(text) ? text : `${text}.`;
}

/**
 * tsoa (6.6.0 and earlier, lukeautry/tsoa#1021) names an array's items after the array alone
 * (`images.$0`, not `body.slides.$0.images.$0`), losing where the array is. Validating the array
 * with its full path as its name keeps every item's path whole; where tsoa already does so, this
 * changes nothing. Done once, when this module loads (test/contract/validation-errors checks it).
 */
function keepFullArrayPaths() {
  const proto = ValidationService.prototype as unknown as { validateArray: (...args: unknown[]) => unknown; __fullArrayPaths?: true };
  if (proto.__fullArrayPaths) return;
  const original = proto.validateArray;
  proto.validateArray = function (this: unknown, name: unknown, value: unknown, fieldErrors: unknown, isBodyParam: unknown, schema: unknown, validators: unknown, parent: unknown = '') {
    return original.call(this, `${String(parent)}${String(name)}`, value, fieldErrors, isBodyParam, schema, validators, '');
  };
  proto.__fullArrayPaths = true;
}
keepFullArrayPaths();
