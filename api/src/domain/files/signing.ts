import crypto from 'node:crypto';

/**
 * Signed, expiring download URLs: `…/v1/files/{id}/content?expires=<unix s>&signature=<sig>`, where
 * sig = base64url(HMAC-SHA256(secret, "<id>:<expires>")). Anyone holding the URL can download the
 * file until it expires; nothing else about the account is exposed.
 */
export function fileSignature(secret: string, id: string, expires: number): string {
  return crypto.createHmac('sha256', secret).update(`${id}:${expires}`).digest('base64url');
}

export function signedFileUrl(opts: { baseUrl: string; secret: string; id: string; ttlSeconds: number; now?: number }): { url: string; expiresAt: Date } {
  const expires = Math.floor((opts.now ?? Date.now()) / 1000) + opts.ttlSeconds;
  const signature = fileSignature(opts.secret, opts.id, expires);
  return {
    url: `${opts.baseUrl}/v1/files/${encodeURIComponent(opts.id)}/content?expires=${expires}&signature=${signature}`,
    expiresAt: new Date(expires * 1000),
  };
}

export type SignatureVerdict = 'valid' | 'invalid' | 'expired';

/** Constant-time comparison; the signature is checked before the expiry, so a forged URL never learns anything. */
export function verifyFileSignature(opts: { secret: string; id: string; expires: unknown; signature: unknown; now?: number }): SignatureVerdict {
  if (typeof opts.expires !== 'string' || typeof opts.signature !== 'string' || !/^\d{1,12}$/.test(opts.expires)) return 'invalid';
  const expected = Buffer.from(fileSignature(opts.secret, opts.id, Number(opts.expires)));
  const given = Buffer.from(opts.signature);
  if (given.length !== expected.length || !crypto.timingSafeEqual(given, expected)) return 'invalid';
  return Number(opts.expires) * 1000 <= (opts.now ?? Date.now()) ? 'expired' : 'valid';
}
