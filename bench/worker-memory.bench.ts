/**
 * Worker memory across many jobs: one worker process (as `npm run worker` runs it) renders N small
 * carousel jobs one after another; its RSS is read from /proc at 0, N/2 and N completed jobs.
 * Target: flat (no growth trend between N/2 and N beyond noise).
 *
 *   npx tsx bench/worker-memory.bench.ts [--jobs 500]
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { parseArgs } from 'node:util';
import sharp from 'sharp';
import { createTestAccount, startTestApp, stopTestServices, call } from '../test/support/harness';
import { uploadBytes } from '../test/fixtures/uploads';
import { fmt, memoryOf, verdict } from './support/stats';

async function main() {
  const { values } = parseArgs({ options: { jobs: { type: 'string', default: '500' } } });
  const total = Number(values.jobs);
  const app = await startTestApp({ RATE_LIMIT_PER_WINDOW: '0', LOG_LEVEL: 'silent' });
  const env = { ...process.env, DATABASE_URL: app.config.databaseUrl!, REDIS_URL: app.config.redisUrl!, QUEUE_PREFIX: app.config.queuePrefix, LUMIKU_DATA_DIR: app.config.dataDir, STORAGE_LOCAL_DIR: app.config.storageLocalDir, LOG_LEVEL: 'warn', WORKER_CONCURRENCY_IMAGE: '2' };
  const worker = spawn(process.execPath, ['--import', 'tsx', path.join(__dirname, '..', 'workers/src/main.ts'), '--queues', 'image'], { env, stdio: 'ignore' });
  try {
    const acct = await createTestAccount(app.db, { balance: 0 });
    const images: string[] = [];
    for (const color of ['#ef4444', '#3b82f6', '#22c55e']) {
      const buf = await sharp({ create: { width: 600, height: 800, channels: 3, background: color } }).jpeg().toBuffer();
      images.push((await uploadBytes(app.baseUrl, acct.test, buf, 'p.jpg', { type: 'image/jpeg' })).body.id);
    }
    const body = { slides: [{ images: images.slice(0, 2), texts: ['Hello', 'World'] }, { images: [images[2]], texts: ['Sale today'] }], sets: 2, selection: 'round_robin', aspect_ratio: '1:1', format: 'jpeg', zip: false };
    const samples: { done: number; rss: number }[] = [];
    const runOne = async () => {
      const created = await call(app.baseUrl, 'POST', '/v1/carousels', { key: acct.test, body });
      const done = await call(app.baseUrl, 'GET', `/v1/carousels/${created.body.id}?wait=60`, { key: acct.test });
      if (done.body.status !== 'succeeded') throw new Error(`job ${created.body.id}: ${done.body.status} ${JSON.stringify(done.body.error)}`);
    };
    await runOne(); // warm-up: modules, fonts, sharp caches
    samples.push({ done: 0, rss: (await memoryOf(worker.pid!)).rss });
    const started = performance.now();
    for (let i = 1; i <= total; i += 2) {
      await Promise.all([runOne(), i + 1 <= total ? runOne() : Promise.resolve()]);
      const done = Math.min(i + 1, total);
      if (done === Math.floor(total / 2) || done === total || done % 100 === 0) {
        samples.push({ done, rss: (await memoryOf(worker.pid!)).rss });
        console.log(`after ${done} jobs: worker RSS ${fmt(samples.at(-1)!.rss / 2 ** 20, 1)} MB`);
      }
    }
    const secs = (performance.now() - started) / 1000;
    const at = (n: number) => samples.find((s) => s.done === n)!.rss / 2 ** 20;
    const r0 = at(0);
    const rHalf = at(Math.floor(total / 2));
    const rEnd = at(total);
    console.log(`\n${total} carousel jobs in ${fmt(secs, 1)} s (${fmt(total / secs, 1)} jobs/s), worker concurrency 2`);
    console.log(`worker RSS: 0 → ${fmt(r0, 1)} MB, ${Math.floor(total / 2)} → ${fmt(rHalf, 1)} MB, ${total} → ${fmt(rEnd, 1)} MB`);
    const trend = rEnd - rHalf;
    console.log(`growth over the second half: ${fmt(trend, 1)} MB (flat means < 16 MB): ${verdict(trend < 16)}`);
  } finally {
    worker.kill('SIGTERM');
    await app.close();
    await stopTestServices();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
