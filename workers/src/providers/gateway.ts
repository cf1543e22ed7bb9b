import Bottleneck from 'bottleneck';
import CircuitBreaker from 'opossum';
import sharp from 'sharp';
import type { Config } from '../../../api/src/config';
import { ProviderError, type AiGateway, type BreakerSnapshot, type GeneratedImage, type GenerateRequest, type ModelProvider, type ProviderName } from '../../../api/src/domain/ai/provider';
import { huggingFaceProvider } from './huggingface';
import { delay } from './http';
import { fastYield } from './limiter-yield';
import { replicateProvider } from './replicate';
import { testProvider } from './test-provider';
import { withSpan } from '../../../api/src/infra/tracing';

type GatewayConfig = Pick<
  Config,
  | 'aiProviderTimeoutMs' | 'aiProviderRetries' | 'aiProviderRetryBaseMs' | 'aiProviderMaxConcurrent' | 'aiProviderMinTimeMs'
  | 'aiBreakerErrorPercent' | 'aiBreakerVolume' | 'aiBreakerResetMs'
  | 'huggingfaceApiToken' | 'huggingfaceBaseUrl' | 'huggingfaceFallbackModel' | 'replicateApiToken' | 'replicateBaseUrl' | 'replicatePollIntervalMs'
>;

/** The providers this deployment can call, from its configuration (the test provider always). */
export function configuredProviders(config: GatewayConfig): Partial<Record<ProviderName, ModelProvider>> {
  const providers: Partial<Record<ProviderName, ModelProvider>> = { test: testProvider() };
  if (config.huggingfaceApiToken)
    providers.huggingface = huggingFaceProvider({ token: config.huggingfaceApiToken, baseUrl: config.huggingfaceBaseUrl, fallbackModel: config.huggingfaceFallbackModel || undefined });
  if (config.replicateApiToken || config.replicateBaseUrl)
    providers.replicate = replicateProvider({ baseUrl: config.replicateBaseUrl ?? 'https://api.replicate.com/v1', token: config.replicateApiToken, pollIntervalMs: config.replicatePollIntervalMs });
  return providers;
}

interface Guarded {
  provider: ModelProvider;
  limiter: Bottleneck;
  breaker: CircuitBreaker<[GenerateRequest, AbortSignal], GeneratedImage>;
  snapshot: BreakerSnapshot;
}

/**
 * Every provider call goes: retries (transient errors only) → per-provider limiter (bottleneck:
 * calls in flight and spacing) → circuit breaker (opossum: fails fast while the provider keeps
 * failing) → the provider, with a deadline → the answer decoded and checked. Failures come out as
 * `ProviderError` with a stable code. `onState` hears every breaker change (workers publish it so
 * `/ready` and `/metrics` can show it).
 */
export function createAiGateway(
  config: GatewayConfig,
  opts: { providers?: Partial<Record<ProviderName, ModelProvider>>; onState?: (s: BreakerSnapshot) => void } = {},
): AiGateway & { stop(): Promise<void> } {
  const providers = opts.providers ?? configuredProviders(config);
  const guarded = new Map<ProviderName, Guarded>();

  for (const [name, provider] of Object.entries(providers) as [ProviderName, ModelProvider][]) {
    const limiter = new Bottleneck({ maxConcurrent: config.aiProviderMaxConcurrent, minTime: config.aiProviderMinTimeMs });
    fastYield(limiter);
    const breaker = new CircuitBreaker(
      async (req: GenerateRequest, signal: AbortSignal) => {
        // Our own deadline (not opossum's `timeout`), so the provider's request is really aborted.
        const deadline = AbortSignal.timeout(config.aiProviderTimeoutMs);
        const both = AbortSignal.any([signal, deadline]);
        try {
          return await checked(await provider.generate(req, { signal: both }), req);
        } catch (err) {
          if (deadline.aborted && !signal.aborted) throw new ProviderError('provider_timeout', `${name} did not answer within ${config.aiProviderTimeoutMs} ms.`, { transient: true, cause: err });
          throw err;
        }
      },
      {
        timeout: false,
        errorThresholdPercentage: config.aiBreakerErrorPercent,
        volumeThreshold: config.aiBreakerVolume,
        resetTimeout: config.aiBreakerResetMs,
        rollingCountTimeout: 60_000,
        rollingCountBuckets: 12,
        // The caller's mistakes (a refused input) and our own cancels say nothing about the provider's health.
        errorFilter: (err: unknown) => (err instanceof ProviderError && err.code === 'provider_rejected') || !(err instanceof Error) || err.name === 'AbortError' || (err as Error).message === 'canceled' || (err as Error).message === 'shutdown',
      },
    );
    const g: Guarded = { provider, limiter, breaker, snapshot: { provider: name, state: 'closed', failures: 0, successes: 0, rejects: 0, timeouts: 0, updated_at: new Date().toISOString() } };
    const update = (state?: BreakerSnapshot['state']) => {
      const s = breaker.stats;
      g.snapshot = { provider: name, state: state ?? g.snapshot.state, failures: s.failures, successes: s.successes, rejects: s.rejects, timeouts: s.timeouts, updated_at: new Date().toISOString() };
      opts.onState?.(g.snapshot);
    };
    breaker.on('open', () => update('open'));
    breaker.on('halfOpen', () => update('half_open'));
    breaker.on('close', () => update('closed'));
    breaker.on('success', () => update());
    breaker.on('failure', () => update());
    guarded.set(name, g);
  }

  async function attempt(g: Guarded, req: GenerateRequest, signal: AbortSignal): Promise<GeneratedImage> {
    try {
      return await g.limiter.schedule(() => g.breaker.fire(req, signal));
    } catch (err) {
      if ((err as { code?: string }).code === 'EOPENBREAKER')
        throw new ProviderError('provider_unavailable', `${g.provider.name} is failing; its circuit is open, so calls fail fast for up to ${config.aiBreakerResetMs / 1000} s.`);
      throw err;
    }
  }

  return {
    async generate(req, { livemode, signal = new AbortController().signal }) {
      // Test mode never reaches a real model (and never pays for one).
      const name: ProviderName = livemode ? req.model.provider : 'test';
      const g = guarded.get(name);
      if (!g) throw new ProviderError('provider_not_configured', `The ${name} provider is not configured on this deployment.`);
      // One span per provider call (retries included) under the job's span, when tracing.
      return withSpan('ai.generate', { 'lumiku.ai.provider': name, 'lumiku.ai.model': req.model.key }, async (span) => {
        for (let retry = 0; ; retry++) {
          try {
            span.setAttribute('lumiku.ai.retries', retry);
            return await attempt(g, req, signal);
          } catch (err) {
            if (signal.aborted) throw signal.reason ?? err;
            const transient = err instanceof ProviderError && err.transient;
            if (!transient || retry >= config.aiProviderRetries) throw err;
            // Exponential backoff with jitter; a provider's Retry-After wins when it asks for longer.
            const backoff = config.aiProviderRetryBaseMs * 2 ** retry * (0.8 + Math.random() * 0.4);
            await delay(Math.max(backoff, err.opts.retryAfterMs ?? 0), signal);
          }
        }
      });
    },
    breakers: () => [...guarded.values()].map((g) => g.snapshot),
    async stop() {
      for (const g of guarded.values()) {
        g.breaker.shutdown();
        await g.limiter.stop({ dropWaitingJobs: true }).catch(() => {});
      }
    },
  };
}

/** The answer must decode as an image; a different size than asked is fixed up by the caller's export. */
async function checked(result: GeneratedImage, req: GenerateRequest): Promise<GeneratedImage> {
  try {
    const m = await sharp(result.image).metadata();
    if (!m.width || !m.height) throw new Error('no size');
    return { ...result, width: m.width, height: m.height };
  } catch (err) {
    throw new ProviderError('provider_bad_response', `${result.provider} returned bytes that do not decode as an image (${req.model.key}).`, { cause: err });
  }
}
