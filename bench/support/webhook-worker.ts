/**
 * The worker's `webhooks` pool (relay + dispatcher) alone, in its own process, as
 * `npm run worker -- --queues webhooks` runs it. Configured from the environment. Prints `READY 0`.
 */
import pino from 'pino';
import { loadConfig } from '../../api/src/config';
import { createDatabase } from '../../api/src/domain/db/connect';
import { startWebhookPool } from '../../workers/src/webhooks/pool';

async function main() {
  const config = loadConfig();
  const db = createDatabase({ databaseUrl: config.databaseUrl!, poolMax: config.databasePoolMax, statementTimeoutMs: config.databaseStatementTimeoutMs });
  const pool = await startWebhookPool({ config, db, logger: pino({ level: 'warn' }) });
  console.log('READY 0');
  process.on('SIGTERM', async () => {
    await pool.close(2000);
    await db.close();
    process.exit(0);
  });
}
main().catch((err) => {
  console.error(err);
  process.exit(1);
});
