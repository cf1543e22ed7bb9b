import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook as Verifier } from 'standardwebhooks';
import type { TestApp } from '../support/harness';
import { startWebhookPool, type WebhookPool } from '../../workers/src/webhooks/pool';

export interface Received {
  id: string;
  timestamp: string;
  signature: string;
  raw: string;
  body: any;
  path: string;
  /** What the receiver answered. */
  status: number;
}

export type Behaviour = (req: http.IncomingMessage, res: http.ServerResponse, received: Received) => void | number;

/**
 * A real HTTP receiver on 127.0.0.1: records every request (raw body, Standard Webhooks headers)
 * and answers per `behaviour` (default 200 "ok"). A behaviour may answer itself (returning
 * nothing), or return a status code to answer with.
 */
export async function startReceiver(behaviour: Behaviour = () => 200) {
  const received: Received[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      const r: Received = { id: String(req.headers['webhook-id']), timestamp: String(req.headers['webhook-timestamp']), signature: String(req.headers['webhook-signature']), raw, body: JSON.parse(raw || 'null'), path: req.url ?? '/', status: 0 };
      received.push(r);
      let status: number | void;
      try {
        status = behaviour(req, res, r);
      } catch {
        status = 500;
      }
      if (typeof status === 'number') {
        r.status = status;
        res.writeHead(status, { 'content-type': 'text/plain' }).end(status >= 200 && status < 300 ? 'ok' : `status ${status}`);
      }
    });
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    server,
    /** Resolves when `predicate` holds over what was received (polling), or rejects after `timeoutMs`. */
    async until(predicate: (r: Received[]) => boolean, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      while (!predicate(received)) {
        if (Date.now() > deadline) throw new Error(`receiver: condition not met in ${timeoutMs} ms (received ${received.length})`);
        await new Promise((r) => setTimeout(r, 20));
      }
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Verifies with the independent `standardwebhooks` implementation; throws if the signature is wrong. */
export function verify(secret: string, r: Received): unknown {
  return new Verifier(secret).verify(r.raw, { 'webhook-id': r.id, 'webhook-timestamp': r.timestamp, 'webhook-signature': r.signature });
}

/** The worker's webhooks pool for a test app (relay + dispatcher). */
export function startPool(app: TestApp): Promise<WebhookPool> {
  return startWebhookPool({ config: app.config, db: app.db, logger: app.deps.logger });
}

/** Env for compressed delivery in tests: loopback receivers allowed, fast retries. */
export const FAST_WEBHOOKS = {
  WEBHOOK_URL_ALLOWLIST: '127.0.0.1',
  WEBHOOK_RETRY_SCHEDULE: '0,100ms,200ms,300ms',
  WEBHOOK_RELAY_POLL_MS: '200',
  WEBHOOK_TIMEOUT_MS: '1000',
  RATE_LIMIT_PER_WINDOW: '0',
};

export async function waitFor<T>(fn: () => Promise<T | undefined | null | false>, timeoutMs = 10_000, what = 'condition'): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
