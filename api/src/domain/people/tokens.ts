import crypto from 'node:crypto';

/**
 * Opaque secrets handed to a person (session cookies, email links, invitation links): 256 random
 * bits, base64url. Only their SHA-256 is stored, so a copy of the database opens nothing; a random
 * token needs no slow hash (there is nothing to guess).
 */
export const randomToken = (bytes = 32) => crypto.randomBytes(bytes).toString('base64url');

export const hashToken = (token: string) => crypto.createHash('sha256').update(token).digest('hex');

/** Equal strings, compared in constant time. */
export function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && crypto.timingSafeEqual(x, y);
}

const SEAL_INFO = 'lumiku-sealed-with-token';

/** Encrypts `secret` with a key derived from `token` (AES-256-GCM): only whoever holds the token can open it. */
export function sealWithToken(token: string, secret: string): Buffer {
  const key = crypto.hkdfSync('sha256', token, Buffer.alloc(0), SEAL_INFO, 32);
  const iv = crypto.randomBytes(12);
  const cipher = crypto.createCipheriv('aes-256-gcm', Buffer.from(key), iv);
  const body = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), body]);
}

/** The secret `sealWithToken` sealed, or null when the token does not open it. */
export function openWithToken(token: string, sealed: Buffer): string | null {
  try {
    const key = crypto.hkdfSync('sha256', token, Buffer.alloc(0), SEAL_INFO, 32);
    const decipher = crypto.createDecipheriv('aes-256-gcm', Buffer.from(key), sealed.subarray(0, 12));
    decipher.setAuthTag(sealed.subarray(12, 28));
    return Buffer.concat([decipher.update(sealed.subarray(28)), decipher.final()]).toString('utf8');
  } catch {
    return null;
  }
}
