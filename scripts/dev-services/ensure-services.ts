import fs from 'node:fs';
import net from 'node:net';

/**
 * Small helpers shared by the local launcher (`scripts/start.ts`) and the test support code:
 * probing ports, waiting for a condition, and clearing away a server left running by a killed run.
 */

/** True if something accepts a TCP connection on host:port within `timeoutMs`. */
export function isPortOpen(host: string, port: number, timeoutMs = 1000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const done = (open: boolean) => {
      socket.destroy();
      resolve(open);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

/**
 * Sends a raw `PING` (no client library, so no reconnect loop) and resolves true only on `+PONG`.
 * A server that wants a password answers `-NOAUTH`, which counts as not usable.
 */
export function redisPing(host: string, port: number, timeoutMs = 1000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    let reply = '';
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.on('data', (chunk) => {
      reply += chunk.toString('latin1');
      if (reply.includes('\r\n')) done(reply.startsWith('+PONG'));
    });
    socket.once('error', () => done(false));
    socket.once('close', () => done(false));
  });
}

/** Polls `check` until it returns true; throws `${what} was not ready after …` on timeout. */
export async function waitUntil(check: () => Promise<boolean> | boolean, opts: { what: string; timeoutMs: number; intervalMs?: number }): Promise<void> {
  const deadline = Date.now() + opts.timeoutMs;
  for (;;) {
    if (await check()) return;
    if (Date.now() >= deadline) throw new Error(`${opts.what} was not ready after ${Math.round(opts.timeoutMs / 1000)}s`);
    await delay(opts.intervalMs ?? 100);
  }
}

export function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Alive and not a zombie (an orphan under an init that does not reap still answers signal 0). */
export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (err) {
    // EPERM: it exists but belongs to someone we may not signal.
    if ((err as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return true;
  }
}

/** The process's command line (Linux `/proc`), or null where that is not available. */
function commandLine(pid: number): string | null {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
  } catch {
    return null;
  }
}

/**
 * Reads the pid on the first line of `pidFile`. If that process is gone, or the pid now belongs
 * to some other program (its command line lacks `opts.match`, default `programName`), the file is
 * stale and is removed. If it is still that server (a leftover from a run that was killed before
 * it could stop it), it is sent `signal`, then SIGKILL if it has not exited within `timeoutMs`.
 *
 * Returns a line describing what was done, or null if there was nothing to do.
 */
export async function clearLeftoverServer(
  pidFile: string,
  programName: string,
  opts: { match?: string; signal?: NodeJS.Signals; timeoutMs?: number } = {},
): Promise<string | null> {
  let text: string;
  try {
    text = fs.readFileSync(pidFile, 'utf8');
  } catch {
    return null;
  }
  const pid = Number.parseInt(text.split('\n')[0] ?? '', 10);
  const removeFile = () => fs.rmSync(pidFile, { force: true });
  if (!Number.isInteger(pid) || pid <= 0 || pid === process.pid || !isProcessAlive(pid)) {
    removeFile();
    return `removed stale ${pidFile}`;
  }
  const cmd = commandLine(pid);
  if (cmd !== null && !cmd.includes(opts.match ?? programName)) {
    // The pid was reused by an unrelated process.
    removeFile();
    return `removed stale ${pidFile} (pid ${pid} is now another program)`;
  }
  process.kill(pid, opts.signal ?? 'SIGTERM');
  const gone = await waitUntil(() => !isProcessAlive(pid), { what: `${programName} (pid ${pid})`, timeoutMs: opts.timeoutMs ?? 15_000, intervalMs: 100 })
    .then(() => true)
    .catch(() => false);
  if (!gone) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      /* already gone */
    }
    await waitUntil(() => !isProcessAlive(pid), { what: `${programName} (pid ${pid})`, timeoutMs: 5000 });
  }
  removeFile();
  return `stopped ${programName} (pid ${pid}) left running by an earlier run`;
}

/** A TCP port on 127.0.0.1 that was free a moment ago (the OS picks it). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}
