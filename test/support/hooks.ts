import nock from 'nock';
import type { Sequelize } from 'sequelize';
import { createDatabase } from '../../api/src/domain/db/connect';
import { assertLedgerBalances, stopTestServices, testServices } from './harness';

let auditDb: Sequelize | undefined;

/**
 * Mocha root hooks: resolve services once per run, check after EVERY test that each account's
 * balance equals the sum of its ledger, drop the run's database at the end.
 *
 * nock switches itself on when first imported, and mocha imports every test file before running
 * any; left on, every HTTP request of the run would pass through its mock socket (bodies cloned,
 * `Connection: close`, the server's close handed to the client while body bytes are still unread,
 * so a large download read slowly ends in `aborted`). It is switched off here, for the whole run;
 * suites that stub a third party turn it on for themselves with `guardNetwork()`.
 */
export const mochaHooks = {
  async beforeAll(this: Mocha.Context) {
    this.timeout(180_000);
    if (nock.isActive()) nock.restore();
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
