import { useState, type FormEvent } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { WebhookEndpoint } from '@lumiku/sdk';
import { formatDate, problemOf, type ListOf, type ShownProblem } from '../api';
import { useSession } from '../session';
import { CopyButton, Empty, Field, PageTitle, ProblemMessage, QueryView, StatusBadge } from '../ui';

const APPS = ['carousel', 'video_mix', 'loop', 'avatar', 'pose_generation', 'reformat'];
const STATUSES = ['queued', 'processing', 'succeeded', 'failed', 'canceled'];
/** The event catalogue: `<app>.<status>` for every app, and the account events. */
const EVENT_TYPES = [...APPS.flatMap((a) => STATUSES.map((s) => `${a}.${s}`)), 'credits.low', 'webhook_endpoint.disabled', 'payment.succeeded', 'payment.refunded', 'subscription.updated'];

interface Delivery { id: string; event_id: string; event_type: string; attempt: number; attempted_at: string; status_code: number | null; latency_ms: number | null; outcome: string; error: string | null; response_excerpt: string | null; next_retry_at: string | null }

function Deliveries({ endpoint }: { endpoint: WebhookEndpoint }) {
  const { client, key } = useSession();
  const [problem, setProblem] = useState<ShownProblem | null>(null);
  const [note, setNote] = useState<string | null>(null);
  const [since, setSince] = useState('');
  const query = useQuery({ queryKey: key('deliveries', endpoint.id), queryFn: () => client.core.request<ListOf<Delivery>>({ method: 'GET', path: `/v1/webhook_endpoints/${endpoint.id}/deliveries`, query: { limit: 20 } }), refetchInterval: 3000 });
  return (
    <section aria-label={`Deliveries to ${endpoint.url}`}>
      <h3>Delivery log</h3>
      <ProblemMessage problem={problem} />
      {note && <p role="status">{note}</p>}
      <div className="row">
        <button type="button" className="secondary" onClick={() => { setProblem(null); setNote(null); void client.core.request<{ id: string }>({ method: 'POST', path: `/v1/webhook_endpoints/${endpoint.id}/send_test_event` }).then((ev) => { setNote(`Test event ${ev.id} sent: its delivery appears in the log below.`); void query.refetch(); }, (err) => setProblem(problemOf(err))); }}>Send test event</button>
      </div>
      <form className="row" onSubmit={(e) => { e.preventDefault(); void client.webhookEndpoints.recover(endpoint.id, { since: new Date(since) }).then(() => setNote('Recovery started: failed events since then are sent again.'), (err) => setProblem(problemOf(err))); }}>
        <label>Recover failed deliveries since <input type="datetime-local" required value={since} onChange={(e) => setSince(e.target.value)} /></label>
        <button type="submit" className="secondary">Recover</button>
      </form>
      <QueryView query={query} what="deliveries">
        {(page) => page.data.length === 0 ? <Empty>No deliveries yet.</Empty> : (
          <div className="table-wrap">
            <table data-testid="deliveries">
              <caption className="visually-hidden">Deliveries</caption>
              <thead><tr><th scope="col">Event</th><th scope="col">Attempt</th><th scope="col">Response</th><th scope="col">When</th><th scope="col"><span className="visually-hidden">Actions</span></th></tr></thead>
              <tbody>
                {page.data.map((d) => (
                  <tr key={d.id}>
                    <td>{d.event_type}<br /><code className="muted">{d.event_id}</code></td>
                    <td>{d.attempt}</td>
                    <td><StatusBadge status={d.outcome} /> {d.status_code ?? ''} {d.latency_ms !== null ? `${d.latency_ms} ms` : ''}{d.error && <><br />{d.error}</>}{d.response_excerpt && <><br /><code>{d.response_excerpt.slice(0, 120)}</code></>}</td>
                    <td>{formatDate(d.attempted_at)}</td>
                    <td><button type="button" className="secondary" onClick={() => void client.events.resend(d.event_id).then(() => setNote(`Event ${d.event_id} sent again.`), (err) => setProblem(problemOf(err)))}>Resend</button></td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </QueryView>
    </section>
  );
}

export default function Webhooks() {
  const { client, key } = useSession();
  const queryClient = useQueryClient();
  const query = useQuery({ queryKey: key('webhook_endpoints'), queryFn: () => client.core.request<ListOf<WebhookEndpoint>>({ method: 'GET', path: '/v1/webhook_endpoints', query: { limit: 100 } }) });
  const [problem, setProblem] = useState<ShownProblem | null>(null);
  const [secret, setSecret] = useState<{ id: string; secret: string } | null>(null);
  const [open, setOpen] = useState<string | null>(null);
  const refresh = () => queryClient.invalidateQueries({ queryKey: key('webhook_endpoints') });
  const create = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const data = new FormData(e.currentTarget);
    setProblem(null);
    try {
      const created = await client.webhookEndpoints.create({ url: String(data.get('url')), event_types: data.getAll('event_types').map(String), ...(data.get('description') ? { description: String(data.get('description')) } : {}) } as never);
      setSecret({ id: created.id, secret: created.secret ?? '' });
      setOpen(created.id);
      void refresh();
    } catch (err) {
      setProblem(problemOf(err));
    }
  };
  return (
    <>
      <PageTitle>Webhooks</PageTitle>
      <p className="muted">Sending a test event is not offered: the API has no test-event endpoint yet. Create a test-mode job to see a delivery.</p>
      {secret && (
        <div className="notice" role="status">
          <p>Signing secret of {secret.id}. Store it now:</p>
          <p className="secret">{secret.secret}</p>
          <div className="row"><CopyButton text={secret.secret} /><button type="button" className="secondary" onClick={() => setSecret(null)}>Done</button></div>
        </div>
      )}
      <form onSubmit={create} aria-labelledby="new-endpoint-h">
        <h2 id="new-endpoint-h">Add an endpoint</h2>
        <ProblemMessage problem={problem} />
        <Field label="URL" name="url" type="url" required placeholder="https://example.com/lumiku" error={problem?.fields.url} />
        <Field label="Description (optional)" name="description" error={problem?.fields.description} />
        <fieldset>
          <legend>Event types</legend>
          <div className="checks">
            {EVENT_TYPES.map((t) => <label key={t}><input type="checkbox" name="event_types" value={t} defaultChecked={t.startsWith('carousel.')} /> {t}</label>)}
          </div>
          {problem?.fields.event_types && <small className="field-error" role="alert">{problem.fields.event_types}</small>}
        </fieldset>
        <button type="submit">Add endpoint</button>
      </form>
      <h2>Endpoints</h2>
      <QueryView query={query} what="webhook endpoints">
        {(page) => page.data.length === 0 ? <Empty>No endpoints yet.</Empty> : (
          <ul className="endpoints">
            {page.data.map((ep) => (
              <li key={ep.id} className="card">
                <p><strong>{ep.url}</strong> <StatusBadge status={ep.enabled ? 'enabled' : 'disabled'} /> {ep.disabled_reason && <span className="muted">{ep.disabled_reason}</span>}</p>
                <p className="muted">{(ep.event_types ?? ['every event']).join(', ')}</p>
                <div className="row">
                  <button type="button" className="secondary" onClick={() => void client.webhookEndpoints.update(ep.id, { enabled: !ep.enabled } as never).then(refresh, (e) => setProblem(problemOf(e)))}>{ep.enabled ? 'Disable' : 'Enable'}</button>
                  <button type="button" className="secondary" onClick={() => void client.webhooks.retrieveSecret().then((s) => setSecret({ id: ep.id, secret: (s as { secret: string }).secret }), (e) => setProblem(problemOf(e)))}>Reveal secret</button>
                  <button type="button" className="secondary" onClick={() => window.confirm('Rotate the secret? The old one keeps signing for a day.') && void client.webhookEndpoints.rotateSecret(ep.id).then((s) => setSecret({ id: ep.id, secret: s.secret ?? '' }), (e) => setProblem(problemOf(e)))}>Rotate secret</button>
                  <button type="button" className="secondary" aria-expanded={open === ep.id} onClick={() => setOpen(open === ep.id ? null : ep.id)}>Delivery log</button>
                  <button type="button" className="danger" onClick={() => window.confirm(`Delete ${ep.url}?`) && void client.webhookEndpoints.delete(ep.id).then(refresh, (e) => setProblem(problemOf(e)))}>Delete</button>
                </div>
                {open === ep.id && <Deliveries endpoint={ep} />}
              </li>
            ))}
          </ul>
        )}
      </QueryView>
    </>
  );
}
