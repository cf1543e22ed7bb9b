/**
 * What every method returns: a promise of the parsed result that can also give the HTTP response
 * it came from (`.withResponse()`): status, headers, the request id and the rate-limit state.
 */

/** The `RateLimit-*` headers of a response (IETF draft-6): the key's budget in the current window. */
export interface RateLimit {
  /** Requests allowed per window. */
  limit: number;
  /** Requests left in the current window. */
  remaining: number;
  /** Seconds until the window resets. */
  reset: number;
}

/** A result with the response it came from. */
export interface APIResponse<T> {
  /** The parsed result (what awaiting the call gives). */
  data: T;
  /** The HTTP response (its body already read, except for downloads and streams). */
  response: Response;
  /** `X-Request-Id`: quote it when reporting a problem. */
  requestId: string | undefined;
  /** The key's rate-limit state after this request, when the API sent it. */
  rateLimit: RateLimit | undefined;
}

/** `RateLimit-Limit`, `RateLimit-Remaining` and `RateLimit-Reset` as numbers, or undefined when any is missing. */
export function rateLimitOf(headers: Headers): RateLimit | undefined {
  const read = (name: string) => {
    const text = headers.get(name);
    const n = text === null || text.trim() === '' ? NaN : Number(text);
    return Number.isFinite(n) ? n : undefined;
  };
  const limit = read('ratelimit-limit') ?? read('x-ratelimit-limit');
  const remaining = read('ratelimit-remaining') ?? read('x-ratelimit-remaining');
  const reset = read('ratelimit-reset') ?? read('x-ratelimit-reset');
  return limit === undefined || remaining === undefined || reset === undefined ? undefined : { limit, remaining, reset };
}

export function apiResponse<T>(data: T, response: Response): APIResponse<T> {
  return { data, response, requestId: response.headers.get('x-request-id') ?? undefined, rateLimit: rateLimitOf(response.headers) };
}

/**
 * A `Promise` of the result (the request is already on its way), plus `withResponse()`.
 *
 * @example
 * const { data: account, response, requestId, rateLimit } = await lumiku.account.retrieve().withResponse();
 * console.log(response.status, requestId, `${rateLimit?.remaining} requests left`);
 */
export class APIPromise<T> extends Promise<T> {
  readonly #result: Promise<APIResponse<T>>;
  #data: Promise<T> | undefined;

  /** @internal */
  constructor(result: Promise<APIResponse<T>>) {
    // The base promise is a placeholder: then/catch/finally read `result`.
    super((resolve) => resolve(undefined as T));
    this.#result = result;
  }

  // Derived promises (`.then` on the base) are plain promises, not APIPromises.
  static override get [Symbol.species]() {
    return Promise;
  }

  /** The result with its HTTP response, request id and rate-limit state. */
  withResponse(): Promise<APIResponse<T>> {
    return this.#result;
  }

  /** The HTTP response alone. */
  asResponse(): Promise<Response> {
    return this.#result.then((r) => r.response);
  }

  private data(): Promise<T> {
    return (this.#data ??= this.#result.then((r) => r.data));
  }

  override then<A = T, B = never>(onfulfilled?: ((value: T) => A | PromiseLike<A>) | null, onrejected?: ((reason: unknown) => B | PromiseLike<B>) | null): Promise<A | B> {
    return this.data().then(onfulfilled, onrejected);
  }

  override catch<B = never>(onrejected?: ((reason: unknown) => B | PromiseLike<B>) | null): Promise<T | B> {
    return this.data().catch(onrejected);
  }

  override finally(onfinally?: (() => void) | null): Promise<T> {
    return this.data().finally(onfinally);
  }
}
