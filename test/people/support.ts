import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import type { Sequelize } from 'sequelize';
import { createAccount } from '../../api/src/domain/accounts/accounts';
import { addMembership } from '../../api/src/domain/people/memberships';
import type { Role } from '../../api/src/domain/people/roles';
import { createSession } from '../../api/src/domain/people/sessions';
import { insertUser } from '../../api/src/domain/people/users';
import { readResponse } from '../support/read-response';

/** A response as the tests read it. */
export interface Reply {
  status: number;
  headers: Headers;
  body: any;
  text: string;
}

/**
 * A browser-like HTTP client: keeps the cookies the server sets (a cookie jar honouring Max-Age=0)
 * and sends them back, as the dashboard's browser would.
 */
export class Browser {
  readonly cookies = new Map<string, string>();
  /** The Set-Cookie headers of the last response, as sent. */
  lastSetCookie: string[] = [];
  constructor(readonly baseUrl: string, readonly userAgent = 'Mozilla/5.0 (test browser)') {}

  async request(method: string, pathname: string, opts: { body?: unknown; headers?: Record<string, string>; rawBody?: string } = {}): Promise<Reply> {
    const headers: Record<string, string> = { 'user-agent': this.userAgent, ...(opts.headers ?? {}) };
    if (this.cookies.size) headers.cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    let body: string | undefined = opts.rawBody;
    if (opts.body !== undefined) {
      body = JSON.stringify(opts.body);
      headers['content-type'] ??= 'application/json';
    }
    const res = await fetch(this.baseUrl + pathname, { method, headers, body });
    this.lastSetCookie = res.headers.getSetCookie();
    for (const line of this.lastSetCookie) {
      const [pair, ...attrs] = line.split(';').map((s) => s.trim());
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq);
      const value = pair.slice(eq + 1);
      const maxAge = attrs.find((a) => /^max-age=/i.test(a));
      if (maxAge && Number(maxAge.split('=')[1]) <= 0) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    // An event stream stays open: its headers are the answer.
    if ((res.headers.get('content-type') ?? '').startsWith('text/event-stream')) {
      await res.body?.cancel();
      return { status: res.status, headers: res.headers, body: undefined, text: '' };
    }
    return readResponse(res);
  }
}

/** Session headers for a /v1 call: the organization, the mode and (for unsafe methods) the CSRF token. */
export const sessionHeaders = (org: string, csrf?: string, mode?: 'test' | 'live'): Record<string, string> => ({
  'lumiku-organization': org,
  ...(mode ? { 'lumiku-mode': mode } : {}),
  ...(csrf ? { 'lumiku-csrf-token': csrf } : {}),
});

export interface Mail {
  file: string;
  to: string;
  subject: string;
  text: string;
  html: string;
  links: string[];
}

function decodeQuotedPrintable(s: string): string {
  const bytes = s.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/gi, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
  return Buffer.from(bytes, 'latin1').toString('utf8');
}

function decodePart(part: string): { type: string; body: string } {
  const split = part.search(/\r?\n\r?\n/);
  const head = part.slice(0, split);
  const raw = part.slice(split).replace(/^\r?\n\r?\n/, '');
  const type = /content-type:\s*([^;\s]+)/i.exec(head)?.[1]?.toLowerCase() ?? 'text/plain';
  const encoding = /content-transfer-encoding:\s*(\S+)/i.exec(head)?.[1]?.toLowerCase();
  const body = encoding === 'quoted-printable' ? decodeQuotedPrintable(raw) : encoding === 'base64' ? Buffer.from(raw, 'base64').toString('utf8') : raw;
  return { type, body };
}

/** Reads an .eml file as the mailer wrote it: headers, the text and HTML parts, the links of the text part. */
export function parseEml(file: string): Mail {
  const source = fs.readFileSync(file, 'utf8');
  const headerEnd = source.search(/\r?\n\r?\n/);
  const head = source.slice(0, headerEnd).replace(/\r?\n[ \t]+/g, ' ');
  const header = (name: string) => new RegExp(`^${name}:\\s*(.*)$`, 'im').exec(head)?.[1]?.trim() ?? '';
  const boundary = /boundary="?([^";]+)"?/i.exec(head)?.[1];
  const parts = boundary ? source.split(`--${boundary}`).slice(1, -1).map((p) => decodePart(p.replace(/^\r?\n/, ''))) : [decodePart(source)];
  const text = parts.find((p) => p.type === 'text/plain')?.body ?? '';
  const html = parts.find((p) => p.type === 'text/html')?.body ?? '';
  return { file, to: header('To'), subject: header('Subject'), text, html, links: [...text.matchAll(/https?:\/\/\S+/g)].map((m) => m[0]) };
}

/** Every mail written so far under the app's data folder, oldest first. */
export function allMail(dataDir: string): Mail[] {
  const dir = path.join(dataDir, 'mail');
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.eml'))
    .sort()
    .map((f) => parseEml(path.join(dir, f)));
}

/** Waits for the mail to `to` (its subject matching) that was not there before; mail is sent after the answer. */
export async function waitForMail(dataDir: string, to: string, subject: RegExp, opts: { after?: Set<string>; timeoutMs?: number } = {}): Promise<Mail> {
  const deadline = Date.now() + (opts.timeoutMs ?? 5000);
  for (;;) {
    const found = allMail(dataDir).find((m) => m.to.includes(to) && subject.test(m.subject) && !opts.after?.has(m.file));
    if (found) return found;
    if (Date.now() > deadline) throw new Error(`no mail to ${to} matching ${subject} (have: ${allMail(dataDir).map((m) => `${m.to} ${m.subject}`).join(' | ')})`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

export const mailFiles = (dataDir: string) => new Set(allMail(dataDir).map((m) => m.file));

/** The token of a link from an email (`…#token=…`). */
export const tokenOf = (link: string) => new URL(link).hash.replace(/^#token=/, '');

export const uniqueEmail = (label = 'person') => `${label}-${crypto.randomBytes(5).toString('hex')}@example.com`;

export interface Member {
  userId: string;
  email: string;
  /** The session cookie's value. */
  token: string;
  csrf: string;
  /** A browser holding that session. */
  browser: Browser;
}

/**
 * A member made directly in the database (no argon2, no mail): a person with `role` in `accountId`
 * and a live session, for tests about what a session may do rather than how one is made.
 */
export async function makeMember(db: Sequelize, baseUrl: string, accountId: string, role: Role, opts: { verified?: boolean } = {}): Promise<Member> {
  const email = uniqueEmail(role);
  const user = await insertUser(db, { email, name: `${role} person`, passwordHash: 'not-a-real-hash', verified: opts.verified ?? true });
  await addMembership(db, { accountId, userId: user.id, role });
  const { session, token } = await createSession(db, { userId: user.id, userAgent: 'test', ip: null, policy: { ttlHours: 24, idleHours: 24 } });
  const browser = new Browser(baseUrl);
  browser.cookies.set('lumiku_session', token);
  return { userId: user.id, email, token, csrf: session.csrf_token, browser };
}

export async function makeOrganization(db: Sequelize, name = `org ${crypto.randomBytes(3).toString('hex')}`) {
  return createAccount(db, { name });
}
