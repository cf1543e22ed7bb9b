import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { createDatabase } from '../../api/src/domain/db/connect';
import { startEmbeddedPostgres } from '../../scripts/dev-services/embedded-postgres';
import { freePort, redisPing } from '../../scripts/dev-services/ensure-services';
import { startLocalRedis } from '../../scripts/dev-services/local-redis';
import { migrate } from '../../migrations/migrator';

/**
 * Real PostgreSQL and Redis for the tests, found in this order:
 *
 * - PostgreSQL: TEST_DATABASE_URL (any database on a server where that role may CREATE DATABASE);
 *   else the local server at postgres://postgres@127.0.0.1:5432/postgres if it lets us in;
 *   else an embedded PostgreSQL in a temporary folder.
 * - Redis: TEST_REDIS_URL; else 127.0.0.1:6379 if it answers PING; else a private redis-server.
 *
 * Every run gets its own freshly migrated database, `lumiku_test_<time>_<random>`, dropped again
 * by `cleanup()`. Redis is shared and never flushed: tests keep to a key prefix of their own.
 */

export interface TestServices {
  databaseUrl: string;
  redisUrl: string;
  cleanup(): Promise<void>;
}

const LOCAL_POSTGRES_URL = 'postgres://postgres@127.0.0.1:5432/postgres';
const LOCAL_REDIS = { host: '127.0.0.1', port: 6379 };
/** Databases of runs that died before cleaning up are dropped once they are this old. */
const ABANDONED_AFTER_MS = 24 * 3600 * 1000;

type Stop = () => Promise<void>;

async function canConnect(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  client.on('error', () => {});
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

async function withAdmin<T>(adminUrl: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 5000 });
  client.on('error', () => {});
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end().catch(() => {});
  }
}

function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${encodeURIComponent(database)}`;
  return u.toString();
}

function makeTempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lumiku-test-'));
  // As root, the embedded PostgreSQL runs as `postgres`, which must be able to enter this folder.
  fs.chmodSync(dir, 0o755);
  return dir;
}

async function dropDatabase(client: pg.Client, name: string): Promise<void> {
  const ident = client.escapeIdentifier(name);
  try {
    await client.query(`DROP DATABASE IF EXISTS ${ident} WITH (FORCE)`);
  } catch (err) {
    if ((err as { code?: string }).code !== '42601') throw err; // before PostgreSQL 13: no FORCE
    await client.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()', [name]);
    await client.query(`DROP DATABASE IF EXISTS ${ident}`);
  }
}

/** Best effort: old test databases nobody is connected to. */
async function dropAbandonedDatabases(client: pg.Client): Promise<void> {
  const { rows } = await client.query<{ datname: string }>(`SELECT datname FROM pg_database WHERE datname LIKE 'lumiku\\_test\\_%'`);
  for (const { datname } of rows) {
    const started = Number(/^lumiku_test_(\d+)_/.exec(datname)?.[1]);
    if (!Number.isFinite(started) || Date.now() - started < ABANDONED_AFTER_MS) continue;
    await client.query(`DROP DATABASE IF EXISTS ${client.escapeIdentifier(datname)}`).catch(() => {});
  }
}

export async function resolveTestServices(): Promise<TestServices> {
  const stops: Stop[] = [];
  let tempDir: string | undefined;
  const tmp = () => (tempDir ??= makeTempDir());
  const stopStarted = async () => {
    for (const stop of stops.reverse()) await stop().catch(() => {});
    stops.length = 0;
    if (tempDir) fs.rmSync(tempDir, { recursive: true, force: true });
  };

  let adminUrl: string;
  let redisUrl: string;
  let sharedServer = true;
  try {
    if (process.env.TEST_DATABASE_URL) {
      adminUrl = process.env.TEST_DATABASE_URL;
    } else if (await canConnect(LOCAL_POSTGRES_URL)) {
      adminUrl = LOCAL_POSTGRES_URL;
    } else {
      const server = await startEmbeddedPostgres({ dataDir: tmp(), port: await freePort(), database: 'postgres' });
      stops.push(server.stop);
      adminUrl = server.adminUrl;
      sharedServer = false;
    }

    if (process.env.TEST_REDIS_URL) {
      redisUrl = process.env.TEST_REDIS_URL;
    } else if (await redisPing(LOCAL_REDIS.host, LOCAL_REDIS.port)) {
      redisUrl = `redis://${LOCAL_REDIS.host}:${LOCAL_REDIS.port}`;
    } else {
      const server = await startLocalRedis({ dataDir: tmp(), port: await freePort(), persistent: false });
      stops.push(server.stop);
      redisUrl = server.url;
    }
  } catch (err) {
    await stopStarted();
    throw err;
  }

  const name = `lumiku_test_${Date.now()}_${crypto.randomBytes(4).toString('hex')}`;
  const databaseUrl = withDatabase(adminUrl, name);
  let created = false;
  const dropOwn = async () => {
    if (created) await withAdmin(adminUrl, (client) => dropDatabase(client, name));
    created = false;
  };

  try {
    await withAdmin(adminUrl, async (client) => {
      if (sharedServer) await dropAbandonedDatabases(client).catch(() => {});
      await client.query(`CREATE DATABASE ${client.escapeIdentifier(name)}`);
      created = true;
    });
    const db = createDatabase({ databaseUrl, poolMax: 2, statementTimeoutMs: 120_000 });
    try {
      await migrate(db, 'up');
    } finally {
      await db.close();
    }
  } catch (err) {
    await dropOwn().catch(() => {});
    await stopStarted();
    throw err;
  }

  let cleaning: Promise<void> | undefined;
  return {
    databaseUrl,
    redisUrl,
    cleanup: () =>
      (cleaning ??= (async () => {
        try {
          await dropOwn();
        } finally {
          await stopStarted();
        }
      })()),
  };
}
