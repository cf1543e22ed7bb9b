import { WebhookVerificationError } from './errors.js';
import type { LumikuEvent } from './events.js';

/** Signatures older or newer than this (seconds) are refused, which stops replays of captured deliveries. */
export const DEFAULT_TOLERANCE_SECONDS = 5 * 60;

export type WebhookHeaders = Headers | Record<string, string | string[] | undefined>;

export interface UnwrapOptions {
  /** Seconds of clock difference accepted between the signature and now. Default 300. */
  toleranceSeconds?: number | undefined;
  /** "Now", for tests. */
  now?: Date | undefined;
}

function header(headers: WebhookHeaders, name: string): string | undefined {
  if (typeof Headers !== 'undefined' && headers instanceof Headers) return headers.get(name) ?? undefined;
  const record = headers as Record<string, string | string[] | undefined>;
  let value = record[name];
  if (value === undefined) {
    const wanted = name.toLowerCase();
    for (const key of Object.keys(record)) if (key.toLowerCase() === wanted) value = record[key];
  }
  return Array.isArray(value) ? value.join(' ') : value;
}

function base64ToBytes(text: string): Uint8Array<ArrayBuffer> {
  const binary = atob(text);
  const bytes = new Uint8Array(new ArrayBuffer(binary.length));
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

function bytesToBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i++) binary += String.fromCharCode(bytes[i]);
  return btoa(binary);
}

/** Compares without an early exit, so timing says nothing about how much of a signature matched. */
function constantTimeEqual(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}

const encoder = new TextEncoder();

function rawText(body: unknown): string {
  if (typeof body === 'string') return body;
  if (body instanceof Uint8Array) return new TextDecoder().decode(body);
  if (body instanceof ArrayBuffer) return new TextDecoder().decode(new Uint8Array(body));
  // The most common webhook bug: a JSON body parser ran first, so the exact bytes that were signed
  // are gone (re-serialising changes whitespace and key order).
  throw new WebhookVerificationError(
    'The webhook body must be the raw request body (a string, Buffer or Uint8Array), not a parsed object. ' +
      "In Express use express.raw({ type: 'application/json' }) on the webhook route, before any JSON parser.",
  );
}

/** HMAC-SHA256 of `content` with the `whsec_` secret, base64 (Web Crypto: Node 20+ and browsers). */
export async function sign(secret: string, msgId: string, timestamp: number, payload: string): Promise<string> {
  const keyBytes = base64ToBytes(secret.startsWith('whsec_') ? secret.slice('whsec_'.length) : secret);
  const key = await globalThis.crypto.subtle.importKey('raw', keyBytes, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  const mac = await globalThis.crypto.subtle.sign('HMAC', key, encoder.encode(`${msgId}.${timestamp}.${payload}`));
  return `v1,${bytesToBase64(new Uint8Array(mac))}`;
}

/**
 * Verifies a Standard Webhooks delivery (`webhook-id`, `webhook-timestamp`, `webhook-signature`)
 * and returns the parsed event. Throws `WebhookVerificationError` when anything does not match.
 */
export async function unwrap(rawBody: string | Uint8Array | ArrayBuffer, headers: WebhookHeaders, secret: string | undefined, options: UnwrapOptions = {}): Promise<LumikuEvent> {
  const payload = rawText(rawBody);
  if (!secret) throw new WebhookVerificationError('No webhook secret: pass the endpoint\'s whsec_… secret (or `webhookSecret` in the client options).');
  if (!headers || typeof headers !== 'object') throw new WebhookVerificationError('Pass the request headers.');
  const msgId = header(headers, 'webhook-id');
  const timestampText = header(headers, 'webhook-timestamp');
  const signatures = header(headers, 'webhook-signature');
  if (!msgId || !timestampText || !signatures) throw new WebhookVerificationError('Missing webhook-id, webhook-timestamp or webhook-signature header.');
  const timestamp = Number(timestampText);
  if (!/^\d+$/.test(timestampText)) throw new WebhookVerificationError('Invalid webhook-timestamp header.');
  const now = Math.floor((options.now ?? new Date()).getTime() / 1000);
  const tolerance = options.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS;
  if (timestamp < now - tolerance) throw new WebhookVerificationError('The webhook timestamp is too old (outside the tolerance).');
  if (timestamp > now + tolerance) throw new WebhookVerificationError('The webhook timestamp is too far in the future (outside the tolerance).');

  let expected: string;
  try {
    expected = (await sign(secret, msgId, timestamp, payload)).slice(3);
  } catch (err) {
    throw new WebhookVerificationError('The webhook secret is not valid base64 (expected whsec_…).', { cause: err });
  }
  // The header lists one or more space-separated `v1,<sig>` entries (several during a secret rotation).
  const ok = signatures.split(' ').some((entry) => {
    const [version, signature] = entry.split(',', 2);
    return version === 'v1' && signature !== undefined && constantTimeEqual(signature, expected);
  });
  if (!ok) throw new WebhookVerificationError('No matching webhook signature (wrong secret, or the body was changed).');
  try {
    return JSON.parse(payload) as LumikuEvent;
  } catch (err) {
    throw new WebhookVerificationError('The webhook body is not JSON.', { cause: err });
  }
}
