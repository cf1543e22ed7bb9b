/**
 * Webhook delivery, built-in backend, everything real on this machine: PostgreSQL, Redis, the
 * `webhooks` pool in its own worker process (relay woken by NOTIFY + bee-queue dispatcher), and a
 * fast receiver in a third process.
 *
 * 1. Latency: jobs finish at a steady 100/s; each terminal commit is the real transaction (job set
 *    `succeeded` + its `carousel.succeeded` event with the job object). Measured from the moment
 *    the commit returns to the moment the receiver gets the request.       targets p50 ≤ 50 ms, p99 ≤ 250 ms
 * 2. Throughput: `--burst` events committed as fast as possible (transactions of 100); deliveries/s
 *    from the first commit to the last delivery received.                   target ≥ 1,000/s
 *
 * Prints each round and the medians over rounds, with the load average (the machine is shared).
 *
 *   npm run bench:webhooks -- [--rounds 3] [--seconds 10] [--rate 100] [--burst 5000]
 */
import os from 'node:os';
import { parseArgs } from 'node:util';
import { QueryTypes, type Sequelize } from 'sequelize';
import { loadConfig } from '../api/src/config';
import { createAccount } from '../api/src/domain/accounts/accounts';
import { createDatabase } from '../api/src/domain/db/connect';
import { insertEndpoint } from '../api/src/domain/webhooks/endpoints';
import { insertJob, type JobRow } from '../api/src/domain/jobs/repository';
import { newId } from '../api/src/domain/ids';
import { succeed } from '../api/src/domain/jobs/lifecycle';
import { resolveTestServices } from '../test/support/services';
import { fmt, median, startChild, verdict } from './support/stats';

const now = () => performance.timeOrigin + performance.now();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};

async function seen(port: number): Promise<{ count: number; seen: Record<string, number> }> {
  return (await fetch(`http://127.0.0.1:${port}/seen`)).json() as Promise<{ count: number; seen: Record<string, number> }>;
}

async function waitForAll(port: number, ids: Set<string>, timeoutMs: number): Promise<Record<string, number>> {
  const all: Record<string, number> = {};
  const deadline = Date.now() + timeoutMs;
  let got = 0;
  while (got < ids.size && Date.now() < deadline) {
    await sleep(100);
    const s = await seen(port);
    for (const [id, at] of Object.entries(s.seen)) if (ids.has(id) && all[id] === undefined) (all[id] = at), got++;
  }
  return all;
}

async function main() {
  const { values } = parseArgs({ options: { rounds: { type: 'string', default: '3' }, seconds: { type: 'string', default: '10' }, rate: { type: 'string', default: '100' }, burst: { type: 'string', default: '5000' } } });
  const [rounds, seconds, rate, burst] = [values.rounds, values.seconds, values.rate, values.burst].map(Number);
  const svc = await resolveTestServices();
  const env = { DATABASE_URL: svc.databaseUrl, REDIS_URL: svc.redisUrl, QUEUE_PREFIX: `lkbench:${process.pid}`, WEBHOOK_URL_ALLOWLIST: '127.0.0.1', LOG_LEVEL: 'warn', DATABASE_POOL_MAX: '20' };
  const config = loadConfig(env);
  const db = createDatabase({ databaseUrl: svc.databaseUrl, poolMax: 20, statementTimeoutMs: 30_000 });
  const sink = await startChild('webhook-sink.ts', {});
  const worker = await startChild('webhook-worker.ts', env, process.env.BENCH_WORKER_NODE_ARGS?.split(' ').filter(Boolean) ?? []);
  try {
    const account = await createAccount(db, { name: 'webhook bench' });
    await insertEndpoint(db, { accountId: account.id, livemode: true }, { url: `http://127.0.0.1:${sink.port}/hooks`, description: 'bench', eventTypes: null, enabled: true });

    /** A job in `processing`, as a worker holds it just before its terminal commit. */
    const newJob = async (): Promise<JobRow> => {
      const id = newId('crsl');
      const row = await db.transaction((t) =>
        insertJob(db, { id, app: 'carousel', account_id: account.id, api_key_id: null, livemode: true, request: { sets: 1 }, plan: {}, quote: { total: 0 } as never, reservation_id: null, credits_quoted: 0, credits_reserved: 0, metadata: {}, external_id: null }, t),
      );
      await db.query(`UPDATE jobs SET status = 'processing', started_at = now() WHERE id = :id`, { replacements: { id } });
      return row;
    };
    /** The terminal commit: the job succeeds and its event is written, in one transaction (the lifecycle's). */
    const finish = async (jobId: string) => {
      await succeed({ db, config }, jobId, { outputs: [] });
      const at = now();
      const [{ id }] = await db.query<{ id: string }>(`SELECT id FROM events WHERE job_id = :id ORDER BY id DESC LIMIT 1`, { replacements: { id: jobId }, type: QueryTypes.SELECT });
      return { id, at };
    };

    // Warm-up: connections, JIT, keep-alive sockets.
    for (let i = 0; i < 50; i++) await finish((await newJob()).id);
    await sleep(1000);
    await seen(sink.port);

    const p50s: number[] = [];
    const p99s: number[] = [];
    const rates: number[] = [];
    const loads: number[] = [];
    for (let r = 0; r < rounds; r++) {
      // 1. Latency at a steady rate.
      const n = rate * seconds;
      const jobs = [];
      for (let i = 0; i < n; i++) jobs.push(await newJob());
      const committed = new Map<string, number>();
      const start = now();
      const pending: Promise<void>[] = [];
      for (let i = 0; i < n; i++) {
        const due = start + (i * 1000) / rate;
        const wait = due - now();
        if (wait > 0) await sleep(wait);
        pending.push(finish(jobs[i].id).then(({ id, at }) => void committed.set(id, at)));
      }
      await Promise.all(pending);
      const arrived = await waitForAll(sink.port, new Set(committed.keys()), 30_000);
      const lat = [...committed].filter(([id]) => arrived[id] !== undefined).map(([id, at]) => arrived[id] - at);
      const missing = committed.size - lat.length;
      p50s.push(pct(lat, 50));
      p99s.push(pct(lat, 99));

      // 2. Throughput: a burst of events, as fast as they commit.
      const ids = new Set<string>();
      const first = now();
      for (let b = 0; b < burst / 500; b++) {
        // 500 events per transaction, one statement (the outbox row and NOTIFY as recordEvent writes them).
        const batch = Array.from({ length: 500 }, () => newId('evt'));
        await db.query(
          `INSERT INTO events (id, account_id, livemode, type, data)
           SELECT id, :account, true, 'credits.low', jsonb_build_object('object', jsonb_build_object('object', 'balance', 'account_id', :account::text, 'balance', 99, 'threshold', 100, 'livemode', true))
             FROM unnest(ARRAY[:ids]::text[]) AS id;
           SELECT pg_notify('lumiku_events', 'batch');`,
          { replacements: { account: account.id, ids: batch } },
        );
        batch.forEach((id) => ids.add(id));
      }
      const commitSeconds = (now() - first) / 1000;
      const got = await waitForAll(sink.port, ids, 120_000);
      const last = Math.max(...Object.values(got));
      const perSecond = Object.keys(got).length / ((last - first) / 1000);
      rates.push(perSecond);
      loads.push(os.loadavg()[0]);
      console.log(
        `round ${r + 1}: ${rate}/s for ${seconds} s → p50 ${fmt(p50s[r], 1)} ms, p99 ${fmt(p99s[r], 1)} ms, max ${fmt(Math.max(...lat), 1)} ms${missing ? `, ${missing} MISSING` : ''}; ` +
          `burst of ${burst} (committed in ${fmt(commitSeconds, 2)} s) → ${fmt(perSecond)} deliveries/s${Object.keys(got).length < burst ? `, ${burst - Object.keys(got).length} MISSING` : ''}; load ${fmt(os.loadavg()[0], 2)}`,
      );
    }
    const [p50, p99, tput] = [median(p50s), median(p99s), median(rates)];
    console.log(`\nbuilt-in backend, ${os.cpus().length} cores, load average ${os.loadavg().map((l) => fmt(l, 2)).join(' / ')} (1/5/15 min); medians of ${rounds} rounds`);
    console.log(`terminal commit → receiver, ${rate} events/s: p50 ${fmt(p50, 1)} ms (target ≤ 50: ${verdict(p50 <= 50)}), p99 ${fmt(p99, 1)} ms (target ≤ 250: ${verdict(p99 <= 250)})`);
    console.log(`sustained deliveries to a fast local receiver: ${fmt(tput)}/s (target ≥ 1,000: ${verdict(tput >= 1000)}, ${fmt(tput / 1000, 2)}x)`);
  } finally {
    await worker.stop();
    await sink.stop();
    await db.close();
    await svc.cleanup();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
