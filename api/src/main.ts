import http from 'node:http';
import { loadConfig } from './config';
import { buildApp } from './app';
import { createDatabase } from './domain/db/connect';
import { loadCatalogue } from './domain/pricing/pricing';
import { createStorage } from './domain/storage';
import { createRedis } from './infra/redis';
import { connectQueue, createQueues } from './domain/jobs/queue';
import { POOLS } from './domain/jobs/app-contract';
import { assertAppsComplete } from './domain/apps/checks';
import { createLogger } from './logger';
import { KeyCache } from './middleware/key-cache';
import { createMetrics } from './middleware/metrics';
import { metricsApp, publicMetricsExposure } from './middleware/metrics-access';

/** API process: config → connections → listen → graceful shutdown on SIGTERM/SIGINT. */
async function main() {
  const config = loadConfig();
  const logger = createLogger(config.logLevel, 'api');
  // Every app needs a price in the catalogue in use and its events (the workers also check renderers).
  assertAppsComplete({ prices: loadCatalogue(config.priceCataloguePath) });
  if (!config.databaseUrl || !config.redisUrl) {
    logger.fatal('DATABASE_URL and REDIS_URL must be set (or run `npm start`, which starts embedded PostgreSQL and Redis).');
    process.exit(78);
  }
  const db = createDatabase({ databaseUrl: config.databaseUrl, poolMax: config.databasePoolMax, statementTimeoutMs: config.databaseStatementTimeoutMs });
  const redis = createRedis(config.redisUrl, { onError: (err) => logger.warn({ err: err.message }, 'redis unavailable') });
  // Not awaited: the API serves /health (and fails /ready) while Redis is down.
  redis.connect().catch(() => {});
  const storage = createStorage(config);
  const queues = createQueues(POOLS, { redisUrl: config.redisUrl, prefix: config.queuePrefix, isWorker: false });
  for (const q of Object.values(queues)) connectQueue(q!, (err) => logger.warn({ err: err.message }, 'queue unavailable')).catch(() => {}); // enqueue is bounded; the sweeper catches up
  const metrics = createMetrics();
  const app = buildApp({ config, db, redis, storage, prices: loadCatalogue(config.priceCataloguePath), logger, metrics, keyCache: new KeyCache(config.apiKeyCacheTtlMs), queues });

  const server = http.createServer(app);
  server.keepAliveTimeout = 65_000;
  server.listen(config.port, config.host, () => logger.info({ url: config.publicBaseUrl }, 'api listening'));
  // /metrics on its own address when METRICS_PORT is set; in production it is never public (see metrics-access.ts).
  const metricsServer = config.metricsPort !== undefined ? http.createServer(metricsApp({ config, metrics, logger })) : undefined;
  metricsServer?.listen(config.metricsPort, config.metricsHost, () => logger.info({ host: config.metricsHost, port: config.metricsPort }, 'metrics listening'));
  if (publicMetricsExposure(config) === 'disabled') logger.warn('/metrics is not served: set METRICS_TOKEN or METRICS_PORT to scrape it in production');

  let stopping = false;
  const shutdown = async (signal: string, code = 0) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    const force = setTimeout(() => process.exit(1), config.shutdownTimeoutMs).unref();
    await Promise.all([server, metricsServer].map((srv) => srv && new Promise<void>((resolve) => srv.close(() => resolve()))));
    server.closeAllConnections();
    metricsServer?.closeAllConnections();
    await Promise.allSettled([db.close(), redis.quit(), ...Object.values(queues).map((q) => q!.close())]);
    clearTimeout(force);
    process.exit(code);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('uncaughtException', (err) => {
    logger.fatal({ err }, 'uncaught exception');
    void shutdown('uncaughtException', 1);
  });
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
