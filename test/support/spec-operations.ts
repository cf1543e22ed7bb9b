/**
 * Which operations the running API's spec (`GET /openapi.json`) has. Tests of endpoints that other
 * work adds (events, webhook endpoints, job event streams, avatars, poses, pose generations,
 * models) skip, saying why, only while the spec lacks the operation.
 */
const cache = new Map<string, Promise<Set<string>>>();

export function operationsOf(baseUrl: string): Promise<Set<string>> {
  let ops = cache.get(baseUrl);
  if (!ops) {
    ops = fetch(`${baseUrl}/openapi.json`)
      .then((res) => res.json() as Promise<{ paths: Record<string, Record<string, unknown>> }>)
      .then((spec) => {
        const set = new Set<string>();
        for (const [path, item] of Object.entries(spec.paths)) for (const method of Object.keys(item)) set.add(`${method.toUpperCase()} ${path}`);
        return set;
      });
    cache.set(baseUrl, ops);
  }
  return ops;
}

/** Skips the running test (with the reason printed) unless every `"METHOD /path"` is in the spec. */
export async function requireOperations(ctx: Mocha.Context, baseUrl: string, ...wanted: string[]): Promise<void> {
  const ops = await operationsOf(baseUrl);
  const missing = wanted.filter((op) => !ops.has(op));
  if (missing.length) {
    console.log(`      skipped until the API has ${missing.join(', ')} (not in /openapi.json yet)`);
    ctx.skip();
  }
}
