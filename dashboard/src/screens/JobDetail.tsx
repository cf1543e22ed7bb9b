import { useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { Job } from '@lumiku/sdk';
import { formatDate, problemOf, type ShownProblem } from '../api';
import { useSession } from '../session';
import { PageTitle, ProblemMessage, QueryView, StatusBadge } from '../ui';

const PATHS: Record<string, string> = { carousel: '/v1/carousels', video_mix: '/v1/video_mixes', loop: '/v1/loops', avatar: '/v1/avatars', pose_generation: '/v1/pose_generations', reformat: '/v1/reformats' };

export default function JobDetail() {
  const { id = '' } = useParams();
  const { client, key } = useSession();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const job = useQuery({ queryKey: key('job', id), queryFn: () => client.core.request<Job>({ method: 'GET', path: `/v1/jobs/${id}` }), refetchInterval: (q) => (q.state.data && ['queued', 'processing'].includes(q.state.data.status) ? 2000 : false) });
  const events = useQuery({ queryKey: key('job-events', id), queryFn: () => client.core.request<{ data: { id: string; type: string; created_at: string }[] }>({ method: 'GET', path: '/v1/events', query: { limit: 50 } }) });
  const [problem, setProblem] = useState<ShownProblem | null>(null);
  const [edited, setEdited] = useState<string | null>(null);
  return (
    <>
      <PageTitle>Job {id}</PageTitle>
      <QueryView query={job} what="the job">
        {(j) => (
          <>
            <p>
              {j.object} <StatusBadge status={j.status} /> · created {formatDate(j.created_at)} · finished {formatDate(j.finished_at)}
            </p>
            <ProblemMessage problem={problem} />
            <div className="row">
              {['queued', 'processing'].includes(j.status) && (
                <button type="button" className="danger" onClick={() => void client.core.request({ method: 'POST', path: `${PATHS[j.object]}/${j.id}/cancel` }).then(() => queryClient.invalidateQueries({ queryKey: key('job', id) }), (e) => setProblem(problemOf(e)))}>
                  Cancel
                </button>
              )}
              <button type="button" className="secondary" onClick={() => setEdited(JSON.stringify(j.input, null, 2))}>
                Run again with changes
              </button>
            </div>
            {edited !== null && (
              <form onSubmit={(e) => {
                e.preventDefault();
                let body: unknown;
                try { body = JSON.parse(edited); } catch { setProblem({ message: 'The body is not valid JSON.', fields: {}, status: undefined, code: undefined }); return; }
                void client.core.request<Job>({ method: 'POST', path: PATHS[j.object], body }).then((n) => navigate(`/jobs/${n.id}`), (err) => setProblem(problemOf(err)));
              }}>
                <div className="field">
                  <label htmlFor="again">Input</label>
                  <textarea id="again" rows={10} value={edited} onChange={(e) => setEdited(e.target.value)} />
                </div>
                {problem && Object.entries(problem.fields).map(([p, m]) => <p key={p} className="field-error" role="alert"><code>{p}</code>: {m}</p>)}
                <button type="submit">Create the new job</button>
              </form>
            )}
            <h2>Credits</h2>
            <p>quoted {j.credits.quoted} · reserved {j.credits.reserved} · charged {j.credits.charged} · refunded {j.credits.refunded}</p>
            {j.error && (<><h2>Error</h2><p role="alert"><code>{j.error.code}</code> {j.error.message}</p></>)}
            <h2>Input</h2>
            <pre>{JSON.stringify(j.input, null, 2)}</pre>
            <h2>Outputs</h2>
            {j.outputs.length === 0 ? <p className="empty">No outputs yet.</p> : (
              <ul>{j.outputs.map((o) => <li key={o.file_id}><a href={o.url}>{o.filename}</a> <span className="muted">{o.role} · {o.content_type} · {o.bytes} bytes</span></li>)}</ul>
            )}
            <h2>Timeline</h2>
            <QueryView query={events} what="events">
              {(ev) => {
                const mine = ev.data.filter((e) => (e as unknown as { data?: { object?: { id?: string } } }).data?.object?.id === id);
                return mine.length === 0 ? <p className="empty">No events for this job yet.</p> : <ol>{mine.map((e) => <li key={e.id}>{formatDate(e.created_at)} {e.type}</li>)}</ol>;
              }}
            </QueryView>
          </>
        )}
      </QueryView>
    </>
  );
}
