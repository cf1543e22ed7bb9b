/**
 * GET /v1/account with an API key (authentication, rate limiter, access log, metrics, security
 * headers, one PostgreSQL read) against two baselines, each in its own process, measured
 * alternately in one run; medians of the rounds:
 *
 *   1. a bare Express 5 hello-world (bench/support/baseline-server.ts).
 *      Target: the API reaches ≥ 40% of its requests/s.
 *   2. a bare Express 5 server doing the same single PostgreSQL read, the same prepared statement
 *      through a `pg` pool of the API's size (bench/support/baseline-pg-server.ts).
 *      Target: the API's cost over it ≤ 25%, where cost is the extra time per request relative to
 *      the baseline's: (1/api − 1/baseline) / (1/baseline) = baseline/api − 1 (with req/s figures).
 *      ≤ 25% is the same as the API reaching ≥ 80% of the baseline's requests/s; both are printed.
 *
 * GET /v1/prices (same authentication and middleware, no database read) is printed for reference.
 * The load generator (autocannon) runs in this process, on the same cores as the servers: every
 * server pays for it alike. The machine's load average is printed before and after.
 *
 *   npx tsx bench/http.bench.ts [--rounds 3] [--seconds 8] [--connections 50] [--profile DIR]
 *
 * --profile DIR writes a V8 CPU profile of the API process (node --cpu-prof) into DIR.
 */
import os from 'node:os';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { createAccount } from '../api/src/domain/accounts/accounts';
import { createApiKey } from '../api/src/domain/accounts/api-keys';
import { createDatabase } from '../api/src/domain/db/connect';
import { resolveTestServices } from '../test/support/services';
import { CpuMeter, postgresProcesses } from './support/cpu';
import { fmt, median, startChild, verdict } from './support/stats';

async function load(url: string, headers: Record<string, string>, seconds: number, connections: number) {
  const result = await autocannon({ url, headers, duration: seconds, connections, pipelining: 1 });
  if (result.non2xx || result.errors) throw new Error(`${url}: ${result.non2xx} non-2xx, ${result.errors} errors`);
  return { rps: result.requests.average, requests: result.requests.total };
}

interface Phase {
  rps: number;
  /** CPU ms per request: the server process, PostgreSQL backends of the bench database, the load generator (this process). */
  server: number;
  pg: number;
  loadgen: number;
}

const loadavg = () => os.loadavg().map((l) => l.toFixed(2)).join(' ');

async function main() {
  const { values } = parseArgs({
    options: { rounds: { type: 'string', default: '3' }, seconds: { type: 'string', default: '8' }, connections: { type: 'string', default: '50' }, profile: { type: 'string' } },
  });
  const rounds = Number(values.rounds);
  const seconds = Number(values.seconds);
  const connections = Number(values.connections);
  const poolMax = '10'; // the API's default DATABASE_POOL_MAX, for both
  console.log(`load average before: ${loadavg()} (${os.cpus().length} cores)`);
  const svc = await resolveTestServices();
  try {
    const db = createDatabase({ databaseUrl: svc.databaseUrl, poolMax: 2, statementTimeoutMs: 10_000 });
    const account = await createAccount(db, { name: 'bench' });
    const { secret } = await createApiKey(db, { accountId: account.id, name: 'bench', livemode: true });
    await db.close();

    const env = {
      DATABASE_URL: svc.databaseUrl,
      DATABASE_POOL_MAX: poolMax,
      REDIS_URL: svc.redisUrl,
      RATE_LIMIT_PER_WINDOW: '100000000',
      LOG_LEVEL: 'info',
      NODE_ENV: 'production',
      SIGNING_SECRET: 'bench-signing-secret-0123456789',
    };
    const hello = await startChild('baseline-server.ts', {});
    const pgBase = await startChild('baseline-pg-server.ts', { DATABASE_URL: svc.databaseUrl, DATABASE_POOL_MAX: poolMax, ACCOUNT_ID: account.id });
    const api = await startChild('api-server.ts', env, values.profile ? ['--cpu-prof', `--cpu-prof-dir=${values.profile}`] : []);
    const r = { hello: [] as Phase[], pg: [] as Phase[], account: [] as Phase[], prices: [] as Phase[] };
    const database = new URL(svc.databaseUrl).pathname.slice(1);
    try {
      const auth = { authorization: `Bearer ${secret}` };
      const targets = {
        hello: { pid: hello.child.pid!, url: `http://127.0.0.1:${hello.port}/`, headers: {} },
        pg: { pid: pgBase.child.pid!, url: `http://127.0.0.1:${pgBase.port}/account`, headers: {} },
        account: { pid: api.child.pid!, url: `http://127.0.0.1:${api.port}/v1/account`, headers: auth },
        prices: { pid: api.child.pid!, url: `http://127.0.0.1:${api.port}/v1/prices`, headers: auth },
      };
      const measure = async (t: (typeof targets)['hello']): Promise<Phase> => {
        const meter = new CpuMeter(() => ({ server: [t.pid], pg: postgresProcesses(database).backends }));
        meter.start();
        const { rps, requests } = await load(t.url, t.headers, seconds, connections);
        const cpu = meter.stop();
        return { rps, server: cpu.server / requests, pg: cpu.pg / requests, loadgen: cpu.self / requests };
      };
      // warm-up (JIT, pools, prepared statements)
      for (const t of [targets.hello, targets.pg, targets.account]) await load(t.url, t.headers, 2, connections);
      for (let i = 0; i < rounds; i++) {
        for (const name of ['hello', 'pg', 'account', 'prices'] as const) r[name].push(await measure(targets[name]));
        console.log(
          `round ${i + 1}: hello-world ${fmt(r.hello[i].rps)} req/s, Express+pg read ${fmt(r.pg[i].rps)} req/s, GET /v1/account ${fmt(r.account[i].rps)} req/s, GET /v1/prices ${fmt(r.prices[i].rps)} req/s  (load ${loadavg()})`,
        );
      }
    } finally {
      await Promise.all([hello.stop(), pgBase.stop(), api.stop()]);
    }
    const m = (phases: Phase[], k: keyof Phase) => median(phases.map((p) => p[k]));
    const [mHello, mPg, mAccount, mPrices] = [m(r.hello, 'rps'), m(r.pg, 'rps'), m(r.account, 'rps'), m(r.prices, 'rps')];
    const ofHello = mAccount / mHello;
    const ofPg = mAccount / mPg;
    const cost = mPg / mAccount - 1;
    console.log(`\nmedians of ${rounds} rounds of ${seconds} s, ${connections} connections`);
    console.log(`bare Express 5 hello-world:            ${fmt(mHello)} req/s`);
    console.log(`bare Express 5 + the same pg read:     ${fmt(mPg)} req/s`);
    console.log(`GET /v1/account with an API key:       ${fmt(mAccount)} req/s`);
    console.log(`vs hello-world: ${fmt(ofHello * 100, 1)}% of its req/s (target ≥ 40%): ${verdict(ofHello >= 0.4)}`);
    console.log(
      `vs Express + pg read: ${fmt(ofPg * 100, 1)}% of its req/s; cost per request over it (baseline/api − 1) ${fmt(cost * 100, 1)}% (target ≤ 25%, i.e. ≥ 80% of its req/s): ${verdict(cost <= 0.25)}`,
    );
    console.log(`\nCPU ms per request (medians): server process / PostgreSQL backends / load generator`);
    for (const [label, phases] of [['hello-world', r.hello], ['Express + pg read', r.pg], ['GET /v1/account', r.account], ['GET /v1/prices', r.prices]] as const)
      console.log(`  ${label.padEnd(18)} ${fmt(m(phases, 'server'), 3)} / ${fmt(m(phases, 'pg'), 3)} / ${fmt(m(phases, 'loadgen'), 3)}`);
    console.log(`for reference, GET /v1/prices (same key and middleware, no database read): ${fmt(mPrices)} req/s, ${fmt((mPrices / mHello) * 100, 1)}% of hello-world`);
    console.log(`load average after: ${loadavg()} (the machine is shared: figures are noisy, ratios within a run are what count)`);
  } finally {
    await svc.cleanup();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
