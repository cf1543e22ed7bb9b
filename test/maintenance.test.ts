import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import pino from 'pino';
import sharp from 'sharp';
import { QueryTypes } from 'sequelize';
import { ulid } from 'ulid';
import { purgeOldEvents } from '../api/src/domain/events/retention';
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

describe('event retention', function () {
  this.timeout(30_000);

  it('when events pass EVENT_RETENTION_DAYS, then they go with their deliveries, unless a delivery is pending or they were never relayed', async () => {
    const app = await startTestApp();
    try {
      const acct = await createTestAccount(app.db);
      const day = 24 * 3600_000;
      const now = Date.now();
      // Event ids are ULIDs: the id carries the time, as real ones do.
      const evt = (ageDays: number, relayed = true) => ({ id: `evt_${ulid(now - ageDays * day).toLowerCase()}`, at: new Date(now - ageDays * day), relayed });
      const old = evt(40);
      const oldPending = evt(35);
      const oldUnrelayed = evt(33, false);
      const recent = evt(5);
      for (const e of [old, oldPending, oldUnrelayed, recent]) {
        await app.db.query(`INSERT INTO events (id, account_id, livemode, type, data, created_at, relayed_at) VALUES (:id, :acct, true, 'loop.succeeded', '{}'::jsonb, :at, :relayed)`, {
          replacements: { id: e.id, acct: acct.accountId, at: e.at, relayed: e.relayed ? e.at : null },
        });
      }
      const message = async (e: { id: string; at: Date }, status: string) => {
        const id = `msg_${e.id}`;
        await app.db.query(`INSERT INTO webhook_messages (id, event_id, account_id, url, status, created_at) VALUES (:id, :event, :acct, 'https://example.com/hook', :status, :at)`, {
          replacements: { id, event: e.id, acct: acct.accountId, status, at: e.at },
        });
        await app.db.query(`INSERT INTO webhook_attempts (id, message_id, attempt, attempted_at, status_code, latency_ms, outcome) VALUES (:aid, :id, 1, :at, 200, 12, 'succeeded')`, {
          replacements: { aid: `att_${e.id}`, id, at: e.at },
        });
      };
      await message(old, 'succeeded');
      await message(oldPending, 'pending');
      await message(recent, 'succeeded');

      assert.equal(await purgeOldEvents(app.db, 30, { batch: 1 }), 1);
      const left = async (table: string, column: string) =>
        (await app.db.query<{ v: string }>(`SELECT ${column} AS v FROM ${table} WHERE account_id = :acct ORDER BY 1`, { replacements: { acct: acct.accountId }, type: QueryTypes.SELECT })).map((r) => r.v);
      assert.deepEqual(await left('events', 'id'), [oldUnrelayed.id, oldPending.id, recent.id].sort());
      assert.deepEqual(await left('webhook_messages', 'event_id'), [oldPending.id, recent.id].sort());
      const attempts = await app.db.query(`SELECT 1 FROM webhook_attempts WHERE message_id = :id`, { replacements: { id: `msg_${old.id}` }, type: QueryTypes.SELECT });
      assert.equal(attempts.length, 0, 'the attempts went with their message');
      assert.equal(await purgeOldEvents(app.db, 30), 0, 'a second pass finds nothing');
      assert.equal(await purgeOldEvents(app.db, 1), 1, 'with a shorter retention the 5-day-old event goes too');
    } finally {
      await app.close();
    }
  });
});
