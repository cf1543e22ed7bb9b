/**
 * Response schemas of the spec as JSON Schema that Postman's sandbox can check a response against
 * (`pm.response.to.have.jsonSchema(schema)`, ajv 6, draft-07).
 *
 * OpenAPI 3.0 schemas are not quite JSON Schema: `nullable: true` becomes `anyOf [schema, null]`, a
 * boolean `exclusiveMinimum`/`exclusiveMaximum` becomes the draft-07 number, `$ref`s to
 * `#/components/schemas/X` become `#/definitions/X` (only the ones reachable are carried along),
 * formats ajv 6 does not know (`int32`, `double`, `binary`…) and annotations (`description`,
 * `example`…) are dropped.
 */

type Json = any;

/** The keywords kept as they are (their values are not schemas). */
const PLAIN = ['type', 'enum', 'required', 'minimum', 'maximum', 'minLength', 'maxLength', 'pattern', 'minItems', 'maxItems', 'uniqueItems', 'minProperties', 'maxProperties', 'multipleOf'];
/** Formats ajv 6 checks; any other format is an annotation here. */
const FORMATS = new Set(['date-time', 'date', 'time', 'email', 'uri', 'uuid', 'hostname', 'ipv4', 'ipv6']);
const REF_PREFIX = '#/components/schemas/';

/** The spec's schema for `{ $ref }` or an inline schema, as one self-contained JSON Schema. */
export function toJsonSchema(spec: Json, schema: Json): Json {
  const definitions: Record<string, Json> = {};
  const pending: string[] = [];
  const convert = (node: Json): Json => {
    if (!node || typeof node !== 'object') return node;
    if (typeof node.$ref === 'string') {
      if (!node.$ref.startsWith(REF_PREFIX)) throw new Error(`postman: unsupported $ref ${node.$ref}`);
      const name = node.$ref.slice(REF_PREFIX.length);
      if (!(name in definitions)) {
        definitions[name] = null; // reserved: converted below
        pending.push(name);
      }
      return { $ref: `#/definitions/${name}` };
    }
    const out: Json = {};
    for (const key of PLAIN) if (key in node) out[key] = node[key];
    if (typeof node.format === 'string' && FORMATS.has(node.format)) out.format = node.format;
    if (node.exclusiveMinimum === true && 'minimum' in node) {
      out.exclusiveMinimum = node.minimum;
      delete out.minimum;
    }
    if (node.exclusiveMaximum === true && 'maximum' in node) {
      out.exclusiveMaximum = node.maximum;
      delete out.maximum;
    }
    if (node.properties) out.properties = Object.fromEntries(Object.entries<Json>(node.properties).map(([name, value]) => [name, convert(value)]));
    if ('additionalProperties' in node) out.additionalProperties = typeof node.additionalProperties === 'object' ? convert(node.additionalProperties) : node.additionalProperties;
    if (node.items) out.items = convert(node.items);
    for (const key of ['allOf', 'anyOf', 'oneOf'] as const) if (Array.isArray(node[key])) out[key] = node[key].map(convert);
    if (node.not) out.not = convert(node.not);
    if (node.nullable === true) return { anyOf: [out, { type: 'null' }] };
    return out;
  };
  const root = convert(schema);
  while (pending.length) {
    const name = pending.shift()!;
    const target = spec.components?.schemas?.[name];
    if (!target) throw new Error(`postman: no schema ${name} in the spec`);
    definitions[name] = convert(target);
  }
  if (!Object.keys(definitions).length) return root;
  // `$ref` siblings are ignored by draft-07, so the reference sits under allOf next to its definitions.
  return root.$ref ? { allOf: [root], definitions } : { ...root, definitions };
}

/** The name a schema is known by, for test titles: the component name, or its type. */
export function schemaName(schema: Json): string {
  if (typeof schema?.$ref === 'string') return schema.$ref.split('/').pop();
  for (const key of ['anyOf', 'oneOf'] as const) if (Array.isArray(schema?.[key])) return schema[key].map(schemaName).join(' | ');
  return schema?.type ?? 'response';
}
