/**
 * The one interface every AI model provider implements (Hugging Face Inference, Replicate-style
 * prediction servers, the offline test provider), and the errors they raise. Workers call
 * providers only through an `AiGateway`, which adds the limiter, the circuit breaker and retries.
 */

export type ProviderName = 'huggingface' | 'replicate' | 'test';
export const PROVIDERS: readonly ProviderName[] = ['huggingface', 'replicate', 'test'];

/** The parts of a registry model a provider needs. */
export interface ModelRef {
  key: string;
  provider: ProviderName;
  /** The provider's own id: `black-forest-labs/FLUX.1-dev`, `owner/name[:version]`, … */
  provider_model: string;
}

export interface GenerateRequest {
  model: ModelRef;
  prompt: string;
  negative_prompt?: string;
  width: number;
  height: number;
  seed: number;
  /** Identity / reference image (the avatar or the uploaded person or product), PNG or JPEG bytes. */
  image?: Buffer;
  /** ControlNet conditioning image (an OpenPose skeleton on black), PNG bytes at width × height. */
  control_image?: Buffer;
  /** A background plate to place the subject on (pose generations with `background: image`). */
  background_image?: Buffer;
  /** How far the output may depart from the reference image, 0..1. */
  strength?: number;
}

export interface GeneratedImage {
  /** Encoded image bytes as the provider returned them (decoded and checked by the gateway). */
  image: Buffer;
  content_type: string;
  width: number;
  height: number;
  seed: number;
  provider: ProviderName;
  /** The provider model that actually made it (differs from the request after a fallback). */
  provider_model: string;
  /** True when the configured lighter model answered because the requested one was at capacity. */
  fallback: boolean;
  /** True for the test provider: the image is a labelled placeholder, not AI output. */
  placeholder: boolean;
  /** Provider facts worth keeping (prediction id, timings). */
  metadata: Record<string, unknown>;
}

export interface ModelProvider {
  readonly name: ProviderName;
  generate(req: GenerateRequest, opts: { signal: AbortSignal }): Promise<GeneratedImage>;
}

/**
 * Stable codes of provider failures; they become an output's (or a job's) `error.code`.
 * - `provider_rate_limited`: 429 after our retries.
 * - `provider_error`: 5xx or a failed prediction after our retries.
 * - `provider_timeout`: no answer within AI_PROVIDER_TIMEOUT_MS.
 * - `provider_bad_response`: the answer was not an image we could decode.
 * - `provider_unavailable`: the circuit breaker is open (the provider failed repeatedly) or the
 *   provider is at capacity with no fallback.
 * - `provider_rejected`: the provider refused the input (4xx other than 429), e.g. a safety filter.
 * - `provider_not_configured`: no credentials / base URL for the model's provider.
 */
export type ProviderErrorCode =
  | 'provider_rate_limited'
  | 'provider_error'
  | 'provider_timeout'
  | 'provider_bad_response'
  | 'provider_unavailable'
  | 'provider_rejected'
  | 'provider_not_configured';

export class ProviderError extends Error {
  constructor(
    readonly code: ProviderErrorCode,
    message: string,
    readonly opts: { transient?: boolean; status?: number; retryAfterMs?: number; capacity?: boolean; cause?: unknown } = {},
  ) {
    super(message, { cause: opts.cause });
    this.name = 'ProviderError';
  }
  get transient(): boolean {
    return this.opts.transient ?? false;
  }
}

export interface BreakerSnapshot {
  provider: ProviderName;
  /** `closed` (normal), `open` (failing fast), `half_open` (letting one call through to test). */
  state: 'closed' | 'open' | 'half_open';
  failures: number;
  successes: number;
  rejects: number;
  timeouts: number;
  updated_at: string;
}

/** What renderers call: the right provider for the model (or the test provider in test mode), limited, retried and circuit-broken. */
export interface AiGateway {
  generate(req: GenerateRequest, opts: { livemode: boolean; signal?: AbortSignal }): Promise<GeneratedImage>;
  breakers(): BreakerSnapshot[];
}
