/**
 * Incoming payment events, everything real on this machine: the API in its own process (as main
 * wires it) with Stripe configured, PostgreSQL, and `--senders` concurrent senders POSTing signed
 * `checkout.session.completed` events to /billing/webhooks/stripe over keep-alive HTTP.
 *
 * Each event is verified (Stripe's signature over the raw body), stored once and turned into its
 * ledger rows in one transaction. Two runs per round:
 *   1. distinct: `--events` distinct events (one purchase each, spread over `--accounts` organizations)
 *                                                                   target ≥ 300 verified events/s
 *   2. duplicates: the same number of deliveries, half of them repeats of the others (50 %)
 *                                                                   target: throughput ≥ 90 % of run 1
 * After each run the books are checked: exactly one grant per distinct event (purchases and balances),
 * and the ledger sums to every balance.
 *
 *   npx tsx bench/billing.bench.ts [--rounds 3] [--events 3000] [--senders 20] [--accounts 200]
 */
import os from 'node:os';
import { parseArgs } from 'node:util';
import http from 'node:http';
import Stripe from 'stripe';
import { QueryTypes } from 'sequelize';
import { createAccount } from '../api/src/domain/accounts/accounts';
import { auditLedger } from '../api/src/domain/credits/ledger';
import { createDatabase } from '../api/src/domain/db/connect';
import { migrate } from '../migrations/migrator';
import { resolveTestServices } from '../test/support/services';
import { fmt, median, startChild, verdict } from './support/stats';

const { values: args } = parseArgs({
  options: { rounds: { type: 'string', default: '3' }, events: { type: 'string', default: '3000' }, senders: { type: 'string', default: '20' }, accounts: { type: 'string', default: '200' } },
  allowPositionals: true,
});
const ROUNDS = Number(args.rounds);
const EVENTS = Number(args.events);
const SENDERS = Number(args.senders);
const ACCOUNTS = Number(args.accounts);
const SECRET = 'whsec_billing_bench';
const stripe = new Stripe('sk_test_billing_bench');
let seq = 0;

interface Delivery {
  payload: string;
  header: string;
}

function event(accountId: string): string {
  const n = ++seq;
  const session = `cs_bench_${process.pid}_${n}`;
  return JSON.stringify({
    id: `evt_bench_${process.pid}_${n}`,
    object: 'event',
    created: Math.floor(Date.now() / 1000),
    type: 'checkout.session.completed',
    data: { object: { id: session, object: 'checkout.session', mode: 'payment', payment_status: 'paid', amount_total: 1000, currency: 'usd', payment_intent: `pi_bench_${process.pid}_${n}`, customer: null, metadata: { account_id: accountId, item: 'pack_starter' } } },
  });
}

/** Signed when sent, as Stripe does (a fresh timestamp each delivery, so none goes stale in a long run). */
async function send(port: number, deliveries: Delivery[]): Promise<{ seconds: number; statuses: Record<number, number> }> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: SENDERS });
  const statuses: Record<number, number> = {};
  const post = (payload: string, header: string) =>
    new Promise<number>((resolve, reject) => {
      const req = http.request({ host: '127.0.0.1', port, path: '/billing/webhooks/stripe', method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload), 'stripe-signature': header } }, (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      });
      req.on('error', reject);
      req.end(payload);
    });
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: SENDERS }, async () => {
      while (next < deliveries.length) {
        const d = deliveries[next++];
        const status = await post(d.payload, stripe.webhooks.generateTestHeaderString({ payload: d.payload, secret: SECRET }));
        statuses[status] = (statuses[status] ?? 0) + 1;
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  agent.destroy();
  return { seconds, statuses };
}

async function main() {
  const services = await resolveTestServices();
  const db = createDatabase({ databaseUrl: services.databaseUrl, poolMax: 4, statementTimeoutMs: 60_000 });
  await migrate(db);
  const api = await startChild('api-server.ts', {
    DATABASE_URL: services.databaseUrl,
    REDIS_URL: services.redisUrl,
    LOG_LEVEL: 'warn',
    NODE_ENV: 'test',
    QUEUE_PREFIX: `lkbench:${process.pid}`,
    STRIPE_SECRET_KEY: 'sk_test_billing_bench',
    STRIPE_WEBHOOK_SECRET: SECRET,
    DATABASE_POOL_MAX: '20',
  });
  const rows: { distinct: number; dup: number }[] = [];
  try {
    const accounts: string[] = [];
    for (let i = 0; i < ACCOUNTS; i++) accounts.push((await createAccount(db, { name: `bench ${i}` })).id);
    // Warm-up (connections, JIT), not measured.
    await send(api.port, Array.from({ length: 200 }, (_, i) => ({ payload: event(accounts[i % ACCOUNTS]), header: '' })));

    for (let round = 1; round <= ROUNDS; round++) {
      const check = async (distinct: number, before: { purchases: number; balance: number }) => {
        const [after] = await db.query<{ purchases: number; balance: number }>(
          `SELECT (SELECT count(*)::int FROM credit_transactions WHERE type = 'purchase') AS purchases, (SELECT COALESCE(SUM(balance), 0)::bigint FROM accounts) AS balance`,
          { type: QueryTypes.SELECT },
        );
        const grants = after.purchases - before.purchases;
        const credits = Number(after.balance) - Number(before.balance);
        const { mismatches } = await auditLedger(db);
        const ok = grants === distinct && credits === distinct * 1000 && mismatches.length === 0;
        return { ok, grants, after };
      };
      const totals = async () =>
        (await db.query<{ purchases: number; balance: number }>(`SELECT (SELECT count(*)::int FROM credit_transactions WHERE type = 'purchase') AS purchases, (SELECT COALESCE(SUM(balance), 0)::bigint FROM accounts) AS balance`, { type: QueryTypes.SELECT }))[0];

      // 1. distinct events
      const distinct = Array.from({ length: EVENTS }, (_, i) => ({ payload: event(accounts[i % ACCOUNTS]), header: '' }));
      let before = await totals();
      const r1 = await send(api.port, distinct);
      const c1 = await check(EVENTS, before);
      const rate1 = EVENTS / r1.seconds;

      // 2. the same number of deliveries, 50 % of them duplicates (each event sent twice, the repeat soon after)
      const half = Array.from({ length: EVENTS / 2 }, (_, i) => ({ payload: event(accounts[i % ACCOUNTS]), header: '' }));
      const mixed: Delivery[] = [];
      half.forEach((d, i) => {
        mixed.push(d);
        if (i >= 10) mixed.push(half[i - 10]);
      });
      for (let i = Math.max(0, half.length - 10); i < half.length; i++) mixed.push(half[i]);
      before = await totals();
      const r2 = await send(api.port, mixed);
      const c2 = await check(half.length, before);
      const rate2 = mixed.length / r2.seconds;
      rows.push({ distinct: rate1, dup: rate2 });
      console.log(
        `round ${round}: distinct ${fmt(rate1)} events/s (${JSON.stringify(r1.statuses)}, grants ${c1.grants}/${EVENTS} ${verdict(c1.ok)}) · ` +
          `50% duplicates ${fmt(rate2)} deliveries/s (${JSON.stringify(r2.statuses)}, grants ${c2.grants}/${half.length} ${verdict(c2.ok)}) · load ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`,
      );
      if (!c1.ok || !c2.ok) process.exitCode = 1;
    }
    const d = median(rows.map((r) => r.distinct));
    const u = median(rows.map((r) => r.dup));
    console.log(`median: distinct ${fmt(d)} events/s (target ≥ 300: ${verdict(d >= 300)}); 50% duplicates ${fmt(u)} deliveries/s = ${fmt((u / d) * 100, 1)} % of distinct (target ≥ 90 %: ${verdict(u >= 0.9 * d)})`);
    console.log(`senders ${SENDERS}, events ${EVENTS} per run, organizations ${ACCOUNTS}, cores ${os.cpus().length}`);
  } finally {
    await api.stop();
    await db.close();
    await services.cleanup();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
