import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { QueryTypes } from 'sequelize';
import { runFfprobe } from '../api/src/domain/files/probe';
import { runFfmpeg } from '../workers/src/media/ffmpeg';
import { download, filesUnder, uploadFileAt } from './fixtures/uploads';
import { call, createTestAccount, startTestApp, type TestAccount, type TestApp } from './support/harness';

const ROOT = path.join(__dirname, '..');

async function makeClip(dir: string, name: string, seconds: number, size: string, freq: number) {
  const out = path.join(dir, name);
  await runFfmpeg(['-f', 'lavfi', '-i', `testsrc2=size=${size}:rate=30:duration=${seconds}`, '-f', 'lavfi', '-i', `sine=frequency=${freq}:duration=${seconds}`, '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-shortest', out]);
  return out;
}

/** A worker in its own process, as `npm run worker` runs it, sharing the test app's database, Redis prefix and storage. */
function spawnWorker(app: TestApp): ChildProcess {
  const env = {
    ...process.env,
    DATABASE_URL: app.config.databaseUrl!,
    REDIS_URL: app.config.redisUrl!,
    QUEUE_PREFIX: app.config.queuePrefix,
    LUMIKU_DATA_DIR: app.config.dataDir,
    STORAGE_LOCAL_DIR: app.config.storageLocalDir,
    SWEEP_AFTER_MS: '2000',
    LOG_LEVEL: 'warn',
  };
  return spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'workers/src/main.ts'), '--queues', 'media'], { env, stdio: 'ignore' });
}

async function waitFor<T>(what: string, fn: () => Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v !== undefined) return v;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('media jobs through the API, with workers', function () {
  this.timeout(120_000);
  let app: TestApp;
  let acct: TestAccount;
  let clips: string[];
  let bigClips: string[];
  let tmp: string;

  before(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'lk-media-'));
    app = await startTestApp({ RATE_LIMIT_PER_WINDOW: '0' });
    acct = await createTestAccount(app.db, { balance: 10_000 });
    const upload = async (file: string) => {
      const res = await uploadFileAt(app.baseUrl, acct.live, file);
      assert.equal(res.status, 201, res.text);
      return res.body.id as string;
    };
    clips = [];
    for (const [i, f] of [440, 550, 660].entries()) clips.push(await upload(await makeClip(tmp, `c${i}.mp4`, 1 + i * 0.5, '320x240', f)));
    bigClips = [];
    for (const [i, f] of [300, 400, 500].entries()) bigClips.push(await upload(await makeClip(tmp, `big${i}.mp4`, 3, '1280x720', f)));
  });
  after(async () => {
    await app.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  const balance = async () => (await app.db.query<{ balance: number }>(`SELECT balance FROM accounts WHERE id = :id`, { replacements: { id: acct.accountId }, type: QueryTypes.SELECT }))[0].balance;
  /** Slow enough to be caught mid-render: 1080p, and a speed range so every variant is re-encoded. */
  const slowMix = () => ({ clips: bigClips.map((file_id) => ({ file_id })), variants: 6, resolution: '1080p', speed: { min: 0.6, max: 0.9 }, seed: 7 });

  it('when a video mix runs in a worker process, then its variants have the asked frame size and are charged once', async () => {
    const worker = spawnWorker(app);
    try {
      const before = await balance();
      const created = await call(app.baseUrl, 'POST', '/v1/video_mixes', { key: acct.live, body: { clips: clips.map((file_id) => ({ file_id })), variants: 3, resolution: '480p', aspect_ratio: '16:9', seed: 1 } });
      assert.equal(created.status, 202, created.text);
      const done = await call(app.baseUrl, 'GET', `/v1/video_mixes/${created.body.id}?wait=60`, { key: acct.live });
      assert.equal(done.body.status, 'succeeded', JSON.stringify(done.body.error));
      const variants = done.body.outputs.filter((o: any) => o.content_type === 'video/mp4');
      assert.equal(variants.length, 3);
      const file = path.join(tmp, 'variant.mp4');
      fs.writeFileSync(file, (await download(variants[0].url)).bytes);
      const probe = await runFfprobe(file);
      const video = probe.streams.find((s) => s.codec_type === 'video')!;
      assert.deepEqual([video.width, video.height], [854, 480]);
      assert.equal(await balance(), before - done.body.credits.charged);
      assert.equal(done.body.credits.charged, done.body.credits.quoted);
    } finally {
      worker.kill('SIGTERM');
    }
  });

  it('when a running job is canceled, then it stops within 2 s, its credits come back and no temp files remain', async () => {
    const worker = spawnWorker(app);
    try {
      const before = await balance();
      const created = await call(app.baseUrl, 'POST', '/v1/video_mixes', { key: acct.live, body: slowMix() });
      assert.equal(created.status, 202, created.text);
      await waitFor('processing', async () => {
        const j = await call(app.baseUrl, 'GET', `/v1/video_mixes/${created.body.id}`, { key: acct.live });
        return j.body.status === 'processing' && j.body.progress.stage === 'rendering' ? true : undefined;
      });
      const askedAt = Date.now();
      const res = await call(app.baseUrl, 'POST', `/v1/video_mixes/${created.body.id}/cancel`, { key: acct.live });
      assert.equal(res.status, 200);
      const done = await call(app.baseUrl, 'GET', `/v1/video_mixes/${created.body.id}?wait=10`, { key: acct.live });
      assert.equal(done.body.status, 'canceled');
      assert.ok(Date.now() - askedAt < 2500, `canceled after ${Date.now() - askedAt} ms`);
      assert.equal(done.body.credits.charged, 0);
      assert.equal(await balance(), before);
      const work = path.join(app.config.dataDir, 'work');
      await waitFor('temp files removed', async () => (filesUnder(work).length === 0 ? true : undefined), 5000);
    } finally {
      worker.kill('SIGTERM');
    }
  });

  it('when the worker is killed (SIGKILL) mid-job, then the job finishes after a restart, charged exactly once, and the killed attempt leaves no temp files', async () => {
    const before = await balance();
    let worker = spawnWorker(app);
    try {
      const created = await call(app.baseUrl, 'POST', '/v1/video_mixes', { key: acct.live, body: { ...slowMix(), variants: 3, resolution: '720p' } });
      assert.equal(created.status, 202, created.text);
      const id = created.body.id;
      await waitFor('rendering', async () => {
        const j = await call(app.baseUrl, 'GET', `/v1/video_mixes/${id}`, { key: acct.live });
        return j.body.status === 'processing' && j.body.progress.stage === 'rendering' ? true : undefined;
      });
      const work = path.join(app.config.dataDir, 'work');
      assert.notDeepEqual(filesUnder(work), [], 'the attempt renders under the work folder');
      worker.kill('SIGKILL');
      await new Promise((r) => worker.once('exit', r));
      worker = spawnWorker(app);
      const done = await call(app.baseUrl, 'GET', `/v1/video_mixes/${id}?wait=60`, { key: acct.live });
      const final = done.body.status === 'succeeded' ? done : await call(app.baseUrl, 'GET', `/v1/video_mixes/${id}?wait=60`, { key: acct.live });
      assert.equal(final.body.status, 'succeeded', JSON.stringify(final.body.error));
      const [job] = await app.db.query<{ attempts: number; reservation_id: string }>(`SELECT attempts, reservation_id FROM jobs WHERE id = :id`, { replacements: { id }, type: QueryTypes.SELECT });
      assert.ok(job.attempts >= 2, 'it ran again');
      const ledger = await app.db.query<{ type: string }>(`SELECT type FROM credit_transactions WHERE reservation_id = :r ORDER BY id`, { replacements: { r: job.reservation_id }, type: QueryTypes.SELECT });
      assert.deepEqual(ledger.map((l) => l.type), ['reserve', 'capture']);
      assert.equal(await balance(), before - final.body.credits.charged);
      assert.equal(final.body.outputs.filter((o: any) => o.content_type === 'video/mp4').length, 3);
      // The killed attempt's inputs and partial renders went with its process's work folder.
      assert.deepEqual(filesUnder(work), [], 'no temp files left by the killed attempt');
    } finally {
      worker.kill('SIGTERM');
    }
  });
});
