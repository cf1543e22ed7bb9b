import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

/**
 * The cluster run's API and worker processes: each a slot (`api1`, `w2`, …) that can be killed and
 * started again like a pod's container; its output goes to `<runDir>/<slot>.log` (every
 * generation appended), and worker log lines are parsed for the jobs they take and finish.
 */

export const ROOT = path.resolve(__dirname, '../..');
const CLK_TCK = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

/** CPU seconds a live process has used, with its reaped children (FFmpeg): /proc/<pid>/stat utime+stime+cutime+cstime. */
export function cpuSecondsOf(pid: number): number | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // Fields 14–17 of stat(5), counted from the state field (3) after the command name.
    return (Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14])) / CLK_TCK;
  } catch {
    return null;
  }
}

/** CPU seconds of this process's reaped children, grandchildren included (getrusage RUSAGE_CHILDREN). */
export function reapedChildrenCpuSeconds(): number {
  const stat = fs.readFileSync('/proc/self/stat', 'utf8');
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(f[13]) + Number(f[14])) / CLK_TCK;
}

export interface WorkerLogEvent {
  kind: 'started' | 'finished' | 'failed' | 'swept' | 'stalled' | 'ready';
  slot: string;
  generation: number;
  jobId?: string;
  outcome?: string;
  count?: number;
  /** The log line's own time (ms). */
  at: number;
}

export interface Slot {
  name: string;
  role: 'api' | 'worker';
  child: ChildProcess | null;
  generation: number;
  /** Jobs this generation took and has not finished (worker slots). */
  held: Set<string>;
  /** CPU seconds of the generations that ended. */
  cpuDone: number;
  /** Last CPU reading of the live generation. */
  cpuLive: number;
  starts: number;
  kills: number;
  /** Output of the live generation that is not a parsed JSON line (stderr, crashes), last 8 KiB. */
  tail: string;
}

export class Cluster {
  readonly slots = new Map<string, Slot>();
  readonly events: WorkerLogEvent[] = [];
  private listeners = new Set<(e: WorkerLogEvent) => void>();
  private sampler: NodeJS.Timeout;

  constructor(
    private readonly runDir: string,
    private readonly spec: Record<string, { role: 'api' | 'worker'; entry: string; args: string[]; env: NodeJS.ProcessEnv; healthUrl?: string }>,
  ) {
    for (const [name, s] of Object.entries(spec))
      this.slots.set(name, { name, role: s.role, child: null, generation: 0, held: new Set(), cpuDone: 0, cpuLive: 0, starts: 0, kills: 0, tail: '' });
    this.sampler = setInterval(() => this.sampleCpu(), 500);
  }

  onEvent(fn: (e: WorkerLogEvent) => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  private emit(e: WorkerLogEvent) {
    this.events.push(e);
    for (const fn of this.listeners) fn(e);
  }

  private sampleCpu() {
    for (const slot of this.slots.values()) {
      const pid = slot.child?.pid;
      if (pid && slot.child!.exitCode === null && slot.child!.signalCode === null) {
        const cpu = cpuSecondsOf(pid);
        if (cpu !== null) slot.cpuLive = cpu;
      }
    }
  }

  /** Starts the slot's process (a new generation); resolves once it is ready (`healthUrl` answers 2xx, or a worker logs "worker started"). */
  async start(name: string, timeoutMs = 60_000): Promise<void> {
    const slot = this.slots.get(name)!;
    const spec = this.spec[name];
    if (slot.child && slot.child.exitCode === null && slot.child.signalCode === null) throw new Error(`${name} is running`);
    slot.generation++;
    slot.starts++;
    slot.held = new Set();
    slot.tail = '';
    slot.cpuLive = 0;
    const generation = slot.generation;
    const log = fs.createWriteStream(path.join(this.runDir, `${name}.log`), { flags: 'a' });
    log.write(`\n===== ${name} generation ${generation} started ${new Date().toISOString()} =====\n`);
    const tsx = pathToFileURL(require.resolve('tsx', { paths: [ROOT] })).href;
    const child = spawn(process.execPath, ['--import', tsx, path.resolve(ROOT, spec.entry), ...spec.args], { cwd: ROOT, env: spec.env, stdio: ['ignore', 'pipe', 'pipe'] });
    slot.child = child;

    let ready: () => void = () => {};
    const readyP = new Promise<void>((resolve) => (ready = resolve));
    let buffered = '';
    const onLine = (line: string) => {
      if (!line.startsWith('{')) {
        slot.tail = (slot.tail + line + '\n').slice(-8192);
        return;
      }
      let j: { msg?: string; job_id?: string; outcome?: string; time?: number; requeued?: number; err?: unknown };
      try {
        j = JSON.parse(line);
      } catch {
        return;
      }
      const at = j.time ?? Date.now();
      if (slot.role === 'worker') {
        if (j.msg === 'worker started') {
          this.emit({ kind: 'ready', slot: name, generation, at });
          ready();
        } else if (j.msg === 'job attempt started' && j.job_id) {
          if (slot.generation === generation) slot.held.add(j.job_id);
          this.emit({ kind: 'started', slot: name, generation, jobId: j.job_id, at });
        } else if (j.msg === 'job attempt finished' && j.job_id) {
          if (slot.generation === generation) slot.held.delete(j.job_id);
          this.emit({ kind: 'finished', slot: name, generation, jobId: j.job_id, outcome: j.outcome, at });
        } else if (j.msg === 'job attempt failed' && j.job_id) {
          if (slot.generation === generation) slot.held.delete(j.job_id);
          this.emit({ kind: 'failed', slot: name, generation, jobId: j.job_id, at });
        } else if (j.msg === 'job stalled: handed back to the queue' && j.job_id) {
          this.emit({ kind: 'stalled', slot: name, generation, jobId: j.job_id, at });
        } else if (j.msg === 'sweeper re-enqueued jobs') {
          this.emit({ kind: 'swept', slot: name, generation, count: j.requeued ?? 0, at });
        }
      }
    };
    if (spec.healthUrl) {
      const url = spec.healthUrl;
      void (async () => {
        while (slot.generation === generation && child.exitCode === null && child.signalCode === null) {
          const ok = await fetch(url, { signal: AbortSignal.timeout(1000) }).then((r) => r.ok, () => false);
          if (ok) return ready();
          await new Promise((r) => setTimeout(r, 100));
        }
      })();
    }
    const onData = (chunk: Buffer) => {
      log.write(chunk);
      buffered += chunk.toString('utf8');
      let nl: number;
      while ((nl = buffered.indexOf('\n')) >= 0) {
        onLine(buffered.slice(0, nl));
        buffered = buffered.slice(nl + 1);
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code, signal) => {
      log.end(`===== ${name} generation ${generation} exited ${code ?? signal} ${new Date().toISOString()} =====\n`);
      slot.cpuDone += slot.cpuLive;
      slot.cpuLive = 0;
    });

    const exited = new Promise<never>((_, reject) => child.once('exit', (code, signal) => reject(new Error(`${name} exited during start (${code ?? signal}):\n${slot.tail}`))));
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${name} not ready after ${timeoutMs} ms:\n${slot.tail}`)), timeoutMs)));
    try {
      await Promise.race([readyP, exited, timeout]);
    } finally {
      clearTimeout(timer);
      exited.catch(() => {});
    }
  }

  /** SIGKILL (the OOM killer, a node lost): returns the jobs the process held at that moment. */
  async kill(name: string): Promise<string[]> {
    const slot = this.slots.get(name)!;
    const child = slot.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return [];
    const cpu = cpuSecondsOf(child.pid!);
    if (cpu !== null) slot.cpuLive = cpu;
    const held = [...slot.held];
    const gone = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    slot.kills++;
    await gone;
    return held;
  }

  /** SIGTERM (a rolling update, scale-in), waiting up to `timeoutMs` for it to exit (then SIGKILL). */
  async stop(name: string, timeoutMs = 30_000): Promise<void> {
    const slot = this.slots.get(name)!;
    const child = slot.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const cpu = cpuSecondsOf(child.pid!);
    if (cpu !== null) slot.cpuLive = cpu;
    const gone = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    await gone;
    clearTimeout(timer);
  }

  alive(name: string): boolean {
    const c = this.slots.get(name)?.child;
    return !!c && c.exitCode === null && c.signalCode === null;
  }

  /** CPU seconds per slot (ended generations + the live one's last reading). */
  cpuBySlot(): Record<string, number> {
    this.sampleCpu();
    return Object.fromEntries([...this.slots.values()].map((s) => [s.name, s.cpuDone + s.cpuLive]));
  }

  async stopAll(): Promise<void> {
    clearInterval(this.sampler);
    await Promise.all([...this.slots.keys()].map((n) => this.stop(n)));
  }

  /** Last resort on the way out (a failed run): nothing started here outlives the run. */
  killAllNow(): void {
    clearInterval(this.sampler);
    for (const s of this.slots.values()) if (s.child && s.child.exitCode === null && s.child.signalCode === null) s.child.kill('SIGKILL');
  }
}
