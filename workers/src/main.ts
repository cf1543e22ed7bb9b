import crypto from 'node:crypto';
import http from 'node:http';
import { parseArgs } from 'node:util';
import sharp from 'sharp';
import { loadConfig, productionProblems } from '../../api/src/config';
import { assertAppsComplete } from '../../api/src/domain/apps/checks';
import { createDatabase } from '../../api/src/domain/db/connect';
import type { WorkerPool } from '../../api/src/domain/jobs/app-contract';
import { loadCatalogue } from '../../api/src/domain/pricing/pricing';
import { createStorage } from '../../api/src/domain/storage';
import { createWebhookBackend } from '../../api/src/domain/webhooks/backend';
import { exitWithSupervisor, handleProcessFaults } from '../../api/src/infra/process-lifetime';
import { createLogger } from '../../api/src/logger';
import { startTracing, stopTracing } from '../../api/src/infra/tracing';
import { workerRegistry } from '../../api/src/infra/process-metrics';
import { POOLS, startWorker } from './engine/worker';
import { RENDERERS } from './apps';
import { useBundledFonts } from './apps/carousel/fonts';
import { startMaintenance } from './maintenance';
import { startWebhookPool } from './webhooks/pool';

/**
 * Worker process: `npm run worker -- --queues media,image,gpu,webhooks` (default: every pool). Each pool is a
 * bee-queue with its own concurrency (WORKER_CONCURRENCY_*), so pools can scale on separate machines.
 */
async function main() {
  const { values } = parseArgs({ options: { queues: { type: 'string' } } });
  const config = loadConfig();
  await startTracing('lumiku-worker'); // only with OTEL_EXPORTER_OTLP_ENDPOINT (api/src/infra/tracing.ts)
  const logger = createLogger(config.logLevel, 'worker');
  // Every app needs a renderer, a price in the catalogue in use and its events: refuse to start otherwise.
  assertAppsComplete({ prices: loadCatalogue(config.priceCataloguePath), renderers: RENDERERS });
  const requested = (values.queues ?? [...POOLS, 'webhooks'].join(',')).split(',').map((s) => s.trim()).filter(Boolean);
  // `webhooks` is the delivery pool (relay + dispatcher); the others run jobs.
  const withWebhooks = requested.includes('webhooks');
  const pools = requested.filter((p) => p !== 'webhooks') as WorkerPool[];
  const unknown = pools.filter((p) => !POOLS.includes(p));
  if (unknown.length) {
    logger.fatal({ unknown, known: POOLS }, 'unknown worker pools');
    process.exit(64);
  }
  if (!config.databaseUrl || !config.redisUrl) {
    logger.fatal('DATABASE_URL and REDIS_URL must be set (or run `npm start`).');
    process.exit(78);
  }
  // Production refuses default or missing credentials (config/index.ts productionProblems).
  const problems = productionProblems(config);
  if (problems.length) {
    console.error(`Invalid configuration:\n  ${problems.join('\n  ')}`);
    process.exit(78);
  }
  // Text is drawn only with the fonts we ship, whatever the host has installed.
  useBundledFonts();
  // Renderers keep what a job reuses themselves; libvips' own operation cache (50 MB by default)
  // would only make a long-lived worker's memory creep up between jobs.
  sharp.cache(false);
  // This process's dependencies are built here, as the API's are in api/src/deps.ts (nothing connects at import).
  const db = createDatabase({ databaseUrl: config.databaseUrl, poolMax: config.databasePoolMax, statementTimeoutMs: config.databaseStatementTimeoutMs });
  const storage = createStorage(config);
  const maintenance = startMaintenance(db, storage, config.dataDir, logger, undefined, { eventRetentionDays: config.eventRetentionDays });
  const worker = await startWorker({ config, db, storage, logger }, pools);
  const webhooks = withWebhooks ? await startWebhookPool({ config, db, logger, backend: createWebhookBackend(config, db) }) : null;
  logger.info({ pools, webhooks: withWebhooks }, 'worker started');
  // GET /metrics on WORKER_METRICS_PORT: what this worker counts (job durations, webhook deliveries, credits charged).
  const metricsServer = config.workerMetricsPort !== undefined ? serveWorkerMetrics(config.workerMetricsPort, config.metricsHost, config.metricsToken) : undefined;
  metricsServer?.on('listening', () => logger.info({ host: config.metricsHost, port: config.workerMetricsPort }, 'worker metrics listening'));
  metricsServer?.on('error', (err) => logger.error({ err }, 'worker metrics listener failed'));

  let stopping = false;
  const shutdown = async (signal: string, code = 0) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'worker shutting down: letting running jobs finish');
    // Running jobs get SHUTDOWN_TIMEOUT_MS, then go back to the queue; a close that hangs past
    // that (e.g. on a dead connection) must not keep the process, even with no supervisor left.
    setTimeout(() => process.exit(1), config.shutdownTimeoutMs + 10_000).unref();
    maintenance.stop();
    metricsServer?.close();
    await Promise.all([worker.close(config.shutdownTimeoutMs), webhooks?.close(config.shutdownTimeoutMs)]);
    await db.close().catch(() => {});
    await stopTracing();
    process.exit(code);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
  // Unhandled rejections are logged and the worker keeps processing; an uncaught exception stops
  // it gracefully (running jobs finish or go back to the queue; exit 1): see process-lifetime.ts.
  handleProcessFaults(logger, { onUncaught: () => void shutdown('uncaughtException', 1) });
  exitWithSupervisor(() => void shutdown('supervisor gone'));
}

/**
 * A plain listener: GET /metrics in Prometheus' text format (only with `Authorization: Bearer
 * <METRICS_TOKEN>` when METRICS_TOKEN is set, as the API's), GET /health for a liveness probe (this
 * process's event loop answers), 404 for anything else.
 */
function serveWorkerMetrics(port: number, host: string, token: string | undefined): http.Server {
  const registry = workerRegistry();
  const digest = (s: string) => crypto.createHash('sha256').update(s).digest();
  const expected = token ? digest(token) : null;
  const authorized = (header: string | undefined) => {
    if (!expected) return true;
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
    return !!match && crypto.timingSafeEqual(digest(match[1]), expected);
  };
  const server = http.createServer((req, res) => {
    const path = req.url?.split('?')[0];
    if (req.method === 'GET' && path === '/health') return void res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
    if (req.method !== 'GET' || path !== '/metrics') return void res.writeHead(404).end();
    if (!authorized(req.headers.authorization)) return void res.writeHead(401, { 'www-authenticate': 'Bearer' }).end();
    registry
      .metrics()
      .then((text) => res.writeHead(200, { 'content-type': registry.contentType }).end(text))
      .catch(() => res.writeHead(500).end());
  });
  server.listen(port, host);
  return server;
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
