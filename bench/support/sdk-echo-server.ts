import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A local server with canned answers for the SDK benchmark (its own process, so its CPU time is
 * not the client's): the account, a job create, and a finished job. It counts requests per path.
 */
const account = JSON.stringify({ id: 'acct_bench', object: 'account', name: 'bench', email: null, plan: 'standard', balance: 1000, livemode: false, created_at: '2026-01-15T10:00:00.000Z' });
const job = (status: string) =>
  JSON.stringify({ id: 'crsl_bench', object: 'carousel', status, progress: { fraction: status === 'succeeded' ? 1 : 0, stage: status, eta_seconds: null }, input: {}, outputs: [], credits: { quoted: 1, reserved: 1, charged: 0, refunded: 0 }, error: null, metadata: {}, external_id: null, livemode: false, created_at: '2026-01-15T10:00:00.000Z', started_at: null, finished_at: null, expires_at: null });
const queued = job('queued');
const succeeded = job('succeeded');
const counts = new Map<string, number>();

const server = http.createServer((req, res) => {
  const path = req.url!.split('?')[0];
  counts.set(path, (counts.get(path) ?? 0) + 1);
  const send = (status: number, body: string) => {
    res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), 'x-request-id': 'req_bench' });
    res.end(body);
  };
  if (path === '/count') return send(200, JSON.stringify(Object.fromEntries(counts)));
  if (path === '/reset') {
    counts.clear();
    return send(200, '{}');
  }
  if (req.method === 'POST') {
    req.resume();
    req.on('end', () => send(202, queued));
    return;
  }
  if (path === '/v1/account') return send(200, account);
  if (path.startsWith('/v1/carousels/') || path.startsWith('/v1/jobs/')) return send(200, succeeded);
  send(404, JSON.stringify({ status: 404, code: 'route_not_found' }));
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => console.log(`READY ${(server.address() as AddressInfo).port}`));
process.on('SIGTERM', () => {
  server.closeAllConnections();
  server.close(() => process.exit(0));
});
