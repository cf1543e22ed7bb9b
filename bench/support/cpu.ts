/**
 * CPU time used by the processes of a benchmark, from /proc (Linux): utime + stime of each
 * process, in clock ticks converted to milliseconds. Processes are found by pid or by name, so a
 * benchmark can charge each component (API processes, PostgreSQL backends of its own database,
 * PostgreSQL's shared background processes, Redis, the load generator) for its part of a run.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

const TICK_MS = (() => {
  try {
    return 1000 / Number(execFileSync('getconf', ['CLK_TCK']).toString().trim());
  } catch {
    return 10;
  }
})();

/** utime + stime of a process (ms); 0 when it is gone. Children that exited are not counted. */
export function processCpuMs(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) * TICK_MS;
  } catch {
    return 0;
  }
}

function read(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}

/** Every process whose command name (/proc/<pid>/comm) is `comm`, with its command line (title). */
export function processesNamed(comm: string): { pid: number; cmdline: string }[] {
  const out: { pid: number; cmdline: string }[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    if (read(`/proc/${entry}/comm`).trim() !== comm) continue;
    out.push({ pid: Number(entry), cmdline: read(`/proc/${entry}/cmdline`).replaceAll('\0', ' ').trim() });
  }
  return out;
}

/**
 * PostgreSQL's processes on this machine: `backends` serving `database` (their title names it) and
 * `shared` (postmaster, WAL writer, checkpointer, background writer, autovacuum: shared with every
 * other database of the server, so other users of the server show up there too).
 */
export function postgresProcesses(database: string): { backends: number[]; shared: number[] } {
  const all = processesNamed('postgres');
  const backends = all.filter((p) => p.cmdline.includes(` ${database} `)).map((p) => p.pid);
  const shared = all.filter((p) => !/ lumiku_\w+ /.test(p.cmdline) && !/ \S+ \S+ (127\.0\.0\.1|\[local\]|::1)/.test(p.cmdline)).map((p) => p.pid);
  return { backends, shared };
}

/** The Redis server listening on `port` (its title is `redis-server host:port`), if it runs here. */
export function redisServerPid(port: number): number | undefined {
  return processesNamed('redis-server').find((p) => p.cmdline.endsWith(`:${port}`))?.pid;
}

/** Sums the CPU time of named groups of processes between `start()` and `stop()`. */
export class CpuMeter {
  private before = new Map<number, number>();
  private startedSelf = process.cpuUsage();
  private startedAt = 0;
  constructor(private readonly groups: () => Record<string, number[]>) {}

  start() {
    this.before = new Map();
    for (const pids of Object.values(this.groups())) for (const pid of pids) this.before.set(pid, processCpuMs(pid));
    this.startedSelf = process.cpuUsage();
    this.startedAt = performance.now();
  }

  /** CPU ms per group since start() (a process that appeared since counts from its birth), plus `self` (this process) and `wallMs`. */
  stop(): Record<string, number> & { self: number; wallMs: number } {
    const self = process.cpuUsage(this.startedSelf);
    const out: Record<string, number> = {};
    for (const [name, pids] of Object.entries(this.groups())) out[name] = pids.reduce((sum, pid) => sum + Math.max(0, processCpuMs(pid) - (this.before.get(pid) ?? 0)), 0);
    return Object.assign(out, { self: (self.user + self.system) / 1000, wallMs: performance.now() - this.startedAt });
  }
}
