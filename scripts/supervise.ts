/**
 * The process supervisor of `npm start`: runs the API and the worker as child processes, restarts
 * one that dies with exponential backoff (and says so), and stops them all on request.
 *
 * - Each child runs in its own process group (a terminal Ctrl-C reaches only the supervisor, which
 *   passes it on once) and has an IPC channel to the supervisor: when the supervisor is gone, even
 *   by SIGKILL, the channel closes and the child stops itself (`exitWithSupervisor`).
 * - A child that exits on its own is started again after 1 s, then 2 s, 4 s, … up to 30 s; the
 *   delay starts over once a child has run for a minute. Exit codes 64 (usage) and 78
 *   (configuration) are not worth retrying: the supervisor stops everything instead.
 * - `stop(signal)` passes the signal on and SIGKILLs what still runs after the grace period.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

export interface ChildSpec {
  name: string;
  /** A TypeScript entry, relative to `root`, run with Node and the tsx loader. */
  entry: string;
  args: readonly string[];
}

export interface SupervisorOptions {
  root: string;
  env: NodeJS.ProcessEnv;
  /** After `stop`, children still running this long later are SIGKILLed. */
  graceMs: number;
  say(msg: string): void;
  warn(msg: string): void;
  backoff?: { initialMs: number; maxMs: number; stableMs: number };
}

/** Exit codes of a child that will fail the same way however often it is restarted. */
const NOT_RETRIED = new Set([64, 78]);
const DEFAULT_BACKOFF = { initialMs: 1_000, maxMs: 30_000, stableMs: 60_000 };

interface Supervised {
  spec: ChildSpec;
  child: ChildProcess | null;
  startedAt: number;
  restarts: number;
  restartTimer?: NodeJS.Timeout;
}

export function alive(child: ChildProcess | null): child is ChildProcess {
  return !!child && child.exitCode === null && child.signalCode === null;
}

export class Supervisor {
  /** 0, or 1 once a child failed in a way the supervisor could not mend. */
  exitCode = 0;
  private readonly children = new Map<string, Supervised>();
  private stopping = false;
  private forceTimer?: NodeJS.Timeout;
  private resolveStopped!: () => void;
  /** Resolves once `stop` was called and every child has exited. */
  readonly stopped = new Promise<void>((resolve) => (this.resolveStopped = resolve));

  constructor(private readonly opts: SupervisorOptions) {
    // Last resort (a crash of the supervisor itself): do not leave children behind.
    process.on('exit', () => {
      for (const s of this.children.values()) if (alive(s.child)) s.child.kill('SIGTERM');
    });
  }

  start(specs: readonly ChildSpec[]): void {
    for (const spec of specs) {
      const s: Supervised = { spec, child: null, startedAt: 0, restarts: 0 };
      this.children.set(spec.name, s);
      this.launch(s);
    }
  }

  /** The child runs now (not exited, not waiting to be restarted). */
  isRunning(name: string): boolean {
    return alive(this.children.get(name)?.child ?? null);
  }

  get isStopping(): boolean {
    return this.stopping;
  }

  /** Passes `signal` on to every child, cancels pending restarts, and SIGKILLs stragglers after the grace period. */
  stop(signal: NodeJS.Signals): void {
    if (this.stopping) return;
    this.stopping = true;
    for (const s of this.children.values()) clearTimeout(s.restartTimer);
    for (const [name, s] of this.children) {
      if (!alive(s.child)) continue;
      this.opts.say(`sending ${signal} to ${name}`);
      s.child.kill(signal);
    }
    this.forceTimer = setTimeout(() => this.forceKill('did not stop in time'), this.opts.graceMs);
    this.forceTimer.unref();
    this.settleIfDone();
  }

  forceKill(reason: string): void {
    for (const [name, s] of this.children) {
      if (!alive(s.child)) continue;
      this.opts.warn(`${name} ${reason}; killing it`);
      this.exitCode = 1;
      s.child.kill('SIGKILL');
    }
  }

  private launch(s: Supervised): void {
    const { root, env } = this.opts;
    const tsx = pathToFileURL(require.resolve('tsx', { paths: [root] })).href;
    const child = spawn(process.execPath, ['--import', tsx, path.resolve(root, s.spec.entry), ...s.spec.args], {
      cwd: root,
      env,
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      detached: true,
    });
    s.child = child;
    s.startedAt = Date.now();
    // The channel is only there to close when this process dies; it must not keep it alive.
    child.channel?.unref();
    child.once('spawn', () => this.opts.say(`${s.spec.name} ${s.restarts ? 'restarted' : 'started'} (pid ${child.pid})`));
    child.once('error', (err) => this.opts.warn(`could not start ${s.spec.name}: ${err.message}`));
    child.once('exit', (code, signal) => this.onExit(s, child, code, signal));
  }

  private onExit(s: Supervised, child: ChildProcess, code: number | null, signal: NodeJS.Signals | null): void {
    if (s.child !== child) return;
    const name = s.spec.name;
    const how = signal ? `signal ${signal}` : `code ${code}`;
    if (this.stopping) {
      if (code !== null && code !== 0 && code !== 130 && code !== 143) {
        this.opts.warn(`${name} exited with ${how} while stopping`);
        this.exitCode = 1;
      } else {
        this.opts.say(`${name} stopped`);
      }
      this.settleIfDone();
      return;
    }
    if (code !== null && NOT_RETRIED.has(code)) {
      this.opts.warn(`${name} exited with ${how} (a usage or configuration error: restarting would not help); stopping the rest`);
      this.exitCode = 1;
      this.stop('SIGTERM');
      return;
    }
    const backoff = this.opts.backoff ?? DEFAULT_BACKOFF;
    if (Date.now() - s.startedAt >= backoff.stableMs) s.restarts = 0;
    const delay = Math.min(backoff.initialMs * 2 ** s.restarts, backoff.maxMs);
    s.restarts += 1;
    this.opts.warn(`${name} exited unexpectedly (${how}); restarting it in ${(delay / 1000).toFixed(1)} s (restart ${s.restarts})`);
    s.restartTimer = setTimeout(() => {
      s.restartTimer = undefined;
      if (!this.stopping) this.launch(s);
    }, delay);
  }

  private settleIfDone(): void {
    if (!this.stopping) return;
    for (const s of this.children.values()) if (alive(s.child)) return;
    clearTimeout(this.forceTimer);
    this.resolveStopped();
  }
}
