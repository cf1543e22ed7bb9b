import { useEffect, useMemo, useRef, useState } from 'react';
import { Link, useParams } from 'react-router';
import type { Job } from '@lumiku/sdk';
import { problemOf, type ShownProblem } from '../api';
import { useSession } from '../session';
import { uploadWithProgress, type UploadedFile } from '../upload';
import { PageTitle, ProblemMessage } from '../ui';
import { CopyAsCode, JobRun, useDebounced, type Quote } from './playground-run';
import { PoseGeneration } from './PoseGeneration';

/** The apps of the API (the SDK's registry, generated from the spec): path of each resource. */
const APPS: Record<string, string> = {
  carousel: '/v1/carousels',
  video_mix: '/v1/video_mixes',
  loop: '/v1/loops',
  avatar: '/v1/avatars',
  pose_generation: '/v1/pose_generations',
  reformat: '/v1/reformats',
};

interface Slot { key: string; name: string; progress: number; file?: UploadedFile; error?: string; source: File }

function Carousel() {
  const { client, organization, mode, session } = useSession();
  const [slides, setSlides] = useState<{ slots: Slot[]; texts: string }[]>([{ slots: [], texts: '' }, { slots: [], texts: '' }]);
  const [sets, setSets] = useState(1);
  const [aspect, setAspect] = useState('4:5');
  const [quote, setQuote] = useState<Quote | null>(null);
  const [quoteProblem, setQuoteProblem] = useState<ShownProblem | null>(null);
  const [createProblem, setCreateProblem] = useState<ShownProblem | null>(null);
  const storageKey = `lumiku.playground.carousel.${organization.id}.${mode}`;
  const [jobId, setJobId] = useState<string | null>(() => sessionStorage.getItem(storageKey));
  const [busy, setBusy] = useState(false);
  const counter = useRef(0);

  const body = useMemo(
    () => ({
      slides: slides.map((s) => ({ images: s.slots.filter((x) => x.file).map((x) => x.file!.id), ...(s.texts.trim() ? { texts: s.texts.split('\n').filter((t) => t.trim()) } : {}) })),
      sets,
      aspect_ratio: aspect,
    }),
    [slides, sets, aspect],
  );
  const debounced = useDebounced(body, 400);
  const ready = debounced.slides.every((s) => s.images.length > 0);
  useEffect(() => {
    if (!ready) {
      setQuote(null);
      return;
    }
    let stale = false;
    client.core.request<Quote>({ method: 'POST', path: '/v1/carousels', query: { dry_run: true }, body: debounced }).then(
      (q) => !stale && (setQuote(q), setQuoteProblem(null)),
      (err) => !stale && setQuoteProblem(problemOf(err)),
    );
    return () => {
      stale = true;
    };
  }, [client, debounced, ready]);

  const upload = (slideIndex: number, slot: Slot) => {
    const update = (patch: Partial<Slot>) => setSlides((cur) => cur.map((s, i) => (i !== slideIndex ? s : { ...s, slots: s.slots.map((x) => (x.key === slot.key ? { ...x, ...patch } : x)) })));
    update({ error: undefined, progress: 0 });
    uploadWithProgress(slot.source, { organization: organization.id, mode, csrfToken: session.csrf_token }, (p) => update({ progress: p })).then(
      (file) => update({ file, progress: 1 }),
      (err) => update({ error: problemOf(err).message }),
    );
  };
  const addFiles = (slideIndex: number, files: FileList | null) => {
    if (!files) return;
    const added = [...files].map((f) => ({ key: `f${counter.current++}`, name: f.name, progress: 0, source: f }));
    setSlides((cur) => cur.map((s, i) => (i === slideIndex ? { ...s, slots: [...s.slots, ...added] } : s)));
    for (const slot of added) upload(slideIndex, slot);
  };
  const create = async () => {
    setBusy(true);
    setCreateProblem(null);
    try {
      const job = await client.carousels.create(body as never);
      sessionStorage.setItem(storageKey, job.id);
      setJobId(job.id);
    } catch (err) {
      setCreateProblem(problemOf(err));
    } finally {
      setBusy(false);
    }
  };
  const fieldError = (path: string) => createProblem?.fields[path] ?? quoteProblem?.fields[path];

  return (
    <>
      <form onSubmit={(e) => (e.preventDefault(), void create())} aria-label="Carousel">
        {slides.map((slide, i) => (
          <fieldset key={i}>
            <legend>Slide {i + 1}</legend>
            <div className="field">
              <label htmlFor={`images-${i}`}>Images for slide {i + 1}</label>
              <input id={`images-${i}`} type="file" accept="image/*" multiple onChange={(e) => addFiles(i, e.target.files)} aria-describedby={fieldError(`slides[${i}].images`) ? `images-${i}-error` : undefined} />
              {fieldError(`slides[${i}].images`) && (
                <small id={`images-${i}-error`} className="field-error" role="alert">
                  {fieldError(`slides[${i}].images`)}
                </small>
              )}
            </div>
            <ul className="uploads">
              {slide.slots.map((slot) => (
                <li key={slot.key}>
                  <label>
                    {slot.name} <progress max={1} value={slot.progress} aria-label={`Upload of ${slot.name}`} />
                  </label>{' '}
                  {slot.file ? <span className="muted">uploaded</span> : null}
                  {slot.error && (
                    <>
                      <span className="field-error" role="alert">{slot.error}</span>{' '}
                      <button type="button" className="link" onClick={() => upload(i, slot)}>
                        Retry
                      </button>
                    </>
                  )}
                </li>
              ))}
            </ul>
            <div className="field">
              <label htmlFor={`texts-${i}`}>Texts for slide {i + 1} (one per line, optional)</label>
              <textarea id={`texts-${i}`} rows={2} value={slide.texts} onChange={(e) => setSlides((cur) => cur.map((s, j) => (j === i ? { ...s, texts: e.target.value } : s)))} />
            </div>
          </fieldset>
        ))}
        <div className="row">
          <button type="button" className="secondary" disabled={slides.length >= 10} onClick={() => setSlides((cur) => [...cur, { slots: [], texts: '' }])}>
            Add a slide
          </button>
        </div>
        <div className="row">
          <div className="field">
            <label htmlFor="sets">Sets</label>
            <input id="sets" type="number" min={1} max={100} value={sets} onChange={(e) => setSets(Number(e.target.value) || 1)} />
            {fieldError('sets') && <small className="field-error" role="alert">{fieldError('sets')}</small>}
          </div>
          <div className="field">
            <label htmlFor="aspect">Aspect ratio</label>
            <select id="aspect" value={aspect} onChange={(e) => setAspect(e.target.value)}>
              <option value="1:1">1:1 (1080×1080)</option>
              <option value="4:5">4:5 (1080×1350)</option>
              <option value="9:16">9:16 (1080×1920)</option>
            </select>
          </div>
        </div>
        <p role="status" aria-live="polite" data-testid="price">
          {quote ? (quote.free ? `Price: ${quote.total} credits (free in test mode)` : `Price: ${quote.total} credits`) : ready ? 'Pricing…' : 'Add at least one image to every slide to see the price.'}
        </p>
        <ProblemMessage problem={quoteProblem && !Object.keys(quoteProblem.fields).length ? quoteProblem : null} />
        <ProblemMessage problem={createProblem} />
        <button type="submit" disabled={!ready || busy}>
          {busy ? 'Creating…' : 'Create carousel'}
        </button>
      </form>
      {jobId && <JobRun app="carousel" jobId={jobId} />}
      <CopyAsCode path="/v1/carousels" property="carousels" body={body} />
    </>
  );
}

/** Any other app: its JSON body (see the API reference), priced live and created the same way. */
function GenericApp({ app }: { app: string }) {
  const { client, organization, mode } = useSession();
  const path = APPS[app];
  const [text, setText] = useState('{\n  \n}');
  const [quote, setQuote] = useState<Quote | null>(null);
  const [problem, setProblem] = useState<ShownProblem | null>(null);
  const storageKey = `lumiku.playground.${app}.${organization.id}.${mode}`;
  const [jobId, setJobId] = useState<string | null>(() => sessionStorage.getItem(storageKey));
  const debounced = useDebounced(text, 500);
  let parsed: unknown;
  try {
    parsed = JSON.parse(debounced);
  } catch {
    parsed = undefined;
  }
  useEffect(() => {
    if (parsed === undefined) return;
    let stale = false;
    client.core.request<Quote>({ method: 'POST', path, query: { dry_run: true }, body: parsed }).then((q) => !stale && (setQuote(q), setProblem(null)), (err) => !stale && (setQuote(null), setProblem(problemOf(err))));
    return () => {
      stale = true;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [client, debounced, path]);
  return (
    <>
      <div className="field">
        <label htmlFor="body">Request body (JSON)</label>
        <textarea id="body" rows={10} value={text} onChange={(e) => setText(e.target.value)} />
      </div>
      {problem && (
        <div className="problem" role="alert">
          {problem.message}
          <ul>
            {Object.entries(problem.fields).map(([p, m]) => (
              <li key={p}>
                <code>{p}</code>: {m}
              </li>
            ))}
          </ul>
        </div>
      )}
      <p role="status">{quote ? `Price: ${quote.total} credits` : parsed === undefined ? 'The body is not valid JSON yet.' : ''}</p>
      <button
        type="button"
        disabled={!quote}
        onClick={() =>
          void client.core.request<Job>({ method: 'POST', path, body: parsed }).then((job) => (sessionStorage.setItem(storageKey, job.id), setJobId(job.id)), (err) => setProblem(problemOf(err)))
        }
      >
        Create
      </button>
      {jobId && <JobRun app={app} jobId={jobId} />}
      {parsed !== undefined && <CopyAsCode path={path} property={app.replace(/_(.)/g, (_, c: string) => c.toUpperCase()) + 's'} body={parsed} />}
    </>
  );
}

export default function Playground() {
  const { app = 'carousel' } = useParams();
  return (
    <>
      <PageTitle>Playground</PageTitle>
      <nav aria-label="Apps" className="row">
        {Object.keys(APPS).map((a) => (
          <Link key={a} to={`/playground/${a}`} aria-current={a === app ? 'page' : undefined} className={a === app ? 'button' : 'button secondary'}>
            {a.replace('_', ' ')}
          </Link>
        ))}
      </nav>
      <h2>{app.replace('_', ' ')}</h2>
      {!APPS[app] ? <p>There is no app named {app}.</p> : app === 'carousel' ? <Carousel /> : app === 'pose_generation' ? <PoseGeneration /> : <GenericApp key={app} app={app} />}
    </>
  );
}
