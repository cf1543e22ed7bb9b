import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * Where a worker renders: `<dataDir>/work/<host>/<pid>-<start>-<n>/`, one folder per running worker
 * (`n` counts the workers one process starts: tests start several).
 * Each job attempt works in a temp folder inside it and removes it when it ends; a process that is
 * killed (SIGKILL, the OOM killer) cannot, so the next worker to start on the same host removes the
 * folders of processes that are gone, and so does every maintenance pass.
 *
 * A process is named by its pid and its start time (Linux: `/proc/<pid>/stat` field 22), so a pid
 * reused by a newer process — a restarted container is often pid 1 again — does not keep a dead
 * process's folder alive. Only folders of this host are judged (a data folder shared between hosts
 * or containers holds one subfolder per host, and another host's pids mean nothing here).
 */

const hostName = () => os.hostname().replace(/[^A-Za-z0-9._-]/g, '_') || 'host';

/** A process's start time in clock ticks since boot (Linux), or null where /proc does not tell. */
function startTicks(pid: number): string | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] ?? null;
  } catch {
    return null;
  }
}

function processStamp(pid: number): string {
  return `${pid}-${startTicks(pid) ?? 'x'}`;
}

function isGone(stamp: string): boolean {
  const m = /^(\d+)-(\d+|x)-\d+$/.exec(stamp);
  if (!m) return false; // not ours: leave it
  const pid = Number(m[1]);
  if (m[2] !== 'x' && fs.existsSync('/proc/self/stat')) return startTicks(pid) !== m[2];
  try {
    process.kill(pid, 0);
    return false;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

/** The folders under `<dataDir>/work/<host>` whose process is gone are removed; returns how many. */
export async function removeDeadWorkDirs(dataDir: string): Promise<number> {
  const hostDir = path.join(dataDir, 'work', hostName());
  let entries: string[];
  try {
    entries = await fs.promises.readdir(hostDir);
  } catch {
    return 0;
  }
  let removed = 0;
  for (const name of entries) {
    // This process's own folders are never gone: it is alive.
    if (!isGone(name)) continue;
    await fs.promises.rm(path.join(hostDir, name), { recursive: true, force: true });
    removed++;
  }
  return removed;
}

let started = 0;

/** A work folder of its own for a worker (created), after removing those of dead processes on this host. */
export async function ownWorkDir(dataDir: string): Promise<{ dir: string; removedDead: number; release(): Promise<void> }> {
  const removedDead = await removeDeadWorkDirs(dataDir);
  const hostDir = path.join(dataDir, 'work', hostName());
  const dir = path.join(hostDir, `${processStamp(process.pid)}-${++started}`);
  // Another worker's release may remove the (then empty) parents while this one creates them: try again.
  for (let i = 0; ; i++) {
    try {
      await fs.promises.mkdir(dir, { recursive: true });
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT' || i >= 3) throw err;
    }
  }
  return {
    dir,
    removedDead,
    async release() {
      await fs.promises.rm(dir, { recursive: true, force: true });
      // The parents too when nothing else is in them (rmdir refuses a folder that is not empty).
      for (const parent of [hostDir, path.dirname(hostDir)]) await fs.promises.rmdir(parent).catch(() => {});
    },
  };
}
