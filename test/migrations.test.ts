import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import pg from 'pg';
import { QueryTypes } from 'sequelize';
import { createDatabase } from '../api/src/domain/db/connect';
import { migrate } from '../migrations/migrator';
import { testServices } from './support/harness';

describe('migrations', function () {
  this.timeout(60_000);

  it('when every migration is applied, reverted and applied again, then the schema comes back whole', async () => {
    const { databaseUrl } = await testServices();
    const name = `lumiku_migrations_${crypto.randomBytes(4).toString('hex')}`;
    const admin = new pg.Client({ connectionString: databaseUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    const url = new URL(databaseUrl);
    url.pathname = `/${name}`;
    const db = createDatabase({ databaseUrl: url.toString(), poolMax: 2, statementTimeoutMs: 30_000 });
    const tables = async () =>
      (await db.query<{ t: string }>(`SELECT tablename AS t FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'schema_migrations' ORDER BY 1`, { type: QueryTypes.SELECT })).map((r) => r.t);
    try {
      const applied = await migrate(db, 'up');
      assert.ok(applied.length >= 2);
      const full = await tables();
      assert.ok(full.includes('accounts') && full.includes('credit_transactions') && full.includes('files'));
      const reverted = await migrate(db, 'down');
      assert.deepEqual(reverted, [...applied].reverse());
      assert.deepEqual(await tables(), []);
      assert.deepEqual(await migrate(db, 'up'), applied);
      assert.deepEqual(await tables(), full);
      assert.deepEqual(await migrate(db, 'up'), [], 'a second run applies nothing');
    } finally {
      await db.close();
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
    }
  });
});
