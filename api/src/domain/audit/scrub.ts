/** Field names whose values are never recorded (matched case-insensitively, anywhere in the name). */
const SECRET_FIELD = /secret|password|passwd|token|hash|authorization|cookie|api_?key$|^key$|signature|credential/i;
/** Values that are secrets whatever field holds them: API keys, webhook secrets, session tokens, bearer credentials. */
const SECRET_VALUE = /\b(?:lk_(?:live|test)_[A-Za-z0-9]+|whsec_[A-Za-z0-9+/=_-]+|lks_[A-Za-z0-9_-]+|Bearer\s+\S+)/g;

export const REDACTED = '[redacted]';

/**
 * A copy of `value` safe to keep in the audit log: object fields named like a secret are dropped,
 * and anything that looks like a secret inside a string is replaced by `[redacted]`. Depth-limited,
 * so a cyclic or huge value cannot hang it.
 */
export function scrubSecrets<T>(value: T, depth = 0): T {
  if (typeof value === 'string') return value.replace(SECRET_VALUE, REDACTED) as T;
  if (value === null || typeof value !== 'object') return value;
  if (depth > 8) return REDACTED as T;
  if (Array.isArray(value)) return value.slice(0, 100).map((v) => scrubSecrets(v, depth + 1)) as T;
  if (value instanceof Date) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) if (!SECRET_FIELD.test(k) && v !== undefined) out[k] = scrubSecrets(v, depth + 1);
  return out as T;
}
