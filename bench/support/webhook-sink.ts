/**
 * A fast local webhook receiver for bench/webhooks.bench.ts, in its own process: answers 200 at
 * once and remembers when each `webhook-id` first arrived (epoch ms, sub-millisecond). `GET /seen`
 * returns and clears that record. Prints `READY <port>`.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

let seen: Record<string, number> = {};
let count = 0;
const server = http.createServer((req, res) => {
  if (req.method === 'GET') {
    const body = JSON.stringify({ count, seen });
    seen = {};
    count = 0;
    res.writeHead(200, { 'content-type': 'application/json' }).end(body);
    return;
  }
  req.resume();
  req.on('end', () => {
    const id = String(req.headers['webhook-id']);
    count++;
    seen[id] ??= performance.timeOrigin + performance.now();
    res.writeHead(200).end();
  });
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => console.log(`READY ${(server.address() as AddressInfo).port}`));
process.on('SIGTERM', () => process.exit(0));
