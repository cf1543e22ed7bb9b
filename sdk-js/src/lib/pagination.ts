import type { APIResponse } from './api-promise.js';
import type { Core, Query, RequestOptions } from './core.js';

/** Every list endpoint's envelope. */
export interface ListEnvelope<T> {
  object: 'list';
  data: T[];
  has_more: boolean;
  next_cursor: string | null;
}

/** Cursor parameters every list takes. */
export interface ListParams {
  /** 1–100, default 20. */
  limit?: number | undefined;
  /** An id: return the items after it (the previous page's `next_cursor`). */
  starting_after?: string | undefined;
}

/** One page of a list, able to fetch the pages after it. */
export class Page<T> implements ListEnvelope<T> {
  readonly object = 'list' as const;
  readonly data: T[];
  readonly has_more: boolean;
  readonly next_cursor: string | null;

  constructor(
    private readonly core: Core,
    private readonly path: string,
    private readonly query: Query,
    private readonly opts: RequestOptions | undefined,
    envelope: ListEnvelope<T>,
  ) {
    this.data = envelope.data;
    this.has_more = envelope.has_more;
    this.next_cursor = envelope.next_cursor;
  }

  hasNextPage(): boolean {
    return this.has_more && !!this.next_cursor;
  }

  /** The next page, or null after the last one. */
  async getNextPage(): Promise<Page<T> | null> {
    if (!this.hasNextPage()) return null;
    return (await fetchPage<T>(this.core, this.path, { ...this.query, starting_after: this.next_cursor }, this.opts)).data;
  }

  /** This page and every page after it. */
  async *iterPages(): AsyncGenerator<Page<T>> {
    let page: Page<T> | null = this;
    while (page) {
      yield page;
      page = await page.getNextPage();
    }
  }

  /** Every item of this page and the pages after it, fetched as iteration reaches them. */
  async *[Symbol.asyncIterator](): AsyncGenerator<T> {
    for await (const page of this.iterPages()) yield* page.data;
  }
}

export async function fetchPage<T>(core: Core, path: string, query: Query, opts?: RequestOptions): Promise<APIResponse<Page<T>>> {
  const result = await core.request<ListEnvelope<T>>({ method: 'GET', path, query }, opts).withResponse();
  return { ...result, data: new Page<T>(core, path, query, opts, result.data) };
}

/**
 * What `list()` returns: await it for the first page, or iterate it with `for await` for every item
 * across pages.
 *
 * @example
 * const page = await lumiku.jobs.list({ limit: 50 });       // one page
 * for await (const job of lumiku.jobs.list()) console.log(job.id); // every job
 */
export class PagePromise<T> implements Promise<Page<T>>, AsyncIterable<T> {
  private promise: Promise<APIResponse<Page<T>>> | undefined;
  /** @internal */
  constructor(private readonly load: () => Promise<APIResponse<Page<T>>>) {}

  private page(): Promise<Page<T>> {
    return this.withResponse().then((r) => r.data);
  }

  /**
   * The first page with its HTTP response, request id and rate-limit state.
   * @example
   * const { data: page, rateLimit } = await lumiku.jobs.list({ limit: 10 }).withResponse();
   */
  withResponse(): Promise<APIResponse<Page<T>>> {
    return (this.promise ??= this.load());
  }

  then<A = Page<T>, B = never>(onfulfilled?: ((value: Page<T>) => A | PromiseLike<A>) | null, onrejected?: ((reason: unknown) => B | PromiseLike<B>) | null): Promise<A | B> {
    return this.page().then(onfulfilled, onrejected);
  }

  catch<B = never>(onrejected?: ((reason: unknown) => B | PromiseLike<B>) | null): Promise<Page<T> | B> {
    return this.page().catch(onrejected);
  }

  finally(onfinally?: (() => void) | null): Promise<Page<T>> {
    return this.page().finally(onfinally);
  }

  readonly [Symbol.toStringTag] = 'Promise';

  async *[Symbol.asyncIterator](): AsyncGenerator<T> {
    yield* await this.page();
  }
}

export function list<T>(core: Core, path: string, query: Query = {}, opts?: RequestOptions): PagePromise<T> {
  return new PagePromise<T>(() => fetchPage<T>(core, path, query, opts));
}
