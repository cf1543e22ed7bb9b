import client from 'prom-client';

/**
 * Counters and histograms of what happens in this process, wherever it happens (the API reserves
 * credits; a worker runs jobs, charges them and delivers webhooks): one set per process, counted
 * where the event is committed. The API's /metrics includes them; a worker serves them on
 * WORKER_METRICS_PORT (workers/src/main.ts), so Prometheus scrapes API and workers alike and sums.
 */
function createProcessMetrics() {
  const registry = new client.Registry();
  return {
    registry,
    jobDuration: new client.Histogram({
      name: 'lumiku_job_duration_seconds',
      help: 'Job attempt run time in a worker, by app and outcome (succeeded, failed, canceled, interrupted, skipped).',
      labelNames: ['app', 'outcome'],
      buckets: [0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1800],
      registers: [registry],
    }),
    webhookDeliveries: new client.Counter({
      name: 'lumiku_webhook_deliveries_total',
      help: 'Webhook delivery attempts by outcome (delivered, retry, failed).',
      labelNames: ['outcome'],
      registers: [registry],
    }),
    webhookLatency: new client.Histogram({
      name: 'lumiku_webhook_delivery_duration_seconds',
      help: "Webhook delivery attempt latency (until the receiver's answer or the timeout), by outcome.",
      labelNames: ['outcome'],
      buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers: [registry],
    }),
    creditsReserved: new client.Counter({
      name: 'lumiku_credits_reserved_total',
      help: 'Credits held when jobs are created, by app and mode.',
      labelNames: ['app', 'livemode'],
      registers: [registry],
    }),
    creditsCharged: new client.Counter({
      name: 'lumiku_credits_charged_total',
      help: 'Credits captured when jobs succeed, by app and mode.',
      labelNames: ['app', 'livemode'],
      registers: [registry],
    }),
  };
}

export const processMetrics = createProcessMetrics();

/** This process's event metrics with Node's default ones, for a worker's own listener. */
export function workerRegistry(): client.Registry {
  const defaults = new client.Registry();
  client.collectDefaultMetrics({ register: defaults });
  return client.Registry.merge([defaults, processMetrics.registry]);
}
