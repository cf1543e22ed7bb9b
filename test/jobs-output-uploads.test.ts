import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { QueryTypes } from 'sequelize';
import sharp from 'sharp';
import { recordOutputUpload, sweepUnusedOutputs } from '../api/src/domain/jobs/output-uploads';
import type { Storage } from '../api/src/domain/storage/storage';
import type { RunningWorker } from '../workers/src/engine/worker';
import { filesUnder, uploadBytes } from './fixtures/uploads';
import { call, createTestAccount, startTestApp, type TestApp } from './support/harness';

/**
 * Job outputs go to storage before the job's success records them. An attempt that stores some and
 * then fails (or is killed) must not leave them behind, unreferenced, forever: the cluster test
 * (test/cluster) found such orphaned S3 objects after its chaos run.
 */
describe('outputs stored by job attempts that did not finish', function () {
  this.timeout(60_000);
  let app: TestApp;
  let worker: RunningWorker | undefined;
  before(async () => (app = await startTestApp({ RATE_LIMIT_PER_WINDOW: '0' })));
  after(async () => {
    await worker?.close(2000);
    await app?.close();
  });

  /** Stored objects of an account that no live file row points at. */
  async function unreferenced(accountId: string): Promise<string[]> {
    const rows = await app.db.query<{ storage_key: string }>(`SELECT storage_key FROM files WHERE account_id = :a AND deleted_at IS NULL`, { replacements: { a: accountId }, type: QueryTypes.SELECT });
    const live = new Set(rows.map((r) => r.storage_key));
    return filesUnder(path.join(app.config.storageLocalDir, 'files', accountId))
      .map((f) => path.relative(app.config.storageLocalDir, f))
      .filter((k) => !live.has(k));
  }

  it('when an attempt fails after storing part of its outputs and the next one succeeds, then only the files of the job remain in storage', async () => {
    const acct = await createTestAccount(app.db, { balance: 100 });
    const images: string[] = [];
    for (const color of ['#e11d48', '#2563eb']) {
      const res = await uploadBytes(app.baseUrl, acct.live, await sharp({ create: { width: 120, height: 90, channels: 3, background: color } }).png().toBuffer(), 'i.png', { type: 'image/png' });
      assert.equal(res.status, 201, res.text);
      images.push(res.body.id);
    }
    // Storage that fails the second output of the first attempt, once (a dropped connection).
    let puts = 0;
    const flaky: Storage = Object.create(app.deps.storage);
    flaky.putFile = async (key, file, opts) => {
      if (++puts === 2) throw new Error('connection reset by peer');
      return app.deps.storage.putFile(key, file, opts);
    };
    const { startWorker } = require('../workers/src/engine/worker') as typeof import('../workers/src/engine/worker');
    worker = await startWorker({ config: app.config, db: app.db, storage: flaky, logger: app.deps.logger }, ['image']);

    const created = await call(app.baseUrl, 'POST', '/v1/carousels', { key: acct.live, body: { slides: [{ images: [images[0]] }, { images: [images[1]] }], sets: 1, format: 'jpeg' } });
    assert.equal(created.status, 202, created.text);
    const done = await call(app.baseUrl, 'GET', `/v1/carousels/${created.body.id}?wait=30`, { key: acct.live });
    assert.equal(done.body.status, 'succeeded', JSON.stringify(done.body.error));
    const [job] = await app.db.query<{ attempts: number }>(`SELECT attempts FROM jobs WHERE id = :id`, { replacements: { id: created.body.id }, type: QueryTypes.SELECT });
    assert.equal(job.attempts, 2, 'the first attempt failed after its first output was stored');
    assert.ok(puts > 2);

    assert.deepEqual(await unreferenced(acct.accountId), [], 'no stored object without its file row');
    const left = await app.db.query(`SELECT storage_key FROM job_output_uploads WHERE job_id = :id`, { replacements: { id: created.body.id }, type: QueryTypes.SELECT });
    assert.deepEqual(left, [], 'no output upload still on record');
    assert.equal(done.body.outputs.length, (await app.db.query(`SELECT 1 FROM job_outputs WHERE job_id = :id`, { replacements: { id: created.body.id }, type: QueryTypes.SELECT })).length);
    for (const o of done.body.outputs) assert.equal((await fetch(o.url)).status, 200, `${o.filename} is still there`);
  });

  it('when an attempt died after storing outputs, then the sweep removes them once the job has ended, and leaves a running job alone', async () => {
    const acct = await createTestAccount(app.db, { balance: 100 });
    const put = async (jobId: string, fileId: string) => {
      const storageKey = `files/${acct.accountId}/${fileId}`;
      await recordOutputUpload(app.db, { jobId, fileId, storageKey });
      const tmp = path.join(app.config.dataDir, `${fileId}.bin`);
      fs.writeFileSync(tmp, 'rendered bytes');
      await app.deps.storage.putFile(storageKey, tmp, { contentType: 'application/octet-stream' });
      fs.rmSync(tmp, { force: true });
      return storageKey;
    };
    const insertJob = (id: string, status: string) =>
      app.db.query(
        `INSERT INTO jobs (id, app, account_id, livemode, status, request, plan, quote, credits_quoted, credits_reserved, metadata)
         VALUES (:id, 'carousel', :a, true, :status, '{}', '{}', '{"total": 0, "unit_price": 0}', 0, 0, '{}')`,
        { replacements: { id, a: acct.accountId, status } },
      );
    await insertJob('crsl_ended00000000000000000000', 'succeeded');
    await insertJob('crsl_running0000000000000000000', 'processing');
    const ended = await put('crsl_ended00000000000000000000', 'file_orphan0000000000000000001');
    const running = await put('crsl_running0000000000000000000', 'file_inflight000000000000000001');

    assert.ok((await sweepUnusedOutputs({ db: app.db, storage: app.deps.storage })) >= 1);
    assert.ok(!fs.existsSync(path.join(app.config.storageLocalDir, ended)), 'the ended job’s stray output is gone');
    assert.ok(fs.existsSync(path.join(app.config.storageLocalDir, running)), 'the running job’s upload stays');
    const rows = await app.db.query<{ storage_key: string }>(`SELECT storage_key FROM job_output_uploads WHERE job_id IN ('crsl_ended00000000000000000000', 'crsl_running0000000000000000000')`, { type: QueryTypes.SELECT });
    assert.deepEqual(rows.map((r) => r.storage_key), [running]);
  });
});
