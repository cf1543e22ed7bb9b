import { ProviderError, type GeneratedImage, type GenerateRequest, type ModelProvider } from '../../../api/src/domain/ai/provider';
import { dataUri, delay, errorFromResponse, providerFetch, readCapped, sniffImageType } from './http';

export interface ReplicateOptions {
  /** `https://api.replicate.com/v1`, or a self-hosted Cog-style server's base URL. */
  baseUrl: string;
  token?: string;
  pollIntervalMs: number;
}

interface Prediction {
  id?: string;
  status?: 'starting' | 'processing' | 'succeeded' | 'failed' | 'canceled';
  output?: unknown;
  error?: unknown;
  urls?: { get?: string; cancel?: string };
}

const isHosted = (base: string) => new URL(base).hostname === 'api.replicate.com';

/**
 * Replicate-style predictions. Hosted Replicate: `POST /models/{owner}/{name}/predictions`
 * (or `POST /predictions` with `version` for `owner/name:version`), then poll `urls.get` until
 * `succeeded`, `failed` or `canceled`. A self-hosted Cog server: `POST /predictions` with `{input}`,
 * which answers when the prediction is done. Inputs travel as data URIs: `image` (the reference /
 * identity image), `control_image` (the OpenPose conditioning image), `background_image`.
 */
export function replicateProvider(opts: ReplicateOptions): ModelProvider {
  const base = opts.baseUrl.replace(/\/$/, '');
  const hosted = isHosted(base);
  const headers: Record<string, string> = { 'content-type': 'application/json', ...(opts.token ? { authorization: `Bearer ${opts.token}` } : {}) };

  function inputOf(req: GenerateRequest) {
    return {
      prompt: req.prompt,
      negative_prompt: req.negative_prompt || undefined,
      width: req.width,
      height: req.height,
      seed: req.seed,
      image: req.image ? dataUri(req.image, sniffImageType(req.image) ?? 'image/png') : undefined,
      control_image: req.control_image ? dataUri(req.control_image) : undefined,
      background_image: req.background_image ? dataUri(req.background_image, sniffImageType(req.background_image) ?? 'image/png') : undefined,
      strength: req.strength,
      output_format: 'png',
    };
  }

  async function json(res: Response): Promise<Prediction> {
    const text = await res.text();
    try {
      const body = JSON.parse(text) as Prediction;
      if (!body || typeof body !== 'object') throw new Error('not an object');
      return body;
    } catch {
      throw new ProviderError('provider_bad_response', `The prediction server answered something that is not a prediction: ${text.slice(0, 120)}`);
    }
  }

  async function fetchOutput(output: unknown, signal: AbortSignal): Promise<Buffer> {
    const first = Array.isArray(output) ? output[0] : output;
    if (typeof first !== 'string') throw new ProviderError('provider_bad_response', 'The prediction succeeded without an image output.');
    if (first.startsWith('data:')) {
      const comma = first.indexOf(',');
      return Buffer.from(first.slice(comma + 1), 'base64');
    }
    if (!/^https?:\/\//.test(first)) throw new ProviderError('provider_bad_response', 'The prediction output is neither a URL nor a data URI.');
    // Our token goes only to the server it belongs to, never to a file host it points at.
    const sameOrigin = new URL(first).origin === new URL(base).origin;
    const res = await providerFetch('the prediction server', first, { headers: sameOrigin && opts.token ? { authorization: `Bearer ${opts.token}` } : {}, signal });
    if (!res.ok) throw await errorFromResponse('the prediction file host', res);
    return readCapped('the prediction file host', res);
  }

  return {
    name: 'replicate',
    async generate(req, { signal }): Promise<GeneratedImage> {
      const model = req.model.provider_model;
      const [name, version] = model.split(':');
      const url = !hosted || version ? `${base}/predictions` : `${base}/models/${name}/predictions`;
      const body = hosted && version ? { version, input: inputOf(req) } : { input: inputOf(req) };
      const res = await providerFetch('The prediction server', url, { method: 'POST', headers: hosted ? { ...headers, prefer: 'wait=60' } : headers, body: JSON.stringify(body), signal });
      if (!res.ok) throw await errorFromResponse('The prediction server', res);
      let p = await json(res);
      const started = Date.now();
      try {
        while (p.status !== 'succeeded' && p.status !== 'failed' && p.status !== 'canceled') {
          if (!p.id && !p.urls?.get) throw new ProviderError('provider_bad_response', `The prediction has status '${String(p.status)}' and no id to poll.`);
          await delay(opts.pollIntervalMs, signal);
          const poll = await providerFetch('The prediction server', p.urls?.get ?? `${base}/predictions/${p.id}`, { headers, signal });
          if (!poll.ok) throw await errorFromResponse('The prediction server', poll);
          p = await json(poll);
        }
      } catch (err) {
        // Stop paying for a prediction nobody will read (cancel or timeout).
        if (signal.aborted && p.id) void fetch(p.urls?.cancel ?? `${base}/predictions/${p.id}/cancel`, { method: 'POST', headers }).catch(() => {});
        throw err;
      }
      if (p.status !== 'succeeded') throw new ProviderError('provider_error', `The prediction ${p.status}: ${String(p.error ?? 'no reason given').slice(0, 300)}`);
      const bytes = await fetchOutput(p.output, signal);
      const type = sniffImageType(bytes);
      if (!type) throw new ProviderError('provider_bad_response', 'The prediction output is not a PNG, JPEG or WebP image.');
      return { image: bytes, content_type: type, width: req.width, height: req.height, seed: req.seed, provider: 'replicate', provider_model: model, fallback: false, placeholder: false, metadata: { prediction_id: p.id ?? null, seconds: (Date.now() - started) / 1000 } };
    },
  };
}
