import type dns from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import type net from 'node:net';
import type { ResolvedAddress } from '../../../api/src/domain/files/url-import';

/** Response bodies are read up to this much (then the connection is dropped); a receiver cannot pin a worker. */
export const MAX_RESPONSE_BYTES = 64 * 1024;
/** What the deliveries log keeps of a response body. */
export const EXCERPT_BYTES = 1024;

export interface DeliveryResult {
  statusCode: number | null;
  latencyMs: number;
  ok: boolean;
  error: string | null;
  excerpt: string | null;
}

const agents = { http: new http.Agent({ keepAlive: true, maxSockets: 256 }), https: new https.Agent({ keepAlive: true, maxSockets: 256 }) };

function pinnedLookup(target: ResolvedAddress): net.LookupFunction {
  return ((_host: string, options: dns.LookupOptions, cb: (...args: unknown[]) => void) => {
    if (options?.all) cb(null, [{ address: target.address, family: target.family }]);
    else cb(null, target.address, target.family);
  }) as unknown as net.LookupFunction;
}

/**
 * One POST, never following redirects (a 3xx is a failed attempt), connected to the address the
 * SSRF check approved, with one deadline for connect, headers and body, and the body read only
 * up to MAX_RESPONSE_BYTES. Success is a 2xx status.
 */
export function postWebhook(url: URL, target: ResolvedAddress, headers: Record<string, string>, body: string, timeoutMs: number): Promise<DeliveryResult> {
  const started = performance.now();
  return new Promise((resolve) => {
    let settled = false;
    let status: number | null = null;
    const chunks: Buffer[] = [];
    let size = 0;
    const finish = (error: string | null) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      const ok = error === null && status !== null && status >= 200 && status < 300;
      const text = chunks.length ? Buffer.concat(chunks).subarray(0, EXCERPT_BYTES).toString('utf8') : null;
      resolve({ statusCode: status, latencyMs: Math.round(performance.now() - started), ok, error, excerpt: text });
    };
    const isHttps = url.protocol === 'https:';
    const req = (isHttps ? https : http).request(url, {
      method: 'POST',
      agent: isHttps ? agents.https : agents.http,
      lookup: pinnedLookup(target),
      headers: { ...headers, 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)), 'user-agent': 'Lumiku-Webhooks/1.0' },
    });
    const timer = setTimeout(() => {
      // The status, if it came, still counts: a 2xx with a body that never ends is a success.
      req.destroy();
      finish(status === null ? 'timeout' : null);
    }, timeoutMs);
    req.on('response', (res) => {
      status = res.statusCode ?? null;
      res.on('data', (chunk: Buffer) => {
        if (size < MAX_RESPONSE_BYTES) chunks.push(chunk);
        size += chunk.length;
        if (size >= MAX_RESPONSE_BYTES) {
          res.destroy();
          finish(null);
        }
      });
      res.on('end', () => finish(null));
      res.on('error', () => finish(null));
      res.on('close', () => finish(null));
    });
    req.on('error', (err: NodeJS.ErrnoException) => finish(status === null ? (err.code ?? err.message) : null));
    req.end(body);
  });
}
