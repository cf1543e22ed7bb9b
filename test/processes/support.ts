import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { isProcessAlive } from '../../scripts/dev-services/ensure-services';

/**
 * Helpers for tests that run the real processes (`npm start`'s supervisor, the API, the worker)
 * and kill them the hard way.
 */

export const ROOT = path.resolve(__dirname, '../..');

export { isProcessAlive };

/** A Node process running a TypeScript entry through tsx, as `npm start` runs its children. */
export function spawnTs(entry: string, args: string[], env: NodeJS.ProcessEnv, opts: { ipc?: boolean } = {}): Output & { child: ChildProcess } {
  const tsx = pathToFileURL(require.resolve('tsx', { paths: [ROOT] })).href;
  const child = spawn(process.execPath, ['--import', tsx, path.resolve(ROOT, entry), ...args], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe', ...(opts.ipc ? (['ipc'] as const) : [])],
  });
  return Object.assign(captureOutput(child), { child });
}

export interface Output {
  /** Everything written to stdout and stderr so far. */
  text(): string;
  /** Resolves with the first match of `re` in the output (waiting for it), or rejects after `timeoutMs`. */
  waitFor(re: RegExp, timeoutMs?: number, from?: number): Promise<RegExpMatchArray>;
  /** Length of the output so far (pass to `waitFor` to look only at what comes next). */
  mark(): number;
}

export function captureOutput(child: ChildProcess): Output {
  let all = '';
  const waiters = new Set<() => void>();
  const onData = (chunk: Buffer) => {
    all += chunk.toString('utf8');
    for (const w of waiters) w();
  };
  child.stdout?.on('data', onData);
  child.stderr?.on('data', onData);
  return {
    text: () => all,
    mark: () => all.length,
    waitFor(re, timeoutMs = 30_000, from = 0) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const m = all.slice(from).match(re);
          if (m) {
            waiters.delete(check);
            clearTimeout(timer);
            resolve(m);
          }
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`timed out after ${timeoutMs} ms waiting for ${re} in:\n${all.slice(-4000)}`));
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
  };
}

export function exited(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null;
}

/** Resolves with how long the child took to exit, or rejects after `timeoutMs`. */
export function waitForExit(child: ChildProcess, timeoutMs: number): Promise<number> {
  const started = Date.now();
  if (exited(child)) return Promise.resolve(0);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`pid ${child.pid} did not exit within ${timeoutMs} ms`)), timeoutMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve(Date.now() - started);
    });
  });
}

/** Polls until `check` is true; rejects with `what` after `timeoutMs`. */
export async function eventually(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 10_000, intervalMs = 50): Promise<number> {
  const started = Date.now();
  for (;;) {
    if (await check()) return Date.now() - started;
    if (Date.now() - started > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms: ${what}`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

/** The pids whose parent is `pid` (Linux /proc). */
export function childPids(pid: number): number[] {
  const out: number[] = [];
  for (const name of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${name}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(fields[1]) === pid) out.push(Number(name));
    } catch {
      /* gone meanwhile */
    }
  }
  return out;
}

/** A process's command line (Linux /proc), '' when it is gone. */
export function commandLine(pid: number): string {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
  } catch {
    return '';
  }
}

/** SIGKILL, ignoring a process that is already gone (test cleanup). */
export function killHard(pid: number | undefined): void {
  if (!pid) return;
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    /* gone */
  }
}
