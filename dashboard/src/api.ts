import { APIError, Lumiku } from '@lumiku/sdk';

export type Mode = 'test' | 'live';

/** The shape of an API problem as the screens show it: one sentence, and one per field. */
export interface ShownProblem {
  message: string;
  /** `errors[].path` → its message. */
  fields: Record<string, string>;
  status: number | undefined;
  code: string | undefined;
}

/** Words for an error: the problem's detail, the fields it names, when to retry after a 429. */
export function problemOf(err: unknown): ShownProblem {
  if (err instanceof APIError) {
    const fields: Record<string, string> = {};
    for (const e of err.errors) fields[e.path] = e.message;
    let message = err.problem?.detail ?? err.problem?.title ?? err.message;
    if (err.status === 429) {
      const after = Number(err.headers?.get('retry-after') ?? err.rateLimit?.reset);
      message = `Too many requests. Try again ${Number.isFinite(after) && after > 0 ? `in ${Math.ceil(after)} seconds` : 'in a moment'}.`;
    }
    if (err.status === undefined) message = 'The API could not be reached. Check your connection and try again.';
    return { message, fields, status: err.status, code: err.code };
  }
  return { message: err instanceof Error ? err.message : String(err), fields: {}, status: undefined, code: undefined };
}

/** A client for /auth (no organization yet): the session cookie and, once known, the CSRF token. */
export function authClient(csrfToken?: string): Lumiku {
  return new Lumiku({ baseUrl: '', logLevel: 'off', maxRetries: 0, session: { csrfToken } });
}

/** The client every /v1 screen uses: session mode for the chosen organization and mode. */
export function apiClient(organization: string, mode: Mode, csrfToken: string): Lumiku {
  return new Lumiku({ baseUrl: '', logLevel: 'off', maxRetries: 1, session: { organization, mode, csrfToken } });
}

export interface ListOf<T> {
  object: 'list';
  data: T[];
  has_more: boolean;
  next_cursor: string | null;
}

export const formatDate = (iso: string | null | undefined) => (iso ? new Date(iso).toLocaleString() : '—');
export const formatCredits = (n: number | null | undefined) => (n === null || n === undefined ? '—' : n.toLocaleString());
