import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { findOnPath } from '../../api/src/infra/find-on-path';
import { clearLeftoverServer, isPortOpen, redisPing, waitUntil } from './ensure-services';

/**
 * A private `redis-server` (from PATH) for local development and tests, on 127.0.0.1 only.
 * It runs in its own process group, so a Ctrl-C in the terminal reaches only the launcher, which
 * stops Redis after the processes that use it have exited.
 */

export const LOCAL_REDIS_DEFAULT_PORT = 6389;
const START_TIMEOUT_MS = 15_000;
const STOP_TIMEOUT_MS = 10_000;

export const REDIS_MISSING_MESSAGE =
  'redis-server was not found on PATH. Install Redis (Debian/Ubuntu: `sudo apt-get install redis-server`; ' +
  'macOS: `brew install redis`), or set REDIS_URL to a Redis server you run (e.g. REDIS_URL=redis://127.0.0.1:6379).';

export interface LocalRedisOptions {
  /** The app's data folder; Redis works in `${dataDir}/redis`. */
  dataDir: string;
  port?: number;
  /** Keep data across restarts (append-only file in `${dataDir}/redis`). Default true; tests pass false. */
  persistent?: boolean;
  /** Receives the server's log lines. */
  log?: (line: string) => void;
}

export interface LocalRedis {
  /** `redis://127.0.0.1:<port>` */
  url: string;
  port: number;
  /** SIGTERM (Redis saves if persistent, then exits), escalating if it does not exit in time. Safe to call twice. */
  stop(): Promise<void>;
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

export async function startLocalRedis(opts: LocalRedisOptions): Promise<LocalRedis> {
  const binary = findOnPath('redis-server');
  if (!binary) throw new Error(REDIS_MISSING_MESSAGE);
  const port = opts.port ?? LOCAL_REDIS_DEFAULT_PORT;
  const persistent = opts.persistent ?? true;
  const log = opts.log ?? (() => {});
  const dataDir = path.resolve(opts.dataDir);
  const dir = path.join(dataDir, 'redis');
  fs.mkdirSync(dataDir, { recursive: true });
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const pidFile = path.join(dir, 'redis.pid');

  const cleared = await clearLeftoverServer(pidFile, 'redis-server', { signal: 'SIGTERM' });
  if (cleared) log(cleared);
  if (await isPortOpen('127.0.0.1', port)) {
    throw new Error(`Port ${port} on 127.0.0.1 is in use, so a local redis-server cannot listen there. Stop what holds it, or set REDIS_URL to a Redis server you run.`);
  }

  const args = [
    '--bind', '127.0.0.1',
    '--port', String(port),
    '--protected-mode', 'yes',
    '--daemonize', 'no',
    '--dir', dir,
    '--pidfile', pidFile,
    '--save', '',
    '--appendonly', persistent ? 'yes' : 'no',
    '--loglevel', 'warning',
  ];
  const child = spawn(binary, args, { stdio: ['ignore', 'pipe', 'pipe'], detached: true });

  const recent: string[] = [];
  const onData = (chunk: Buffer) => {
    for (const line of chunk.toString('utf8').split(/\r?\n/)) {
      const text = line.trimEnd();
      if (!text) continue;
      recent.push(text);
      if (recent.length > 30) recent.shift();
      log(text);
    }
  };
  child.stdout!.on('data', onData);
  child.stderr!.on('data', onData);
  const spawnError = new Promise<Error>((resolve) => child.once('error', resolve));

  const killOnExit = () => {
    if (!exited(child)) child.kill('SIGKILL');
  };
  process.on('exit', killOnExit);

  let stopping: Promise<void> | undefined;
  const stop = () => {
    stopping ??= (async () => {
      process.removeListener('exit', killOnExit);
      if (!exited(child)) {
        child.kill('SIGTERM');
        if (!(await waitForExit(child, STOP_TIMEOUT_MS))) {
          child.kill('SIGKILL');
          await waitForExit(child, 5000);
        }
      }
      fs.rmSync(pidFile, { force: true });
    })();
    return stopping;
  };

  try {
    const failure = await Promise.race([
      spawnError,
      waitUntil(
        () => {
          if (exited(child)) throw new Error(`redis-server exited during startup (code ${child.exitCode ?? child.signalCode})`);
          return redisPing('127.0.0.1', port, 500);
        },
        { what: `redis-server on port ${port}`, timeoutMs: START_TIMEOUT_MS, intervalMs: 50 },
      ).then(() => null),
    ]);
    if (failure) throw failure;
  } catch (err) {
    await stop();
    const tail = recent.length ? `\n  ${recent.slice(-10).join('\n  ')}` : '';
    throw new Error(`Could not start a local redis-server: ${(err as Error).message}${tail}`);
  }

  return { url: `redis://127.0.0.1:${port}`, port, stop };
}
