import { createHmac, timingSafeEqual } from 'node:crypto';

/** How far a delivery's webhook-timestamp may be from now (Standard Webhooks' usual tolerance). */
export const TOLERANCE_SECONDS = 5 * 60;

/**
 * Verifies a Standard Webhooks signature: `webhook-signature` holds one or more `v1,<base64>` values,
 * each an HMAC-SHA256 over `<webhook-id>.<webhook-timestamp>.<raw body>` keyed with the base64 part
 * of the `whsec_` secret. Returns why it is refused, or undefined when it verifies.
 */
export function signatureProblem(secret: string, headers: Record<string, unknown>, rawBody: string | Buffer, now = Date.now()): string | undefined {
  const id = String(headers['webhook-id'] ?? '');
  const timestamp = String(headers['webhook-timestamp'] ?? '');
  const signatures = String(headers['webhook-signature'] ?? '');
  if (!id || !timestamp || !signatures) return 'missing webhook-id, webhook-timestamp or webhook-signature';
  const seconds = Number(timestamp);
  if (!Number.isInteger(seconds)) return 'webhook-timestamp is not a number of seconds';
  if (Math.abs(now / 1000 - seconds) > TOLERANCE_SECONDS) return 'webhook-timestamp is too far from now';
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  const expected = createHmac('sha256', key).update(`${id}.${timestamp}.`).update(rawBody).digest();
  for (const part of signatures.split(' ')) {
    const [version, value] = part.split(',');
    if (version !== 'v1' || !value) continue;
    const given = Buffer.from(value, 'base64');
    if (given.length === expected.length && timingSafeEqual(given, expected)) return undefined;
  }
  return 'no signature matches';
}
