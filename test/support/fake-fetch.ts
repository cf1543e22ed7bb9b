/**
 * A fetch that answers only the requests a test declares, in order, and fails the test on any other
 * request (the unmatched call rejects, and `done()` reports it even if the SDK swallowed it).
 */
import assert from 'node:assert/strict';

export interface Recorded {
  method: string;
  url: URL;
  headers: Headers;
  body: Uint8Array | undefined;
}

type Answer = Response | ((req: Recorded, init: RequestInit) => Response | Promise<Response>);

export function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  const type = status >= 400 ? 'application/problem+json' : 'application/json';
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': type, 'x-request-id': 'req_fake', ...headers } });
}

export function problem(status: number, code: string, extra: Record<string, unknown> = {}, headers: Record<string, string> = {}): Response {
  return json(status, { type: `https://docs.lumiku.dev/errors#${code}`, title: code, status, detail: `detail of ${code}`, code, request_id: 'req_problem', ...extra }, headers);
}

export class FakeFetch {
  readonly calls: Recorded[] = [];
  private readonly expected: { method: string; path: RegExp | string; answer: Answer }[] = [];
  private readonly unmatched: string[] = [];

  /** Expects one request `METHOD /path?query` (a string is matched against path+search exactly). */
  on(method: string, path: RegExp | string, answer: Answer): this {
    this.expected.push({ method, path, answer });
    return this;
  }

  readonly fetch = async (input: string | URL | Request, init: RequestInit = {}): Promise<Response> => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    const method = init.method ?? 'GET';
    const headers = new Headers(init.headers);
    const body = await readBody(init.body);
    const req: Recorded = { method, url, headers, body };
    this.calls.push(req);
    const next = this.expected[0];
    const target = url.pathname + url.search;
    const matches = next && next.method === method && (typeof next.path === 'string' ? next.path === target : next.path.test(target));
    if (!matches) {
      const message = `unexpected request ${method} ${target}${next ? ` (expected ${next.method} ${next.path})` : ' (none expected)'}`;
      this.unmatched.push(message);
      throw new assert.AssertionError({ message });
    }
    this.expected.shift();
    if (init.signal?.aborted) throw init.signal.reason ?? new DOMException('aborted', 'AbortError');
    return typeof next.answer === 'function' ? next.answer(req, init) : next.answer;
  };

  /** Every declared request was made, and nothing else. */
  done() {
    assert.deepEqual(this.unmatched, [], 'unmatched requests');
    assert.deepEqual(
      this.expected.map((e) => `${e.method} ${e.path}`),
      [],
      'declared requests never made',
    );
  }
}

async function readBody(body: BodyInit | null | undefined): Promise<Uint8Array | undefined> {
  if (body === undefined || body === null) return undefined;
  return new Uint8Array(await new Response(body).arrayBuffer());
}
