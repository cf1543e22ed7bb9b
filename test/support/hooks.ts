import type { Sequelize } from 'sequelize';
import { createDatabase } from '../../api/src/domain/db/connect';
import { assertLedgerBalances, stopTestServices, testServices } from './harness';

let auditDb: Sequelize | undefined;

/**
 * Mocha root hooks: resolve services once per run, check after EVERY test that each account's
 * balance equals the sum of its ledger, drop the run's database at the end.
 */
export const mochaHooks = {
  async beforeAll(this: Mocha.Context) {
    this.timeout(180_000);
    const { databaseUrl } = await testServices();
    auditDb = createDatabase({ databaseUrl, poolMax: 1, statementTimeoutMs: 10_000 });
  },
  async afterEach() {
    if (auditDb) await assertLedgerBalances(auditDb);
  },
  async afterAll(this: Mocha.Context) {
    this.timeout(60_000);
    await auditDb?.close();
    await stopTestServices();
  },
};
