import { ProviderError, type GeneratedImage, type GenerateRequest, type ModelProvider } from '../../../api/src/domain/ai/provider';
import { errorFromResponse, providerFetch, readCapped, sniffImageType } from './http';

export interface HuggingFaceOptions {
  token: string;
  /** `https://router.huggingface.co/hf-inference` (or a dedicated Inference Endpoint's URL). */
  baseUrl: string;
  /** The lighter model used when the requested one is at capacity; empty for none. */
  fallbackModel?: string;
}

/**
 * Hugging Face Inference, text-to-image: `POST {base}/models/{model}` with
 * `{inputs, parameters: {negative_prompt, width, height, seed}}` and `Accept: image/png`; the answer
 * is the image bytes. A 503 means the model is loading or overloaded: we ask the configured lighter
 * model once instead (and say so in the result). This task takes no image inputs, so a request
 * carrying one is refused rather than silently dropped.
 */
export function huggingFaceProvider(opts: HuggingFaceOptions): ModelProvider {
  const base = opts.baseUrl.replace(/\/$/, '');

  async function call(model: string, req: GenerateRequest, signal: AbortSignal): Promise<Buffer> {
    const res = await providerFetch('Hugging Face', `${base}/models/${model}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${opts.token}`, 'content-type': 'application/json', accept: 'image/png' },
      body: JSON.stringify({
        inputs: req.prompt,
        parameters: { negative_prompt: req.negative_prompt || undefined, width: req.width, height: req.height, seed: req.seed },
      }),
      signal,
    });
    if (res.status === 503) {
      const err = await errorFromResponse('Hugging Face', res);
      throw new ProviderError('provider_unavailable', `Hugging Face model ${model} is at capacity: ${err.message}`, { transient: true, status: 503, capacity: true, retryAfterMs: err.opts.retryAfterMs });
    }
    if (!res.ok) throw await errorFromResponse('Hugging Face', res);
    const bytes = await readCapped('Hugging Face', res);
    if (!sniffImageType(bytes)) throw new ProviderError('provider_bad_response', `Hugging Face answered ${res.headers.get('content-type') ?? 'no content type'}, not an image: ${bytes.toString('utf8', 0, 120)}`);
    return bytes;
  }

  return {
    name: 'huggingface',
    async generate(req, { signal }): Promise<GeneratedImage> {
      if (req.image || req.control_image || req.background_image)
        throw new ProviderError('provider_rejected', 'Hugging Face text-to-image takes no image inputs; use a model with pose_control/reference_image capabilities.');
      let model = req.model.provider_model;
      let bytes: Buffer;
      let fallback = false;
      try {
        bytes = await call(model, req, signal);
      } catch (err) {
        if (!(err instanceof ProviderError && err.opts.capacity && opts.fallbackModel && opts.fallbackModel !== model)) throw err;
        model = opts.fallbackModel;
        fallback = true;
        bytes = await call(model, req, signal);
      }
      return { image: bytes, content_type: sniffImageType(bytes)!, width: req.width, height: req.height, seed: req.seed, provider: 'huggingface', provider_model: model, fallback, placeholder: false, metadata: {} };
    },
  };
}
