import type { Redis } from 'ioredis';

/**
 * Live job updates over Redis pub/sub, so any API process can stream any job: workers publish
 * progress (at most one message per 500 ms per job, the latest value winning) and a wake-up on
 * every state change; the API reads state-change events themselves from the events table (the
 * truth), so a missed message costs latency, never an event.
 */
export const PROGRESS_MIN_INTERVAL_MS = 500;

export interface ProgressUpdate {
  fraction: number;
  stage: string;
  eta_seconds: number | null;
}

export type StreamMessage = { kind: 'progress'; progress: ProgressUpdate } | { kind: 'state' };

export const jobChannel = (prefix: string, jobId: string) => `${prefix}:job-events:${jobId}`;

export interface JobStream {
  progress(jobId: string, p: ProgressUpdate): void;
  stateChanged(jobId: string): void;
}

export function createJobStream(redis: Redis, prefix: string, minIntervalMs = PROGRESS_MIN_INTERVAL_MS): JobStream & { close(): void } {
  const last = new Map<string, { at: number; pending?: ProgressUpdate; timer?: NodeJS.Timeout }>();
  const publish = (jobId: string, m: StreamMessage) => void redis.publish(jobChannel(prefix, jobId), JSON.stringify(m)).catch(() => {});
  return {
    progress(jobId, p) {
      const now = Date.now();
      const s = last.get(jobId) ?? { at: 0 };
      last.set(jobId, s);
      if (now - s.at >= minIntervalMs) {
        s.at = now;
        publish(jobId, { kind: 'progress', progress: p });
        return;
      }
      // Within the window: keep only the newest value and send it when the window ends.
      s.pending = p;
      s.timer ??= setTimeout(() => {
        s.timer = undefined;
        if (s.pending) {
          s.at = Date.now();
          publish(jobId, { kind: 'progress', progress: s.pending });
          s.pending = undefined;
        }
      }, minIntervalMs - (now - s.at));
    },
    stateChanged(jobId) {
      const s = last.get(jobId);
      if (s?.timer) clearTimeout(s.timer);
      last.delete(jobId);
      publish(jobId, { kind: 'state' });
    },
    close() {
      for (const s of last.values()) if (s.timer) clearTimeout(s.timer);
      last.clear();
    },
  };
}

/**
 * One subscriber connection per process, shared by every stream it serves (the composition root
 * makes it, on a Redis client that connects with the first subscription).
 */
export class JobStreamSubscriber {
  private listeners = new Map<string, Set<(m: StreamMessage) => void>>();
  private ready: Promise<void> | undefined;
  constructor(private readonly sub: Redis, private readonly prefix: string) {
    sub.on('message', (channel: string, raw: string) => {
      const set = this.listeners.get(channel);
      if (!set) return;
      let m: StreamMessage;
      try {
        m = JSON.parse(raw);
      } catch {
        return;
      }
      for (const fn of set) fn(m);
    });
  }

  /** Resolves once subscribed (or rejects if Redis is down: the caller then polls). */
  async subscribe(jobId: string, fn: (m: StreamMessage) => void): Promise<() => void> {
    const channel = jobChannel(this.prefix, jobId);
    let set = this.listeners.get(channel);
    if (!set) this.listeners.set(channel, (set = new Set()));
    set.add(fn);
    const unsubscribe = () => {
      set!.delete(fn);
      if (!set!.size) {
        this.listeners.delete(channel);
        void this.sub.unsubscribe(channel).catch(() => {});
      }
    };
    try {
      this.ready ??= this.sub.status === 'wait' ? this.sub.connect() : Promise.resolve();
      await this.ready;
      await this.sub.subscribe(channel);
    } catch (err) {
      this.ready = undefined;
      unsubscribe();
      throw err;
    }
    return unsubscribe;
  }

  async close() {
    this.listeners.clear();
    // Never connected (no stream was opened): nothing to say goodbye to; QUIT would connect first.
    if (this.sub.status === 'wait') return this.sub.disconnect();
    await this.sub.quit().catch(() => {});
  }
}
