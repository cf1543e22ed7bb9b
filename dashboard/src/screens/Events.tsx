import { useState } from 'react';
import { formatDate } from '../api';
import { Pager, usePagedList } from '../list';
import { Empty, PageTitle, QueryView } from '../ui';

interface EventObject { id: string; type: string; created_at: string; data: unknown }

export default function Events() {
  const [type, setType] = useState('');
  const { query, next, previous } = usePagedList<EventObject>('/v1/events', { type: type || undefined });
  const [open, setOpen] = useState<string | null>(null);
  return (
    <>
      <PageTitle>Events</PageTitle>
      <label>Type <input value={type} onChange={(e) => setType(e.target.value)} placeholder="carousel.succeeded" /></label>
      <QueryView query={query} what="events">
        {(page) => page.data.length === 0 ? <Empty>No events yet.</Empty> : (
          <ul>
            {page.data.map((e) => (
              <li key={e.id}>
                <button type="button" className="link" aria-expanded={open === e.id} onClick={() => setOpen(open === e.id ? null : e.id)}>{e.type}</button> <code className="muted">{e.id}</code> {formatDate(e.created_at)}
                {open === e.id && <pre>{JSON.stringify(e.data, null, 2)}</pre>}
              </li>
            ))}
          </ul>
        )}
      </QueryView>
      <Pager next={next} previous={previous} />
    </>
  );
}
