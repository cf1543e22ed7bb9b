import { useState } from 'react';
import { formatDate } from '../api';
import { Pager, usePagedList } from '../list';
import { Empty, PageTitle, QueryView } from '../ui';

interface AuditEvent { id: string; action: string; actor: { type: string; id: string | null; email?: string | null }; target: { type: string; id: string } | null; ip: string | null; created_at: string }

export default function Audit() {
  const [action, setAction] = useState('');
  const { query, next, previous } = usePagedList<AuditEvent>('/v1/audit_events', { action: action || undefined });
  return (
    <>
      <PageTitle>Audit log</PageTitle>
      <label>Action <input value={action} onChange={(e) => setAction(e.target.value)} placeholder="api_key.created" /></label>
      <QueryView query={query} what="the audit log">
        {(page) => page.data.length === 0 ? <Empty>Nothing recorded yet.</Empty> : (
          <div className="table-wrap"><table>
            <caption className="visually-hidden">Audit log</caption>
            <thead><tr><th scope="col">When</th><th scope="col">Action</th><th scope="col">Actor</th><th scope="col">Target</th><th scope="col">From</th></tr></thead>
            <tbody>{page.data.map((e) => (
              <tr key={e.id}><td>{formatDate(e.created_at)}</td><td>{e.action}</td><td>{e.actor.email ?? e.actor.id ?? e.actor.type}</td><td>{e.target ? `${e.target.type} ${e.target.id}` : '—'}</td><td>{e.ip ?? '—'}</td></tr>
            ))}</tbody>
          </table></div>
        )}
      </QueryView>
      <Pager next={next} previous={previous} />
    </>
  );
}
