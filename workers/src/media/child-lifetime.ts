import { spawn, spawnSync, type ChildProcess, type ChildProcessByStdio, type SpawnOptionsWithStdioTuple, type StdioNull, type StdioPipe } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { findOnPath } from '../../../api/src/infra/find-on-path';

/**
 * Child processes (FFmpeg) that must not outlive the worker that started them. A worker that is
 * killed (SIGKILL, OOM killer, a crash) cannot kill its children itself, and FFmpeg does not notice
 * on its own: it ignores SIGPIPE, and the end of its stdin is not its `q` command. So:
 *
 * - On Linux the child is started through util-linux `setpriv --pdeathsig KILL`, which asks the
 *   kernel to SIGKILL it the moment the worker dies, whatever kills the worker.
 * - Elsewhere (no `setpriv`: macOS, Alpine) a watchdog shell started by the worker holds the pids
 *   of its live children; it reads them from a pipe whose end is the worker's, and when the pipe
 *   closes (the worker is gone) it SIGKILLs those left.
 * - Either way, every child still running when the worker exits on its own (`process.exit`, an
 *   uncaught exception) is SIGKILLed on the way out.
 */

export type LifetimeGuard = 'pdeathsig' | 'watchdog';

let chosen: LifetimeGuard | undefined;
let setprivPath: string | null = null;

function detectGuard(): LifetimeGuard {
  if (process.platform !== 'linux') return 'watchdog';
  setprivPath = findOnPath('setpriv');
  // Old util-linux versions have setpriv without --pdeathsig: try it once.
  if (setprivPath && spawnSync(setprivPath, ['--pdeathsig', 'KILL', '--', process.execPath, '-e', '0'], { stdio: 'ignore', timeout: 10_000 }).status === 0) return 'pdeathsig';
  return 'watchdog';
}

/** The mechanism in use (chosen on first use). Tests may force one with `useLifetimeGuard`. */
export function lifetimeGuard(): LifetimeGuard {
  return (chosen ??= detectGuard());
}

/** For tests: force a mechanism (`pdeathsig` only where it was detected). */
export function useLifetimeGuard(guard: LifetimeGuard): void {
  if (guard === 'pdeathsig' && detectGuard() !== 'pdeathsig') throw new Error('setpriv --pdeathsig is not available here');
  chosen = guard;
}

function isExecutableFile(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

function isExecutable(bin: string): boolean {
  return bin.includes(path.sep) ? isExecutableFile(bin) : findOnPath(bin) !== null;
}

const live = new Set<ChildProcess>();

// ---- watchdog --------------------------------------------------------------------------------

const WATCHDOG_SCRIPT = [
  'pids=" "',
  'while read -r op pid; do',
  '  case "$op" in',
  '    +) pids="$pids$pid " ;;',
  '    -) pids=$(echo "$pids" | sed "s/ $pid / /") ;;',
  '  esac',
  'done',
  'for pid in $pids; do kill -9 "$pid" 2>/dev/null; done',
].join('\n');

let watchdog: ChildProcess | null = null;

function tellWatchdog(line: string): void {
  if (!watchdog || watchdog.exitCode !== null || watchdog.signalCode !== null) {
    watchdog = spawn('/bin/sh', ['-c', WATCHDOG_SCRIPT], { stdio: ['pipe', 'ignore', 'ignore'], detached: false });
    watchdog.on('error', () => {});
    watchdog.stdin!.on('error', () => {});
    // Neither the watchdog nor its pipe keeps a worker alive that is otherwise done.
    watchdog.unref();
    (watchdog.stdin as unknown as { unref?: () => void }).unref?.();
  }
  watchdog.stdin!.write(`${line}\n`);
}

// ---------------------------------------------------------------------------------------------

/**
 * `spawn(bin, args, opts)`, with the child bound to this process's lifetime as described above.
 * A `bin` that cannot be run is spawned as is, so the caller sees the usual 'error' (ENOENT).
 */
export function spawnBound(bin: string, args: readonly string[], opts: SpawnOptionsWithStdioTuple<StdioNull, StdioPipe, StdioPipe>): ChildProcessByStdio<null, Readable, Readable> {
  const guard = lifetimeGuard();
  const wrap = guard === 'pdeathsig' && setprivPath && isExecutable(bin);
  const child = wrap ? spawn(setprivPath!, ['--pdeathsig', 'KILL', '--', bin, ...args], { ...opts, detached: false }) : spawn(bin, args, { ...opts, detached: false });
  if (child.pid === undefined) return child; // failed to start: 'error' follows
  live.add(child);
  const pid = child.pid;
  if (guard === 'watchdog') tellWatchdog(`+ ${pid}`);
  child.once('exit', () => {
    live.delete(child);
    if (guard === 'watchdog') tellWatchdog(`- ${pid}`);
  });
  return child;
}

/** Children started by `spawnBound` that are still running. */
export function liveChildren(): number {
  return live.size;
}

process.on('exit', () => {
  for (const child of live) child.kill('SIGKILL');
});
