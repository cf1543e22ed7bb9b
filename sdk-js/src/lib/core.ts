import { APIPromise, apiResponse, type APIResponse } from './api-promise.js';
import { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError, LumikuError, type ProblemDocument } from './errors.js';
import { DEFAULT_LOG_LEVEL, isLogLevel, LevelLogger, type Logger, type LogLevel, redactHeaders as redactedHeaders } from './logger.js';
import { env, userAgent } from './runtime.js';

/**
 * Options for `new Lumiku(...)` and `lumiku.withOptions(...)`. Every option may be `undefined`,
 * which means the same as leaving it out (its default).
 */
export interface ClientOptions {
  /** An `lk_live_…` or `lk_test_…` key. Defaults to `process.env.LUMIKU_API_KEY` where `process` exists. */
  apiKey?: string | undefined;
  /** API origin. Defaults to `process.env.LUMIKU_BASE_URL`, else `http://localhost:8080`. A trailing slash is ignored. */
  baseUrl?: string | undefined;
  /** Retries after the first attempt for retryable failures (connection errors, 408, 409, 429, 5xx). Default 2. */
  maxRetries?: number | undefined;
  /** Per-attempt timeout in milliseconds. Default 60 000. */
  timeout?: number | undefined;
  /** A `fetch` implementation (default: the global one). */
  fetch?: Fetch | undefined;
  /** Headers sent with every request (a `user-agent` here replaces the SDK's). */
  defaultHeaders?: Record<string, string> | undefined;
  /** The `whsec_…` secret `webhooks.unwrap` uses when none is passed. */
  webhookSecret?: string | undefined;
  /**
   * What to log: `off`, `error`, `warn` (default), `info` (retries) or `debug` (every request and
   * response). Defaults to `process.env.LUMIKU_LOG`, else `warn`. Secrets are never logged.
   */
  logLevel?: LogLevel | undefined;
  /** Where log lines go (default `console`): any object with `error`, `warn`, `info` and `debug`. */
  logger?: Logger | undefined;
  /**
   * Session mode, for a browser signed in through `/auth/login`: no API key is sent (`apiKey` and
   * `LUMIKU_API_KEY` are ignored), the session cookie goes with every request (`credentials:
   * 'include'`), and so do `Lumiku-Organization`, `Lumiku-Mode` and, on POST, PATCH and DELETE,
   * `Lumiku-CSRF-Token`.
   */
  session?: SessionOptions | undefined;
}

/** The headers a signed-in browser sends with its session cookie (see `ClientOptions.session`). */
export interface SessionOptions {
  /** The organization acted for (`acct_…`, one of `GET /auth/session`'s `organizations`): `Lumiku-Organization`. */
  organization?: string | undefined;
  /** `test` (the server's default) or `live` (needs a verified email): `Lumiku-Mode`. */
  mode?: 'test' | 'live' | undefined;
  /** The session's CSRF token (from the sign-in or `GET /auth/session` body), sent on unsafe methods. */
  csrfToken?: string | undefined;
}

/** Per-call options every method takes as its last argument; `undefined` means "the client's". */
export interface RequestOptions {
  /** The `Idempotency-Key` of a POST. Default: a random key, reused by every retry of this call. */
  idempotencyKey?: string | undefined;
  /** Overrides the client's `maxRetries` for this call. */
  maxRetries?: number | undefined;
  /** Overrides the client's `timeout` (ms, per attempt) for this call. */
  timeout?: number | undefined;
  /** Aborts the call (and its retries). */
  signal?: AbortSignal | undefined;
  /** Extra headers for this call. */
  headers?: Record<string, string> | undefined;
}

/** The `fetch` the client calls: the global one, or any function with its signature (undici, node-fetch, a test double). */
export type Fetch = (input: string, init: FetchInit) => Promise<Response>;

/** What the client passes to `fetch` (a subset of `RequestInit`, typed without DOM-only names). */
export interface FetchInit {
  method: string;
  headers: Record<string, string>;
  body?: RequestBody;
  signal: AbortSignal;
  /** Set for streamed bodies (Node's fetch requires it). */
  duplex?: 'half';
  /** `include` in session mode: the browser sends the session cookie, also to another origin. */
  credentials?: 'include';
}

/** A request body as the client sends it. */
export type RequestBody = string | Blob | ReadableStream<Uint8Array>;

export type Query = Record<string, string | number | boolean | undefined | null>;

/** Everything one call needs; `body` is JSON unless `rawBody` is given. */
export interface FinalRequest {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  query?: Query | undefined;
  body?: unknown;
  /** A non-JSON body. A function is called per attempt, so a body that can be re-read can be retried. */
  rawBody?: (() => RequestBody) | undefined;
  /** Whether the body can be sent again (false for one-shot streams: no retries then). */
  replayable?: boolean | undefined;
  headers?: Record<string, string> | undefined;
  accept?: string | undefined;
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

export { VERSION } from '../version.js';

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

/** The options with every `undefined` left out: `undefined` means "not given", also when merging. */
export function definedOptions<T extends object>(options: T | undefined): Partial<T> {
  const out: Partial<T> = {};
  for (const key in options) if (options[key] !== undefined) out[key] = options[key];
  return out;
}

/** A client's log level: the option, else `LUMIKU_LOG`, else `warn` (an unknown value is reported and ignored). */
function resolveLogLevel(option: LogLevel | undefined, sink: Logger): LogLevel {
  if (option !== undefined) {
    if (isLogLevel(option)) return option;
    new LevelLogger(DEFAULT_LOG_LEVEL, sink).warn(`logLevel ${JSON.stringify(option)} is not one of off, error, warn, info, debug; using ${DEFAULT_LOG_LEVEL}.`);
    return DEFAULT_LOG_LEVEL;
  }
  const fromEnv = env('LUMIKU_LOG')?.trim().toLowerCase();
  if (fromEnv === undefined) return DEFAULT_LOG_LEVEL;
  if (isLogLevel(fromEnv)) return fromEnv;
  new LevelLogger(DEFAULT_LOG_LEVEL, sink).warn(`LUMIKU_LOG=${JSON.stringify(fromEnv)} is not one of off, error, warn, info, debug; using ${DEFAULT_LOG_LEVEL}.`);
  return DEFAULT_LOG_LEVEL;
}

/** A JSON body for a log line: parsed when it is JSON (secrets are redacted by the logger), else cut short. */
function bodyForLog(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text.length > 1000 ? `${text.slice(0, 1000)}…` : text;
  }
}

/**
 * The one request function every resource goes through: auth, JSON, idempotency keys, timeouts,
 * retries with backoff, typed errors and logging.
 */
export class Core {
  readonly baseUrl: string;
  readonly maxRetries: number;
  readonly timeout: number;
  /** The effective log level and the logger (secrets redacted). */
  readonly log: LevelLogger;
  // True private fields: never shown by console.log(client) or util.inspect.
  readonly #options: Readonly<ClientOptions>;
  readonly #apiKey: string | undefined;
  readonly #webhookSecret: string | undefined;
  readonly #session: Readonly<SessionOptions> | undefined;
  private readonly fetchImpl: Fetch;
  private readonly defaultHeaders: Record<string, string>;

  constructor(options: ClientOptions = {}) {
    const given = (this.#options = Object.freeze(definedOptions(options)));
    this.#session = given.session ? Object.freeze(definedOptions(given.session)) : undefined;
    this.#apiKey = this.#session ? undefined : (given.apiKey ?? env('LUMIKU_API_KEY'));
    this.baseUrl = (given.baseUrl ?? env('LUMIKU_BASE_URL') ?? 'http://localhost:8080').replace(/\/+$/, '');
    this.maxRetries = given.maxRetries ?? DEFAULT_MAX_RETRIES;
    this.timeout = given.timeout ?? DEFAULT_TIMEOUT;
    this.#webhookSecret = given.webhookSecret;
    const sink = given.logger ?? console;
    this.log = new LevelLogger(resolveLogLevel(given.logLevel, sink), sink);
    if (!given.fetch && typeof globalThis.fetch !== 'function') throw new LumikuError('No fetch implementation: pass `fetch` in the options.');
    // Called unbound, browsers throw "Illegal invocation" for window.fetch.
    this.fetchImpl = given.fetch ?? ((input, init) => globalThis.fetch(input, init));
    this.defaultHeaders = given.defaultHeaders ?? {};
  }

  /** The `whsec_…` secret `webhooks.unwrap` uses when none is passed. */
  get webhookSecret(): string | undefined {
    return this.#webhookSecret;
  }

  /** Whether this client authenticates by the browser's session cookie instead of an API key. */
  get sessionMode(): boolean {
    return this.#session !== undefined;
  }

  /** This client's options with `overrides` over them (an `undefined` override keeps the current value). */
  mergedOptions(overrides: ClientOptions): ClientOptions {
    return { ...this.#options, ...definedOptions(overrides) };
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
  request<T>(req: FinalRequest, opts?: RequestOptions): APIPromise<T> {
    return new APIPromise<T>(this.json<T>(req, opts));
  }

  private async json<T>(req: FinalRequest, opts: RequestOptions | undefined): Promise<APIResponse<T>> {
    const { res, done } = await this.attempt(req, opts);
    try {
      const text = await res.text();
      if (this.log.enabled('debug') && text) this.log.debug(`response body ${req.method} ${req.path}`, bodyForLog(text));
      return apiResponse((text ? JSON.parse(text) : undefined) as T, res);
    } finally {
      done();
    }
  }

  /**
   * Sends the request with retries; resolves with a 2xx `Response` whose body is unread (a stream or
   * a download). The timeout covers the response headers; the caller's `signal` still ends the body.
   */
  send(req: FinalRequest, opts: RequestOptions = {}): APIPromise<Response> {
    return new APIPromise<Response>(this.raw(req, opts));
  }

  private async raw(req: FinalRequest, opts: RequestOptions): Promise<APIResponse<Response>> {
    const { res, done } = await this.attempt(req, opts);
    done();
    if (opts.signal) {
      // Keep the abort link for the body's lifetime.
      const signal = opts.signal;
      const body = res.body;
      if (body && !signal.aborted) signal.addEventListener('abort', () => void body.cancel().catch(() => {}), { once: true });
    }
    return apiResponse(res, res);
  }

  private headersFor(req: FinalRequest, opts: RequestOptions): Record<string, string> {
    const session = this.#session;
    // A browser sends its own User-Agent (and a cross-origin one would need a preflight for ours).
    const headers: Record<string, string> = session ? { accept: req.accept ?? 'application/json' } : { accept: req.accept ?? 'application/json', 'user-agent': userAgent() };
    for (const [name, value] of Object.entries(this.defaultHeaders)) headers[name.toLowerCase()] = value;
    if (this.#apiKey) headers.authorization = `Bearer ${this.#apiKey}`;
    if (session) {
      if (session.organization) headers['lumiku-organization'] = session.organization;
      if (session.mode) headers['lumiku-mode'] = session.mode;
      if (session.csrfToken && req.method !== 'GET') headers['lumiku-csrf-token'] = session.csrfToken;
    }
    if (req.body !== undefined) headers['content-type'] = 'application/json';
    // One key per call, shared by all its retries: the server replays the first attempt's response
    // instead of creating (and charging for) a second job.
    if (req.method === 'POST') headers['idempotency-key'] = opts.idempotencyKey ?? randomKey();
    for (const extra of [req.headers, opts.headers]) if (extra) for (const [name, value] of Object.entries(extra)) headers[name.toLowerCase()] = value;
    return headers;
  }

  private async attempt(req: FinalRequest, opts: RequestOptions = {}): Promise<{ res: Response; done: () => void }> {
    const maxRetries = req.replayable === false ? 0 : (opts.maxRetries ?? this.maxRetries);
    const timeout = opts.timeout ?? this.timeout;
    const headers = this.headersFor(req, opts);
    const body = req.body !== undefined ? JSON.stringify(req.body) : undefined;
    const url = this.url(req.path, req.query);
    const log = this.log;

    for (let attempt = 0; ; attempt++) {
      const retriesLeft = maxRetries - attempt;
      const controller = new AbortController();
      const init: FetchInit = { method: req.method, headers, signal: controller.signal };
      if (this.#session) init.credentials = 'include';
      const sent = req.rawBody ? req.rawBody() : body;
      if (sent !== undefined) init.body = sent;
      if (req.rawBody && typeof ReadableStream !== 'undefined' && sent instanceof ReadableStream) init.duplex = 'half';
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
      if (log.enabled('debug')) log.debug(`request ${req.method} ${url}${attempt ? ` (retry ${attempt} of ${maxRetries})` : ''}`, { headers: redactedHeaders(headers), body: body === undefined ? (req.rawBody ? '(binary)' : undefined) : bodyForLog(body) });
      const started = Date.now();

      let res: Response;
      try {
        res = await this.fetchImpl(url, init);
      } catch (err) {
        clearTimeout(timer);
        opts.signal?.removeEventListener('abort', onAbort);
        if (opts.signal?.aborted) throw new APIUserAbortError(undefined, { cause: err });
        const reason = timedOut ? `timed out after ${timeout} ms` : `connection error: ${(err as Error)?.message ?? err}`;
        // No response at all: the request may or may not have reached the server. Safe to repeat,
        // because a POST carries its idempotency key and GET/DELETE are idempotent.
        if (retriesLeft > 0) {
          const delay = backoff(attempt, undefined) ?? 0;
          log.info(`${req.method} ${url} ${reason}; retrying in ${Math.round(delay)} ms (${retriesLeft} ${retriesLeft === 1 ? 'retry' : 'retries'} left)`);
          await sleep(delay, opts.signal);
          continue;
        }
        log.debug(`${req.method} ${url} ${reason}; no retries left`);
        if (timedOut) throw new APIConnectionTimeoutError(`Request timed out after ${timeout} ms.`, { cause: err });
        throw new APIConnectionError(`Connection error: ${(err as Error)?.message ?? err}`, { cause: err });
      }
      if (log.enabled('debug')) log.debug(`response ${req.method} ${url} ${res.status} in ${Date.now() - started} ms`, { headers: redactedHeaders(res.headers) });
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
      if (log.enabled('debug')) log.debug(`response body ${req.method} ${url}`, problem);
      if (retriesLeft > 0 && shouldRetry(res, problem)) {
        const delay = backoff(attempt, res.headers);
        if (delay !== undefined) {
          log.info(`${req.method} ${url} answered ${res.status}${problem?.code ? ` ${problem.code}` : ''}; retrying in ${Math.round(delay)} ms (${retriesLeft} ${retriesLeft === 1 ? 'retry' : 'retries'} left)`);
          await sleep(delay, opts.signal);
          continue;
        }
        log.info(`${req.method} ${url} answered ${res.status} with Retry-After ${res.headers.get('retry-after')}, longer than the SDK waits: not retried.`);
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
