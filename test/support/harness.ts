import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import fs from 'node:fs';
import crypto from 'node:crypto';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import type { Sequelize } from 'sequelize';
import { buildApp } from '../../api/src/app';
import { loadConfig, type Config } from '../../api/src/config';
import { closeAppDeps, connectAppDeps, createAppDeps, type AppDeps } from '../../api/src/deps';
import { createAccount } from '../../api/src/domain/accounts/accounts';
import { createApiKey, type Scope } from '../../api/src/domain/accounts/api-keys';
import { grantCredits, auditLedger } from '../../api/src/domain/credits/ledger';
import { POOLS } from '../../api/src/domain/jobs/app-contract';
import type { RunningWorker } from '../../workers/src/engine/worker';
import { resolveTestServices } from './services';
import { readResponse } from './read-response';

/** Services for the whole run: one fresh, migrated database and a Redis, resolved once (see hooks.ts). */
let services: Awaited<ReturnType<typeof resolveTestServices>> | undefined;
export async function testServices() {
  services ??= await resolveTestServices();
  return services;
}
export async function stopTestServices() {
  await services?.cleanup();
  services = undefined;
}

export interface TestApp {
  baseUrl: string;
  deps: AppDeps;
  db: Sequelize;
  config: Config;
  /** The in-process worker, when started with `{ worker: true }`. */
  worker?: RunningWorker;
  close(): Promise<void>;
}

/** The real app on a random port against the run's database and Redis, with a unique Redis prefix. */
export async function startTestApp(env: Record<string, string> = {}, opts: { worker?: boolean } = {}): Promise<TestApp> {
  const svc = await testServices();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lumiku-test-'));
  // Listen first, so PUBLIC_BASE_URL (signed file URLs, Location) can name the real random port.
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const config = loadConfig({ PUBLIC_BASE_URL: `http://127.0.0.1:${port}`, NODE_ENV: 'test', LOG_LEVEL: 'silent', DATABASE_URL: svc.databaseUrl, REDIS_URL: svc.redisUrl, LUMIKU_DATA_DIR: dataDir, PORT: '0', QUEUE_PREFIX: `lktest:${crypto.randomBytes(4).toString('hex')}`, SWEEP_AFTER_MS: '2000', ...env });
  const logger = pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });
  // Built as main builds it (the composition root); a test may point REDIS_URL at nothing on purpose.
  const deps = createAppDeps(config, logger);
  await connectAppDeps(deps);
  const { db } = deps;
  server.on('request', buildApp(deps));
  // Loaded only when asked for, so tests without a worker do not load every renderer.
  const worker = opts.worker ? await (require('../../workers/src/engine/worker') as typeof import('../../workers/src/engine/worker')).startWorker({ config, db, storage: deps.storage, logger }, POOLS) : undefined;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    deps,
    db,
    config,
    worker,
    async close() {
      await worker?.close(2000);
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await closeAppDeps(deps, { streamRetryMs: 1000, queueTimeoutMs: 1000 });
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export interface TestAccount {
  accountId: string;
  /** Live key with every scope (or `scopes`). */
  live: string;
  /** Test-mode key with the same scopes. */
  test: string;
}

/** A fresh account (unique per call, so tests never share balances) with live and test keys. */
export async function createTestAccount(db: Sequelize, opts: { balance?: number; scopes?: Scope[] } = {}): Promise<TestAccount> {
  const account = await createAccount(db, { name: `test ${crypto.randomBytes(4).toString('hex')}` });
  if (opts.balance) await grantCredits(db, { accountId: account.id, amount: opts.balance, description: 'test grant' });
  const live = await createApiKey(db, { accountId: account.id, name: 'live', livemode: true, scopes: opts.scopes });
  const test = await createApiKey(db, { accountId: account.id, name: 'test', livemode: false, scopes: opts.scopes });
  return { accountId: account.id, live: live.secret, test: test.secret };
}

/** fetch with a key; returns status, headers and parsed JSON (or text). */
export async function call(baseUrl: string, method: string, pathname: string, opts: { key?: string; body?: unknown; headers?: Record<string, string>; rawBody?: string | Buffer } = {}) {
  const headers: Record<string, string> = { ...(opts.headers ?? {}) };
  if (opts.key) headers.authorization = `Bearer ${opts.key}`;
  let body: string | Buffer | undefined = opts.rawBody;
  if (opts.body !== undefined) {
    body = JSON.stringify(opts.body);
    headers['content-type'] ??= 'application/json';
  }
  const res = await fetch(baseUrl + pathname, { method, headers, body });
  return readResponse(res);
}

/** The ledger invariant: every account's balance equals the sum of its transactions. */
export async function assertLedgerBalances(db: Sequelize) {
  const { mismatches } = await auditLedger(db);
  if (mismatches.length) throw new Error(`ledger does not sum to balance: ${JSON.stringify(mismatches)}`);
}
