/**
 * The cluster test (`npm run test:cluster`): two API processes and three worker processes (pools
 * split across them) on one PostgreSQL database, one private Redis and a local S3 server (s3rver),
 * driven by CLUSTER_JOBS (300) jobs across every app, while a random worker is SIGKILLed every few
 * seconds (and started again, as a supervisor would) and Redis is restarted once (losing its data).
 *
 * Afterwards it checks that every job ended exactly once, every hold was captured or released
 * exactly once (and the ledger audit holds), every event reached the webhook receiver (signature
 * verified), no temp files, no orphaned S3 objects and no queue entries are left; and it prints the
 * figures: throughput, recovery after each kill (p50, p99), Redis restart recovery, retries, CPU.
 * Exits 1 when any check fails. Not a mocha test: `npm test` runs it after the mocha suite.
 *
 * One worker is down at a time (each pool is served by two processes, so a kill never strands a
 * pool): the next kill comes CLUSTER_KILL_EVERY_MS after the last killed worker is back. The client
 * sends every create with an Idempotency-Key, drops some connections mid-request and retries (on the
 * other API process), and cancels a few jobs. Live keys with credits (so holds are captured and
 * released); one job in seven in test mode. The AI apps' live models run on a Cog-style prediction
 * server in this process (model-server.ts, REPLICATE_BASE_URL); test mode on the offline test provider.
 *
 * Recovery after a kill: the jobs the killed worker held are those its log says it started and had
 * not finished; the kill's recovery is the time until every one of them is back in its pool's queue
 * for any worker (the stall check's hand-back, or the sweeper's re-enqueue, seen in the logs and in
 * Redis) or has ended. bee-queue's stall interval (10 s, api/src/domain/jobs/queue.ts) bounds it to
 * 10–20 s. The time until each was taken again is printed too; it includes waiting behind the
 * backlog. Settings lowered for the run (env of every process): SWEEP_AFTER_MS 5 s (30 s),
 * WEBHOOK_RETRY_SCHEDULE 0…15 s, WEBHOOK_TIMEOUT_MS 5 s, WEBHOOK_RELAY_POLL_MS 0.5 s,
 * SHUTDOWN_TIMEOUT_MS 5 s, REPLICATE_POLL_INTERVAL_MS 50 ms, AI_PROVIDER_RETRY_BASE_MS 200 ms,
 * RATE_LIMIT_PER_WINDOW 0; the stall interval is not lowered.
 *
 * Knobs (env): CLUSTER_JOBS, CLUSTER_KILL_EVERY_MS (e.g. 2000-5000), CLUSTER_CHAOS=0 (no kills, no
 * Redis restart: the same load undisturbed), CLUSTER_KEEP=1 (keep the run's folder with every
 * process's log), CLUSTER_TIMEOUT_MS (whole run).
 */
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import Redis from 'ioredis';
import { QueryTypes, type Sequelize } from 'sequelize';
import sharp from 'sharp';
import { CONFIG_ENV_NAMES } from '../../api/src/config';
import { createAccount } from '../../api/src/domain/accounts/accounts';
import { createApiKey } from '../../api/src/domain/accounts/api-keys';
import { APPS } from '../../api/src/domain/apps';
import { auditLedger, grantCredits } from '../../api/src/domain/credits/ledger';
import { createDatabase } from '../../api/src/domain/db/connect';
import { POOLS } from '../../api/src/domain/jobs/app-contract';
import { freePort } from '../../scripts/dev-services/ensure-services';
import { startLocalRedis, type LocalRedis } from '../../scripts/dev-services/local-redis';
import { makeMediaFixtures } from '../fixtures/media';
import { resolveTestServices } from '../support/services';
import { startReceiver, verify } from '../webhooks/support';
import { startModelServer } from './model-server';
import { Cluster, reapedChildrenCpuSeconds, type WorkerLogEvent } from './processes';
import { readResponse } from '../support/read-response';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const S3rver = require('s3rver') as new (opts: Record<string, unknown>) => { run(): Promise<AddressInfo>; close(): Promise<void> };

const JOBS = Number(process.env.CLUSTER_JOBS ?? 300);
/** Pause between the last killed worker being back (all three up) and the next kill. */
const [KILL_MIN_MS, KILL_MAX_MS] = (process.env.CLUSTER_KILL_EVERY_MS ?? '2000-5000').split('-').map(Number);
const CHAOS = process.env.CLUSTER_CHAOS !== '0';
const RUN_TIMEOUT_MS = Number(process.env.CLUSTER_TIMEOUT_MS ?? 15 * 60_000);
const KEEP = process.env.CLUSTER_KEEP === '1';
/** A killed worker is started again after this pause (a supervisor's restart delay). */
const RESTART_PAUSE_MS: [number, number] = [500, 2000];
/** Creates in flight at once (the client's concurrency). */
const CREATE_CONCURRENCY = 6;
/** Share of first create attempts the client abandons mid-request (a dropped connection), then retries with the same Idempotency-Key. */
const CLIENT_ABORT_RATE = 0.1;
/** When it abandons them: anywhere in a create's usual time on this machine (before, during or after the API's work). */
const CLIENT_ABORT_AFTER_MS: [number, number] = [50, 1000];
/** Share of jobs the client cancels shortly after creating them. */
const CANCEL_RATE = 0.04;
/** Share of events whose first delivery the receiver answers 503 (the retry must bring it). */
const RECEIVER_FAIL_FIRST_RATE = 0.05;
const BUCKET = 'lumiku-cluster';
const TERMINAL = new Set(['succeeded', 'failed', 'canceled']);

const WORKERS: Record<string, string[]> = { w1: ['media', 'webhooks'], w2: ['image', 'gpu'], w3: ['media', 'image', 'gpu', 'webhooks'] };
const API_SLOTS = ['api1', 'api2'];

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const rand = (min: number, max: number) => min + Math.random() * (max - min);
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(Math.random() * xs.length)];
function percentile(xs: number[], p: number): number {
  if (!xs.length) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))];
}
const secs = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const log = (msg: string) => console.log(`[cluster ${new Date().toISOString().slice(11, 23)}] ${msg}`);

// ── checks ───────────────────────────────────────────────────────────────────────────────────────

const failures: string[] = [];
function check(ok: boolean, what: string, detail?: unknown) {
  const line = `${ok ? 'ok  ' : 'FAIL'} ${what}${!ok && detail !== undefined ? `: ${typeof detail === 'string' ? detail : JSON.stringify(detail).slice(0, 2000)}` : ''}`;
  console.log(`  ${line}`);
  if (!ok) failures.push(line);
}

// ── the client side ──────────────────────────────────────────────────────────────────────────────

interface Principal {
  accountId: string;
  live: string;
  test: string;
  /** Uploaded inputs per mode. */
  files: Record<'live' | 'test', { clipA: string; clipB: string; image: string; photo: string }>;
  endpoints: Record<'live' | 'test', { id: string; secret: string; createdAt: string }>;
  defaultSecret: Record<'live' | 'test', string>;
}

interface PlannedJob {
  ref: string;
  app: keyof typeof APPS;
  mode: 'live' | 'test';
  principal: Principal;
  body: Record<string, unknown>;
  cancel: boolean;
  jobWebhook: boolean;
  /** Ids the API answered for this ref (every attempt must answer the same one). */
  ids: Set<string>;
  attempts: number;
  error?: string;
}

let apiUrls: string[] = [];
let nextApi = 0;
const clientStats = { creates: 0, retries: 0, aborted: 0, replayed: 0, cancels: 0, latencies: [] as number[] };

async function api(method: string, pathname: string, key: string, body?: unknown, opts: { idempotencyKey?: string; abortAfterMs?: number; base?: string } = {}) {
  const base = opts.base ?? apiUrls[nextApi++ % apiUrls.length];
  const headers: Record<string, string> = { authorization: `Bearer ${key}` };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (opts.idempotencyKey) headers['idempotency-key'] = opts.idempotencyKey;
  const res = await fetch(base + pathname, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), signal: opts.abortAfterMs !== undefined ? AbortSignal.timeout(Math.round(opts.abortAfterMs)) : undefined });
  return readResponse(res);
}

async function upload(key: string, bytes: Buffer, filename: string, type: string): Promise<string> {
  for (let attempt = 0; ; attempt++) {
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(bytes)], { type }), filename);
    const res = await fetch(`${apiUrls[nextApi++ % apiUrls.length]}/v1/files`, { method: 'POST', headers: { authorization: `Bearer ${key}` }, body: form });
    const body = (await res.json()) as any;
    if (res.status === 201 || res.status === 200) return body.id;
    if (attempt > 3) throw new Error(`upload ${filename}: ${res.status} ${JSON.stringify(body)}`);
    await sleep(500);
  }
}

/** Creates one job: Idempotency-Key on every attempt, retried (on the next API process) after a dropped connection, a 5xx or a key still in progress. */
async function createJob(job: PlannedJob, receiverUrl: string): Promise<void> {
  const app = APPS[job.app];
  const key = job.mode === 'live' ? job.principal.live : job.principal.test;
  const body = {
    ...job.body,
    metadata: { cluster_ref: job.ref },
    ...(job.jobWebhook ? { webhook_url: `${receiverUrl}/job/${job.principal.accountId}/${job.mode}` } : {}),
  };
  const idempotencyKey = `cluster-${job.ref}`;
  clientStats.creates++;
  for (let attempt = 0; attempt < 40; attempt++) {
    job.attempts++;
    if (attempt > 0) clientStats.retries++;
    const abort = attempt === 0 && Math.random() < CLIENT_ABORT_RATE;
    try {
      const sent = Date.now();
      const res = await api('POST', `/v1/${app.path}`, key, body, { idempotencyKey, abortAfterMs: abort ? rand(...CLIENT_ABORT_AFTER_MS) : 30_000 });
      if (res.status === 202) {
        clientStats.latencies.push(Date.now() - sent);
        job.ids.add(res.body.id);
        if (res.headers.get('idempotent-replayed') === 'true') clientStats.replayed++;
        return;
      }
      const retryable = res.status >= 500 || res.status === 429 || (res.status === 409 && res.body?.code === 'idempotency_in_progress');
      if (!retryable) {
        job.error = `${res.status} ${res.text.slice(0, 300)}`;
        return;
      }
    } catch (err) {
      if (abort) clientStats.aborted++;
      // A dropped connection: the create may or may not have run; the same key tells.
    }
    await sleep(Math.min(2000, 100 * 2 ** Math.min(attempt, 4)));
  }
  job.error = 'gave up after 40 attempts';
}

function planJobs(principals: Principal[]): PlannedJob[] {
  const apps = Object.keys(APPS) as (keyof typeof APPS)[];
  const jobs: PlannedJob[] = [];
  for (let i = 0; i < JOBS; i++) {
    const app = apps[i % apps.length];
    const principal = principals[Math.floor(i / apps.length) % principals.length];
    // About one job in seven runs in test mode (free; the AI apps on the offline test provider).
    const mode: 'live' | 'test' = i % 7 === 3 ? 'test' : 'live';
    const f = principal.files[mode];
    const variant = Math.floor(i / apps.length);
    let body: Record<string, unknown>;
    switch (app) {
      case 'video_mix':
        body = { clips: [{ file_id: f.clipA }, { file_id: f.clipB }], variants: 1, resolution: '480p', aspect_ratio: '1:1', seed: i };
        break;
      case 'loop':
        body = { file_id: f.clipA, duration_seconds: 2, resolution: 'source' };
        break;
      case 'reformat':
        body = { file_id: variant % 2 ? f.clipA : f.image, targets: [{ aspect_ratio: '1:1', fit: 'pad' }] };
        break;
      case 'carousel':
        body = { slides: [{ images: [f.image], texts: [`Slide ${i}`] }, { images: [f.photo] }], sets: 1, aspect_ratio: '1:1', format: 'jpeg', seed: i };
        break;
      case 'avatar': {
        const from = (['prompt', 'upload', 'preset'] as const)[variant % 3];
        body =
          from === 'prompt'
            ? { from, name: `Avatar ${i}`, width: 512, height: 512, seed: i, persona: { age: 30 }, ...(mode === 'live' ? { model: 'sdxl' } : {}) }
            : from === 'upload'
              ? { from, name: `Avatar ${i}`, file_id: f.photo }
              : { from, name: `Avatar ${i}`, preset: 'preset_mascot_sunny' };
        break;
      }
      case 'pose_generation':
        body = { image: f.photo, poses: ['pose_standing_hands_on_hips'], width: 256, height: 256, seed: i, ...(mode === 'live' ? { model: 'flux-openpose' } : {}) };
        break;
      default:
        throw new Error(`no request planned for the app '${String(app)}': add one here`);
    }
    jobs.push({ ref: `${i}`, app, mode, principal, body, cancel: Math.random() < CANCEL_RATE, jobWebhook: i % 10 === 4, ids: new Set(), attempts: 0 });
  }
  return jobs;
}

// ── the run ──────────────────────────────────────────────────────────────────────────────────────

interface Kill {
  slot: string;
  at: number;
  held: string[];
  /** job id → ms after the kill when it was back in its pool's waiting list (the stall check), taken again, or found ended. */
  released: Map<string, number>;
  /** job id → ms after the kill when a live worker took it again (or it was found ended). */
  retaken: Map<string, number>;
}

async function main() {
  const started = Date.now();
  const runDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lumiku-cluster-'));
  fs.chmodSync(runDir, 0o755);
  const cleanups: (() => Promise<void> | void)[] = [];
  let cluster: Cluster | undefined;
  const overall = setTimeout(() => {
    console.error(`[cluster] the run took longer than ${RUN_TIMEOUT_MS} ms; stopping (logs in ${runDir})`);
    cluster?.killAllNow();
    process.exit(2);
  }, RUN_TIMEOUT_MS);
  overall.unref();

  try {
    log(`run folder ${runDir}; ${JOBS} jobs; ${CHAOS ? `a worker killed ${KILL_MIN_MS}–${KILL_MAX_MS} ms after the last one is back, Redis restarted once` : 'no chaos'}`);
    // ── services ──
    const services = await resolveTestServices();
    cleanups.push(() => services.cleanup());
    const db: Sequelize = createDatabase({ databaseUrl: services.databaseUrl, poolMax: 4, statementTimeoutMs: 60_000 });
    cleanups.push(() => db.close());
    const redisDir = path.join(runDir, 'redis');
    const redisPort = await freePort();
    let redis: LocalRedis = await startLocalRedis({ dataDir: redisDir, port: redisPort, persistent: false });
    cleanups.push(() => redis.stop());
    const s3Dir = path.join(runDir, 's3');
    fs.mkdirSync(s3Dir);
    const s3 = new S3rver({ port: 0, address: '127.0.0.1', silent: true, directory: s3Dir, configureBuckets: [{ name: BUCKET, configs: [] }] });
    const { port: s3Port } = await s3.run();
    cleanups.push(() => s3.close());
    const model = await startModelServer({ minDelayMs: 200, maxDelayMs: 1500 });
    cleanups.push(() => model.close());

    const firstDeliveryFailed = new Set<string>();
    // Signatures are checked as they arrive (Standard Webhooks refuses timestamps over 5 minutes old).
    const secretOf = new Map<string, string>();
    const badSignatures: { path: string; id: string; error: string }[] = [];
    const receiver = await startReceiver((_req, _res, r) => {
      const id = r.body?.id as string | undefined;
      try {
        verify(secretOf.get(r.path) ?? 'whsec_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA', r);
      } catch (err) {
        badSignatures.push({ path: r.path, id: String(id), error: (err as Error).message });
        return 400;
      }
      if (id && !firstDeliveryFailed.has(`${r.path}|${id}`) && Math.random() < RECEIVER_FAIL_FIRST_RATE) {
        firstDeliveryFailed.add(`${r.path}|${id}`);
        return 503;
      }
      return 200;
    });
    cleanups.push(() => receiver.close());

    // ── processes ──
    const prefix = `lkcluster:${crypto.randomBytes(4).toString('hex')}`;
    const base: NodeJS.ProcessEnv = Object.fromEntries(Object.entries(process.env).filter(([k]) => !CONFIG_ENV_NAMES.includes(k) && !k.startsWith('OTEL_')));
    const common: NodeJS.ProcessEnv = {
      ...base,
      NODE_ENV: 'test',
      DATABASE_URL: services.databaseUrl,
      DATABASE_POOL_MAX: '6',
      REDIS_URL: redis.url,
      QUEUE_PREFIX: prefix,
      SIGNING_SECRET: crypto.randomBytes(24).toString('hex'),
      STORAGE_DRIVER: 's3',
      S3_BUCKET: BUCKET,
      S3_ENDPOINT: `http://127.0.0.1:${s3Port}`,
      S3_REGION: 'us-east-1',
      S3_ACCESS_KEY_ID: 'S3RVER',
      S3_SECRET_ACCESS_KEY: 'S3RVER',
      REPLICATE_BASE_URL: model.url,
      REPLICATE_POLL_INTERVAL_MS: '50',
      AI_PROVIDER_RETRY_BASE_MS: '200',
      WEBHOOK_URL_ALLOWLIST: '127.0.0.1',
      WEBHOOK_RETRY_SCHEDULE: '0,250ms,500ms,1s,2s,4s,8s,15s',
      WEBHOOK_RELAY_POLL_MS: '500',
      WEBHOOK_TIMEOUT_MS: '5000',
      RATE_LIMIT_PER_WINDOW: '0',
      SWEEP_AFTER_MS: '5000',
      SHUTDOWN_TIMEOUT_MS: '5000',
    };
    const spec: ConstructorParameters<typeof Cluster>[1] = {};
    const apiPorts: number[] = [];
    for (const name of API_SLOTS) {
      const port = await freePort();
      apiPorts.push(port);
      const dir = path.join(runDir, name);
      fs.mkdirSync(path.join(dir, 'tmp'), { recursive: true });
      spec[name] = { role: 'api', entry: 'api/src/main.ts', args: [], healthUrl: `http://127.0.0.1:${port}/health`, env: { ...common, HOST: '127.0.0.1', PORT: String(port), PUBLIC_BASE_URL: `http://127.0.0.1:${port}`, LUMIKU_DATA_DIR: path.join(dir, 'data'), TMPDIR: path.join(dir, 'tmp'), LOG_LEVEL: 'warn' } };
    }
    for (const [name, pools] of Object.entries(WORKERS)) {
      const dir = path.join(runDir, name);
      fs.mkdirSync(path.join(dir, 'tmp'), { recursive: true });
      // Each worker slot keeps its folders across restarts, like a pod's emptyDir across container restarts.
      spec[name] = { role: 'worker', entry: 'workers/src/main.ts', args: ['--queues', pools.join(',')], env: { ...common, LUMIKU_DATA_DIR: path.join(dir, 'data'), TMPDIR: path.join(dir, 'tmp'), LOG_LEVEL: 'debug' } };
    }
    cluster = new Cluster(runDir, spec);
    const c = cluster;
    cleanups.push(() => c.killAllNow());
    await Promise.all([...API_SLOTS, ...Object.keys(WORKERS)].map((n) => c.start(n, 120_000)));
    apiUrls = apiPorts.map((p) => `http://127.0.0.1:${p}`);
    log(`2 API processes (${apiUrls.join(', ')}) and 3 workers (${Object.entries(WORKERS).map(([n, p]) => `${n}: ${p.join(',')}`).join('; ')}) ready`);

    // ── accounts, endpoints, inputs ──
    const media = await makeMediaFixtures();
    cleanups.push(() => media.cleanup());
    const clip = fs.readFileSync(media.mp4);
    const image = await sharp({ create: { width: 160, height: 120, channels: 3, background: '#2563eb' } }).jpeg().toBuffer();
    const photo = await sharp({ create: { width: 256, height: 256, channels: 3, background: '#c08040' } }).composite([{ input: await sharp({ create: { width: 96, height: 160, channels: 3, background: '#402010' } }).png().toBuffer(), left: 80, top: 60 }]).jpeg().toBuffer();
    const principals: Principal[] = [];
    for (let a = 0; a < 2; a++) {
      const account = await createAccount(db, { name: `cluster ${a}` });
      await grantCredits(db, { accountId: account.id, amount: 1_000_000, description: 'cluster run' });
      const live = (await createApiKey(db, { accountId: account.id, name: 'cluster live', livemode: true })).secret;
      const test = (await createApiKey(db, { accountId: account.id, name: 'cluster test', livemode: false })).secret;
      const p = { accountId: account.id, live, test, files: {}, endpoints: {}, defaultSecret: {} } as Principal;
      for (const mode of ['live', 'test'] as const) {
        const key = mode === 'live' ? live : test;
        const ep = await api('POST', '/v1/webhook_endpoints', key, { url: `${receiver.url}/hooks/${account.id}/${mode}`, description: 'cluster receiver' });
        assert.equal(ep.status, 201, ep.text);
        p.endpoints[mode] = { id: ep.body.id, secret: ep.body.secret, createdAt: ep.body.created_at };
        const ds = await api('GET', '/v1/webhook_secret', key);
        assert.equal(ds.status, 200, ds.text);
        p.defaultSecret[mode] = ds.body.secret;
        secretOf.set(`/hooks/${account.id}/${mode}`, p.endpoints[mode].secret);
        secretOf.set(`/job/${account.id}/${mode}`, p.defaultSecret[mode]);
        p.files[mode] = {
          clipA: await upload(key, clip, 'a.mp4', 'video/mp4'),
          clipB: await upload(key, clip, 'b.mp4', 'video/mp4'),
          image: await upload(key, image, 'image.jpg', 'image/jpeg'),
          photo: await upload(key, photo, 'photo.jpg', 'image/jpeg'),
        };
      }
      principals.push(p);
    }
    const jobs = planJobs(principals);
    const byId = new Map<string, PlannedJob>();

    // ── monitoring: job states, kills and their recovery ──
    const kills: Kill[] = [];
    const poolOf = (jobId: string) => {
      const j = byId.get(jobId);
      return j ? APPS[j.app].pool : undefined;
    };
    c.onEvent((e) => {
      if (e.kind === 'stalled' && e.jobId)
        for (const k of kills) if (e.at >= k.at && k.held.includes(e.jobId) && !k.released.has(e.jobId)) k.released.set(e.jobId, e.at - k.at);
      if (e.kind !== 'started' || !e.jobId) return;
      for (const k of kills)
        if (e.at >= k.at && k.held.includes(e.jobId)) {
          if (!k.retaken.has(e.jobId)) k.retaken.set(e.jobId, e.at - k.at);
          if (!k.released.has(e.jobId)) k.released.set(e.jobId, e.at - k.at);
        }
    });
    const watchRedis = new Redis(redisPort, '127.0.0.1', { lazyConnect: true, maxRetriesPerRequest: 1, enableOfflineQueue: false });
    watchRedis.on('error', () => {});
    await watchRedis.connect();
    cleanups.push(() => void watchRedis.disconnect());
    let statuses = new Map<string, string>();
    const readStatuses = async () => {
      const rows = await db.query<{ id: string; status: string }>(`SELECT id, status FROM jobs`, { type: QueryTypes.SELECT });
      statuses = new Map(rows.map((r) => [r.id, r.status]));
      const now = Date.now();
      for (const k of kills)
        for (const id of k.held)
          if (TERMINAL.has(statuses.get(id) ?? '')) {
            if (!k.retaken.has(id)) k.retaken.set(id, now - k.at);
            if (!k.released.has(id)) k.released.set(id, now - k.at);
          }
      // Back in the waiting list: released by the stall check (or enqueued again by the sweeper).
      for (const k of kills)
        for (const id of k.held) {
          const pool = poolOf(id);
          if (k.released.has(id) || !pool) continue;
          const at = await watchRedis.lpos(`${prefix}:${pool}:waiting`, id).catch(() => null);
          if (at !== null) k.released.set(id, Date.now() - k.at);
        }
      return statuses;
    };

    let monitoring = true;
    const monitor = (async () => {
      while (monitoring) {
        await readStatuses().catch((err) => log(`status poll failed: ${(err as Error).message}`));
        await sleep(250);
      }
    })();
    cleanups.push(async () => {
      monitoring = false;
      await monitor;
    });

    // ── chaos ──
    let chaosOn = true;
    const chaos = (async () => {
      while (chaosOn && CHAOS) {
        await sleep(rand(KILL_MIN_MS, KILL_MAX_MS));
        if (!chaosOn) break;
        const slot = pick(Object.keys(WORKERS));
        const at = Date.now();
        const held = await c.kill(slot);
        kills.push({ slot, at, held, released: new Map(), retaken: new Map() });
        log(`SIGKILL ${slot} holding ${held.length} job(s)`);
        // A supervisor starts it again after a pause; the next kill waits until it is back.
        await sleep(rand(...RESTART_PAUSE_MS));
        for (let i = 0; ; i++) {
          try {
            await c.start(slot, 120_000);
            break;
          } catch (err) {
            if (i >= 3) throw err;
            log(`${slot} failed to start: ${(err as Error).message.split('\n')[0]}; again`);
          }
        }
        log(`${slot} is back ${secs(Date.now() - at)} after its kill`);
      }
    })();

    // ── Redis restart, once, when about a third of the jobs have ended ──
    const redisRestart = { stoppedAt: 0, backAt: 0, queuedAtStop: [] as string[], firstStartPerPool: new Map<string, number>(), queuedRetaken: new Map<string, number>() };
    const redisChaos = (async () => {
      for (;;) {
        await sleep(500);
        const ended = [...statuses.values()].filter((s) => TERMINAL.has(s)).length;
        if (ended >= JOBS / 3 || !chaosOn) break;
      }
      if (!chaosOn || !CHAOS) return;
      redisRestart.queuedAtStop = [...(await readStatuses()).entries()].filter(([, s]) => s === 'queued').map(([id]) => id);
      redisRestart.stoppedAt = Date.now();
      await redis.stop();
      log(`Redis stopped (${redisRestart.queuedAtStop.length} jobs queued)`);
      await sleep(1500);
      redis = await startLocalRedis({ dataDir: redisDir, port: redisPort, persistent: false });
      redisRestart.backAt = Date.now();
      log('Redis started again, empty');
    })();
    c.onEvent((e) => {
      if (e.kind !== 'started' || !e.jobId || !redisRestart.backAt || e.at < redisRestart.backAt) return;
      const pool = poolOf(e.jobId);
      if (pool && !redisRestart.firstStartPerPool.has(pool)) redisRestart.firstStartPerPool.set(pool, e.at - redisRestart.backAt);
      if (redisRestart.queuedAtStop.includes(e.jobId) && !redisRestart.queuedRetaken.has(e.jobId)) redisRestart.queuedRetaken.set(e.jobId, e.at - redisRestart.backAt);
    });

    // ── load ──
    const loadStarted = Date.now();
    log(`creating ${JOBS} jobs through both API processes`);
    const cancels: Promise<void>[] = [];
    let cursor = 0;
    await Promise.all(
      Array.from({ length: CREATE_CONCURRENCY }, async () => {
        while (cursor < jobs.length) {
          const job = jobs[cursor++];
          await createJob(job, receiver.url);
          for (const id of job.ids) byId.set(id, job);
          if (job.cancel && job.ids.size) {
            const id = [...job.ids][0];
            const key = job.mode === 'live' ? job.principal.live : job.principal.test;
            cancels.push(
              (async () => {
                await sleep(rand(0, 3000));
                clientStats.cancels++;
                for (let i = 0; i < 10; i++) {
                  const res = await api('POST', `/v1/${APPS[job.app].path}/${id}/cancel`, key).catch(() => null);
                  if (res && res.status < 500) return;
                  await sleep(300);
                }
              })(),
            );
          }
        }
      }),
    );
    const createdAt = Date.now();
    log(`${JOBS} jobs created in ${secs(createdAt - loadStarted)} (${clientStats.retries} create retries, ${clientStats.aborted} abandoned requests)`);
    await Promise.all(cancels);

    // ── until every job has ended ──
    let lastReport = 0;
    for (;;) {
      await sleep(250);
      const counts: Record<string, number> = {};
      for (const s of statuses.values()) counts[s] = (counts[s] ?? 0) + 1;
      const ended = [...statuses.values()].filter((s) => TERMINAL.has(s)).length;
      if (Date.now() - lastReport > 5000) {
        lastReport = Date.now();
        log(`jobs: ${JSON.stringify(counts)}; kills ${kills.length}`);
      }
      if (statuses.size >= byId.size && ended === statuses.size) break;
      if (Date.now() - started > RUN_TIMEOUT_MS - 120_000) throw new Error(`jobs did not end in time: ${JSON.stringify(counts)}`);
    }
    chaosOn = false;
    const allEnded = Date.now();
    await chaos;
    await redisChaos;
    log(`every job ended ${secs(allEnded - loadStarted)} after the first create; chaos over`);

    // ── deliveries settle, queues drain ──
    const expectedEvents = async () => {
      const out: { id: string; path: string; secret: string }[] = [];
      for (const p of principals)
        for (const mode of ['live', 'test'] as const) {
          const rows = await db.query<{ id: string }>(`SELECT id FROM events WHERE account_id = :a AND livemode = :l AND created_at >= :since`, {
            replacements: { a: p.accountId, l: mode === 'live', since: p.endpoints[mode].createdAt },
            type: QueryTypes.SELECT,
          });
          for (const r of rows) out.push({ id: r.id, path: `/hooks/${p.accountId}/${mode}`, secret: p.endpoints[mode].secret });
        }
      for (const j of jobs)
        if (j.jobWebhook)
          for (const id of j.ids) {
            const rows = await db.query<{ id: string }>(`SELECT id FROM events WHERE job_id = :id`, { replacements: { id }, type: QueryTypes.SELECT });
            for (const r of rows) out.push({ id: r.id, path: `/job/${j.principal.accountId}/${j.mode}`, secret: j.principal.defaultSecret[j.mode] });
          }
      return out;
    };
    const deliveredOk = () => {
      const ok = new Set<string>();
      for (const r of receiver.received) if (r.status >= 200 && r.status < 300 && r.body?.id) ok.add(`${r.path}|${r.body.id}`);
      return ok;
    };
    const settleStarted = Date.now();
    let missing: { id: string; path: string }[] = [];
    for (;;) {
      const ok = deliveredOk();
      missing = (await expectedEvents()).filter((e) => !ok.has(`${e.path}|${e.id}`));
      const [pending] = await db.query<{ n: string }>(`SELECT count(*) AS n FROM webhook_messages WHERE status = 'pending'`, { type: QueryTypes.SELECT });
      if (!missing.length && Number(pending.n) === 0) break;
      if (Date.now() - settleStarted > 120_000) break;
      await sleep(500);
    }
    const deliveriesSettled = Date.now();
    log(`webhook deliveries settled ${secs(deliveriesSettled - allEnded)} after the last job ended`);

    const queueRedis = new Redis(redis.url, { lazyConnect: true, maxRetriesPerRequest: 1 });
    await queueRedis.connect();
    const queueCounts = async () => {
      const out: Record<string, { waiting: number; active: number; delayed: number; jobs: number }> = {};
      for (const pool of [...POOLS, 'webhooks']) {
        const k = `${prefix}:${pool}`;
        const [waiting, active, delayed, jobsHash] = await Promise.all([queueRedis.llen(`${k}:waiting`), queueRedis.llen(`${k}:active`), queueRedis.zcard(`${k}:delayed`), queueRedis.hlen(`${k}:jobs`)]);
        out[pool] = { waiting, active, delayed, jobs: jobsHash };
      }
      return out;
    };
    let queues = await queueCounts();
    for (let i = 0; i < 60 && Object.values(queues).some((q) => q.waiting || q.active || q.delayed); i++) {
      await sleep(500);
      queues = await queueCounts();
    }
    // What a stuck entry is: its data, its job's state, and what the workers did with it.
    const stuck: unknown[] = [];
    for (const pool of [...POOLS, 'webhooks']) {
      const k = `${prefix}:${pool}`;
      const ids = [...(await queueRedis.lrange(`${k}:waiting`, 0, -1)), ...(await queueRedis.lrange(`${k}:active`, 0, -1)), ...(await queueRedis.zrange(`${k}:delayed`, 0, -1))];
      for (const id of ids) {
        const [row] = await db.query<{ status: string; attempts: number }>(`SELECT status, attempts FROM jobs WHERE id = :id`, { replacements: { id }, type: QueryTypes.SELECT });
        const history = c.events.filter((e) => e.jobId === id).map((e) => `${new Date(e.at).toISOString().slice(11, 23)} ${e.slot}#${e.generation} ${e.kind}${e.outcome ? ` ${e.outcome}` : ''}`);
        const killsOf = kills.filter((kl) => kl.held.includes(id)).map((kl) => `${new Date(kl.at).toISOString().slice(11, 23)} ${kl.slot} killed`);
        stuck.push({ pool, id, data: await queueRedis.hget(`${k}:jobs`, id), job: row ?? null, history, kills: killsOf });
      }
    }
    await queueRedis.quit();

    // ── checks while everything still runs ──
    console.log('\nchecks:');
    const jobRows = await db.query<{
      id: string;
      app: string;
      status: string;
      livemode: boolean;
      attempts: number;
      reservation_id: string | null;
      credits_reserved: string;
      credits_charged: string;
      credits_refunded: string;
      error_code: string | null;
      ref: string | null;
    }>(`SELECT id, app, status, livemode, attempts, reservation_id, credits_reserved, credits_charged, credits_refunded, error_code, metadata->>'cluster_ref' AS ref FROM jobs`, { type: QueryTypes.SELECT });

    check(jobs.every((j) => !j.error), 'every create was accepted (202), retries included', jobs.filter((j) => j.error).map((j) => `${j.ref} ${j.app}: ${j.error}`));
    check(
      jobs.every((j) => j.ids.size === 1),
      'every create and its retries answered one job id',
      jobs.filter((j) => j.ids.size !== 1).map((j) => ({ ref: j.ref, ids: [...j.ids] })),
    );
    const perRef = new Map<string, string[]>();
    for (const r of jobRows) if (r.ref !== null) perRef.set(r.ref, [...(perRef.get(r.ref) ?? []), r.id]);
    check(
      jobs.every((j) => perRef.get(j.ref)?.length === 1),
      `one job row per create (${jobRows.length} rows for ${jobs.length} creates): Idempotency-Key retries made no duplicate`,
      jobs.filter((j) => perRef.get(j.ref)?.length !== 1).map((j) => ({ ref: j.ref, app: j.app, rows: perRef.get(j.ref) })),
    );
    check(jobRows.every((r) => TERMINAL.has(r.status)), 'every job is terminal', jobRows.filter((r) => !TERMINAL.has(r.status)).map((r) => `${r.id} ${r.status}`));

    const events = await db.query<{ id: string; job_id: string; type: string }>(`SELECT id, job_id, type FROM events WHERE job_id IS NOT NULL ORDER BY id`, { type: QueryTypes.SELECT });
    const terminalEvents = new Map<string, string[]>();
    for (const e of events) {
      const status = e.type.slice(e.type.lastIndexOf('.') + 1);
      if (TERMINAL.has(status)) terminalEvents.set(e.job_id, [...(terminalEvents.get(e.job_id) ?? []), status]);
    }
    const badTerminal = jobRows.filter((r) => {
      const t = terminalEvents.get(r.id) ?? [];
      return t.length !== 1 || t[0] !== r.status;
    });
    check(!badTerminal.length, 'every job has exactly one terminal event (outbox), matching its status', badTerminal.map((r) => ({ id: r.id, status: r.status, terminal_events: terminalEvents.get(r.id) ?? [] })));

    const byStatus: Record<string, number> = {};
    for (const r of jobRows) byStatus[r.status] = (byStatus[r.status] ?? 0) + 1;
    const failed = jobRows.filter((r) => r.status === 'failed');
    check(!failed.length, 'no job failed (kills and the Redis restart cost retries, not jobs)', failed.map((r) => `${r.id} ${r.app} ${r.error_code}`));
    const canceledUnasked = jobRows.filter((r) => r.status === 'canceled' && !jobs.find((j) => j.ids.has(r.id))?.cancel);
    check(!canceledUnasked.length, 'only the jobs the client canceled are canceled', canceledUnasked.map((r) => r.id));

    // Credits: one hold per live job, settled exactly once; the ledger sums to every balance.
    const reservations = await db.query<{ id: string; status: string; amount: string; captured: string; released: string; reserves: string; captures: string; releases: string }>(
      `SELECT r.id, r.status, r.amount, r.captured, r.released,
              count(t.*) FILTER (WHERE t.type = 'reserve') AS reserves,
              count(t.*) FILTER (WHERE t.type = 'capture') AS captures,
              count(t.*) FILTER (WHERE t.type = 'release') AS releases
       FROM credit_reservations r LEFT JOIN credit_transactions t ON t.reservation_id = r.id GROUP BY r.id`,
      { type: QueryTypes.SELECT },
    );
    const resById = new Map(reservations.map((r) => [r.id, r]));
    const creditProblems: unknown[] = [];
    for (const j of jobRows) {
      if (!j.livemode) {
        if (j.reservation_id || Number(j.credits_charged)) creditProblems.push({ job: j.id, problem: 'test-mode job holds or charged credits' });
        continue;
      }
      const r = j.reservation_id ? resById.get(j.reservation_id) : undefined;
      if (!r) {
        // Only a free job (quoted 0) holds nothing.
        if (Number(j.credits_reserved) !== 0 || Number(j.credits_charged) !== 0) creditProblems.push({ job: j.id, problem: 'live job without a reservation' });
        continue;
      }
      const [amount, captured, released] = [Number(r.amount), Number(r.captured), Number(r.released)];
      const problems = [
        r.status === 'held' && 'still held',
        Number(r.reserves) !== 1 && `${r.reserves} reserve rows`,
        Number(r.captures) !== (captured > 0 ? 1 : 0) && `${r.captures} capture rows for ${captured} captured`,
        Number(r.releases) !== (released > 0 ? 1 : 0) && `${r.releases} release rows for ${released} released`,
        captured + released !== amount && `captured ${captured} + released ${released} ≠ held ${amount}`,
        amount !== Number(j.credits_reserved) && `held ${amount}, job says ${j.credits_reserved}`,
        captured !== Number(j.credits_charged) && `captured ${captured}, job says charged ${j.credits_charged}`,
        released !== Number(j.credits_refunded) && `released ${released}, job says refunded ${j.credits_refunded}`,
        j.status !== 'succeeded' && captured !== 0 && `${j.status} but ${captured} captured`,
        j.status === 'succeeded' && captured === 0 && amount > 0 && 'succeeded but nothing captured',
      ].filter(Boolean);
      if (problems.length) creditProblems.push({ job: j.id, status: j.status, problems });
    }
    const orphanHolds = reservations.filter((r) => !jobRows.some((j) => j.reservation_id === r.id));
    check(!creditProblems.length, `every hold captured or released exactly once (${reservations.length} holds)`, creditProblems);
    check(!orphanHolds.length, 'no hold without its job', orphanHolds.map((r) => r.id));
    const audit = await auditLedger(db);
    check(!audit.mismatches.length, `ledger audit: every balance equals the sum of its ledger (${audit.accounts} accounts)`, audit.mismatches);
    const charged = jobRows.reduce((s, j) => s + Number(j.credits_charged), 0);
    const balances = await db.query<{ id: string; balance: string }>(`SELECT id, balance FROM accounts WHERE id IN (:ids)`, { replacements: { ids: principals.map((p) => p.accountId) }, type: QueryTypes.SELECT });
    const balanceSum = balances.reduce((s, b) => s + Number(b.balance), 0);
    check(balanceSum === principals.length * 1_000_000 - charged, `balances = grants − charges (${charged} credits charged)`, { balanceSum, expected: principals.length * 1_000_000 - charged });

    // Webhooks: every event at least once, each delivery signed by the endpoint's (or the account's default) secret.
    check(!missing.length, `every event delivered at least once to the receiver (${(await expectedEvents()).length} expected)`, missing.slice(0, 20));
    check(!badSignatures.length, `every delivery's signature verified on arrival (${receiver.received.length} deliveries)`, badSignatures.slice(0, 5));
    const messageStates = await db.query<{ status: string; n: string }>(`SELECT status, count(*) AS n FROM webhook_messages GROUP BY status`, { type: QueryTypes.SELECT });
    check(messageStates.every((m) => m.status === 'succeeded'), 'every webhook message succeeded', messageStates);

    // Storage: every object in S3 is a live file row's, and every live file row has its object.
    const objects = listS3Objects(path.join(s3Dir, BUCKET));
    const fileRows = await db.query<{ storage_key: string; deleted_at: Date | null }>(`SELECT storage_key, deleted_at FROM files`, { type: QueryTypes.SELECT });
    const liveKeys = new Set(fileRows.filter((f) => !f.deleted_at).map((f) => f.storage_key));
    const orphans = objects.filter((k) => !liveKeys.has(k));
    const dangling = [...liveKeys].filter((k) => !objects.includes(k));
    check(!orphans.length, `no orphaned S3 objects (${objects.length} objects, ${liveKeys.size} live file rows)`, orphans.slice(0, 20));
    check(!dangling.length, 'every live file row has its S3 object', dangling.slice(0, 20));

    check(
      Object.values(queues).every((q) => !q.waiting && !q.active && !q.delayed),
      'no stuck queue entries (waiting, active and delayed empty in every pool)',
      queues,
    );
    for (const entry of stuck) console.log(`       stuck: ${JSON.stringify(entry)}`);

    // ── graceful stop, then what the processes left on disk ──
    await c.stopAll();
    const cpuBySlot = c.cpuBySlot();
    const leftovers: string[] = [];
    for (const name of [...API_SLOTS, ...Object.keys(WORKERS)]) {
      const dir = path.join(runDir, name);
      for (const sub of ['tmp', 'data/tmp', 'data/work'])
        for (const f of walk(path.join(dir, sub)))
          // Not temp files: the fonts configuration the carousel renderer writes once (a fixed name,
          // reused by every start) and tsx's compile cache (this run's way of starting TypeScript).
          if (!/\/lumiku-fontconfig-[0-9a-f]+(\/fonts\.conf)?$/.test(f) && !/\/tmp\/tsx-\d+\//.test(f)) leftovers.push(path.relative(runDir, f));
    }
    check(!leftovers.length, 'no temp files left in any worker or API temp folder', leftovers.slice(0, 30));
    const strays = strayProcesses(runDir);
    check(!strays.length, 'no FFmpeg (or other) process of the run outlived its worker', strays);

    // ── figures ──
    const finishedRows = await db.query<{ first: Date; last: Date }>(`SELECT min(created_at) AS first, max(finished_at) AS last FROM jobs WHERE metadata ? 'cluster_ref'`, { type: QueryTypes.SELECT });
    const spanMs = new Date(finishedRows[0].last).getTime() - new Date(finishedRows[0].first).getTime();
    const attempts = jobRows.reduce((s, r) => s + Number(r.attempts), 0);
    const reattempted = jobRows.filter((r) => Number(r.attempts) > 1).length;
    const startEvents = c.events.filter((e) => e.kind === 'started').length;
    const transient = c.events.filter((e) => e.kind === 'failed').length;
    const swept = c.events.filter((e) => e.kind === 'swept').reduce((s, e) => s + (e.count ?? 0), 0);
    const stalls = c.events.filter((e) => e.kind === 'stalled').length;
    const withHeld = kills.filter((k) => k.held.length);
    const perKill = (m: (k: Kill) => Map<string, number>) => withHeld.map((k) => (k.held.every((id) => m(k).has(id)) ? Math.max(...k.held.map((id) => m(k).get(id)!)) : Infinity));
    const released = perKill((k) => k.released);
    const retaken = perKill((k) => k.retaken);
    const perJob = withHeld.flatMap((k) => k.held.map((id) => k.retaken.get(id) ?? Infinity));
    const totalCpu = reapedChildrenCpuSeconds();
    const self = process.cpuUsage();
    const roleCpu = (names: string[]) => names.reduce((s, n) => s + cpuBySlot[n], 0);

    console.log('\nfigures:');
    console.log(`  jobs: ${jobRows.length} (${Object.entries(byStatus).map(([s, n]) => `${n} ${s}`).join(', ')}) across ${Object.keys(APPS).length} apps; ${jobs.filter((j) => j.mode === 'live').length} live, ${jobs.filter((j) => j.mode === 'test').length} test mode`);
    console.log(`  throughput: ${((jobRows.length / spanMs) * 60_000).toFixed(1)} jobs/min (first create → last job finished: ${secs(spanMs)})`);
    console.log(`  worker kills: ${kills.length} (${withHeld.length} held jobs, ${kills.length - withHeld.length} held none)`);
    console.log(`  recovery after a kill (SIGKILL → every job it held back in its pool's queue for any worker, or ended): p50 ${secs(percentile(released, 50))}, p99 ${secs(percentile(released, 99))} over ${released.length} kills`);
    console.log(`  …until every job it held was taken again by a live worker (includes waiting behind the backlog): p50 ${secs(percentile(retaken, 50))}, p99 ${secs(percentile(retaken, 99))}; per held job p50 ${secs(percentile(perJob, 50))}, p99 ${secs(percentile(perJob, 99))} over ${perJob.length} jobs`);
    console.log(`  kills: ${kills.map((k) => `${k.slot}(${k.held.length})`).join(' ')}`);
    if (redisRestart.backAt) {
      const firsts = [...redisRestart.firstStartPerPool.entries()];
      const retaken = [...redisRestart.queuedRetaken.values()];
      console.log(`  Redis restart: down ${secs(redisRestart.backAt - redisRestart.stoppedAt)}; first job taken per pool after it came back: ${firsts.map(([p, ms]) => `${p} ${secs(ms)}`).join(', ')}`);
      console.log(`    jobs queued when it stopped (entries lost with it): ${redisRestart.queuedAtStop.length}; taken again after p50 ${secs(percentile(retaken, 50))}, max ${secs(Math.max(...retaken, 0))} (${retaken.length} seen starting again, the rest had ended)`);
    }
    console.log(`  attempts: ${attempts} for ${jobRows.length} jobs (${reattempted} jobs run more than once; ${startEvents} attempts started in the logs, ${transient} failed transiently and were retried; ${stalls} queue entries handed back by the stall check); ${swept} enqueue calls by the sweepers (no-ops for entries still queued)`);
    console.log(`  client: ${clientStats.creates} creates (202 in p50 ${percentile(clientStats.latencies, 50)} ms, p99 ${percentile(clientStats.latencies, 99)} ms), ${clientStats.retries} retries (${clientStats.aborted} requests abandoned mid-flight), ${clientStats.replayed} answered as replays of a create that had run; ${clientStats.cancels} cancels`);
    console.log(`  webhooks: ${receiver.received.length} deliveries received, ${firstDeliveryFailed.size} first deliveries refused (503) by the receiver; settled ${secs(deliveriesSettled - allEnded)} after the last job`);
    console.log(`  model server: ${model.calls()} predictions`);
    console.log(`  CPU: ${totalCpu.toFixed(1)} s in child processes (API ${roleCpu(API_SLOTS).toFixed(1)} s, workers with FFmpeg ${roleCpu(Object.keys(WORKERS)).toFixed(1)} s, Redis and the rest ${(totalCpu - roleCpu([...API_SLOTS, ...Object.keys(WORKERS)])).toFixed(1)} s) + ${((self.user + self.system) / 1e6).toFixed(1)} s in this driver (client, s3rver, receiver, model server); PostgreSQL not counted`);
    console.log(`  wall: ${secs(Date.now() - started)} in all; load average ${fs.readFileSync('/proc/loadavg', 'utf8').trim()}`);
    console.log(`  logs: ${KEEP || failures.length ? runDir : '(removed; CLUSTER_KEEP=1 keeps them)'}`);
  } catch (err) {
    failures.push(`run error: ${(err as Error).stack ?? err}`);
    console.error(`\n[cluster] the run failed: ${(err as Error).stack ?? err}\n  logs in ${runDir}`);
  } finally {
    for (const fn of cleanups.reverse()) await Promise.resolve(fn()).catch(() => {});
    if (!KEEP && !failures.length) fs.rmSync(runDir, { recursive: true, force: true });
    clearTimeout(overall);
  }
  if (failures.length) {
    console.log(`\n${failures.length} check(s) failed:\n  ${failures.join('\n  ')}`);
    process.exit(1);
  }
  console.log('\nall checks passed');
  process.exit(0);
}

/** Object keys in s3rver's folder (`<key>._S3rver_object`). */
function listS3Objects(bucketDir: string): string[] {
  return walk(bucketDir)
    .filter((f) => f.endsWith('._S3rver_object'))
    .map((f) => path.relative(bucketDir, f).slice(0, -'._S3rver_object'.length));
}

/** Every regular file (and empty folder) under `dir`; [] when it does not exist. */
function walk(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) {
      const inner = walk(p);
      out.push(...(inner.length ? inner : [`${p}/`]));
    } else out.push(p);
  }
  return out;
}

/** Processes whose command line names the run's folder (an FFmpeg orphaned by a killed worker would). */
function strayProcesses(runDir: string): string[] {
  const out: string[] = [];
  for (const name of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(name) || Number(name) === process.pid) continue;
    try {
      const cmd = fs.readFileSync(`/proc/${name}/cmdline`, 'utf8').replace(/\0/g, ' ');
      if (cmd.includes(runDir) && !cmd.includes('redis-server')) out.push(`${name}: ${cmd.slice(0, 200)}`);
    } catch {
      /* gone */
    }
  }
  return out;
}

void main();
