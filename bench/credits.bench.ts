/**
 * Credit reservations through the domain API (`reserveCredits` with a `ReservationBatcher`: one transaction, a conditional
 * single-statement update plus the ledger row), 50 concurrent callers:
 *   - all on ONE account (every caller contends for the same row lock)   target ≥ 500/s
 *   - spread over 50 accounts                                             target ≥ 1,500/s
 * Baseline in the same run: the same 50 callers doing a bare `SELECT 1` round trip through the same pool.
 * After each phase the balance must equal start − Σ successful reservations (no lost update) and
 * the ledger must sum to every balance.
 *
 *   npx tsx bench/credits.bench.ts [--rounds 3] [--seconds 5] [--callers 50] [--pool 20]
 */
import { parseArgs } from 'node:util';
import { QueryTypes, type Sequelize } from 'sequelize';
import { createAccount } from '../api/src/domain/accounts/accounts';
import { auditLedger, grantCredits, ReservationBatcher, reserveCredits } from '../api/src/domain/credits/ledger';
import { createDatabase } from '../api/src/domain/db/connect';
import { resolveTestServices } from '../test/support/services';
import { fmt, median, verdict } from './support/stats';

async function drive(seconds: number, callers: number, op: (caller: number) => Promise<unknown>) {
  const until = performance.now() + seconds * 1000;
  let done = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: callers }, async (_, caller) => {
      while (performance.now() < until) {
        await op(caller);
        done++;
      }
    }),
  );
  return done / ((performance.now() - started) / 1000);
}

async function balances(db: Sequelize, ids: string[]) {
  const rows = await db.query<{ id: string; balance: number }>(`SELECT id, balance FROM accounts WHERE id IN (:ids)`, { replacements: { ids }, type: QueryTypes.SELECT });
  return new Map(rows.map((r) => [r.id, r.balance]));
}

async function main() {
  const { values } = parseArgs({ options: { rounds: { type: 'string', default: '3' }, seconds: { type: 'string', default: '5' }, callers: { type: 'string', default: '50' }, pool: { type: 'string', default: '20' } } });
  const [rounds, seconds, callers, pool] = [values.rounds, values.seconds, values.callers, values.pool].map(Number);
  const svc = await resolveTestServices();
  const db = createDatabase({ databaseUrl: svc.databaseUrl, poolMax: pool, statementTimeoutMs: 30_000 });
  const START = 100_000_000;
  try {
    const accounts: string[] = [];
    for (let i = 0; i < callers; i++) {
      const a = await createAccount(db, { name: `bench ${i}` });
      await grantCredits(db, { accountId: a.id, amount: START });
      accounts.push(a.id);
    }
    const results = { baseline: [] as number[], one: [] as number[], spread: [] as number[] };
    const reserved = new Map<string, number>(accounts.map((id) => [id, 0]));
    const batcher = new ReservationBatcher(db); // group commit, as a high-rate caller outside a transaction would
    const reserve = async (accountId: string) => {
      await reserveCredits(db, { accountId, amount: 1 }, batcher);
      reserved.set(accountId, reserved.get(accountId)! + 1);
    };
    await drive(1, callers, () => db.query('SELECT 1')); // warm the pool
    for (let r = 0; r < rounds; r++) {
      results.baseline.push(await drive(seconds, callers, () => db.query('SELECT 1')));
      results.one.push(await drive(seconds, callers, () => reserve(accounts[0])));
      results.spread.push(await drive(seconds, callers, (c) => reserve(accounts[c])));
      console.log(`round ${r + 1}: SELECT 1 ${fmt(results.baseline[r])}/s, one account ${fmt(results.one[r])}/s, 50 accounts ${fmt(results.spread[r])}/s`);
    }
    const after = await balances(db, accounts);
    const lost = accounts.filter((id) => after.get(id) !== START - reserved.get(id)!);
    const audit = await auditLedger(db);
    const base = median(results.baseline);
    const one = median(results.one);
    const spread = median(results.spread);
    console.log(`\npool ${pool}, ${callers} concurrent callers, medians of ${rounds} rounds of ${seconds} s`);
    console.log(`baseline SELECT 1 round trips: ${fmt(base)}/s`);
    console.log(`reservations, one account:    ${fmt(one)}/s  (${fmt((one / base) * 100, 1)}% of baseline; target ≥ 500/s: ${verdict(one >= 500)}, ${fmt(one / 500, 2)}x)`);
    console.log(`reservations, 50 accounts:    ${fmt(spread)}/s  (${fmt((spread / base) * 100, 1)}% of baseline; target ≥ 1,500/s: ${verdict(spread >= 1500)}, ${fmt(spread / 1500, 2)}x)`);
    console.log(`lost updates: ${lost.length} accounts off; ledger mismatches: ${audit.mismatches.length}: ${verdict(lost.length === 0 && audit.mismatches.length === 0)}`);
  } finally {
    await db.close();
    await svc.cleanup();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
