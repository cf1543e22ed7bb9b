import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import type { ListOf } from './api';
import { useSession } from './session';

/** One page of a /v1 list with cursor paging (next / first page). */
export function usePagedList<T>(path: string, params: Record<string, string | number | undefined> = {}) {
  const { client, key } = useSession();
  const [cursors, setCursors] = useState<string[]>([]);
  const after = cursors[cursors.length - 1];
  const query = useQuery({
    queryKey: key(path, params, after),
    queryFn: () => client.core.request<ListOf<T>>({ method: 'GET', path, query: { limit: 20, ...params, starting_after: after } }),
  });
  return {
    query,
    next: query.data?.has_more && query.data.next_cursor ? () => setCursors((c) => [...c, query.data!.next_cursor!]) : undefined,
    previous: cursors.length ? () => setCursors((c) => c.slice(0, -1)) : undefined,
    reset: () => setCursors([]),
  };
}

export function Pager({ next, previous }: { next?: (() => void) | undefined; previous?: (() => void) | undefined }) {
  if (!next && !previous) return null;
  return (
    <div className="row" style={{ marginTop: '0.5rem' }}>
      <button type="button" className="secondary" disabled={!previous} onClick={previous}>
        Previous page
      </button>
      <button type="button" className="secondary" disabled={!next} onClick={next}>
        Next page
      </button>
    </div>
  );
}
