import dns from 'node:dns';
import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import { pipeline } from 'node:stream/promises';
import { bareHost, checkAddress, isHostAllowlisted, type AddressPolicy } from './address-policy';
import { FileError } from './errors';
import type { ReceivedFile } from './multipart';
import { MeteredStream, newTempPath, removeQuietly } from './temp';

export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}

export interface UrlImportOptions {
  policy: AddressPolicy;
  maxBytes: number;
  /** For the whole import: DNS, every hop, and the body. */
  timeoutMs: number;
  maxRedirects: number;
  tmpDir: string;
  /** DNS; replaceable in tests. Default: the system resolver (all addresses). */
  resolve?: (host: string) => Promise<ResolvedAddress[]>;
  userAgent?: string;
}

export interface ImportedFile extends ReceivedFile {
  /** The URL the bytes finally came from (after redirects). */
  finalUrl: string;
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);

const systemResolve = async (host: string): Promise<ResolvedAddress[]> =>
  (await dns.promises.lookup(host, { all: true, verbatim: true })).map((a) => ({ address: a.address, family: a.family === 6 ? 6 : 4 }));

const notAllowed = (detail: string) => new FileError('url_not_allowed', detail);
const failed = (detail: string, cause?: unknown) => new FileError('import_failed', detail, { cause });

/** Only absolute http(s) URLs without credentials. */
export function parseImportUrl(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw notAllowed('The url is not a valid absolute URL.');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw notAllowed(`Only http and https URLs can be imported, not ${url.protocol.replace(/:$/, '')}.`);
  if (url.username || url.password) throw notAllowed('URLs with credentials cannot be imported.');
  if (!url.hostname) throw notAllowed('The url has no host.');
  return url;
}

/**
 * Resolves the URL's host and checks every address it resolves to (an attacker controlling DNS
 * could otherwise mix a public and a private record). Returns the one address to connect to.
 */
export async function resolveAllowedAddress(url: URL, policy: AddressPolicy, resolve = systemResolve): Promise<ResolvedAddress> {
  const host = bareHost(url.hostname);
  const literal = net.isIP(host);
  const addresses: ResolvedAddress[] = literal ? [{ address: host, family: literal === 6 ? 6 : 4 }] : await resolveOrFail(host, resolve);
  if (!addresses.length) throw failed(`The host ${host} did not resolve.`);
  if (!literal && isHostAllowlisted(host, policy)) return addresses[0];
  for (const a of addresses) {
    const verdict = checkAddress(a.address, policy);
    if (!verdict.allowed) throw notAllowed(`The url's host ${host} is not allowed: ${verdict.reason}.`);
  }
  return addresses[0];
}

async function resolveOrFail(host: string, resolve: (host: string) => Promise<ResolvedAddress[]>): Promise<ResolvedAddress[]> {
  try {
    return await resolve(host);
  } catch (err) {
    throw failed(`The host ${host} could not be resolved (${(err as NodeJS.ErrnoException).code ?? 'DNS error'}).`, err);
  }
}

/** A `lookup` that always answers with the checked address, so the connection cannot be re-pointed. */
function pinnedLookup(target: ResolvedAddress): net.LookupFunction {
  return ((_host: string, options: dns.LookupOptions, cb: (...args: unknown[]) => void) => {
    if (options?.all) cb(null, [{ address: target.address, family: target.family }]);
    else cb(null, target.address, target.family);
  }) as unknown as net.LookupFunction;
}

function get(url: URL, target: ResolvedAddress, signal: AbortSignal, userAgent: string): Promise<http.IncomingMessage> {
  return new Promise((resolve, reject) => {
    const mod = url.protocol === 'https:' ? https : http;
    const req = mod.request(url, {
      method: 'GET',
      // No pooled sockets: every hop connects afresh to the address checked for it.
      agent: false,
      lookup: pinnedLookup(target),
      signal,
      headers: { 'user-agent': userAgent, accept: '*/*', 'accept-encoding': 'identity' },
    });
    req.once('response', resolve);
    // `on`, not `once`: an error after the first (the socket failing once more) must be heard too.
    req.on('error', reject);
    req.end();
  });
}

function withAbort<T>(p: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    p.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

/** `attachment; filename*=UTF-8''n%C3%A4me.mp4` or `filename="name.mp4"` → the name. */
export function filenameFromDisposition(header: string | undefined): string | null {
  if (!header) return null;
  const star = /filename\*\s*=\s*([^']*)'[^']*'([^;]+)/i.exec(header);
  if (star) {
    try {
      return decodeURIComponent(star[2].trim().replace(/^"|"$/g, ''));
    } catch {
      /* fall through to the plain parameter */
    }
  }
  const plain = /filename\s*=\s*(?:"((?:\\.|[^"\\])*)"|([^;]+))/i.exec(header);
  return plain ? (plain[1] ?? plain[2]).replace(/\\(.)/g, '$1').trim() : null;
}

function filenameFromUrl(url: URL): string | null {
  const last = url.pathname.split('/').filter(Boolean).pop();
  if (!last) return null;
  try {
    return decodeURIComponent(last);
  } catch {
    return last;
  }
}

/**
 * Downloads a URL to a temp file with SSRF protection: http(s) only; every hop's host resolved
 * and checked (no loopback, private, link-local/metadata, CGNAT, multicast… unless allowlisted) and
 * the connection pinned to the checked address; redirects followed by hand and re-checked; one
 * deadline for everything; the size cap enforced from Content-Length and again while streaming.
 */
export async function importUrlToFile(rawUrl: string, opts: UrlImportOptions): Promise<ImportedFile> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(failed(`The download timed out after ${opts.timeoutMs} ms.`)), opts.timeoutMs);
  const signal = controller.signal;
  const userAgent = opts.userAgent ?? 'LumikuImporter/1.0';
  let tmpPath: string | null = null;
  let out: fs.WriteStream | null = null;
  try {
    let url = parseImportUrl(rawUrl);
    for (let redirects = 0; ; redirects++) {
      const target = await withAbort(resolveAllowedAddress(url, opts.policy, opts.resolve), signal);
      const res = await get(url, target, signal, userAgent);
      const status = res.statusCode ?? 0;
      if (REDIRECTS.has(status) && res.headers.location) {
        res.destroy();
        if (redirects >= opts.maxRedirects) throw failed(`Too many redirects (more than ${opts.maxRedirects}).`);
        let next: string;
        try {
          next = new URL(res.headers.location, url).toString();
        } catch {
          throw failed('The server redirected to an invalid URL.');
        }
        url = parseImportUrl(next);
        continue;
      }
      if (status < 200 || status > 299) {
        res.destroy();
        throw failed(`The server answered HTTP ${status}.`);
      }
      const declared = Number(res.headers['content-length']);
      if (Number.isFinite(declared) && declared > opts.maxBytes) {
        res.destroy();
        throw failed(`The file is too large: ${declared} bytes, over the ${opts.maxBytes}-byte import cap.`);
      }
      tmpPath = await newTempPath(opts.tmpDir, 'import');
      const meter = new MeteredStream(opts.maxBytes, () => failed(`The file is too large: over the ${opts.maxBytes}-byte import cap.`));
      out = fs.createWriteStream(tmpPath, { flags: 'wx', mode: 0o600 });
      await pipeline(res, meter, out, { signal });
      return {
        path: tmpPath,
        bytes: meter.bytes,
        sha256: meter.sha256(),
        filename: filenameFromDisposition(res.headers['content-disposition']) ?? filenameFromUrl(url),
        declaredType: res.headers['content-type'] ?? null,
        finalUrl: url.toString(),
      };
    }
  } catch (err) {
    // Only once the temp file is closed: removing it while its open is pending would leave it behind.
    if (out && !out.closed) await new Promise<void>((r) => out!.once('close', () => r()));
    await removeQuietly(tmpPath);
    if (err instanceof FileError) throw err;
    if (signal.aborted && signal.reason instanceof FileError) throw signal.reason;
    const code = (err as NodeJS.ErrnoException).code;
    throw failed(`The download failed (${code ?? (err as Error).message}).`, err);
  } finally {
    clearTimeout(timer);
  }
}
