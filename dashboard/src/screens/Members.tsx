import { useState, type FormEvent } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { formatDate, problemOf, type ListOf, type ShownProblem } from '../api';
import { useSession } from '../session';
import { Empty, Field, PageTitle, ProblemMessage, QueryView } from '../ui';

interface Member { id: string; email: string; name: string; role: string; email_verified: boolean; created_at: string }
interface Invitation { id: string; email: string; role: string; status: string; expires_at: string }
const ROLES = ['viewer', 'developer', 'billing', 'admin', 'owner'];

export default function Members() {
  const { client, key, session } = useSession();
  const queryClient = useQueryClient();
  const members = useQuery({ queryKey: key('members'), queryFn: () => client.core.request<ListOf<Member>>({ method: 'GET', path: '/v1/members', query: { limit: 100 } }) });
  const invitations = useQuery({ queryKey: key('invitations'), queryFn: () => client.core.request<ListOf<Invitation>>({ method: 'GET', path: '/v1/invitations', query: { limit: 100 } }) });
  const [problem, setProblem] = useState<ShownProblem | null>(null);
  const [note, setNote] = useState<string | null>(null);
  const refresh = () => Promise.all([queryClient.invalidateQueries({ queryKey: key('members') }), queryClient.invalidateQueries({ queryKey: key('invitations') })]);
  const act = (p: Promise<unknown>, done?: string) => void p.then(() => (setProblem(null), done && setNote(done), refresh()), (e) => setProblem(problemOf(e)));
  const invite = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const data = new FormData(e.currentTarget);
    act(client.core.request({ method: 'POST', path: '/v1/invitations', body: { email: String(data.get('email')), role: String(data.get('role')) } }), `Invitation sent to ${data.get('email')}.`);
  };
  return (
    <>
      <PageTitle>Members</PageTitle>
      <ProblemMessage problem={problem} />
      {note && <p role="status">{note}</p>}
      <form onSubmit={invite} aria-labelledby="invite-h">
        <h2 id="invite-h">Invite someone</h2>
        <div className="row">
          <Field label="Email" name="email" type="email" required error={problem?.fields.email} />
          <div className="field"><label htmlFor="invite-role">Role</label><select id="invite-role" name="role" defaultValue="developer">{ROLES.map((r) => <option key={r}>{r}</option>)}</select></div>
        </div>
        <button type="submit">Send invitation</button>
      </form>
      <h2>People</h2>
      <QueryView query={members} what="members">
        {(page) => page.data.length === 0 ? <Empty>No members.</Empty> : (
          <div className="table-wrap"><table>
            <caption className="visually-hidden">Members</caption>
            <thead><tr><th scope="col">Name</th><th scope="col">Email</th><th scope="col">Role</th><th scope="col">Joined</th><th scope="col"><span className="visually-hidden">Actions</span></th></tr></thead>
            <tbody>{page.data.map((m) => (
              <tr key={m.id}>
                <td>{m.name}</td><td>{m.email}</td>
                <td><select aria-label={`Role of ${m.email}`} value={m.role} onChange={(e) => act(client.core.request({ method: 'PATCH', path: `/v1/members/${m.id}`, body: { role: e.target.value } }))}>{ROLES.map((r) => <option key={r}>{r}</option>)}</select></td>
                <td>{formatDate(m.created_at)}</td>
                <td>{m.email !== session.user.email && <button type="button" className="danger" onClick={() => window.confirm(`Remove ${m.email}?`) && act(client.core.request({ method: 'DELETE', path: `/v1/members/${m.id}` }))}>Remove <span className="visually-hidden">{m.email}</span></button>}</td>
              </tr>
            ))}</tbody>
          </table></div>
        )}
      </QueryView>
      <h2>Invitations</h2>
      <QueryView query={invitations} what="invitations">
        {(page) => page.data.length === 0 ? <Empty>No invitations.</Empty> : (
          <ul>{page.data.map((i) => <li key={i.id}>{i.email} ({i.role}) — {i.status}, expires {formatDate(i.expires_at)} {i.status === 'pending' && <button type="button" className="link" onClick={() => act(client.core.request({ method: 'DELETE', path: `/v1/invitations/${i.id}` }))}>Revoke</button>}</li>)}</ul>
        )}
      </QueryView>
    </>
  );
}
