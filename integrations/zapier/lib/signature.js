'use strict';

const crypto = require('crypto');

const TOLERANCE_SECONDS = 5 * 60;

/** A header of Zapier's raw request, whatever its case or `Http-` prefix. */
const header = (headers, name) => {
  for (const [key, value] of Object.entries(headers || {})) {
    const k = key.toLowerCase().replace(/^http-/, '');
    if (k === name) return String(value);
  }
  return '';
};

/**
 * Standard Webhooks verification: HMAC-SHA256 over `<id>.<timestamp>.<body>` with the base64 key of
 * the `whsec_` secret, compared with each `v1,<base64>` of webhook-signature. Returns why it is
 * refused, or undefined.
 */
const signatureProblem = (secret, headers, rawBody, now = Date.now()) => {
  const id = header(headers, 'webhook-id');
  const timestamp = header(headers, 'webhook-timestamp');
  const signatures = header(headers, 'webhook-signature');
  if (!id || !timestamp || !signatures) return 'missing webhook-id, webhook-timestamp or webhook-signature';
  if (Math.abs(now / 1000 - Number(timestamp)) > TOLERANCE_SECONDS) return 'webhook-timestamp is too far from now';
  const key = Buffer.from(String(secret).replace(/^whsec_/, ''), 'base64');
  const expected = crypto.createHmac('sha256', key).update(`${id}.${timestamp}.${rawBody}`).digest();
  for (const part of signatures.split(' ')) {
    const [version, value] = part.split(',');
    if (version !== 'v1' || !value) continue;
    const given = Buffer.from(value, 'base64');
    if (given.length === expected.length && crypto.timingSafeEqual(given, expected)) return undefined;
  }
  return 'no signature matches';
};

module.exports = { signatureProblem, header };
