import { useEffect, useMemo, useState } from 'react';
import { Link } from 'react-router';
import { useQuery } from '@tanstack/react-query';
import type { Avatar, Job, Pose, PoseCategory } from '@lumiku/sdk';
import { problemOf, type ListOf, type ShownProblem } from '../api';
import { useSession } from '../session';
import { Empty, ProblemMessage, QueryView } from '../ui';
import { CopyAsCode, JobRun, useDebounced, type Quote } from './playground-run';

const PATH = '/v1/pose_generations';

/** A small error line under a group, named for it (aria-describedby). */
const FieldError = ({ id, message }: { id: string; message: string | undefined }) =>
  message ? (
    <small id={id} className="field-error" role="alert">
      {message}
    </small>
  ) : null;

/** The pose's skeleton (`GET /v1/poses/{id}/preview`), fetched with the session's headers and shown from a blob. */
function PosePreview({ pose }: { pose: Pose }) {
  const { client } = useSession();
  const preview = useQuery({
    queryKey: ['pose-preview', pose.id],
    queryFn: async ({ signal }) => URL.createObjectURL(await (await client.poses.preview(pose.id, { width: 160 }, { signal })).blob()),
    staleTime: Infinity,
    gcTime: 10 * 60_000,
  });
  if (preview.data) return <img src={preview.data} alt="" width={56} height={56} className="pose-preview" />;
  return <span className="pose-preview pose-preview-empty" aria-hidden="true">{preview.isError ? '×' : '…'}</span>;
}

/** The organization's avatars as a radio group (arrow keys move, the thumbnail beside each name). */
function AvatarPicker({ value, onChange, error }: { value: string; onChange: (id: string) => void; error: string | undefined }) {
  const { client, key } = useSession();
  const avatars = useQuery({
    queryKey: key('avatars', 'picker'),
    queryFn: () => client.core.request<ListOf<Avatar>>({ method: 'GET', path: '/v1/avatars', query: { limit: 100 } }),
    // An avatar still being made: look again until it is ready.
    refetchInterval: (q) => (q.state.data?.data.some((a) => a.status === 'queued' || a.status === 'processing') ? 2000 : false),
  });
  return (
    <fieldset aria-describedby={error ? 'avatar-error' : undefined} data-testid="avatar-picker">
      <legend>Avatar</legend>
      <QueryView query={avatars} what="your avatars">
        {(list) =>
          list.data.length === 0 ? (
            <Empty>
              No avatars yet. <Link to="/playground/avatar">Make one in the avatar playground</Link>.
            </Empty>
          ) : (
            <div className="picker" role="radiogroup" aria-label="Avatar" aria-invalid={error ? true : undefined}>
              {list.data.map((a) => {
                const ready = a.status === 'succeeded';
                return (
                  <label key={a.id} className={`pick${value === a.id ? ' picked' : ''}`}>
                    <input type="radio" name="avatar" value={a.id} checked={value === a.id} disabled={!ready} onChange={() => onChange(a.id)} />
                    {a.thumbnail ? <img src={a.thumbnail.url} alt="" width={56} height={56} /> : <span className="pose-preview pose-preview-empty" aria-hidden="true" />}
                    <span>
                      {a.name} {!ready && <span className="muted">({a.status})</span>}
                    </span>
                  </label>
                );
              })}
            </div>
          )
        }
      </QueryView>
      <FieldError id="avatar-error" message={error} />
    </fieldset>
  );
}

/** The pose library, filtered by category, each with its preview; several may be chosen (checkbox group). */
function PosePicker({ value, onChange, error }: { value: string[]; onChange: (ids: string[]) => void; error: string | undefined }) {
  const { client } = useSession();
  const [category, setCategory] = useState('');
  const categories = useQuery({ queryKey: ['pose_categories'], queryFn: () => client.core.request<ListOf<PoseCategory>>({ method: 'GET', path: '/v1/pose_categories' }), staleTime: 10 * 60_000 });
  const poses = useQuery({
    queryKey: ['poses', category],
    queryFn: () => client.core.request<ListOf<Pose>>({ method: 'GET', path: '/v1/poses', query: { limit: 100, category: category || undefined } }),
    staleTime: 10 * 60_000,
  });
  const toggle = (id: string) => onChange(value.includes(id) ? value.filter((p) => p !== id) : [...value, id]);
  return (
    <fieldset aria-describedby={error ? 'poses-error' : undefined} data-testid="pose-picker">
      <legend>Poses ({value.length} chosen)</legend>
      <div className="field">
        <label htmlFor="pose-category">Category</label>
        <select id="pose-category" value={category} onChange={(e) => setCategory(e.target.value)}>
          <option value="">All categories</option>
          {categories.data?.data.map((c) => (
            <option key={c.id} value={c.id}>
              {c.name} ({c.count})
            </option>
          ))}
        </select>
      </div>
      <QueryView query={poses} what="poses">
        {(list) =>
          list.data.length === 0 ? (
            <Empty>No poses in this category.</Empty>
          ) : (
            <div className="picker" role="group" aria-label="Poses">
              {list.data.map((p) => (
                <label key={p.id} className={`pick${value.includes(p.id) ? ' picked' : ''}`} title={p.description}>
                  <input type="checkbox" name="poses" value={p.id} checked={value.includes(p.id)} onChange={() => toggle(p.id)} />
                  <PosePreview pose={p} />
                  <span>{p.name}</span>
                </label>
              ))}
            </div>
          )
        }
      </QueryView>
      <FieldError id="poses-error" message={error} />
    </fieldset>
  );
}

/** The pose generation playground: an avatar, poses from the library, variations and background; priced live. */
export function PoseGeneration() {
  const { client, organization, mode } = useSession();
  const [avatar, setAvatar] = useState('');
  const [poses, setPoses] = useState<string[]>([]);
  const [variations, setVariations] = useState(1);
  const [background, setBackground] = useState<'keep' | 'color'>('keep');
  const [color, setColor] = useState('#F5F0E6');
  const [quote, setQuote] = useState<Quote | null>(null);
  const [quoteProblem, setQuoteProblem] = useState<ShownProblem | null>(null);
  const [createProblem, setCreateProblem] = useState<ShownProblem | null>(null);
  const storageKey = `lumiku.playground.pose_generation.${organization.id}.${mode}`;
  const [jobId, setJobId] = useState<string | null>(() => sessionStorage.getItem(storageKey));
  const [busy, setBusy] = useState(false);

  const body = useMemo(
    () => ({ avatar_id: avatar, poses, variations, background, ...(background === 'color' ? { background_color: color } : {}) }),
    [avatar, poses, variations, background, color],
  );
  const debounced = useDebounced(body, 400);
  const ready = debounced.avatar_id !== '' && debounced.poses.length > 0;
  useEffect(() => {
    if (!ready) {
      setQuote(null);
      return;
    }
    let stale = false;
    client.core.request<Quote>({ method: 'POST', path: PATH, query: { dry_run: true }, body: debounced }).then(
      (q) => !stale && (setQuote(q), setQuoteProblem(null)),
      (err) => !stale && (setQuote(null), setQuoteProblem(problemOf(err))),
    );
    return () => {
      stale = true;
    };
  }, [client, debounced, ready]);

  const create = async () => {
    setBusy(true);
    setCreateProblem(null);
    try {
      const job = await client.core.request<Job>({ method: 'POST', path: PATH, body });
      sessionStorage.setItem(storageKey, job.id);
      setJobId(job.id);
    } catch (err) {
      setCreateProblem(problemOf(err));
    } finally {
      setBusy(false);
    }
  };
  const fieldError = (path: string) => createProblem?.fields[path] ?? quoteProblem?.fields[path];
  const named = (p: ShownProblem | null) => p && Object.keys(p.fields).some((f) => ['avatar_id', 'poses', 'variations', 'background_color'].includes(f.replace(/\[\d+\]$/, '')));

  return (
    <>
      <form onSubmit={(e) => (e.preventDefault(), void create())} aria-label="Pose generation">
        <AvatarPicker value={avatar} onChange={setAvatar} error={fieldError('avatar_id')} />
        <PosePicker value={poses} onChange={setPoses} error={fieldError('poses') ?? Object.entries(createProblem?.fields ?? quoteProblem?.fields ?? {}).find(([p]) => p.startsWith('poses['))?.[1]} />
        <div className="row">
          <div className="field">
            <label htmlFor="variations">Variations per pose</label>
            <input id="variations" type="number" min={1} max={10} value={variations} onChange={(e) => setVariations(Number(e.target.value) || 1)} aria-invalid={fieldError('variations') ? true : undefined} aria-describedby={fieldError('variations') ? 'variations-error' : undefined} />
            <FieldError id="variations-error" message={fieldError('variations')} />
          </div>
          <div className="field">
            <label htmlFor="background">Background</label>
            <select id="background" value={background} onChange={(e) => setBackground(e.target.value as 'keep' | 'color')}>
              <option value="keep">As the model makes it</option>
              <option value="color">A plain colour</option>
            </select>
          </div>
          {background === 'color' && (
            <div className="field">
              <label htmlFor="background-color">Background colour</label>
              <input id="background-color" type="color" value={color} onChange={(e) => setColor(e.target.value.toUpperCase())} />
              <FieldError id="background-color-error" message={fieldError('background_color')} />
            </div>
          )}
        </div>
        <p role="status" aria-live="polite" data-testid="price">
          {quote ? (quote.free ? `Price: ${quote.total} credits (free in test mode)` : `Price: ${quote.total} credits`) : ready ? (quoteProblem ? '' : 'Pricing…') : 'Choose an avatar and at least one pose to see the price.'}
        </p>
        <ProblemMessage problem={quoteProblem && !named(quoteProblem) ? quoteProblem : null} />
        <ProblemMessage problem={createProblem && !named(createProblem) ? createProblem : null} />
        <button type="submit" disabled={!ready || busy}>
          {busy ? 'Creating…' : 'Create pose generation'}
        </button>
      </form>
      {jobId && <JobRun app="pose_generation" jobId={jobId} />}
      <CopyAsCode path={PATH} property="poseGenerations" body={body} />
    </>
  );
}
