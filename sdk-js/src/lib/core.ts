import { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError, LumikuError, type ProblemDocument } from './errors.js';

/** Options for `new Lumiku(...)`. */
export interface ClientOptions {
  /** An `lk_live_…` or `lk_test_…` key. Defaults to `process.env.LUMIKU_API_KEY` where `process` exists. */
  apiKey?: string;
  /** API origin. Defaults to `process.env.LUMIKU_BASE_URL`, else `http://localhost:8080`. A trailing slash is ignored. */
  baseUrl?: string;
  /** Retries after the first attempt for retryable failures (connection errors, 408, 409, 429, 5xx). Default 2. */
  maxRetries?: number;
  /** Per-attempt timeout in milliseconds. Default 60 000. */
  timeout?: number;
  /** A `fetch` implementation (default: the global one). */
  fetch?: typeof fetch;
  /** Headers sent with every request. */
  defaultHeaders?: Record<string, string>;
  /** The `whsec_…` secret `webhooks.unwrap` uses when none is passed. */
  webhookSecret?: string;
}

/** Per-call options every method takes as its last argument. */
export interface RequestOptions {
  /** The `Idempotency-Key` of a POST. Default: a random key, reused by every retry of this call. */
  idempotencyKey?: string;
  /** Overrides the client's `maxRetries` for this call. */
  maxRetries?: number;
  /** Overrides the client's `timeout` (ms, per attempt) for this call. */
  timeout?: number;
  /** Aborts the call (and its retries). */
  signal?: AbortSignal;
  /** Extra headers for this call. */
  headers?: Record<string, string>;
}

export type Query = Record<string, string | number | boolean | undefined | null>;

/** Everything one call needs; `body` is JSON unless `rawBody` is given. */
export interface FinalRequest {
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  path: string;
  query?: Query;
  body?: unknown;
  /** A non-JSON body. A function is called per attempt, so a body that can be re-read can be retried. */
  rawBody?: () => BodyInit;
  /** Whether the body can be sent again (false for one-shot streams: no retries then). */
  replayable?: boolean;
  headers?: Record<string, string>;
  accept?: string;
}

const DEFAULT_TIMEOUT = 60_000;
const DEFAULT_MAX_RETRIES = 2;
/** Backoff starts here and doubles per retry, up to MAX_RETRY_DELAY_MS. */
const INITIAL_RETRY_DELAY_MS = 500;
const MAX_RETRY_DELAY_MS = 8_000;
/** A `Retry-After` longer than this is not worth blocking the caller for: the error is thrown instead. */
const MAX_RETRY_AFTER_MS = 60_000;
/** 409 codes that no retry can resolve (only `idempotency_in_progress` goes away by waiting). */
const PERMANENT_CONFLICTS = new Set(['idempotency_conflict', 'external_id_conflict']);

export const VERSION = '0.1.0';

function env(name: string): string | undefined {
  const proc = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process;
  return proc?.env?.[name] || undefined;
}

/** A random UUID (Web Crypto: Node 20+ and browsers; `randomUUID` needs a secure context, `getRandomValues` does not). */
export function uuid(): string {
  const c = globalThis.crypto;
  if (typeof c.randomUUID === 'function') return c.randomUUID();
  const b = c.getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** A random idempotency key. */
export function randomKey(): string {
  return `sdk_${uuid()}`;
}

export const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    if (signal?.aborted) return reject(new APIUserAbortError());
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(new APIUserAbortError());
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });

/**
 * The one request function every resource goes through: auth, JSON, idempotency keys, timeouts,
 * retries with backoff, and typed errors.
 */
export class Core {
  readonly baseUrl: string;
  readonly maxRetries: number;
  readonly timeout: number;
  readonly webhookSecret: string | undefined;
  private readonly apiKey: string | undefined;
  private readonly fetchImpl: typeof fetch;
  private readonly defaultHeaders: Record<string, string>;

  constructor(options: ClientOptions = {}) {
    this.apiKey = options.apiKey ?? env('LUMIKU_API_KEY');
    this.baseUrl = (options.baseUrl ?? env('LUMIKU_BASE_URL') ?? 'http://localhost:8080').replace(/\/+$/, '');
    this.maxRetries = options.maxRetries ?? DEFAULT_MAX_RETRIES;
    this.timeout = options.timeout ?? DEFAULT_TIMEOUT;
    this.webhookSecret = options.webhookSecret;
    const f = options.fetch ?? globalThis.fetch;
    if (typeof f !== 'function') throw new LumikuError('No fetch implementation: pass `fetch` in the options.');
    // Called unbound, browsers throw "Illegal invocation" for window.fetch.
    this.fetchImpl = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
    this.defaultHeaders = options.defaultHeaders ?? {};
  }

  url(path: string, query?: Query): string {
    let url = this.baseUrl + path;
    if (query) {
      let sep = '?';
      for (const key in query) {
        const value = query[key];
        if (value === undefined || value === null) continue;
        url += `${sep}${encodeURIComponent(key)}=${encodeURIComponent(String(value))}`;
        sep = '&';
      }
    }
    return url;
  }

  /** Sends the request and parses the JSON answer (the timeout covers reading it). */
  async request<T>(req: FinalRequest, opts?: RequestOptions): Promise<T> {
    const { res, done } = await this.attempt(req, opts);
    try {
      const text = await res.text();
      return (text ? JSON.parse(text) : undefined) as T;
    } finally {
      done();
    }
  }

  /**
   * Sends the request with retries; resolves with a 2xx `Response` whose body is unread (a stream or
   * a download). The timeout covers the response headers; the caller's `signal` still ends the body.
   */
  async send(req: FinalRequest, opts: RequestOptions = {}): Promise<Response> {
    const { res, done } = await this.attempt(req, opts);
    if (opts.signal) {
      done();
      // Keep the abort link for the body's lifetime.
      const signal = opts.signal;
      const body = res.body;
      if (body && !signal.aborted) signal.addEventListener('abort', () => void body.cancel().catch(() => {}), { once: true });
    } else done();
    return res;
  }

  private async attempt(req: FinalRequest, opts: RequestOptions = {}): Promise<{ res: Response; done: () => void }> {
    const maxRetries = req.replayable === false ? 0 : (opts.maxRetries ?? this.maxRetries);
    const timeout = opts.timeout ?? this.timeout;
    const headers: Record<string, string> = { accept: req.accept ?? 'application/json', ...this.defaultHeaders };
    if (this.apiKey) headers.authorization = `Bearer ${this.apiKey}`;
    let body: BodyInit | undefined;
    if (req.body !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(req.body);
    }
    // One key per call, shared by all its retries: the server replays the first attempt's response
    // instead of creating (and charging for) a second job.
    if (req.method === 'POST') headers['idempotency-key'] = opts.idempotencyKey ?? randomKey();
    if (req.headers) Object.assign(headers, req.headers);
    if (opts.headers) Object.assign(headers, opts.headers);
    const url = this.url(req.path, req.query);

    for (let attempt = 0; ; attempt++) {
      const retriesLeft = maxRetries - attempt;
      const init: RequestInit & { duplex?: 'half' } = { method: req.method, headers, body: req.rawBody ? req.rawBody() : body };
      if (req.rawBody && typeof ReadableStream !== 'undefined' && init.body instanceof ReadableStream) init.duplex = 'half';
      const controller = new AbortController();
      let timedOut = false;
      const timer = setTimeout(() => {
        timedOut = true;
        controller.abort();
      }, timeout);
      const onAbort = () => controller.abort();
      if (opts.signal) {
        if (opts.signal.aborted) {
          clearTimeout(timer);
          throw new APIUserAbortError();
        }
        opts.signal.addEventListener('abort', onAbort, { once: true });
      }
      init.signal = controller.signal;

      let res: Response;
      try {
        res = await this.fetchImpl(url, init);
      } catch (err) {
        clearTimeout(timer);
        opts.signal?.removeEventListener('abort', onAbort);
        if (opts.signal?.aborted) throw new APIUserAbortError(undefined, { cause: err });
        // No response at all: the request may or may not have reached the server. Safe to repeat,
        // because a POST carries its idempotency key and GET/DELETE are idempotent.
        if (retriesLeft > 0) {
          await sleep(backoff(attempt, undefined) ?? 0, opts.signal);
          continue;
        }
        if (timedOut) throw new APIConnectionTimeoutError(`Request timed out after ${timeout} ms.`, { cause: err });
        throw new APIConnectionError(`Connection error: ${(err as Error)?.message ?? err}`, { cause: err });
      }
      if (res.ok) {
        const done = () => {
          clearTimeout(timer);
          opts.signal?.removeEventListener('abort', onAbort);
        };
        return { res, done };
      }

      const text = await res.text().catch(() => '');
      clearTimeout(timer);
      opts.signal?.removeEventListener('abort', onAbort);
      let problem: ProblemDocument | undefined;
      try {
        problem = text ? (JSON.parse(text) as ProblemDocument) : undefined;
      } catch {
        problem = { detail: text.slice(0, 500) };
      }
      if (retriesLeft > 0 && shouldRetry(res, problem)) {
        const delay = backoff(attempt, res.headers);
        if (delay !== undefined) {
          await sleep(delay, opts.signal);
          continue;
        }
      }
      throw APIError.from(res.status, problem, res.headers);
    }
  }
}

/** Which failures are worth another attempt (each with the reason). */
function shouldRetry(res: Response, problem: ProblemDocument | undefined): boolean {
  const status = res.status;
  // 408: the server gave up waiting for the request; a fresh attempt usually goes through.
  if (status === 408) return true;
  // 409: `idempotency_in_progress` means the first attempt is still running; waiting resolves it.
  // A conflict on the key or on `external_id` never resolves, so it is thrown at once.
  if (status === 409) return !PERMANENT_CONFLICTS.has(String(problem?.code));
  // 429: the rate window resets (Retry-After says when).
  if (status === 429) return true;
  // 5xx: transient on our side (a restart, a dependency briefly down); POSTs are idempotent.
  return status >= 500;
}

/**
 * Milliseconds before retry number `attempt + 1`: the server's `Retry-After` when it sent one
 * (seconds or an HTTP date), else exponential backoff from 0.5 s to 8 s with up to 25% jitter so
 * that many clients failing together do not retry together. Undefined: not worth waiting for.
 */
export function backoff(attempt: number, headers: Headers | undefined): number | undefined {
  const retryAfter = headers?.get('retry-after');
  if (retryAfter) {
    let ms = Number(retryAfter) * 1000;
    if (!Number.isFinite(ms)) ms = Date.parse(retryAfter) - Date.now();
    if (Number.isFinite(ms)) return ms > MAX_RETRY_AFTER_MS ? undefined : Math.max(0, ms);
  }
  const base = Math.min(INITIAL_RETRY_DELAY_MS * 2 ** attempt, MAX_RETRY_DELAY_MS);
  return base * (1 - Math.random() * 0.25);
}
