import { stopTestServices, testServices } from './harness';

/** Mocha root hooks: resolve services once per run, drop the run's database at the end. */
export const mochaHooks = {
  async beforeAll(this: Mocha.Context) {
    this.timeout(180_000);
    await testServices();
  },
  async afterAll(this: Mocha.Context) {
    this.timeout(60_000);
    await stopTestServices();
  },
};
