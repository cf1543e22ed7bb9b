import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { buildApp } from '../../api/src/app';
import { loadConfig } from '../../api/src/config';
import { createDatabase } from '../../api/src/domain/db/connect';
import { loadCatalogue } from '../../api/src/domain/pricing/pricing';
import { createStorage } from '../../api/src/domain/storage';
import { createRedis } from '../../api/src/infra/redis';
import { createLogger } from '../../api/src/logger';
import { KeyCache } from '../../api/src/middleware/key-cache';
import { createMetrics } from '../../api/src/middleware/metrics';

/** The real API, wired as api/src/main.ts wires it (logging on, metrics on, rate limiter on). */
async function main() {
  const config = loadConfig();
  const db = createDatabase({ databaseUrl: config.databaseUrl!, poolMax: config.databasePoolMax, statementTimeoutMs: config.databaseStatementTimeoutMs });
  const redis = createRedis(config.redisUrl!);
  await redis.connect();
  const logger = createLogger(config.logLevel, 'api');
  const app = buildApp({ config, db, redis, storage: createStorage(config), prices: loadCatalogue(), logger, metrics: createMetrics(), keyCache: new KeyCache(config.apiKeyCacheTtlMs), queues: {} });
  const server = http.createServer(app);
  server.listen(0, '127.0.0.1', () => console.log(`READY ${(server.address() as AddressInfo).port}`));
  process.on('SIGTERM', () => {
    server.closeAllConnections();
    server.close(() => void Promise.allSettled([db.close(), redis.quit()]).then(() => process.exit(0)));
  });
}
void main();
