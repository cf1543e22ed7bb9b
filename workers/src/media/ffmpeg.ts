import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { resolveFfmpegPath } from '../../../api/src/domain/files/probe';
import { spawnBound } from './child-lifetime';
import { withSpan } from '../../../api/src/infra/tracing';

/** FFmpeg failed: `code` says why, `stderrTail` is the end of its log (for our logs, not for clients). */
export class FfmpegError extends Error {
  constructor(
    readonly code: 'ffmpeg_failed' | 'ffmpeg_timeout' | 'canceled',
    message: string,
    readonly stderrTail = '',
  ) {
    super(message);
    this.name = 'FfmpegError';
  }
}

export interface FfmpegProgress {
  /** Seconds of output written so far (from `-progress`'s out_time_us). */
  outSeconds: number;
  /** 0..1 when `expectedSeconds` was given, else null. */
  fraction: number | null;
  speed: number | null;
}

export interface RunFfmpegOptions {
  ffmpegPath?: string;
  /** Killed with SIGKILL after this long (default 30 min). */
  timeoutMs?: number;
  /** Aborting kills the child at once (cancel); the promise rejects with code `canceled`. */
  signal?: AbortSignal;
  /** Length of the output being written, to turn progress into a fraction. */
  expectedSeconds?: number;
  onProgress?: (p: FfmpegProgress) => void;
  cwd?: string;
}

const STDERR_TAIL = 4000;

/**
 * Runs FFmpeg with an argument array (never a shell string). Adds `-nostdin -hide_banner -y
 * -progress pipe:1 -nostats` so progress arrives as key=value lines on stdout.
 */
export function runFfmpeg(args: string[], opts: RunFfmpegOptions = {}): Promise<void> {
  // A child span of the job's (when tracing): which output, how many arguments, how long.
  return withSpan('ffmpeg', { 'lumiku.ffmpeg.output': path.basename(args[args.length - 1] ?? ''), 'lumiku.ffmpeg.args': args.length }, () => spawnFfmpeg(args, opts));
}

function spawnFfmpeg(args: string[], opts: RunFfmpegOptions): Promise<void> {
  const bin = resolveFfmpegPath(opts.ffmpegPath);
  const full = ['-nostdin', '-hide_banner', '-y', '-loglevel', 'error', '-progress', 'pipe:1', '-nostats', ...args];
  return new Promise((resolve, reject) => {
    if (opts.signal?.aborted) return reject(new FfmpegError('canceled', 'canceled before start'));
    // Bound to this worker: FFmpeg is killed when the worker dies, however it dies.
    const child = spawnBound(bin, full, { cwd: opts.cwd, stdio: ['ignore', 'pipe', 'pipe'], windowsHide: true });
    let stderr = '';
    let pending = '';
    let settled = false;
    let why: FfmpegError | null = null;
    const kill = (reason: FfmpegError) => {
      why ??= reason;
      child.kill('SIGKILL');
    };
    const timer = setTimeout(() => kill(new FfmpegError('ffmpeg_timeout', `ffmpeg ran longer than ${opts.timeoutMs ?? 1_800_000} ms`)), opts.timeoutMs ?? 1_800_000);
    const onAbort = () => kill(new FfmpegError('canceled', 'canceled'));
    opts.signal?.addEventListener('abort', onAbort, { once: true });

    let outSeconds = 0;
    let speed: number | null = null;
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      pending += chunk;
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) {
        const eq = line.indexOf('=');
        if (eq < 0) continue;
        const key = line.slice(0, eq);
        const value = line.slice(eq + 1).trim();
        if (key === 'out_time_us' || key === 'out_time_ms') {
          // Both are microseconds in FFmpeg (out_time_ms is misnamed).
          const us = Number(value);
          if (Number.isFinite(us) && us >= 0) outSeconds = us / 1e6;
        } else if (key === 'speed') {
          const s = parseFloat(value);
          speed = Number.isFinite(s) ? s : null;
        } else if (key === 'progress') {
          const fraction = opts.expectedSeconds ? Math.min(1, outSeconds / opts.expectedSeconds) : null;
          opts.onProgress?.({ outSeconds, fraction, speed });
        }
      }
    });
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => {
      stderr = (stderr + chunk).slice(-STDERR_TAIL);
    });
    const finish = (err: Error | null) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      opts.signal?.removeEventListener('abort', onAbort);
      if (err) reject(err);
      else resolve();
    };
    child.on('error', (err) => finish(new FfmpegError('ffmpeg_failed', `could not start ffmpeg (${bin}): ${err.message}`)));
    child.on('close', (code, sig) => {
      if (why) return finish(why);
      if (code === 0) return finish(null);
      const last = stderr.trim().split('\n').pop() ?? '';
      finish(new FfmpegError('ffmpeg_failed', `ffmpeg exited with ${code ?? sig}: ${last}`.slice(0, 500), stderr));
    });
  });
}

/** A temp folder for one job's work, always removed afterwards, whatever happens inside. */
export async function withTempDir<T>(prefix: string, fn: (dir: string) => Promise<T>, parent = os.tmpdir()): Promise<T> {
  await fs.mkdir(parent, { recursive: true });
  const dir = await fs.mkdtemp(path.join(parent, `${prefix}-`));
  try {
    return await fn(dir);
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}
