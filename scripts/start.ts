/**
 * `npm start`: everything needed to try Lumiku on one machine.
 *
 * 1. Uses DATABASE_URL / REDIS_URL when set; otherwise starts an embedded PostgreSQL and a private
 *    redis-server with their data under LUMIKU_DATA_DIR (default ./.lumiku).
 * 2. Applies migrations.
 * 3. On first start creates a demo account with 1000 credits and a test-mode key, saved in
 *    `${dataDir}/demo-account.json` so later starts print the same key, and its owner, a demo
 *    person whose sign-in (email and password) is saved in `${dataDir}/demo-user.json`.
 * 4. Runs the API and the worker as child processes (supervise.ts) and prints where to reach them.
 *
 * Ctrl-C (or SIGTERM) is passed on to the API and the worker; the embedded services are stopped
 * once they have exited. A child that dies on its own is restarted with backoff; one that exits
 * with a configuration error stops everything (non-zero exit). If this process is killed, the API
 * and the worker notice (their IPC channel closes) and stop themselves.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Sequelize } from 'sequelize';
import { loadConfig, type Config } from '../api/src/config';
import { createAccount, findAccount } from '../api/src/domain/accounts/accounts';
import { createApiKey, findKeyBySecret } from '../api/src/domain/accounts/api-keys';
import { grantCredits } from '../api/src/domain/credits/ledger';
import { addMembership } from '../api/src/domain/people/memberships';
import { hashPassword, verifyPassword } from '../api/src/domain/people/passwords';
import { randomToken } from '../api/src/domain/people/tokens';
import { findUserByEmail, insertUser, markEmailVerified, setPassword } from '../api/src/domain/people/users';
import { createDatabase } from '../api/src/domain/db/connect';
import { startEmbeddedPostgres } from './dev-services/embedded-postgres';
import { delay } from './dev-services/ensure-services';
import { startLocalRedis } from './dev-services/local-redis';
import { migrate } from '../migrations/migrator';
import { Supervisor } from './supervise';
import { ensureDashboardBuilt } from '../dashboard/scripts/ensure-built';

const ROOT = path.resolve(__dirname, '..');
const CHILDREN = [
  { name: 'api', entry: 'api/src/main.ts', args: [] as string[] },
  { name: 'worker', entry: 'workers/src/main.ts', args: [] as string[] },
] as const;
const DEMO_CREDITS = 1000;
const HEALTH_TIMEOUT_MS = 60_000;
/** Repeats of a signal this soon after the first are echoes (terminal, npm and tsx all pass Ctrl-C on). */
const SIGNAL_ECHO_MS = 1500;

const say = (msg: string) => console.log(`[start] ${msg}`);
const warn = (msg: string) => console.error(`[start] ${msg}`);
const prefixed = (tag: string) => (line: string) => console.log(`[${tag}] ${line}`);

type Stop = () => Promise<void>;
const serviceStops: Stop[] = [];

async function stopServices(): Promise<void> {
  while (serviceStops.length) {
    const stop = serviceStops.pop()!;
    await stop().catch((err) => warn(`stopping a service failed: ${(err as Error).message}`));
  }
}

/** Password hidden, for printing. */
function redact(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '(unparseable URL)';
  }
}

// ---------------------------------------------------------------------------------------------
// Demo account

interface DemoAccount {
  accountId: string;
  apiKey: string;
}

function readDemoAccount(file: string): DemoAccount | null {
  try {
    const data = JSON.parse(fs.readFileSync(file, 'utf8')) as Partial<DemoAccount>;
    if (typeof data.accountId === 'string' && typeof data.apiKey === 'string') return { accountId: data.accountId, apiKey: data.apiKey };
  } catch {
    /* missing or unreadable: make a new one */
  }
  return null;
}

function writeDemoAccount(file: string, demo: DemoAccount): void {
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, `${JSON.stringify(demo, null, 2)}\n`, { mode: 0o600 });
  fs.chmodSync(tmp, 0o600);
  fs.renameSync(tmp, file);
}

async function ensureDemoAccount(db: Sequelize, file: string): Promise<DemoAccount> {
  const saved = readDemoAccount(file);
  if (saved) {
    const account = await findAccount(db, saved.accountId);
    if (account) {
      const key = await findKeyBySecret(db, saved.apiKey);
      if (key && key.account_id === account.id && !key.revoked_at) return saved;
      const { secret } = await createApiKey(db, { accountId: account.id, name: 'Demo test key', livemode: false });
      const demo = { accountId: account.id, apiKey: secret };
      writeDemoAccount(file, demo);
      say(`the saved demo key was revoked or removed; made a new test key for ${account.id}`);
      return demo;
    }
    say(`demo account ${saved.accountId} is not in this database; creating a new one`);
  }
  const demo = await db.transaction(async (t) => {
    const account = await createAccount(db, { name: 'Demo account' }, t);
    await grantCredits(db, { accountId: account.id, amount: DEMO_CREDITS, type: 'grant', description: 'Demo account credits' }, t);
    const { secret } = await createApiKey(db, { accountId: account.id, name: 'Demo test key', livemode: false }, t);
    return { accountId: account.id, apiKey: secret };
  });
  writeDemoAccount(file, demo);
  say(`created demo account ${demo.accountId} with ${DEMO_CREDITS} credits (saved in ${file})`);
  return demo;
}

/** The demo organization's owner, for signing in to the dashboard (`POST /auth/login`). */
interface DemoUser {
  email: string;
  password: string;
}

const DEMO_EMAIL = 'demo@lumiku.localhost';

/**
 * The demo account is a normal organization: its owner is a demo person (email verified) whose
 * password is made once and kept in `${dataDir}/demo-user.json` (mode 0600), like the key.
 */
async function ensureDemoUser(db: Sequelize, file: string, accountId: string): Promise<DemoUser> {
  let saved: DemoUser | null = null;
  try {
    const data = JSON.parse(fs.readFileSync(file, 'utf8')) as Partial<DemoUser>;
    if (typeof data.email === 'string' && typeof data.password === 'string') saved = { email: data.email, password: data.password };
  } catch {
    /* missing or unreadable: make a new one */
  }
  const demo = saved ?? { email: DEMO_EMAIL, password: randomToken(12) };
  let user = await findUserByEmail(db, demo.email);
  if (!user) user = await insertUser(db, { email: demo.email, name: 'Demo', passwordHash: await hashPassword(demo.password), verified: true });
  else if (!(await verifyPassword(user.password_hash, demo.password))) await setPassword(db, user.id, await hashPassword(demo.password));
  await markEmailVerified(db, user.id);
  await db.query(`SELECT 1 FROM memberships WHERE account_id = :accountId AND user_id = :userId`, { replacements: { accountId, userId: user.id } }).then(async ([rows]) => {
    if (!rows.length) await addMembership(db, { accountId, userId: user!.id, role: 'owner' });
  });
  if (!saved) {
    const tmp = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, `${JSON.stringify(demo, null, 2)}\n`, { mode: 0o600 });
    fs.renameSync(tmp, file);
  }
  return demo;
}

// ---------------------------------------------------------------------------------------------
// Children

/** Set once the children run; until then a signal stops the startup steps instead. */
let supervisor: Supervisor | undefined;
let lastSignalAt = 0;

// ---------------------------------------------------------------------------------------------

async function waitForHealth(config: Config): Promise<boolean> {
  const host = config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${config.port}/health`;
  const deadline = Date.now() + HEALTH_TIMEOUT_MS;
  while (Date.now() < deadline && supervisor && !supervisor.isStopping) {
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(2000) });
      if (res.ok) return true;
    } catch {
      /* not listening yet */
    }
    await delay(250);
  }
  return false;
}

function printBanner(config: Config, demo: DemoAccount, user: DemoUser, where: { database: string; redis: string }, healthy: boolean): void {
  const base = config.publicBaseUrl;
  const lines = [
    '',
    '========================================================================',
    healthy ? '  Lumiku is running' : `  Lumiku started, but ${base}/health did not answer yet (see the logs above)`,
    '',
    `  API:       ${base}`,
    `  Docs:      ${base}/docs`,
    `  Dashboard: ${base}/dashboard   (sign in with the demo email and password below)`,
    `  Database:  ${where.database}`,
    `  Redis:     ${where.redis}`,
    '',
    `  Demo account ${demo.accountId} (test mode), API key:`,
    '',
    `    LUMIKU_API_KEY=${demo.apiKey}`,
    '',
    `  Its owner signs in (POST ${base}/auth/login) as:`,
    '',
    `    email ${user.email}   password ${user.password}`,
    '',
    '  Press Ctrl-C to stop.',
    '========================================================================',
    '',
  ];
  console.log(lines.join('\n'));
}

async function main(): Promise<void> {
  let config: Config;
  try {
    config = loadConfig(process.env);
  } catch (err) {
    warn((err as Error).message);
    process.exit(1);
  }

  // Until the children run, a signal stops startup after the current step; a second one forces it.
  let aborted: NodeJS.Signals | null = null;
  const onSignal = (signal: NodeJS.Signals) => {
    const now = Date.now();
    if (now - lastSignalAt < SIGNAL_ECHO_MS) return;
    const again = lastSignalAt !== 0;
    lastSignalAt = now;
    if (again) {
      if (!supervisor) {
        warn(`${signal} again: exiting now`);
        process.exit(130);
      }
      supervisor.forceKill('asked to stop again');
      return;
    }
    if (!supervisor) {
      say(`${signal} received: stopping after the current step (again to force)`);
      aborted = signal;
      return;
    }
    say(`${signal} received: stopping (again to force)`);
    supervisor.stop(signal === 'SIGHUP' ? 'SIGTERM' : signal);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  process.on('SIGHUP', onSignal);

  const checkAborted = () => {
    if (aborted) throw Object.assign(new Error(`stopped by ${aborted}`), { aborted: true });
  };

  let demo: DemoAccount;
  let demoUser: DemoUser;
  let databaseUrl: string;
  let redisUrl: string;
  const where = { database: '', redis: '' };
  try {
    fs.mkdirSync(config.dataDir, { recursive: true });
    try {
      ensureDashboardBuilt(say); // when dashboard/dist is missing or older than its sources
    } catch (err) {
      warn(`${(err as Error).message}\nthe API runs without the dashboard`);
    }

    if (config.databaseUrl) {
      databaseUrl = config.databaseUrl;
      where.database = redact(databaseUrl);
    } else {
      say(`DATABASE_URL is not set: starting an embedded PostgreSQL (data in ${path.join(config.dataDir, 'postgres')})`);
      const pg = await startEmbeddedPostgres({ dataDir: config.dataDir, log: prefixed('postgres') });
      serviceStops.push(pg.stop);
      databaseUrl = pg.url;
      where.database = `embedded PostgreSQL, ${pg.url}`;
    }
    checkAborted();

    if (config.redisUrl) {
      redisUrl = config.redisUrl;
      where.redis = redact(redisUrl);
    } else {
      say('REDIS_URL is not set: starting a local redis-server');
      const redis = await startLocalRedis({ dataDir: config.dataDir, log: prefixed('redis') });
      serviceStops.push(redis.stop);
      redisUrl = redis.url;
      where.redis = `local redis-server, ${redis.url}`;
    }
    checkAborted();

    const db = createDatabase({ databaseUrl, poolMax: 2, statementTimeoutMs: Math.max(config.databaseStatementTimeoutMs, 120_000) });
    try {
      const applied = await migrate(db, 'up');
      say(applied.length ? `applied migrations: ${applied.join(', ')}` : 'database schema is up to date');
      checkAborted();
      demo = await ensureDemoAccount(db, path.join(config.dataDir, 'demo-account.json'));
      demoUser = await ensureDemoUser(db, path.join(config.dataDir, 'demo-user.json'), demo.accountId);
    } finally {
      await db.close();
    }
    checkAborted();
  } catch (err) {
    if (!(err as { aborted?: boolean }).aborted) warn(`could not start: ${(err as Error).message}`);
    await stopServices();
    process.exit(aborted ? 130 : 1);
  }

  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: databaseUrl,
    REDIS_URL: redisUrl,
    LUMIKU_DATA_DIR: config.dataDir,
  };
  // Running jobs get SHUTDOWN_TIMEOUT_MS to finish, then a moment to go back to the queue.
  const running = (supervisor = new Supervisor({ root: ROOT, env, graceMs: config.shutdownTimeoutMs + 5000, say, warn }));
  running.start(CHILDREN);

  void waitForHealth(config).then((healthy) => {
    if (!running.isStopping) printBanner(config, demo, demoUser, where, healthy);
  });

  await running.stopped;
  await stopServices();
  process.exit(running.exitCode);
}

main().catch(async (err) => {
  warn(`unexpected failure: ${(err as Error)?.stack ?? err}`);
  supervisor?.forceKill('launcher failed');
  await stopServices();
  process.exit(1);
});
