import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { testServices } from './support/harness';

const run = promisify(execFile);
const BIN = path.join(__dirname, '..', 'bin', 'lumiku.js');

async function lumiku(args: string[], databaseUrl: string) {
  try {
    const { stdout, stderr } = await run(process.execPath, [BIN, ...args], { env: { ...process.env, DATABASE_URL: databaseUrl } });
    return { code: 0, stdout, stderr };
  } catch (err: any) {
    return { code: err.code as number, stdout: err.stdout as string, stderr: err.stderr as string };
  }
}

describe('operator CLI', function () {
  this.timeout(60_000);

  it('when an operator creates an account, grants credits and makes a key, then the key works and the audit is clean', async () => {
    const { databaseUrl } = await testServices();
    const created = await lumiku(['account', 'create', '--name', 'CLI Co'], databaseUrl);
    assert.equal(created.code, 0, created.stderr);
    const account = JSON.parse(created.stdout);
    assert.match(account.id, /^acct_/);
    const granted = await lumiku(['grant', account.id, '250'], databaseUrl);
    assert.equal(JSON.parse(granted.stdout).balance_after, 250);
    const key = await lumiku(['key', 'create', account.id, '--test', '--scopes', 'read'], databaseUrl);
    assert.match(JSON.parse(key.stdout).secret, /^lk_test_/);
    const bad = await lumiku(['grant', account.id, '-5'], databaseUrl);
    assert.notEqual(bad.code, 0);
    const audit = await lumiku(['audit'], databaseUrl);
    assert.equal(audit.code, 0, audit.stdout + audit.stderr);
    assert.deepEqual(JSON.parse(audit.stdout).mismatches, []);
  });

  it('when a balance is changed behind the ledger, then audit exits 1 and names the account and the difference', async () => {
    const { databaseUrl } = await testServices();
    const account = JSON.parse((await lumiku(['account', 'create', '--name', 'Tampered'], databaseUrl)).stdout);
    await lumiku(['grant', account.id, '100'], databaseUrl);
    const { Sequelize } = await import('sequelize');
    const db = new Sequelize(databaseUrl, { logging: false });
    await db.query(`UPDATE accounts SET balance = balance + 7 WHERE id = :id`, { replacements: { id: account.id } });
    try {
      const audit = await lumiku(['audit'], databaseUrl);
      assert.equal(audit.code, 1);
      const mismatch = JSON.parse(audit.stdout).mismatches.find((m: any) => m.account_id === account.id);
      assert.equal(mismatch.difference, 7);
    } finally {
      await db.query(`UPDATE accounts SET balance = balance - 7 WHERE id = :id`, { replacements: { id: account.id } });
      await db.close();
    }
  });
});
