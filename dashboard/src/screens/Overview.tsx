import { useQueries } from '@tanstack/react-query';
import { Link } from 'react-router';
import { formatCredits, formatDate, problemOf } from '../api';
import { useSession } from '../session';
import { Empty, Loading, PageTitle, StatusBadge } from '../ui';

import { overviewQueries, type UsageGroup } from './overview-queries';

const LOW = 100;

/** Credits by app as horizontal bars (inline SVG, no chart library). */
function UsageChart({ groups }: { groups: UsageGroup[] }) {
  if (!groups.length) return <Empty>No jobs this month yet.</Empty>;
  const max = Math.max(1, ...groups.map((g) => g.credits_charged));
  const row = 28;
  return (
    <svg role="img" aria-label={`Credits by app this month: ${groups.map((g) => `${g.group} ${g.credits_charged}`).join(', ')}`} width="100%" height={groups.length * row + 4} viewBox={`0 0 400 ${groups.length * row + 4}`} preserveAspectRatio="xMinYMin meet">
      {groups.map((g, i) => (
        <g key={g.group} transform={`translate(0 ${i * row})`}>
          <text x="0" y="18" fontSize="13" fill="#1a1f2b">{g.group}</text>
          <rect x="120" y="5" height="18" rx="3" width={Math.max(2, (g.credits_charged / max) * 220)} fill="#3730a3" />
          <text x={128 + (g.credits_charged / max) * 220} y="18" fontSize="13" fill="#1a1f2b">{g.credits_charged} ({g.jobs} jobs)</text>
        </g>
      ))}
    </svg>
  );
}

export default function Overview() {
  const { client, key, mode } = useSession();
  // One round of parallel requests: nothing here waits for another answer (main.tsx may have started them already).
  const [account, usage, jobs, endpoints] = useQueries({ queries: overviewQueries(client, key) });
  const groups: UsageGroup[] = usage.data ? Object.values(
    usage.data.data.flatMap((b) => b.groups ?? []).reduce<Record<string, UsageGroup>>((acc, g) => {
      const cur = (acc[g.group] ??= { group: g.group, credits_charged: 0, jobs: 0 });
      cur.credits_charged += g.credits_charged;
      cur.jobs += g.jobs;
      return acc;
    }, {}),
  ) : [];
  const failing = endpoints.data?.data.filter((e) => !e.enabled || e.disabled_reason) ?? [];
  return (
    <>
      <PageTitle>Overview</PageTitle>
      {account.data && mode === 'live' && account.data.balance < LOW && (
        <p className="warning" role="alert">
          Credits are low: {formatCredits(account.data.balance)} left. <Link to="/billing">Buy credits</Link>
        </p>
      )}
      <div className="cards">
        <section className="card" aria-labelledby="balance-h">
          <h2 id="balance-h">Balance</h2>
          {account.isPending ? <Loading what="the balance" /> : account.isError ? <p role="alert">{problemOf(account.error).message}</p> : <p className="big" data-testid="balance">{formatCredits(account.data.balance)} credits</p>}
        </section>
        <section className="card" aria-labelledby="plan-h">
          <h2 id="plan-h">Plan</h2>
          {account.data ? <p className="big">{account.data.plan}</p> : <Loading what="the plan" />}
        </section>
        <section className="card" aria-labelledby="month-h">
          <h2 id="month-h">This month</h2>
          {usage.data ? <p className="big">{formatCredits(usage.data.totals.credits_charged)} credits</p> : usage.isError ? <p role="alert">{problemOf(usage.error).message}</p> : <Loading what="usage" />}
        </section>
      </div>
      <h2>Credits by app this month</h2>
      <div data-testid="usage-chart">{usage.data ? <UsageChart groups={groups} /> : usage.isPending ? <Loading what="usage" /> : null}</div>
      <h2>Recent jobs</h2>
      {jobs.isPending ? <Loading what="jobs" /> : jobs.isError ? <p role="alert">{problemOf(jobs.error).message}</p> : jobs.data.data.length === 0 ? <Empty>No jobs yet. <Link to="/playground/carousel">Try the playground</Link>.</Empty> : (
        <ul data-testid="recent-jobs">
          {jobs.data.data.map((j) => (
            <li key={j.id}>
              <Link to={`/jobs/${j.id}`}>{j.object} {j.id}</Link> <StatusBadge status={j.status} /> <span className="muted">{formatDate(j.created_at)}</span>
            </li>
          ))}
        </ul>
      )}
      <h2>Failing webhook endpoints</h2>
      {endpoints.isPending ? <Loading what="webhook endpoints" /> : failing.length === 0 ? <Empty>None: every endpoint is delivering.</Empty> : (
        <ul>
          {failing.map((e) => (
            <li key={e.id}>
              <Link to="/webhooks">{e.url}</Link> — {e.disabled_reason ?? 'disabled'}
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
