/**
 * GET /v1/usage over a busy account: `--ledger-rows` credit transactions (default 1 million) with
 * their jobs and reservations, spread evenly over `--days` (default 90), seeded in SQL
 * (generate_series). The real API runs in its own process; requests go over HTTP one after another.
 * Target: p50 ≤ 50 ms for the whole range by day.
 *
 * Printed: the first reports (they seal past days, up to 31 per report), then median and p95 of
 * warm reports (the whole range by day, by day per app, by month, and this month), the same
 * report's SQL alone, and the baseline: the same figures aggregated straight from the jobs (what a
 * report would cost without sealed days), plus the load average before and after.
 *
 *   npx tsx bench/usage.bench.ts [--ledger-rows 1000000] [--days 90] [--requests 200] [--keys 8] [--explain]
 */
import os from 'node:os';
import { parseArgs } from 'node:util';
import { QueryTypes, type Sequelize } from 'sequelize';
import { createAccount } from '../api/src/domain/accounts/accounts';
import { createApiKey } from '../api/src/domain/accounts/api-keys';
import { createDatabase } from '../api/src/domain/db/connect';
import { APP_LIST } from '../api/src/domain/apps';
import { resolveRange } from '../api/src/domain/usage/range';
import { sealDays, usageQuery, usageRows, usageRowsFromJobs } from '../api/src/domain/usage/report';
import { resolveTestServices } from '../test/support/services';
import { fmt, median, startChild, verdict } from './support/stats';

const DAY = 86_400_000;
const GRANT = 1_000_000_000_000;

const percentile = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
};
const load = () => os.loadavg().map((l) => l.toFixed(2)).join(' ');

/**
 * One account's history: jobs evenly over the last `days` days, 5% test mode (free: no ledger rows),
 * the live ones settled as they are in production: 14 in 19 charged in full (reserve + capture), 2
 * partly (reserve + capture + release), 3 failed or canceled (reserve + release). About 2.1 ledger
 * rows per live job; balances run from one large grant.
 */
async function seed(db: Sequelize, accountId: string, keyIds: string[], ledgerRows: number, days: number) {
  const jobs = Math.round(ledgerRows / 2);
  const r = { a: accountId, keys: keyIds, apps: APP_LIST.map((a) => a.name), jobs, days, grant: GRANT };
  // o = g % 20: 0–13 succeeded, 14–15 succeeded in part, 16–17 failed, 18 canceled, 19 test mode.
  const shape = `
    SELECT g, g % 20 AS o, (ARRAY[:apps]::text[])[1 + g % ${APP_LIST.length}] AS app, (ARRAY[:keys]::text[])[1 + (g / 20) % ${keyIds.length}] AS key_id,
           10 + g % 30 AS amount,
           now() - make_interval(days => :days) + (g::float8 / :jobs) * make_interval(days => :days) AS at
      FROM generate_series(1, :jobs) g`;
  await db.query(`INSERT INTO credit_transactions (id, account_id, type, amount, balance_after, description, created_at) VALUES ('txn_bench_grant', :a, 'grant', :grant, :grant, 'bench', now() - make_interval(days => :days + 1))`, { replacements: r });
  await db.query(
    `INSERT INTO credit_reservations (id, account_id, api_key_id, amount, status, captured, released, created_at, settled_at)
     SELECT 'crsv_bench' || g, :a, key_id, amount, CASE WHEN o >= 16 THEN 'released' ELSE 'captured' END,
            CASE WHEN o < 14 THEN amount WHEN o < 16 THEN amount / 2 ELSE 0 END,
            CASE WHEN o < 14 THEN 0 WHEN o < 16 THEN amount - amount / 2 ELSE amount END,
            at, at + interval '20 seconds'
       FROM (${shape}) s WHERE o <> 19`,
    { replacements: r },
  );
  await db.query(
    `INSERT INTO jobs (id, app, account_id, api_key_id, livemode, status, request, plan, quote, reservation_id, credits_quoted, credits_reserved,
                       credits_charged, credits_refunded, progress_fraction, progress_stage, created_at, started_at, finished_at, updated_at)
     SELECT 'job_bench' || g, app, :a, key_id, o <> 19,
            CASE WHEN o < 16 OR o = 19 THEN 'succeeded' WHEN o < 18 THEN 'failed' ELSE 'canceled' END,
            '{}'::jsonb, '{}'::jsonb, jsonb_build_object('total', amount), CASE WHEN o <> 19 THEN 'crsv_bench' || g END, amount,
            CASE WHEN o <> 19 THEN amount ELSE 0 END,
            CASE WHEN o = 19 THEN 0 WHEN o < 14 THEN amount WHEN o < 16 THEN amount / 2 ELSE 0 END,
            CASE WHEN o = 19 OR o < 14 THEN 0 WHEN o < 16 THEN amount - amount / 2 ELSE amount END,
            1, 'done', at, at + interval '1 second', at + interval '20 seconds', at + interval '20 seconds'
       FROM (${shape}) s`,
    { replacements: r },
  );
  await db.query(
    `WITH moves AS (
       SELECT 'txn_bench_r' || g AS id, key_id, 'crsv_bench' || g AS rsv, 'reserve' AS type, -amount AS amount, at AS created_at FROM (${shape}) s WHERE o <> 19
       UNION ALL
       SELECT 'txn_bench_c' || g, key_id, 'crsv_bench' || g, 'capture', 0, at + interval '20 seconds' FROM (${shape}) s WHERE o < 16
       UNION ALL
       SELECT 'txn_bench_l' || g, key_id, 'crsv_bench' || g, 'release', CASE WHEN o < 16 THEN amount - amount / 2 ELSE amount END, at + interval '20 seconds' FROM (${shape}) s WHERE o >= 14 AND o < 19
     )
     INSERT INTO credit_transactions (id, account_id, api_key_id, reservation_id, type, amount, balance_after, created_at)
     SELECT id, :a, key_id, rsv, type, amount, :grant + sum(amount) OVER (ORDER BY created_at, id), created_at FROM moves`,
    { replacements: r },
  );
  await db.query(`UPDATE accounts SET balance = (SELECT sum(amount) FROM credit_transactions WHERE account_id = :a) WHERE id = :a`, { replacements: r });
  for (const table of ['jobs', 'credit_transactions', 'credit_reservations']) await db.query(`VACUUM ANALYZE ${table}`);
  const [counts] = await db.query<{ ledger: number; jobs: number; live: number }>(
    `SELECT (SELECT count(*) FROM credit_transactions WHERE account_id = :a)::bigint AS ledger, (SELECT count(*) FROM jobs WHERE account_id = :a)::bigint AS jobs,
            (SELECT count(*) FROM jobs WHERE account_id = :a AND livemode)::bigint AS live`,
    { replacements: r, type: QueryTypes.SELECT },
  );
  return counts;
}

async function timed<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const t0 = performance.now();
  const value = await fn();
  return { ms: performance.now() - t0, value };
}

async function main() {
  const { values } = parseArgs({ options: { 'ledger-rows': { type: 'string', default: '1000000' }, days: { type: 'string', default: '90' }, requests: { type: 'string', default: '200' }, keys: { type: 'string', default: '8' }, explain: { type: 'boolean', default: false } } });
  const ledgerRows = Number(values['ledger-rows']);
  const days = Number(values.days);
  const requests = Number(values.requests);
  const svc = await resolveTestServices();
  const db = createDatabase({ databaseUrl: svc.databaseUrl, poolMax: 2, statementTimeoutMs: 600_000 });
  try {
    console.log(`load average before: ${load()}`);
    const account = await createAccount(db, { name: 'usage bench' });
    const { secret } = await createApiKey(db, { accountId: account.id, name: 'bench', livemode: true, scopes: ['read'] });
    const keyIds: string[] = [];
    for (let k = 0; k < Number(values.keys); k++) keyIds.push((await createApiKey(db, { accountId: account.id, name: `client ${k}`, livemode: true })).key.id);
    const seeded = await timed(() => seed(db, account.id, keyIds, ledgerRows, days));
    console.log(`seeded ${fmt(seeded.value.ledger)} ledger rows, ${fmt(seeded.value.jobs)} jobs (${fmt(seeded.value.live)} live) over ${days} days in ${fmt(seeded.ms / 1000, 1)} s`);

    const today = Math.floor(Date.now() / DAY) * DAY;
    const from = new Date(today - (days - 1) * DAY).toISOString().slice(0, 10);
    const to = new Date(today + DAY).toISOString().slice(0, 10);
    const whole = `/v1/usage?from=${from}&to=${to}`;

    const api = await startChild('api-server.ts', { DATABASE_URL: svc.databaseUrl, REDIS_URL: svc.redisUrl, RATE_LIMIT_PER_WINDOW: '100000000', LOG_LEVEL: 'warn', NODE_ENV: 'production', SIGNING_SECRET: 'bench-signing-secret-0123456789' });
    try {
      const get = async (path: string) => {
        const res = await fetch(`http://127.0.0.1:${api.port}${path}`, { headers: { authorization: `Bearer ${secret}` } });
        const body = await res.json();
        if (res.status !== 200) throw new Error(`${path}: ${res.status} ${JSON.stringify(body)}`);
        return body as { totals: { jobs: number } };
      };
      // The first reports seal the past days (up to 31 per report), then every report reads them.
      for (let i = 1; i <= Math.ceil(days / 31) + 1; i++) {
        const first = await timed(() => get(whole));
        console.log(`report ${i} (sealing): ${fmt(first.ms, 1)} ms, ${fmt(first.value.totals.jobs)} live jobs in range`);
      }
      const cases: [string, string][] = [
        [`${days} days by day`, whole],
        [`${days} days by day, per app`, `${whole}&group_by=app`],
        [`${days} days by day, per key`, `${whole}&group_by=api_key`],
        [`${days} days by month`, `${whole}&granularity=month`],
        ['this month by day (default)', '/v1/usage'],
      ];
      const results: Record<string, number[]> = {};
      for (const [, path] of cases) await get(path); // warm-up
      for (let i = 0; i < requests; i++)
        for (const [name, path] of cases) (results[name] ??= []).push((await timed(() => get(path))).ms);
      console.log(`\nover HTTP, ${requests} requests each, one at a time:`);
      for (const [name] of cases) console.log(`  ${name.padEnd(30)} p50 ${fmt(median(results[name]), 1)} ms   p95 ${fmt(percentile(results[name], 95), 1)} ms`);

      const scope = { accountId: account.id, livemode: true };
      const range = resolveRange({ from, to });
      const open = await sealDays(db, scope, range);
      const sqlOnly: number[] = [];
      const naive: number[] = [];
      for (let i = 0; i < Math.max(5, Math.min(requests, 20)); i++) {
        sqlOnly.push((await timed(() => usageRows(db, scope, range, null, open))).ms);
        naive.push((await timed(() => usageRowsFromJobs(db, scope, range, null))).ms);
      }
      const same = JSON.stringify(await usageRows(db, scope, range, 'app', open)) === JSON.stringify(await usageRowsFromJobs(db, scope, range, 'app'));
      console.log(`\nSQL alone (${days} days by day, ${open.length} day(s) open), median of ${sqlOnly.length}: the report ${fmt(median(sqlOnly), 1)} ms; baseline straight from the jobs (no sealed days) ${fmt(median(naive), 1)} ms; same figures: ${same}`);
      if (values.explain) {
        const q = usageQuery(scope, range, null, open);
        const plan = await db.query<{ 'QUERY PLAN': string }>(`EXPLAIN (ANALYZE, BUFFERS) ${q.sql}`, { replacements: q.replacements, type: QueryTypes.SELECT });
        console.log(`\n${plan.map((p) => p['QUERY PLAN']).join('\n')}`);
      }
      const p50 = median(results[cases[0][0]]);
      console.log(`\nGET /v1/usage, ${fmt(seeded.value.ledger)} ledger rows over ${days} days: p50 ${fmt(p50, 1)} ms (target ≤ 50 ms): ${verdict(p50 <= 50 && same)}`);
    } finally {
      await api.stop();
    }
    console.log(`load average after: ${load()}  (${os.cpus().length} CPUs)`);
  } finally {
    await db.close();
    await svc.cleanup();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
