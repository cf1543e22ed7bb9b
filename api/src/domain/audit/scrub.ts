import { REDACTED, redactSecretsInText } from '../secrets-in-text';

export { REDACTED };

/** Field names whose values are never recorded (matched case-insensitively, anywhere in the name). */
const SECRET_FIELD = /secret|password|passwd|token|hash|authorization|cookie|api_?key$|^key$|signature|credential/i;

/**
 * A copy of `value` safe to keep in the audit log: object fields named like a secret are dropped,
 * and anything that looks like a secret inside a string is replaced by `[redacted]`. Depth-limited,
 * so a cyclic or huge value cannot hang it.
 */
export function scrubSecrets<T>(value: T, depth = 0): T {
  if (typeof value === 'string') return redactSecretsInText(value, { keepKind: false }) as T;
  if (value === null || typeof value !== 'object') return value;
  if (depth > 8) return REDACTED as T;
  if (Array.isArray(value)) return value.slice(0, 100).map((v) => scrubSecrets(v, depth + 1)) as T;
  if (value instanceof Date) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) if (!SECRET_FIELD.test(k) && v !== undefined) out[k] = scrubSecrets(v, depth + 1);
  return out as T;
}
