import crypto from 'node:crypto';

/** `whsec_` + base64 of 24 random bytes: the Standard Webhooks secret format (Svix's too). */
export function newWebhookSecret(): string {
  return `whsec_${crypto.randomBytes(24).toString('base64')}`;
}
