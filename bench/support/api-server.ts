import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { buildApp } from '../../api/src/app';
import { loadConfig } from '../../api/src/config';
import { closeAppDeps, connectAppDeps, createAppDeps } from '../../api/src/deps';
import { loadCatalogue } from '../../api/src/domain/pricing/pricing';
import { createLogger } from '../../api/src/logger';

/**
 * The real API, wired as api/src/main.ts wires it (logging on, metrics on, rate limiter on).
 * Without BENCH_QUEUES=1 it has no job queues (nothing to enqueue on the endpoints benchmarked);
 * with it, the queue producers of every pool, as in production (jobs are enqueued in Redis).
 */
async function main() {
  const config = loadConfig();
  const logger = createLogger(config.logLevel, 'api');
  const withQueues = process.env.BENCH_QUEUES === '1';
  const deps = createAppDeps(config, logger, { prices: loadCatalogue(), ...(withQueues ? {} : { queues: {} }) });
  await connectAppDeps(deps);
  const app = buildApp(deps);
  const server = http.createServer(app);
  server.keepAliveTimeout = 65_000;
  server.listen(0, '127.0.0.1', () => console.log(`READY ${(server.address() as AddressInfo).port}`));
  process.on('SIGTERM', () => {
    server.closeAllConnections();
    server.close(() => void closeAppDeps(deps, { streamRetryMs: 1000, queueTimeoutMs: 1000 }).then(() => process.exit(0)));
  });
}
void main();
