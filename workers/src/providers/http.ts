import { ProviderError } from '../../../api/src/domain/ai/provider';

/** Provider answers bigger than this are refused (a model image is a few MB). */
export const MAX_IMAGE_BYTES = 50 * 1024 * 1024;

/** Retry-After (seconds or an HTTP date) in ms, capped at 30 s; undefined when absent. */
export function retryAfterMs(header: string | null): number | undefined {
  if (!header) return undefined;
  const secs = Number(header);
  const ms = Number.isFinite(secs) ? secs * 1000 : Date.parse(header) - Date.now();
  return Number.isFinite(ms) && ms >= 0 ? Math.min(ms, 30_000) : undefined;
}

/** Maps a non-2xx answer to a ProviderError: 429 and 5xx are transient, other 4xx are the input's fault. */
export async function errorFromResponse(provider: string, res: Response): Promise<ProviderError> {
  const text = (await res.text().catch(() => '')).slice(0, 300);
  const retry = retryAfterMs(res.headers.get('retry-after'));
  if (res.status === 429) return new ProviderError('provider_rate_limited', `${provider} rate-limited the request (429).`, { transient: true, status: 429, retryAfterMs: retry });
  if (res.status >= 500) return new ProviderError('provider_error', `${provider} answered ${res.status}: ${text}`, { transient: true, status: res.status, retryAfterMs: retry });
  return new ProviderError('provider_rejected', `${provider} refused the request (${res.status}): ${text}`, { status: res.status });
}

/** Reads a body up to MAX_IMAGE_BYTES. */
export async function readCapped(provider: string, res: Response): Promise<Buffer> {
  const declared = Number(res.headers.get('content-length') ?? 0);
  if (declared > MAX_IMAGE_BYTES) throw new ProviderError('provider_bad_response', `${provider} sent ${declared} bytes; the cap is ${MAX_IMAGE_BYTES}.`);
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of res.body ?? []) {
    total += (chunk as Uint8Array).length;
    if (total > MAX_IMAGE_BYTES) throw new ProviderError('provider_bad_response', `${provider} sent more than ${MAX_IMAGE_BYTES} bytes.`);
    chunks.push(Buffer.from(chunk as Uint8Array));
  }
  return Buffer.concat(chunks);
}

/** fetch, with network failures (reset, refused, DNS) as transient `provider_error` and aborts passed through. */
export async function providerFetch(provider: string, url: string, init: RequestInit & { signal: AbortSignal }): Promise<Response> {
  try {
    return await fetch(url, init);
  } catch (err) {
    if (init.signal.aborted) throw init.signal.reason;
    throw new ProviderError('provider_error', `${provider} could not be reached: ${(err as Error).message}`, { transient: true, cause: err });
  }
}

export const dataUri = (bytes: Buffer, type = 'image/png') => `data:${type};base64,${bytes.toString('base64')}`;

export function sniffImageType(bytes: Buffer): string | null {
  if (bytes.length > 8 && bytes.readUInt32BE(0) === 0x89504e47) return 'image/png';
  if (bytes.length > 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'image/jpeg';
  if (bytes.length > 12 && bytes.toString('ascii', 0, 4) === 'RIFF' && bytes.toString('ascii', 8, 12) === 'WEBP') return 'image/webp';
  return null;
}

/** Waits, or rejects as soon as `signal` aborts; the abort listener is removed either way (polls can be many). */
export function delay(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
