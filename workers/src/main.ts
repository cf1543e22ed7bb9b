import { parseArgs } from 'node:util';
import { loadConfig } from '../../api/src/config';
import { createDatabase } from '../../api/src/domain/db/connect';
import { createLogger } from '../../api/src/logger';
import { startMaintenance } from './maintenance';

/**
 * Worker process: `npm run worker -- --queues <pools>`. Job pools (media, image, gpu, webhooks) are
 * registered here as the apps that use them are added; every worker also runs maintenance.
 */
const KNOWN_POOLS: readonly string[] = [];

async function main() {
  const { values } = parseArgs({ options: { queues: { type: 'string' } } });
  const config = loadConfig();
  const logger = createLogger(config.logLevel, 'worker');
  const pools = (values.queues ?? KNOWN_POOLS.join(',')).split(',').map((s) => s.trim()).filter(Boolean);
  const unknown = pools.filter((p) => !KNOWN_POOLS.includes(p));
  if (unknown.length) {
    logger.fatal({ unknown, known: KNOWN_POOLS }, 'unknown worker pools');
    process.exit(64);
  }
  if (!config.databaseUrl) {
    logger.fatal('DATABASE_URL must be set (or run `npm start`).');
    process.exit(78);
  }
  const db = createDatabase({ databaseUrl: config.databaseUrl, poolMax: config.databasePoolMax, statementTimeoutMs: config.databaseStatementTimeoutMs });
  const maintenance = startMaintenance(db, config.dataDir, logger);
  logger.info({ pools }, 'worker started');

  const shutdown = async (signal: string) => {
    logger.info({ signal }, 'worker shutting down');
    maintenance.stop();
    await db.close().catch(() => {});
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
