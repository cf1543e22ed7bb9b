import http from 'node:http';
import { loadConfig, productionProblems } from './config';
import { buildApp } from './app';
import { closeAppDeps, connectAppDeps, createAppDeps } from './deps';
import { loadCatalogue } from './domain/pricing/pricing';
import { exitWithSupervisor, handleProcessFaults } from './infra/process-lifetime';
import { assertAppsComplete } from './domain/apps/checks';
import { createLogger } from './logger';
import { startTracing, stopTracing } from './infra/tracing';
import { metricsApp, publicMetricsExposure } from './middleware/metrics-access';

/** In-flight requests get this long to finish once shutdown starts; then their connections are closed. */
const HTTP_DRAIN_MS = 1_000;
/** Open event streams are ended with this `retry:` hint (ms) for the client's reconnect. */
const STREAM_RETRY_MS = 2_000;

/** API process: config → connections → listen → graceful shutdown on SIGTERM/SIGINT. */
async function main() {
  const config = loadConfig();
  await startTracing('lumiku-api'); // only with OTEL_EXPORTER_OTLP_ENDPOINT (infra/tracing.ts)
  const logger = createLogger(config.logLevel, 'api');
  // Every app needs a price in the catalogue in use and its events (the workers also check renderers).
  const prices = loadCatalogue(config.priceCataloguePath);
  assertAppsComplete({ prices });
  if (!config.databaseUrl || !config.redisUrl) {
    logger.fatal('DATABASE_URL and REDIS_URL must be set (or run `npm start`, which starts embedded PostgreSQL and Redis).');
    process.exit(78);
  }
  // Production refuses default or missing credentials (config/index.ts productionProblems).
  const problems = productionProblems(config);
  if (problems.length) {
    console.error(`Invalid configuration:\n  ${problems.join('\n  ')}`);
    process.exit(78);
  }
  // Every dependency is built here (deps.ts, the composition root) and connected in the background:
  // the API serves /health (and fails /ready) while Redis is down.
  const deps = createAppDeps(config, logger, { prices });
  void connectAppDeps(deps);
  const app = buildApp(deps);

  let stopping = false;
  const server = http.createServer((req, res) => {
    // While stopping, every response closes its connection: keep-alive clients reconnect elsewhere.
    if (stopping) res.setHeader('Connection', 'close');
    app(req, res);
  });
  server.keepAliveTimeout = 65_000;
  server.listen(config.port, config.host, () => logger.info({ url: config.publicBaseUrl }, 'api listening'));
  // /metrics on its own address when METRICS_PORT is set; in production it is never public (see metrics-access.ts).
  const metricsServer = config.metricsPort !== undefined ? http.createServer(metricsApp({ config, metrics: deps.metrics, logger })) : undefined;
  metricsServer?.listen(config.metricsPort, config.metricsHost, () => logger.info({ host: config.metricsHost, port: config.metricsPort }, 'metrics listening'));
  if (publicMetricsExposure(config) === 'disabled') logger.warn('/metrics is not served: set METRICS_TOKEN or METRICS_PORT to scrape it in production');

  const shutdown = async (signal: string, code = 0) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    const force = setTimeout(() => process.exit(1), config.shutdownTimeoutMs).unref();
    const servers = [server, metricsServer].filter((srv) => srv !== undefined);
    // Stop listening. Idle keep-alive connections are closed now and each busy one as soon as its
    // response is done (a keep-alive socket would otherwise hold the server for keepAliveTimeout);
    // event streams end at once with a retry hint; whatever still runs after HTTP_DRAIN_MS is cut.
    const closed = Promise.all(servers.map((srv) => new Promise<void>((resolve) => srv.close(() => resolve()))));
    const idleSweep = setInterval(() => servers.forEach((srv) => srv.closeIdleConnections()), 50);
    deps.openStreams.endAll(STREAM_RETRY_MS);
    let drainTimer: NodeJS.Timeout | undefined;
    await Promise.race([closed, new Promise((resolve) => (drainTimer = setTimeout(resolve, Math.min(HTTP_DRAIN_MS, config.shutdownTimeoutMs))))]);
    clearTimeout(drainTimer);
    clearInterval(idleSweep);
    servers.forEach((srv) => srv.closeAllConnections());
    await closed;
    await closeAppDeps(deps, { streamRetryMs: STREAM_RETRY_MS, queueTimeoutMs: 1000 });
    await stopTracing(); // the last spans go out
    clearTimeout(force);
    process.exit(code);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
  // Unhandled rejections are logged and the API keeps serving; an uncaught exception stops it
  // gracefully (exit 1) for the supervisor to restart: see process-lifetime.ts for why.
  handleProcessFaults(logger, { onUncaught: () => void shutdown('uncaughtException', 1) });
  exitWithSupervisor(() => void shutdown('supervisor gone'));
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
