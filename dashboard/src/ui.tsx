import { useId, useState, type InputHTMLAttributes, type ReactNode } from 'react';
import type { UseQueryResult } from '@tanstack/react-query';
import { problemOf, type ShownProblem } from './api';

/** A labelled input with the API's words for it (`errors[].path`) right under it. */
export function Field({ label, name, error, hint, ...input }: { label: string; name: string; error?: string | undefined; hint?: string } & InputHTMLAttributes<HTMLInputElement>) {
  const id = useId();
  const described = [error ? `${id}-error` : '', hint ? `${id}-hint` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input id={id} name={name} aria-invalid={error ? true : undefined} aria-describedby={described} {...input} />
      {hint && (
        <small id={`${id}-hint`} className="hint">
          {hint}
        </small>
      )}
      {error && (
        <small id={`${id}-error`} className="field-error" role="alert">
          {error}
        </small>
      )}
    </div>
  );
}

/** The problem's sentence (fields named by the form are shown by their fields). */
export function ProblemMessage({ problem }: { problem: ShownProblem | null | undefined }) {
  if (!problem) return null;
  return (
    <div className="problem" role="alert">
      {problem.message}
    </div>
  );
}

/** Holds the last problem of a form and gives each field its message. */
export function useProblem() {
  const [problem, setProblem] = useState<ShownProblem | null>(null);
  return {
    problem,
    set: (err: unknown) => setProblem(err ? problemOf(err) : null),
    clear: () => setProblem(null),
    field: (path: string) => problem?.fields[path],
  };
}

export const Loading = ({ what }: { what: string }) => (
  <p className="muted" role="status" aria-live="polite">
    Loading {what}…
  </p>
);

export const Empty = ({ children }: { children: ReactNode }) => <p className="empty">{children}</p>;

/** Loading, error (with a retry) or the data. */
export function QueryView<T>({ query, what, children }: { query: UseQueryResult<T>; what: string; children: (data: T) => ReactNode }) {
  if (query.isPending) return <Loading what={what} />;
  if (query.isError)
    return (
      <div className="problem" role="alert">
        Could not load {what}: {problemOf(query.error).message}{' '}
        <button type="button" className="link" onClick={() => void query.refetch()}>
          Try again
        </button>
      </div>
    );
  return <>{children(query.data as T)}</>;
}

export function CopyButton({ text, label = 'Copy' }: { text: string; label?: string }) {
  const [copied, setCopied] = useState(false);
  return (
    <button
      type="button"
      className="secondary"
      onClick={() => {
        void navigator.clipboard?.writeText(text).then(() => setCopied(true), () => setCopied(false));
      }}
    >
      {copied ? 'Copied' : label}
    </button>
  );
}

export function PageTitle({ children, actions }: { children: ReactNode; actions?: ReactNode }) {
  return (
    <div className="page-title">
      <h1>{children}</h1>
      {actions}
    </div>
  );
}

export const StatusBadge = ({ status }: { status: string }) => <span className={`badge badge-${status}`}>{status}</span>;
