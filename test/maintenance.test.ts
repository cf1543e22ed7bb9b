import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import pino from 'pino';
import sharp from 'sharp';
import { QueryTypes } from 'sequelize';
import { startMaintenance } from '../workers/src/maintenance';
import { uploadBytes } from './fixtures/uploads';
import { call, createTestAccount, startTestApp } from './support/harness';

describe('worker maintenance', function () {
  this.timeout(30_000);

  it('when outputs pass their expiry and idempotency keys their TTL, then a maintenance pass removes them', async () => {
    const app = await startTestApp();
    try {
      const acct = await createTestAccount(app.db);
      const img = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#000' } }).png().toBuffer();
      const up = await uploadBytes(app.baseUrl, acct.live, img, 'x.png', { type: 'image/png', headers: { 'idempotency-key': 'old-key' } });
      assert.equal(up.status, 201);
      const [row] = await app.db.query<{ storage_key: string }>(`SELECT storage_key FROM files WHERE id = :id`, { replacements: { id: up.body.id }, type: QueryTypes.SELECT });
      const bytesPath = path.join(app.config.storageLocalDir, row.storage_key);
      assert.ok(fs.existsSync(bytesPath));
      await app.db.query(`UPDATE files SET expires_at = now() - interval '1 minute' WHERE id = :id`, { replacements: { id: up.body.id } });
      await app.db.query(`UPDATE idempotency_keys SET expires_at = now() - interval '1 minute' WHERE account_id = :id`, { replacements: { id: acct.accountId } });
      const m = startMaintenance(app.db, app.deps.storage, app.config.dataDir, pino({ level: 'silent' }), 60_000);
      try {
        for (let i = 0; i < 50 && fs.existsSync(bytesPath); i++) await new Promise((r) => setTimeout(r, 100));
      } finally {
        m.stop();
      }
      assert.equal(fs.existsSync(bytesPath), false, 'the bytes are gone');
      assert.equal((await call(app.baseUrl, 'GET', `/v1/files/${up.body.id}`, { key: acct.live })).status, 404);
      const keys = await app.db.query(`SELECT 1 FROM idempotency_keys WHERE account_id = :id`, { replacements: { id: acct.accountId }, type: QueryTypes.SELECT });
      assert.equal(keys.length, 0);
    } finally {
      await app.close();
    }
  });
});
