/**
 * Secrets are shown once, in the response that made them, and never stored: the Idempotency-Key
 * store keeps the body without them. A replay answers that stored body, which says so with
 * `secret_redacted: true`.
 *
 * Every response field that can carry a secret is named here. `test/authz/idempotency-scope.test.ts`
 * fails when a POST response in the spec has a secret-looking field this list does not name.
 */
export const SECRET_FIELDS = ['secret'] as const;

/** The field a replayed (stored) body carries when a secret was removed from it. */
export const SECRET_REDACTED_FIELD = 'secret_redacted';

export function redactSecrets(body: unknown): unknown {
  if (!body || typeof body !== 'object' || Array.isArray(body)) return body;
  const present = SECRET_FIELDS.filter((f) => f in body);
  if (!present.length) return body;
  const out: Record<string, unknown> = { ...(body as Record<string, unknown>) };
  for (const f of present) delete out[f];
  out[SECRET_REDACTED_FIELD] = true;
  return out;
}
