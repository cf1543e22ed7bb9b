import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import pg from 'pg';
import { QueryTypes, type Sequelize } from 'sequelize';
import { createDatabase } from '../../api/src/domain/db/connect';
import { claimKey, fingerprint } from '../../api/src/domain/idempotency/idempotency';
import { createMigrator } from '../../migrations/migrator';
import { testServices } from '../support/harness';

/**
 * Migration 0006: Idempotency-Key rows stored before it lose any secret they held, claims that were
 * still running are dropped, and the rest keep answering for their account and mode until they expire.
 */
describe('authz: migration 0006 (idempotency rows of before)', function () {
  this.timeout(60_000);
  let admin: pg.Client;
  let db: Sequelize;
  const name = `lumiku_idem_${crypto.randomBytes(4).toString('hex')}`;

  before(async () => {
    const { databaseUrl } = await testServices();
    admin = new pg.Client({ connectionString: databaseUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    const url = new URL(databaseUrl);
    url.pathname = `/${name}`;
    db = createDatabase({ databaseUrl: url.toString(), poolMax: 2, statementTimeoutMs: 30_000 });
  });
  after(async () => {
    await db?.close();
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  });

  const print = fingerprint('POST', '/v1/api_keys', { name: 'ci' });
  const rows = () =>
    db.query<{ key: string; principal_id: string; state: string; body: any }>(`SELECT key, principal_id, state, response_body AS body FROM idempotency_keys ORDER BY key`, { type: QueryTypes.SELECT });

  it('when 0006 runs over rows stored before it, then secrets are gone, running claims are dropped, and old rows still replay for their account and mode', async () => {
    const migrator = createMigrator(db);
    await migrator.up({ to: '0005-ai-models-avatars.ts' });
    await db.query(`INSERT INTO accounts (id, name) VALUES ('acct_old', 'old')`);
    const insert = (key: string, state: string, body: unknown) =>
      db.query(
        `INSERT INTO idempotency_keys (account_id, livemode, key, fingerprint, state, response_status, response_headers, response_body, expires_at)
         VALUES ('acct_old', true, :key, :print, :state, :status, '{}'::jsonb, :body::jsonb, now() + interval '1 hour')`,
        { replacements: { key, print, state, status: state === 'completed' ? 201 : null, body: body === null ? null : JSON.stringify(body) } },
      );
    await insert('key-create', 'completed', { id: 'key_1', object: 'api_key', secret: 'lk_live_abcdefghijklmnopqrstuvwxyz012345' });
    await insert('endpoint-create', 'completed', { id: 'we_1', object: 'webhook_endpoint', secret: 'whsec_abcdefghijklmnop' });
    await insert('job-create', 'completed', { id: 'crsl_1', object: 'carousel' });
    await insert('running', 'processing', null);

    await migrator.up();
    const after = await rows();
    assert.deepEqual(after.map((r) => r.key), ['endpoint-create', 'job-create', 'key-create']);
    assert.ok(after.every((r) => r.principal_id === ''));
    assert.deepEqual(after.find((r) => r.key === 'key-create')!.body, { id: 'key_1', object: 'api_key', secret_redacted: true });
    assert.deepEqual(after.find((r) => r.key === 'endpoint-create')!.body, { id: 'we_1', object: 'webhook_endpoint', secret_redacted: true });
    assert.deepEqual(after.find((r) => r.key === 'job-create')!.body, { id: 'crsl_1', object: 'carousel' });
    const text = JSON.stringify(await db.query(`SELECT * FROM idempotency_keys`, { type: QueryTypes.SELECT }));
    assert.ok(!text.includes('lk_live_') && !text.includes('whsec_'));

    // A row from before keeps answering any key of its account and mode (its key is unknown) until it expires.
    const scope = { accountId: 'acct_old', livemode: true, principalId: 'key_new', key: 'job-create' };
    const replay = await claimKey(db, scope, print, 24);
    assert.equal(replay.kind, 'replay');
    assert.equal((await claimKey(db, scope, fingerprint('POST', '/v1/api_keys', { name: 'other' }), 24)).kind, 'mismatch');
    assert.equal((await claimKey(db, { ...scope, livemode: false }, print, 24)).kind, 'claimed', 'another mode is another key space');
    await db.query(`UPDATE idempotency_keys SET expires_at = now() - interval '1 second' WHERE principal_id = ''`);
    assert.equal((await claimKey(db, scope, print, 24)).kind, 'claimed', 'an expired old row no longer answers');

    // And it reverts.
    await migrator.down({ to: '0006-idempotency-principal.ts' });
    const [{ n }] = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM information_schema.columns WHERE table_name = 'idempotency_keys' AND column_name = 'principal_id'`, { type: QueryTypes.SELECT });
    assert.equal(n, 0);
  });
});
