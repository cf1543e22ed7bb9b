/** Small helpers shared by the benchmarks: medians, formatting, child processes. */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';

export const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

export const fmt = (n: number, digits = 0) => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

export function verdict(ok: boolean) {
  return ok ? 'PASS' : 'FAIL';
}


/** Starts `bench/support/<script>` in its own process; resolves once it prints `READY <port>`. */
export function startChild(script: string, env: Record<string, string>, nodeArgs: string[] = []): Promise<{ child: ChildProcess; port: number; stop(): Promise<void> }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', path.join(__dirname, script)], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
    let buf = '';
    const onData = (chunk: Buffer) => {
      buf += chunk.toString();
      const m = /READY (\d+)/.exec(buf);
      if (m) {
        child.stdout!.off('data', onData);
        child.stdout!.resume(); // keep draining (logs go nowhere)
        resolve({
          child,
          port: Number(m[1]),
          stop: () =>
            new Promise<void>((done) => {
              child.once('exit', () => done());
              child.kill('SIGTERM');
            }),
        });
      }
    };
    child.stdout!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`${script} exited early (${code})`)));
  });
}

/** Resident set size and its high-water mark of a process, in bytes (Linux). */
export async function memoryOf(pid: number): Promise<{ rss: number; hwm: number }> {
  const { readFile } = await import('node:fs/promises');
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const kb = (name: string) => Number(new RegExp(`${name}:\\s+(\\d+) kB`).exec(status)?.[1] ?? 0) * 1024;
  return { rss: kb('VmRSS'), hwm: kb('VmHWM') };
}

/** CPU time (user + system) a process has used so far, in milliseconds (Linux; clock ticks of 10 ms); null when it is gone or not local. */
export function cpuTimeMs(pid: number): number | null {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return null;
  }
}
