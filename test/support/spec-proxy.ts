/**
 * A validating reverse proxy for tests, like Prism's proxy mode: clients (the SDK, fetch, newman)
 * talk to it, it forwards every request to the API unchanged and streams the answer back, and it
 * checks both against openapi/openapi.json (test/support/openapi-validator.ts). Violations are
 * collected; `behindSpecProxy` turns them into test failures.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { TestApp } from './harness';
import { OpenApiValidator, type Violation } from './openapi-validator';

/** Bodies of these types are checked whole; others (file bytes) only by status and headers. */
const CAPTURED = /json|^text\//i;
const MAX_CAPTURE = 8 * 1024 * 1024;

export interface SpecProxy {
  url: string;
  /** Exchanges seen so far. */
  exchanges: number;
  /** Violations not yet taken: any response the spec does not allow, and any request it forbids that the API took. */
  violations: Violation[];
  /** Requests the spec forbids that the API refused (4xx/5xx): not violations, kept to look at. */
  refused: Violation[];
  /** Returns the violations so far and forgets them. */
  take(): Violation[];
  close(): Promise<void>;
}

let shared: OpenApiValidator | undefined;

export async function startSpecProxy(upstream: string, validator: OpenApiValidator = (shared ??= new OpenApiValidator())): Promise<SpecProxy> {
  const target = new URL(upstream);
  const state = { exchanges: 0, violations: [] as Violation[], refused: [] as Violation[] };
  const pending = new Set<Promise<void>>();

  const server = http.createServer((req, res) => {
    const done = new Promise<void>((resolve) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('error', () => resolve());
      req.on('end', () => {
        const requestBody = Buffer.concat(chunks);
        const headers = { ...req.headers, host: target.host };
        const upstreamReq = http.request({ host: target.hostname, port: target.port, method: req.method, path: req.url, headers }, (upstreamRes) => {
          res.writeHead(upstreamRes.statusCode ?? 502, upstreamRes.rawHeaders as unknown as http.OutgoingHttpHeaders);
          res.flushHeaders();
          const type = String(upstreamRes.headers['content-type'] ?? '');
          const capture = CAPTURED.test(type) || !type;
          const body: Buffer[] = [];
          let size = 0;
          upstreamRes.on('data', (c: Buffer) => {
            if (capture && size < MAX_CAPTURE) body.push(c);
            size += c.length;
            res.write(c);
          });
          let finished = false;
          const finish = (complete: boolean) => {
            if (finished) return;
            finished = true;
            res.end();
            state.exchanges++;
            const captured = capture && size <= MAX_CAPTURE;
            let found: Violation[];
            try {
              found = validator.validate({
              method: req.method ?? 'GET',
              url: req.url ?? '/',
              requestHeaders: req.headers,
              requestBody,
              status: upstreamRes.statusCode,
              responseHeaders: upstreamRes.headers,
              responseBody: captured ? Buffer.concat(body) : undefined,
              // A stream the client left early is checked as far as it went (event streams), or not at all.
              responseBodySkipped: !captured || (!complete && !/event-stream/.test(type)),
              });
            } catch (err) {
              found = [{ method: req.method ?? 'GET', path: req.url ?? '/', status: upstreamRes.statusCode, where: 'response', message: `the validator failed: ${(err as Error).message}` }];
            }
            // A request the spec forbids is a disagreement only when the API took it (status < 400):
            // answered with a (checked) problem document, it is a test sending a bad request on purpose.
            const status = upstreamRes.statusCode ?? 0;
            for (const v of found) (v.where === 'request' && status >= 400 ? state.refused : state.violations).push(v);
            resolve();
          };
          upstreamRes.on('end', () => finish(true));
          upstreamRes.on('error', () => finish(false));
          res.on('close', () => {
            if (!upstreamRes.complete) {
              upstreamRes.destroy();
              finish(false);
            }
          });
        });
        upstreamReq.on('error', (err) => {
          if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' });
          res.end(`spec proxy: upstream failed: ${err.message}`);
          resolve();
        });
        upstreamReq.end(requestBody);
      });
    });
    pending.add(done);
    void done.then(() => pending.delete(done));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    get exchanges() {
      return state.exchanges;
    },
    get violations() {
      return state.violations;
    },
    get refused() {
      return state.refused;
    },
    take() {
      return state.violations.splice(0);
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await Promise.all([...pending]);
    },
  };
}

export const formatViolations = (violations: Violation[]) => violations.map((v) => `  ${v.where} ${v.method} ${v.path}${v.status ? ` → ${v.status}` : ''}: ${v.message}`).join('\n');

/** Throws if the proxy saw anything the spec does not allow. */
export function assertNoViolations(proxy: SpecProxy) {
  const found = proxy.take();
  if (found.length) throw new Error(`the API and its spec disagree (${found.length}):\n${formatViolations(found)}`);
}

/**
 * The app behind a validating proxy: the same TestApp, whose `baseUrl` is the proxy's. Check with
 * `afterEach(() => assertNoViolations(app.proxy))` (so a violation fails the test that caused it);
 * `close()` fails too if any are left.
 */
export async function behindSpecProxy(app: TestApp): Promise<TestApp & { proxy: SpecProxy; directUrl: string }> {
  const proxy = await startSpecProxy(app.baseUrl);
  return {
    ...app,
    baseUrl: proxy.url,
    directUrl: app.baseUrl,
    proxy,
    async close() {
      await proxy.close();
      await app.close();
      assertNoViolations(proxy);
    },
  };
}
