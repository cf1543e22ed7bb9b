import type { AppDeps } from '../deps';
import { readBreakers } from '../domain/ai/breaker-state';
import type { BreakerSnapshot } from '../domain/ai/provider';

export interface ReadinessReport {
  status: 'ready' | 'degraded';
  checks: Record<string, { status: 'up' | 'down'; latency_ms: number; error?: string }>;
  /**
   * AI provider circuit breakers as the gpu workers last reported them. Informational: an open
   * circuit fails that provider's calls fast but does not make the API unready.
   */
  ai_providers: BreakerSnapshot[];
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  return Promise.race([p, new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms).unref())]);
}

/** Each dependency checked in parallel with a short timeout, so `/ready` answers even when one hangs. */
export async function checkReadiness(deps: Pick<AppDeps, 'db' | 'redis' | 'storage'> & { config?: Pick<AppDeps['config'], 'queuePrefix'> }, timeoutMs = 2000): Promise<ReadinessReport> {
  const probes: Record<string, () => Promise<unknown>> = {
    database: () => deps.db.query('SELECT 1'),
    redis: () => deps.redis.ping(),
    storage: () => deps.storage.check(),
  };
  const checks: ReadinessReport['checks'] = {};
  await Promise.all(
    Object.entries(probes).map(async ([name, probe]) => {
      const started = performance.now();
      try {
        await withTimeout(probe(), timeoutMs);
        checks[name] = { status: 'up', latency_ms: Math.round(performance.now() - started) };
      } catch (err) {
        checks[name] = { status: 'down', latency_ms: Math.round(performance.now() - started), error: (err as Error).message };
      }
    }),
  );
  const aiProviders = deps.config ? await withTimeout(readBreakers(deps.redis, deps.config.queuePrefix), timeoutMs).catch(() => []) : [];
  return { status: Object.values(checks).every((c) => c.status === 'up') ? 'ready' : 'degraded', checks, ai_providers: aiProviders };
}
