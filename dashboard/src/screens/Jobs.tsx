import { useState } from 'react';
import { Link } from 'react-router';
import type { Job } from '@lumiku/sdk';
import { formatDate } from '../api';
import { Pager, usePagedList } from '../list';
import { Empty, PageTitle, QueryView, StatusBadge } from '../ui';

const APPS = ['', 'carousel', 'video_mix', 'loop', 'avatar', 'pose_generation', 'reformat'];
const STATUSES = ['', 'queued', 'processing', 'succeeded', 'failed', 'canceled'];

export default function Jobs() {
  const [app, setApp] = useState('');
  const [status, setStatus] = useState('');
  const [since, setSince] = useState('');
  const { query, next, previous } = usePagedList<Job>('/v1/jobs', { app: app || undefined, status: status || undefined });
  return (
    <>
      <PageTitle>Jobs</PageTitle>
      <div className="row" role="group" aria-label="Filters">
        <label>
          App{' '}
          <select value={app} onChange={(e) => setApp(e.target.value)}>
            {APPS.map((a) => <option key={a} value={a}>{a || 'every app'}</option>)}
          </select>
        </label>
        <label>
          Status{' '}
          <select value={status} onChange={(e) => setStatus(e.target.value)}>
            {STATUSES.map((s) => <option key={s} value={s}>{s || 'any status'}</option>)}
          </select>
        </label>
        <label>
          Created since <input type="date" value={since} onChange={(e) => setSince(e.target.value)} />
        </label>
      </div>
      <QueryView query={query} what="jobs">
        {(page) => {
          const rows = since ? page.data.filter((j) => j.created_at >= since) : page.data;
          return rows.length === 0 ? <Empty>No jobs match.</Empty> : (
            <div className="table-wrap">
              <table>
                <caption className="visually-hidden">Jobs</caption>
                <thead><tr><th scope="col">Job</th><th scope="col">App</th><th scope="col">Status</th><th scope="col">Credits</th><th scope="col">Created</th></tr></thead>
                <tbody>
                  {rows.map((j) => (
                    <tr key={j.id}>
                      <td><Link to={`/jobs/${j.id}`}>{j.id}</Link></td>
                      <td>{j.object}</td>
                      <td><StatusBadge status={j.status} /></td>
                      <td>{j.credits.charged || j.credits.quoted}</td>
                      <td>{formatDate(j.created_at)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          );
        }}
      </QueryView>
      <Pager next={next} previous={previous} />
    </>
  );
}
