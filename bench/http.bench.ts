/**
 * GET /v1/account (API key auth, rate limiter, logging, metrics) against a bare Express 5 hello-world,
 * each in its own process, measured alternately in one run; medians of the rounds.
 * Target: the API reaches ≥ 40% of the baseline's requests/s.
 *
 *   npx tsx bench/http.bench.ts [--rounds 3] [--seconds 8] [--connections 50]
 */
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { createAccount } from '../api/src/domain/accounts/accounts';
import { createApiKey } from '../api/src/domain/accounts/api-keys';
import { createDatabase } from '../api/src/domain/db/connect';
import { resolveTestServices } from '../test/support/services';
import { fmt, median, startChild, verdict } from './support/stats';

async function load(url: string, headers: Record<string, string>, seconds: number, connections: number) {
  const result = await autocannon({ url, headers, duration: seconds, connections, pipelining: 1 });
  if (result.non2xx || result.errors) throw new Error(`${url}: ${result.non2xx} non-2xx, ${result.errors} errors`);
  return result.requests.average;
}

async function main() {
  const { values } = parseArgs({ options: { rounds: { type: 'string', default: '3' }, seconds: { type: 'string', default: '8' }, connections: { type: 'string', default: '50' } } });
  const rounds = Number(values.rounds);
  const seconds = Number(values.seconds);
  const connections = Number(values.connections);
  const svc = await resolveTestServices();
  try {
    const db = createDatabase({ databaseUrl: svc.databaseUrl, poolMax: 2, statementTimeoutMs: 10_000 });
    const account = await createAccount(db, { name: 'bench' });
    const { secret } = await createApiKey(db, { accountId: account.id, name: 'bench', livemode: true });
    await db.close();

    const env = { DATABASE_URL: svc.databaseUrl, REDIS_URL: svc.redisUrl, RATE_LIMIT_PER_WINDOW: '100000000', LOG_LEVEL: 'info', NODE_ENV: 'production', SIGNING_SECRET: 'bench-signing-secret-0123456789' };
    const baseline = await startChild('baseline-server.ts', {});
    const api = await startChild('api-server.ts', env);
    const base: number[] = [];
    const ours: number[] = [];
    const noDb: number[] = [];
    try {
      const auth = { authorization: `Bearer ${secret}` };
      await load(`http://127.0.0.1:${baseline.port}/`, {}, 2, connections); // warm-up
      await load(`http://127.0.0.1:${api.port}/v1/account`, auth, 2, connections);
      for (let r = 0; r < rounds; r++) {
        base.push(await load(`http://127.0.0.1:${baseline.port}/`, {}, seconds, connections));
        ours.push(await load(`http://127.0.0.1:${api.port}/v1/account`, auth, seconds, connections));
        noDb.push(await load(`http://127.0.0.1:${api.port}/v1/prices`, auth, seconds, connections));
        console.log(`round ${r + 1}: baseline ${fmt(base[r])} req/s, GET /v1/account ${fmt(ours[r])} req/s, GET /v1/prices ${fmt(noDb[r])} req/s`);
      }
    } finally {
      await Promise.all([baseline.stop(), api.stop()]);
    }
    const ratio = median(ours) / median(base);
    console.log(`\nbaseline (bare Express 5 hello-world): ${fmt(median(base))} req/s (median of ${rounds})`);
    console.log(`GET /v1/account with auth:            ${fmt(median(ours))} req/s (median of ${rounds})`);
    console.log(`ratio: ${fmt(ratio * 100, 1)}% of baseline (target ≥ 40%): ${verdict(ratio >= 0.4)}`);
    console.log(`for reference, GET /v1/prices (same auth, limiter, logging; no database read): ${fmt(median(noDb))} req/s, ${fmt((median(noDb) / median(base)) * 100, 1)}% of baseline`);
  } finally {
    await svc.cleanup();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
