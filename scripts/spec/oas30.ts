/**
 * Rewrites two schema shapes tsoa writes into what OpenAPI 3.0 means by them, so JSON Schema
 * validators (ajv under Spectral, Prism and most mock servers) and linters read the document as the
 * API behaves:
 *
 * - `{$ref, description, …}`: in 3.0 every sibling of `$ref` is ignored. The siblings are kept and
 *   the reference moves into `allOf: [{$ref}]`, which may carry them.
 * - `{allOf: [{$ref}], nullable: true}` (tsoa's `X | null`): 3.0 applies `nullable` only next to a
 *   `type`, so a validator rejects `null` there. It becomes
 *   `{anyOf: [{$ref}, {type: <X's type>, nullable: true, enum: [null]}]}`: an X or null under 3.0's
 *   rules and under the usual conversion to JSON Schema (`type: [t, "null"]`) alike.
 */
type Json = Record<string, any>;

/** The `type` of the schema a local `$ref` names (following references), or `object`. */
function typeOf(spec: Json, ref: string, seen = new Set<string>()): string {
  if (seen.has(ref)) return 'object';
  seen.add(ref);
  const target = ref.split('/').slice(1).reduce<any>((node, key) => node?.[key.replace(/~1/g, '/').replace(/~0/g, '~')], spec);
  if (!target) return 'object';
  if (typeof target.type === 'string') return target.type;
  if (target.$ref) return typeOf(spec, target.$ref, seen);
  const enumValue = Array.isArray(target.enum) ? target.enum.find((v: unknown) => v !== null) : undefined;
  if (enumValue !== undefined) return typeof enumValue === 'number' ? 'number' : typeof enumValue === 'boolean' ? 'boolean' : 'string';
  return 'object';
}

/** `{type, nullable: true, enum: [null]}`: the null alternative of a nullable reference. */
export const nullOf = (type: string) => ({ type, nullable: true, enum: [null] });

function rewrite(spec: Json, schema: Json): Json {
  const { $ref, allOf, nullable, ...rest } = schema;
  if (typeof $ref === 'string' && Object.keys(rest).length + (allOf ? 1 : 0) + (nullable !== undefined ? 1 : 0) > 0) {
    return rewrite(spec, { ...rest, allOf: [{ $ref }, ...(allOf ?? [])], ...(nullable !== undefined ? { nullable } : {}) });
  }
  if (nullable === true && rest.type === undefined && Array.isArray(allOf) && allOf.length === 1 && typeof allOf[0].$ref === 'string' && Object.keys(allOf[0]).length === 1) {
    return { ...rest, anyOf: [allOf[0], nullOf(typeOf(spec, allOf[0].$ref))] };
  }
  return schema;
}

/** Walks every schema of the document (paths, components, webhooks) and rewrites it in place. */
export function normalizeOas30Schemas(spec: Json): void {
  const visit = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(visit);
    if (!node || typeof node !== 'object') return node;
    const out: Json = {};
    for (const [key, value] of Object.entries(node)) out[key] = key === 'example' || key === 'examples' || key === 'x-webhooks-example' ? value : visit(value);
    return rewrite(spec, out);
  };
  for (const key of Object.keys(spec)) if (key !== 'openapi' && key !== 'info') spec[key] = visit(spec[key]);
}
