/**
 * Job creation with 1, 2 and 3 API processes on one PostgreSQL and one Redis, all on this machine
 * (2 cores, shared with the load generator): how throughput scales with API processes, and what
 * each component costs per request, from which the curve on a bigger host is estimated.
 *
 * - The API processes are the real app (bench/support/api-server.ts with its queue producers):
 *   authentication, rate limiter, access log, metrics; each job is written to PostgreSQL (the job,
 *   its state event) and enqueued in Redis (bee-queue). No worker runs: jobs stay queued.
 * - The request: `POST /v1/avatars` `{from: "preset"}` with a live key, the cheapest job to create
 *   (no input file, no model lookup, no credit hold: a preset avatar costs 0 credits). No
 *   Idempotency-Key (the API does not require one; with `--idempotency` each request sends a
 *   unique one, which adds the idempotency store's writes).
 * - The load generator (autocannon, in this process) spreads its connections round-robin over the
 *   N processes' URLs.
 * - Each round measures N = 1, 2, 3 (the order rotates between rounds); medians of the rounds.
 * - CPU per request of each component over the measured window, from /proc (utime + stime): the
 *   API processes, the PostgreSQL backends serving the bench database, PostgreSQL's shared
 *   processes (WAL writer, checkpointer…: other databases of the server count there too), the
 *   Redis server (shared with whatever else uses it), and this process (the load generator).
 *
 * Target: 2 processes ≥ 1.3× the requests/s of 1.
 *
 * On 2 cores one API process already keeps both busy with PostgreSQL and the load generator, so
 * the 2/1 ratio is bounded by 2·api / (api + everything else) per request; the bench prints that
 * ceiling from the costs it measured, and the costs per N (they grow as processes outnumber cores).
 *
 * The 16-core estimate takes each component's CPU per request from the 1-process runs and assumes
 * CPU is the limit: an API process is one thread, so N processes serve at most N / api; Redis is one
 * thread (≤ 1 / redis); and everything together cannot use more than the host's cores:
 * X(N) = min(N / api, 1 / redis, cores / (api + pg + pg_shared + redis)), with the clients on
 * other machines and N ≤ cores. CPU times measured on 2 busy cores are inflated (shared caches,
 * a loaded machine), disk (WAL flushes) and lock waits are not CPU: the estimate is an upper
 * bound on the shape, not a promise. One such non-CPU bound is measured: the commits per second
 * PostgreSQL allows when each writing transaction is followed by a NOTIFY of its own (how a job's
 * event wakes the webhook relay), against a NOTIFY inside the writing transaction (PostgreSQL
 * serializes those commits) and no NOTIFY at all.
 *
 *   npx tsx bench/job-create-scaling.bench.ts [--rounds 3] [--seconds 8] [--connections 60] [--processes 3] [--cores 16] [--idempotency]
 */
import crypto from 'node:crypto';
import os from 'node:os';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { Redis } from 'ioredis';
import pg from 'pg';
import { createAccount } from '../api/src/domain/accounts/accounts';
import { createApiKey } from '../api/src/domain/accounts/api-keys';
import { grantCredits } from '../api/src/domain/credits/ledger';
import { createDatabase } from '../api/src/domain/db/connect';
import { resolveTestServices } from '../test/support/services';
import { CpuMeter, postgresProcesses, redisServerPid } from './support/cpu';
import { fmt, median, startChild, verdict } from './support/stats';

const loadavg = () => os.loadavg().map((l) => l.toFixed(2)).join(' ');

interface Run {
  n: number;
  rps: number;
  /** CPU ms per request by component. */
  cpu: { api: number; pg: number; pgShared: number; redis: number; loadgen: number };
}

const COMPONENTS = ['api', 'pg', 'pgShared', 'redis', 'loadgen'] as const;
const LABEL: Record<(typeof COMPONENTS)[number], string> = {
  api: 'API processes',
  pg: 'PostgreSQL backends',
  pgShared: 'PostgreSQL shared',
  redis: 'Redis',
  loadgen: 'load generator',
};

async function main() {
  const { values } = parseArgs({
    options: {
      rounds: { type: 'string', default: '3' },
      seconds: { type: 'string', default: '8' },
      connections: { type: 'string', default: '60' },
      processes: { type: 'string', default: '3' },
      cores: { type: 'string', default: '16' },
      idempotency: { type: 'boolean', default: false },
    },
  });
  const [rounds, seconds, connections, maxN, cores] = [values.rounds, values.seconds, values.connections, values.processes, values.cores].map(Number);
  console.log(`load average before: ${loadavg()} (${os.cpus().length} cores)`);
  const svc = await resolveTestServices();
  const prefix = `lkbench:${crypto.randomBytes(4).toString('hex')}`;
  const redisUrl = new URL(svc.redisUrl);
  const redis = new Redis(svc.redisUrl, { lazyConnect: true });
  try {
    const db = createDatabase({ databaseUrl: svc.databaseUrl, poolMax: 2, statementTimeoutMs: 10_000 });
    const account = await createAccount(db, { name: 'bench' });
    await grantCredits(db, { accountId: account.id, amount: 1_000_000 });
    const { secret } = await createApiKey(db, { accountId: account.id, name: 'bench', livemode: true });
    await db.close();
    const database = new URL(svc.databaseUrl).pathname.slice(1);
    const redisPid = redisServerPid(Number(redisUrl.port || 6379));

    const env = {
      DATABASE_URL: svc.databaseUrl,
      REDIS_URL: svc.redisUrl,
      QUEUE_PREFIX: prefix,
      BENCH_QUEUES: '1',
      RATE_LIMIT_PER_WINDOW: '100000000',
      LOG_LEVEL: 'info',
      NODE_ENV: 'production',
      SIGNING_SECRET: 'bench-signing-secret-0123456789',
    };
    const apis: Awaited<ReturnType<typeof startChild>>[] = [];
    for (let i = 0; i < maxN; i++) apis.push(await startChild('api-server.ts', env));
    const body = JSON.stringify({ from: 'preset', name: 'Bench', preset: 'preset_mascot_sunny' });
    const headers: Record<string, string> = { authorization: `Bearer ${secret}`, 'content-type': 'application/json' };
    const load = async (n: number, secs: number) => {
      const urls = apis.slice(0, n).map((a) => `http://127.0.0.1:${a.port}/v1/avatars`);
      const result = await autocannon({
        url: urls.length === 1 ? urls[0] : urls,
        method: 'POST',
        body,
        headers,
        duration: secs,
        connections,
        pipelining: 1,
        ...(values.idempotency ? { setupClient: (client: { setHeaders(h: Record<string, string>): void; on(e: string, f: () => void): void }) => uniqueKeys(client, headers) } : {}),
      } as autocannon.Options);
      if (result.non2xx || result.errors) throw new Error(`N=${n}: ${result.non2xx} non-2xx, ${result.errors} errors`);
      return result;
    };

    // A first request, to see the answer is what this bench means to measure.
    const probe = await fetch(`http://127.0.0.1:${apis[0].port}/v1/avatars`, { method: 'POST', headers, body });
    const created = (await probe.json()) as { id?: string; status?: string; credits?: { quoted?: number } };
    if (probe.status !== 202) throw new Error(`POST /v1/avatars answered ${probe.status}: ${JSON.stringify(created)}`);
    console.log(`each request: POST /v1/avatars → 202 ${created.status}, ${created.credits?.quoted ?? 0} credits; no worker runs`);
    for (let n = 1; n <= maxN; n++) await load(n, 2); // warm-up (JIT, pools, prepared statements)

    const runs: Run[] = [];
    const ns = Array.from({ length: maxN }, (_, i) => i + 1);
    for (let r = 0; r < rounds; r++) {
      const order = [...ns.slice(r % maxN), ...ns.slice(0, r % maxN)];
      for (const n of order) {
        const meter = new CpuMeter(() => {
          const pg = postgresProcesses(database);
          return { api: apis.slice(0, n).map((a) => a.child.pid!), pg: pg.backends, pgShared: pg.shared, redis: redisPid ? [redisPid] : [] };
        });
        meter.start();
        const result = await load(n, seconds);
        const cpu = meter.stop();
        const per = (ms: number) => ms / result.requests.total;
        runs.push({ n, rps: result.requests.average, cpu: { api: per(cpu.api), pg: per(cpu.pg), pgShared: per(cpu.pgShared), redis: per(cpu.redis), loadgen: per(cpu.self) } });
        console.log(`round ${r + 1}, ${n} API process${n > 1 ? 'es' : ''}: ${fmt(result.requests.average)} req/s  (load ${loadavg()})`);
      }
    }
    await Promise.all(apis.map((a) => a.stop()));

    const of = (n: number) => runs.filter((x) => x.n === n);
    const rps = (n: number) => median(of(n).map((x) => x.rps));
    const cpuOf = (xs: Run[], c: (typeof COMPONENTS)[number]) => median(xs.map((x) => x.cpu[c]));
    console.log(`\nmedians of ${rounds} rounds of ${seconds} s, ${connections} connections spread over the processes`);
    console.log(`processes   req/s   vs 1    CPU ms per request: ${COMPONENTS.map((c) => LABEL[c]).join(' / ')}`);
    for (const n of ns)
      console.log(`${String(n).padStart(9)}  ${fmt(rps(n)).padStart(6)}  ${fmt(rps(n) / rps(1), 2).padStart(5)}×  ${COMPONENTS.map((c) => fmt(cpuOf(of(n), c), 3)).join(' / ')}`);
    const ratio = rps(2) / rps(1);
    console.log(`2 processes / 1: ${fmt(ratio, 2)}× (target ≥ 1.3×): ${verdict(ratio >= 1.3)}`);

    // The estimate: per-request CPU of each component with one API process (the least oversubscribed
    // run: with more processes than cores every component's CPU per request grows).
    const c = Object.fromEntries(COMPONENTS.map((k) => [k, cpuOf(of(1), k)])) as Record<(typeof COMPONENTS)[number], number>;
    const server = c.api + c.pg + c.pgShared + c.redis;
    // On this machine: one API process serves at most 1/api (one thread); two at most what both cores
    // give everything a request needs, load generator included. Their quotient bounds the 2/1 ratio.
    const here = os.cpus().length;
    const ceiling = Math.min(2 / c.api, here / (server + c.loadgen)) / Math.min(1 / c.api, here / (server + c.loadgen));
    console.log(
      `on ${here} cores with these costs the 2/1 ratio cannot exceed ${fmt(ceiling, 2)}× even on an idle machine: 1 process ≤ 1/api = ${fmt(1000 / c.api)}/s, 2 ≤ ${here} cores / (all components incl. the load generator ${fmt(server + c.loadgen, 3)} ms) = ${fmt((here / (server + c.loadgen)) * 1000)}/s`,
    );
    const estimate = (n: number) => 1000 * Math.min(n / c.api, c.redis > 0 ? 1 / c.redis : Infinity, cores / server); // ms → req/s
    console.log(
      `\nper request, 1 API process: API ${fmt(c.api, 3)} ms, PostgreSQL ${fmt(c.pg + c.pgShared, 3)} ms (backends ${fmt(c.pg, 3)}, shared ${fmt(c.pgShared, 3)}), Redis ${fmt(c.redis, 3)} ms, load generator ${fmt(c.loadgen, 3)} ms`,
    );
    console.log(`estimate on a ${cores}-core host (clients elsewhere), X(N) = min(N / api, 1 / redis, ${cores} / (api + pg + redis)):`);
    const points = [...new Set([1, 2, 3, 4, 6, 8, 10, 12, 14, cores].filter((n) => n <= cores))];
    console.log(`  ${points.map((n) => `N=${n}: ${fmt(estimate(n))}/s`).join(', ')}`);
    const knee = points.find((n) => estimate(n) >= (cores / server) * 1000 - 1e-6);
    console.log(
      `  bound: ${fmt((cores / server) * 1000)} req/s when the host's cores are all busy${knee ? ` (from about N=${knee} API processes)` : ''}; the API's share of the CPU is ${fmt((c.api / server) * 100, 0)}%, PostgreSQL's ${fmt(((c.pg + c.pgShared) / server) * 100, 0)}%, Redis's ${fmt((c.redis / server) * 100, 0)}%`,
    );
    const commits = await commitsPerSecond(svc.databaseUrl, 3);
    console.log(
      `  and not CPU: commits per second from 32 connections on this machine's disk: ${fmt(commits.after)}/s with a NOTIFY after each commit (what a created job's event does), ${fmt(commits.plain)}/s without any NOTIFY, ${fmt(commits.inside)}/s with the NOTIFY inside the writing transaction (PostgreSQL serializes such commits through their WAL flush: a ceiling no core count lifts, which is why the event's NOTIFY is sent after the commit).`,
    );
    console.log(`load average after: ${loadavg()} (the machine is shared with other work: figures are noisy; Redis and PostgreSQL's shared processes may count others' work too)`);
  } finally {
    await redis.connect().catch(() => {});
    if (redis.status === 'ready') {
      let cursor = '0';
      do {
        const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
        if (keys.length) await redis.del(...keys);
        cursor = next;
      } while (cursor !== '0');
      await redis.quit();
    }
    await svc.cleanup();
  }
}

/**
 * How many writing transactions commit per second here, from `clients` connections at once: plain;
 * followed by a NOTIFY of its own (autocommit, as `recordEvent` wakes the event readers); and with
 * the NOTIFY inside the transaction, whose commits PostgreSQL serializes (a database-wide lock
 * taken before the commit record is flushed, held until the end).
 */
async function commitsPerSecond(databaseUrl: string, seconds: number, clients = 32): Promise<{ plain: number; after: number; inside: number }> {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: clients });
  try {
    await pool.query('CREATE TABLE IF NOT EXISTS bench_commit (id bigserial PRIMARY KEY, at timestamptz DEFAULT now())');
    const run = async (notify: 'none' | 'after' | 'inside') => {
      let n = 0;
      const until = performance.now() + seconds * 1000;
      await Promise.all(
        Array.from({ length: clients }, async () => {
          const c = await pool.connect();
          try {
            while (performance.now() < until) {
              await c.query('BEGIN');
              await c.query('INSERT INTO bench_commit DEFAULT VALUES');
              if (notify === 'inside') await c.query("SELECT pg_notify('lkbench_commit', 'x')");
              await c.query('COMMIT');
              if (notify === 'after') await c.query("SELECT pg_notify('lkbench_commit', 'x')");
              n++;
            }
          } finally {
            c.release();
          }
        }),
      );
      return n / seconds;
    };
    return { plain: await run('none'), after: await run('after'), inside: await run('inside') };
  } finally {
    await pool.end();
  }
}

/** A unique Idempotency-Key on each request of this autocannon client. */
function uniqueKeys(client: { setHeaders(h: Record<string, string>): void; on(e: string, f: () => void): void }, headers: Record<string, string>) {
  const next = () => client.setHeaders({ ...headers, 'idempotency-key': crypto.randomUUID() });
  next();
  client.on('response', next);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
