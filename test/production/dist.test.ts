import assert from 'node:assert/strict';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { testServices } from '../support/harness';

/**
 * The production build: `npm run build` compiles to dist/ and the image's entry point runs every role
 * from it with NODE_ENV=production and no TypeScript loader: `migrate` on an empty database, `api`
 * (health and readiness), `worker --queues …`. What the Dockerfile runs, without Docker.
 */
const ROOT = path.join(__dirname, '..', '..');
const ENTRYPOINT = path.join(ROOT, 'deploy/docker/entrypoint.sh');

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

describe('production build (dist/) through the image entry point', function () {
  this.timeout(240_000);
  let databaseUrl: string;
  let adminUrl: string;
  let dbName: string;
  let env: NodeJS.ProcessEnv;
  const children: ChildProcess[] = [];
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lumiku-dist-'));

  before(async () => {
    // The compile CI runs too (npm run build); a few tens of seconds.
    execFileSync('npm', ['run', '--silent', 'build'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
    const svc = await testServices();
    const url = new URL(svc.databaseUrl);
    dbName = `lumiku_dist_${Date.now()}_${crypto.randomBytes(3).toString('hex')}`;
    url.pathname = '/postgres';
    adminUrl = url.toString();
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${dbName}`);
    await admin.end();
    url.pathname = `/${dbName}`;
    // Production refuses a database URL without a password; a trusting local server ignores it.
    if (!url.password) url.password = crypto.randomBytes(12).toString('hex');
    databaseUrl = url.toString();
    env = {
      PATH: process.env.PATH,
      LUMIKU_APP_DIR: ROOT,
      NODE_ENV: 'production',
      DATABASE_URL: databaseUrl,
      REDIS_URL: svc.redisUrl,
      SIGNING_SECRET: crypto.randomBytes(24).toString('hex'),
      QUEUE_PREFIX: `lkdist:${crypto.randomBytes(4).toString('hex')}`,
      LUMIKU_DATA_DIR: dataDir,
      LUMIKU_ROLE_FILE: path.join(dataDir, 'role'),
      LOG_LEVEL: 'info',
    };
  });

  after(async () => {
    for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
    fs.rmSync(dataDir, { recursive: true, force: true });
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`).catch(() => {});
    await admin.end();
  });

  function start(args: string[], extra: NodeJS.ProcessEnv = {}) {
    const child = spawn('sh', [ENTRYPOINT, ...args], { env: { ...env, ...extra }, stdio: ['ignore', 'pipe', 'pipe'] });
    children.push(child);
    let output = '';
    child.stdout!.on('data', (d) => (output += d));
    child.stderr!.on('data', (d) => (output += d));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    const waitFor = async (re: RegExp, ms = 30_000) => {
      const until = Date.now() + ms;
      while (!re.test(output)) {
        if (child.exitCode !== null || Date.now() > until) assert.fail(`no ${re} (exit ${child.exitCode}):\n${output}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    };
    return { child, exited, waitFor, output: () => output };
  }

  /** The image's HEALTHCHECK command (Dockerfile), with the environment of the container it checks: its exit code. */
  const healthcheck = (extra: NodeJS.ProcessEnv = {}) =>
    new Promise<number | null>((resolve) => spawn('node', ['deploy/docker/healthcheck.js'], { cwd: ROOT, env: { ...env, ...extra }, stdio: 'ignore' }).on('exit', resolve));

  it('dist/ holds the compiled roles and the files they read, and loads no TypeScript', () => {
    for (const f of ['api/src/main.js', 'workers/src/main.js', 'api/src/cli/main.js', 'migrations/0001-accounts-keys-credits.js', 'api/src/domain/pricing/catalogue.json', 'openapi/openapi.json'])
      assert.ok(fs.existsSync(path.join(ROOT, 'dist', f)), f);
  });

  it('`migrate` applies every migration to an empty database', async () => {
    const run = start(['migrate']);
    assert.equal(await run.exited, 0, run.output());
    const migrations = fs.readdirSync(path.join(ROOT, 'migrations')).filter((f) => /^\d.*\.ts$/.test(f));
    const db = new pg.Client({ connectionString: databaseUrl });
    await db.connect();
    const { rows } = await db.query('SELECT name FROM schema_migrations');
    await db.end();
    assert.deepEqual(rows.map((r) => r.name.replace(/\.js$/, '')).sort(), migrations.map((f) => f.replace(/\.ts$/, '')).sort());
  });

  it('`api` serves /health and /ready in production, from compiled JavaScript', async () => {
    const port = await freePort();
    const api = start(['api'], { PORT: String(port) });
    await api.waitFor(/api listening/);
    const health = await fetch(`http://127.0.0.1:${port}/health`);
    assert.equal(health.status, 200);
    const until = Date.now() + 20_000;
    let ready = await fetch(`http://127.0.0.1:${port}/ready`);
    while (ready.status !== 200 && Date.now() < until) {
      await new Promise((r) => setTimeout(r, 250));
      ready = await fetch(`http://127.0.0.1:${port}/ready`);
    }
    assert.equal(ready.status, 200, await ready.text());
    assert.equal(await healthcheck({ PORT: String(port) }), 0, 'the HEALTHCHECK passes on a serving API');
    api.child.kill('SIGTERM');
    assert.equal(await api.exited, 0, api.output());
    assert.equal(await healthcheck({ PORT: String(port) }), 1, 'and fails once it is gone');
    assert.doesNotMatch(api.output(), /tsx/);
  });

  it('`worker --queues …` runs the pools it is given, serves /metrics (with the token) and /health on WORKER_METRICS_PORT, and stops cleanly on SIGTERM', async () => {
    const metrics = { WORKER_METRICS_PORT: String(await freePort()), METRICS_HOST: '0.0.0.0', METRICS_TOKEN: crypto.randomBytes(16).toString('hex') };
    const worker = start(['worker', '--queues', 'media,webhooks'], metrics);
    await worker.waitFor(/"msg":"worker started"/);
    assert.match(worker.output(), /"pools":\["media"\],"webhooks":true/);
    await worker.waitFor(/"msg":"worker metrics listening"/);
    const url = `http://127.0.0.1:${metrics.WORKER_METRICS_PORT}`;
    assert.equal((await fetch(`${url}/metrics`)).status, 401);
    const scraped = await fetch(`${url}/metrics`, { headers: { authorization: `Bearer ${metrics.METRICS_TOKEN}` } });
    assert.equal(scraped.status, 200);
    assert.match(await scraped.text(), /^# TYPE lumiku_job_duration_seconds histogram$/m);
    assert.equal(await healthcheck(metrics), 0, 'the HEALTHCHECK passes on a serving worker');
    assert.equal(await healthcheck({}), 0, 'a worker without a metrics listener has nothing to probe');
    worker.child.kill('SIGTERM');
    assert.equal(await worker.exited, 0, worker.output());
    assert.equal(await healthcheck(metrics), 1, 'and fails once it is gone');
  });

  it('refuses to start in production with the development signing secret', async () => {
    const api = start(['api'], { SIGNING_SECRET: 'lumiku-development-signing-secret', PORT: String(await freePort()) });
    assert.notEqual(await api.exited, 0);
    assert.match(api.output(), /SIGNING_SECRET/);
  });
});
