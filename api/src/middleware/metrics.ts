import type { NextFunction, Request, Response } from 'express';
import client from 'prom-client';

export interface Metrics {
  registry: client.Registry;
  httpDuration: client.Histogram<'method' | 'route' | 'status'>;
}

/** One registry per app instance, so tests and multiple apps in one process do not collide. */
export function createMetrics(): Metrics {
  const registry = new client.Registry();
  client.collectDefaultMetrics({ register: registry });
  const httpDuration = new client.Histogram({
    name: 'lumiku_http_request_duration_seconds',
    help: 'HTTP request latency by route template and status.',
    labelNames: ['method', 'route', 'status'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [registry],
  });
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
