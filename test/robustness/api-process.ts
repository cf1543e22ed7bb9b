import { spawn, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '../../scripts/dev-services/ensure-services';
import { testServices } from '../support/harness';

const ROOT = path.join(__dirname, '..', '..');

/** The API as its own process (`npm run api`), so a test can see it die. */
export interface ApiProcess {
  baseUrl: string;
  dataDir: string;
  /** Where uploads and imports stage their temp files. */
  tmpDir: string;
  child: ChildProcess;
  /** Everything the process wrote to stdout and stderr so far. */
  output(): string;
  /** null while running; the exit code or signal once it has exited. */
  exit(): { code: number | null; signal: NodeJS.Signals | null } | null;
  stop(): Promise<void>;
}

/**
 * Starts `api/src/main.ts` in a child process against the run's database and Redis (or `env`'s),
 * on a free port, and resolves once `/health` answers. Rejects with the process output if it
 * exits first.
 */
export async function startApiProcess(env: Record<string, string> = {}): Promise<ApiProcess> {
  const svc = await testServices();
  const port = await freePort();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lumiku-robust-'));
  const baseUrl = `http://127.0.0.1:${port}`;
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'api/src/main.ts')], {
    cwd: ROOT,
    env: {
      ...process.env,
      NODE_ENV: 'test',
      HOST: '127.0.0.1',
      PORT: String(port),
      PUBLIC_BASE_URL: baseUrl,
      DATABASE_URL: svc.databaseUrl,
      REDIS_URL: svc.redisUrl,
      LUMIKU_DATA_DIR: dataDir,
      QUEUE_PREFIX: `lkrobust:${crypto.randomBytes(4).toString('hex')}`,
      LOG_LEVEL: 'warn',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (d: Buffer) => (output += d.toString('utf8')));
  child.stderr!.on('data', (d: Buffer) => (output += d.toString('utf8')));
  let exited: { code: number | null; signal: NodeJS.Signals | null } | null = null;
  const exitedP = new Promise<void>((resolve) =>
    child.once('exit', (code, signal) => {
      exited = { code, signal };
      resolve();
    }),
  );

  const stop = async () => {
    if (!exited) {
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exitedP;
      clearTimeout(killer);
    }
    fs.rmSync(dataDir, { recursive: true, force: true });
  };

  const deadline = Date.now() + 60_000;
  for (;;) {
    if (exited) {
      await stop();
      throw new Error(`the API process exited before it served: ${JSON.stringify(exited)}\n${output}`);
    }
    const ok = await fetch(`${baseUrl}/health`).then((r) => r.ok, () => false);
    if (ok) break;
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`the API process did not answer /health within 60 s\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }

  return {
    baseUrl,
    dataDir,
    tmpDir: path.join(dataDir, 'tmp'),
    child,
    output: () => output,
    exit: () => exited,
    stop,
  };
}
