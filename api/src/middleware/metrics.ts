import type { NextFunction, Request, Response } from 'express';
import client from 'prom-client';
import { processMetrics } from '../infra/process-metrics';

export interface Metrics {
  registry: client.Registry;
  httpDuration: client.Histogram<'method' | 'route' | 'status'>;
}


/** One registry per app instance, so tests and multiple apps in one process do not collide. */
export function createMetrics(): Metrics {
  const own = new client.Registry();
  client.collectDefaultMetrics({ register: own });
  const httpDuration = new client.Histogram({
    name: 'lumiku_http_request_duration_seconds',
    help: 'HTTP request latency by route template and status.',
    labelNames: ['method', 'route', 'status'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [own],
  });
  // The process-wide event metrics too (shared by every app in the process: they count the process).
  const registry = client.Registry.merge([own, processMetrics.registry]);
  return { registry, httpDuration };
}

/** Labels by route template (`/v1/files/:id`), never by raw path, so cardinality stays bounded. */
export function measureRequests(metrics: Metrics) {
  return (req: Request, res: Response, next: NextFunction) => {
    const end = metrics.httpDuration.startTimer();
    res.on('finish', () => {
      const route = req.route?.path ? `${req.baseUrl}${req.route.path}` : 'unmatched';
      end({ method: req.method, route, status: String(res.statusCode) });
    });
    next();
  };
}

/**
 * AI provider circuit breakers (published by the gpu workers): state per provider, 0 closed,
 * 1 half-open, 2 open, read from Redis at scrape time. No sample when Redis cannot be read.
 */
export function registerBreakerGauge(metrics: Metrics, read: () => Promise<{ provider: string; state: 'closed' | 'open' | 'half_open'; failures: number }[]>) {
  if (metrics.registry.getSingleMetric('lumiku_ai_provider_circuit_state')) return;
  const code = { closed: 0, half_open: 1, open: 2 } as const;
  new client.Gauge({
    name: 'lumiku_ai_provider_circuit_state',
    help: 'AI provider circuit breaker state: 0 closed, 1 half-open, 2 open.',
    labelNames: ['provider'],
    registers: [metrics.registry],
    async collect() {
      this.reset();
      const states = await read().catch(() => []);
      for (const s of states) this.set({ provider: s.provider }, code[s.state] ?? 0);
    },
  });
}

/** What one queue holds right now (bee-queue's lists and sets under `<prefix>:<queue>:`). */
export interface QueueSnapshot {
  queue: string;
  waiting: number;
  active: number;
  delayed: number;
  /** Seconds the oldest waiting entry has waited; 0 when none waits. */
  oldestWaitingSeconds: number;
}

/**
 * Reads every queue's depth and the age of its oldest waiting entry from Redis in one round trip
 * per queue. bee-queue pushes new ids on the left of `waiting` and takes from the right, so the
 * oldest is the last element; its creation time is in the job's hash (`options.timestamp`).
 */
export async function readQueues(redis: { pipeline(): any }, prefix: string, queues: readonly string[], now = Date.now()): Promise<QueueSnapshot[]> {
  return Promise.all(
    queues.map(async (queue) => {
      const key = (s: string) => `${prefix}:${queue}:${s}`;
      const [[, waiting], [, active], [, delayed], [, oldestId]] = await redis.pipeline().llen(key('waiting')).llen(key('active')).zcard(key('delayed')).lindex(key('waiting'), -1).exec();
      let oldestWaitingSeconds = 0;
      if (oldestId) {
        const raw = await (redis as any).hget(key('jobs'), oldestId);
        const timestamp = raw ? Number(JSON.parse(raw)?.options?.timestamp) : NaN;
        if (Number.isFinite(timestamp)) oldestWaitingSeconds = Math.max(0, (now - timestamp) / 1000);
      }
      return { queue, waiting: Number(waiting), active: Number(active), delayed: Number(delayed), oldestWaitingSeconds };
    }),
  );
}

/**
 * Queue depth per pool and state, and the oldest waiting entry's age per pool: read from Redis at
 * scrape time, so any API process reports the whole cluster's queues (scrape one, or take max()).
 * No sample when Redis cannot be read.
 */
export function registerQueueGauges(metrics: Metrics, read: () => Promise<QueueSnapshot[]>) {
  if (metrics.registry.getSingleMetric('lumiku_queue_depth')) return;
  // One read per scrape, shared by both gauges.
  let pending: Promise<QueueSnapshot[]> | null = null;
  const snapshot = () => (pending ??= read().catch(() => [] as QueueSnapshot[]).finally(() => setTimeout(() => (pending = null), 0)));
  new client.Gauge({
    name: 'lumiku_queue_depth',
    help: 'Entries in each worker pool queue by state (waiting, active, delayed).',
    labelNames: ['pool', 'state'],
    registers: [metrics.registry],
    async collect() {
      this.reset();
      for (const q of await snapshot()) for (const state of ['waiting', 'active', 'delayed'] as const) this.set({ pool: q.queue, state }, q[state]);
    },
  });
  new client.Gauge({
    name: 'lumiku_queue_oldest_waiting_seconds',
    help: 'Age of the oldest waiting entry in each worker pool queue (0 when none waits).',
    labelNames: ['pool'],
    registers: [metrics.registry],
    async collect() {
      this.reset();
      for (const q of await snapshot()) this.set({ pool: q.queue }, q.oldestWaitingSeconds);
    },
  });
}
