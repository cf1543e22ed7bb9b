import { useState, type FormEvent } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { formatDate, problemOf, type ShownProblem } from '../api';
import { Pager, usePagedList } from '../list';
import { useSession } from '../session';
import { CopyButton, Empty, Field, PageTitle, ProblemMessage, QueryView } from '../ui';

interface ApiKey { id: string; name: string; redacted_key: string; scopes: string[]; credit_limit: number | null; credit_limit_period: string | null; credit_used: number; revoked: boolean; last_used_at: string | null; created_at: string }
const SCOPES = ['read', 'jobs:write', 'files:write', 'webhooks:manage', 'keys:manage'];

export default function ApiKeys() {
  const { client, key, mode } = useSession();
  const queryClient = useQueryClient();
  const { query, next, previous } = usePagedList<ApiKey>('/v1/api_keys');
  const [secret, setSecret] = useState<string | null>(null);
  const [problem, setProblem] = useState<ShownProblem | null>(null);
  const refresh = () => queryClient.invalidateQueries({ queryKey: key('/v1/api_keys') });
  const create = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const data = new FormData(e.currentTarget);
    const limit = String(data.get('credit_limit') ?? '');
    setProblem(null);
    try {
      const created = await client.apiKeys.create({ name: String(data.get('name')), scopes: data.getAll('scopes').map(String) as never, ...(limit ? { credit_limit: Number(limit), credit_limit_period: String(data.get('credit_limit_period')) as never } : {}) });
      setSecret(created.secret ?? null);
      (e.target as HTMLFormElement).reset();
      void refresh();
    } catch (err) {
      setProblem(problemOf(err));
    }
  };
  return (
    <>
      <PageTitle>API keys ({mode})</PageTitle>
      {secret && (
        <div className="notice" role="status">
          <p>Your new key. Copy it now: it is not shown again.</p>
          <p className="secret" data-testid="new-secret">{secret}</p>
          <div className="row"><CopyButton text={secret} label="Copy key" /><button type="button" className="secondary" onClick={() => setSecret(null)}>Done</button></div>
        </div>
      )}
      <form onSubmit={create} aria-labelledby="new-key-h">
        <h2 id="new-key-h">Create a key</h2>
        <ProblemMessage problem={problem} />
        <Field label="Name" name="name" required error={problem?.fields.name} />
        <fieldset>
          <legend>Scopes</legend>
          <div className="checks">
            {SCOPES.map((s) => <label key={s}><input type="checkbox" name="scopes" value={s} defaultChecked={s === 'read'} /> {s}</label>)}
          </div>
          {problem?.fields.scopes && <small className="field-error" role="alert">{problem.fields.scopes}</small>}
        </fieldset>
        <div className="row">
          <Field label="Credit quota (optional)" name="credit_limit" type="number" min={0} error={problem?.fields.credit_limit} />
          <div className="field">
            <label htmlFor="period">Per</label>
            <select id="period" name="credit_limit_period" defaultValue="month"><option value="day">day</option><option value="month">month</option><option value="total">total</option></select>
          </div>
        </div>
        <button type="submit">Create key</button>
      </form>
      <h2>Keys</h2>
      <QueryView query={query} what="API keys">
        {(page) => page.data.length === 0 ? <Empty>No keys in {mode} mode.</Empty> : (
          <div className="table-wrap">
            <table>
              <caption className="visually-hidden">API keys</caption>
              <thead><tr><th scope="col">Name</th><th scope="col">Key</th><th scope="col">Scopes</th><th scope="col">Usage</th><th scope="col">Last used</th><th scope="col">State</th></tr></thead>
              <tbody>
                {page.data.map((k) => (
                  <tr key={k.id} data-testid={`key-${k.name}`}>
                    <td>{k.name}</td>
                    <td><code>{k.redacted_key}</code></td>
                    <td>{k.scopes.join(', ')}</td>
                    <td>{k.credit_limit === null ? `${k.credit_used} credits (no quota)` : `${k.credit_used} of ${k.credit_limit} per ${k.credit_limit_period}`}</td>
                    <td>{formatDate(k.last_used_at)}</td>
                    <td>{k.revoked ? <span className="badge badge-disabled">revoked</span> : (
                      <button type="button" className="danger" onClick={() => window.confirm(`Revoke ${k.name}? Requests with it will fail.`) && void client.apiKeys.revoke(k.id).then(refresh, (e) => setProblem(problemOf(e)))}>Revoke <span className="visually-hidden">{k.name}</span></button>
                    )}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </QueryView>
      <Pager next={next} previous={previous} />
    </>
  );
}
