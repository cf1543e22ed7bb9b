import type { Request, Response } from 'express';
import type { Config } from '../config';

/**
 * The dashboard session on the wire: an opaque token in an `HttpOnly`, `SameSite=Lax` cookie
 * (`Secure` in production), the organization and mode in headers, and, on unsafe methods, the
 * session's CSRF token in a header. The CSRF defence is the synchronizer token pattern: the token
 * is random per session, stored with it server-side, handed out only in response bodies (sign-in,
 * `GET /auth/session`), never in a cookie, and compared in constant time.
 */
export const SESSION_COOKIE = 'lumiku_session';
export const CSRF_HEADER = 'Lumiku-CSRF-Token';
export const ORGANIZATION_HEADER = 'Lumiku-Organization';
export const MODE_HEADER = 'Lumiku-Mode';

/** Methods a cross-site page could make a browser send with our cookie that change something. */
export const isUnsafeMethod = (method: string) => !['GET', 'HEAD', 'OPTIONS'].includes(method.toUpperCase());

/** The value of one cookie of the request (the first, if sent twice), or undefined. */
export function readCookie(req: Request, name: string): string | undefined {
  const header = req.headers.cookie;
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0 || part.slice(0, eq).trim() !== name) continue;
    const raw = part.slice(eq + 1).trim().replace(/^"(.*)"$/, '$1');
    try {
      return decodeURIComponent(raw);
    } catch {
      return undefined;
    }
  }
  return undefined;
}

const attributes = (config: Config, maxAgeSeconds: number) => [`Path=/`, `Max-Age=${maxAgeSeconds}`, 'HttpOnly', 'SameSite=Lax', ...(config.nodeEnv === 'production' ? ['Secure'] : [])].join('; ');

export function setSessionCookie(res: Response, config: Config, token: string, expiresAt: Date): void {
  const maxAge = Math.max(0, Math.floor((expiresAt.getTime() - Date.now()) / 1000));
  res.append('Set-Cookie', `${SESSION_COOKIE}=${token}; ${attributes(config, maxAge)}`);
}

export function clearSessionCookie(res: Response, config: Config): void {
  res.append('Set-Cookie', `${SESSION_COOKIE}=; ${attributes(config, 0)}`);
}
