import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { buildApp } from '../../api/src/app';
import { loadConfig } from '../../api/src/config';
import { closeAppDeps, createAppDeps } from '../../api/src/deps';
import { loadCatalogue } from '../../api/src/domain/pricing/pricing';
import { createLogger } from '../../api/src/logger';

/** The real API, wired as api/src/main.ts wires it (logging on, metrics on, rate limiter on). */
async function main() {
  const config = loadConfig();
  const logger = createLogger(config.logLevel, 'api');
  const deps = createAppDeps(config, logger, { prices: loadCatalogue(), queues: {} });
  await deps.redis.connect();
  const app = buildApp(deps);
  const server = http.createServer(app);
  server.listen(0, '127.0.0.1', () => console.log(`READY ${(server.address() as AddressInfo).port}`));
  process.on('SIGTERM', () => {
    server.closeAllConnections();
    server.close(() => void closeAppDeps(deps, { streamRetryMs: 1000 }).then(() => process.exit(0)));
  });
}
void main();
