import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import { useQueryClient } from '@tanstack/react-query';
import type { Job } from '@lumiku/sdk';
import { problemOf, type ShownProblem } from '../api';
import { useSession } from '../session';
import { CopyButton, ProblemMessage, StatusBadge } from '../ui';

// What the playground forms share: the debounced body, the price quote, copy as code, the run of a job.

export interface Quote { total: number; free?: boolean; lines?: { amount: number; description: string }[] }

export function useDebounced<T>(value: T, ms: number): T {
  const [v, setV] = useState(value);
  useEffect(() => {
    const t = setTimeout(() => setV(value), ms);
    return () => clearTimeout(t);
  }, [value, ms]);
  return v;
}

/** The request as curl, SDK TypeScript and the JSON body. */
export function CopyAsCode({ path, property, body }: { path: string; property: string; body: unknown }) {
  const json = JSON.stringify(body, null, 2);
  const curl = `curl -X POST ${window.location.origin}${path} \\\n  -H "Authorization: Bearer $LUMIKU_API_KEY" \\\n  -H "Content-Type: application/json" \\\n  -d '${JSON.stringify(body)}'`;
  const ts = `import { Lumiku } from '@lumiku/sdk';\n\nconst lumiku = new Lumiku({ apiKey: process.env.LUMIKU_API_KEY });\nconst job = await lumiku.${property}.createAndWait(${json});`;
  const [tab, setTab] = useState<'curl' | 'ts' | 'json'>('curl');
  const text = tab === 'curl' ? curl : tab === 'ts' ? ts : json;
  return (
    <section aria-labelledby="code-h">
      <h2 id="code-h">Copy as code</h2>
      <div className="row" role="group" aria-label="Code format">
        {(['curl', 'ts', 'json'] as const).map((t) => (
          <button key={t} type="button" className="secondary" aria-pressed={tab === t} onClick={() => setTab(t)}>
            {t === 'ts' ? 'TypeScript' : t === 'json' ? 'JSON body' : 'curl'}
          </button>
        ))}
        <CopyButton text={text} />
      </div>
      <pre data-testid={`code-${tab}`}>{text}</pre>
    </section>
  );
}

/** Live progress from the job's event stream, then the results. Survives leaving and coming back (the job id is kept per app). */
export function JobRun({ app, jobId }: { app: string; jobId: string }) {
  const { client, key } = useSession();
  const queryClient = useQueryClient();
  const [job, setJob] = useState<Job | null>(null);
  const [progress, setProgress] = useState<{ fraction: number; stage: string } | null>(null);
  const [problem, setProblem] = useState<ShownProblem | null>(null);
  useEffect(() => {
    const abort = new AbortController();
    (async () => {
      try {
        const first = await client.core.request<Job>({ method: 'GET', path: `/v1/jobs/${jobId}` });
        setJob(first);
        if (!['succeeded', 'failed', 'canceled'].includes(first.status)) {
          for await (const ev of client.jobs.stream(jobId, { signal: abort.signal })) {
            if (ev.event === 'progress') setProgress(ev.data as { fraction: number; stage: string });
            else setJob(((ev.data as { data: { object: Job } }).data.object) ?? null);
          }
          setJob(await client.core.request<Job>({ method: 'GET', path: `/v1/jobs/${jobId}` }));
        }
        void queryClient.invalidateQueries({ queryKey: key('jobs') });
      } catch (err) {
        if (!abort.signal.aborted) setProblem(problemOf(err));
      }
    })();
    return () => abort.abort();
  }, [client, jobId, key, queryClient]);
  const slides = job?.outputs.filter((o) => o.role === 'slide') ?? [];
  const zip = job?.outputs.find((o) => o.role === 'zip');
  const others = job?.outputs.filter((o) => o.role !== 'slide' && o.role !== 'zip') ?? [];
  return (
    <section aria-labelledby="run-h" data-testid="job-run">
      <h2 id="run-h">
        Job <Link to={`/jobs/${jobId}`}>{jobId}</Link> {job && <StatusBadge status={job.status} />}
      </h2>
      <ProblemMessage problem={problem} />
      {job && !['succeeded', 'failed', 'canceled'].includes(job.status) && (
        <div role="status" aria-live="polite">
          <label>
            {progress?.stage ?? job.progress.stage} <progress max={1} value={progress?.fraction ?? job.progress.fraction} />
          </label>
        </div>
      )}
      {job?.error && <p role="alert">The job failed: {job.error.message}</p>}
      {slides.length > 0 && (
        <>
          <h3>Slides</h3>
          <div className="grid-images" data-testid="slides">
            {slides.map((o) => (
              <img key={o.file_id} src={o.url} alt={`Set ${(o.index ?? 0) + 1}, slide ${(o.position ?? 0) + 1}`} loading="lazy" width={160} />
            ))}
          </div>
        </>
      )}
      {others.map((o) =>
        o.content_type.startsWith('video/') ? <video key={o.file_id} src={o.url} controls width={320} aria-label={o.filename} /> : o.content_type.startsWith('image/') ? <img key={o.file_id} src={o.url} alt={o.filename} width={160} /> : <a key={o.file_id} href={o.url}>{o.filename}</a>,
      )}
      {zip && (
        <p>
          <a className="button" href={zip.url} download>
            Download ZIP
          </a>
        </p>
      )}
    </section>
  );
}

