import { useEffect, useState, type FormEvent, type ReactNode } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { useQueryClient } from '@tanstack/react-query';
import { authClient } from '../api';
import { SESSION_KEY, useAuthSession, type AuthSession } from '../session';
import { CopyButton, Field, ProblemMessage, useProblem } from '../ui';

const tokenFromHash = () => new URLSearchParams(window.location.hash.slice(1)).get('token') ?? '';
const form = (e: FormEvent<HTMLFormElement>) => Object.fromEntries(new FormData(e.currentTarget)) as Record<string, string>;

function AuthCard({ title, children }: { title: string; children: ReactNode }) {
  return (
    <main className="auth" id="main">
      <p className="brand">Lumiku</p>
      <h1>{title}</h1>
      {children}
    </main>
  );
}

export function SignIn() {
  const problem = useProblem();
  const [busy, setBusy] = useState(false);
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const queryClient = useQueryClient();
  const onSubmit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const body = form(e);
    setBusy(true);
    problem.clear();
    try {
      const session = await authClient().core.request<AuthSession>({ method: 'POST', path: '/auth/login', body: { email: body.email, password: body.password } });
      queryClient.setQueryData(SESSION_KEY, session);
      const next = params.get('next');
      navigate(next && next.startsWith('/') && !next.startsWith('//') ? next : '/', { replace: true });
    } catch (err) {
      problem.set(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <AuthCard title="Sign in">
      <form onSubmit={onSubmit} noValidate>
        <ProblemMessage problem={problem.problem} />
        <Field label="Email" name="email" type="email" autoComplete="email" required error={problem.field('email')} />
        <Field label="Password" name="password" type="password" autoComplete="current-password" required error={problem.field('password')} />
        <button type="submit" disabled={busy}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
      <p>
        <Link to="/signup">Create an account</Link> · <Link to="/password_reset">Forgot your password?</Link>
      </p>
    </AuthCard>
  );
}

export function SignUp() {
  const problem = useProblem();
  const [sent, setSent] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const onSubmit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const body = form(e);
    setBusy(true);
    problem.clear();
    try {
      const out = await authClient().core.request<{ message: string }>({
        method: 'POST',
        path: '/auth/signup',
        body: { email: body.email, password: body.password, name: body.name, ...(body.organization_name ? { organization_name: body.organization_name } : {}) },
      });
      setSent(out.message);
    } catch (err) {
      problem.set(err);
    } finally {
      setBusy(false);
    }
  };
  if (sent)
    return (
      <AuthCard title="Check your inbox">
        <p role="status">{sent}</p>
        <p>
          <Link to="/signin">Sign in</Link>
        </p>
      </AuthCard>
    );
  return (
    <AuthCard title="Create your account">
      <form onSubmit={onSubmit} noValidate>
        <ProblemMessage problem={problem.problem} />
        <Field label="Your name" name="name" autoComplete="name" required error={problem.field('name')} />
        <Field label="Email" name="email" type="email" autoComplete="email" required error={problem.field('email')} />
        <Field label="Password" name="password" type="password" autoComplete="new-password" required hint="At least 10 characters, not a common password." error={problem.field('password')} />
        <Field label="Organization name (optional)" name="organization_name" autoComplete="organization" error={problem.field('organization_name')} />
        <button type="submit" disabled={busy}>
          {busy ? 'Creating…' : 'Create account'}
        </button>
      </form>
      <p>
        Have an account? <Link to="/signin">Sign in</Link>
      </p>
    </AuthCard>
  );
}

interface Verification {
  email: string;
  verified: boolean;
  test_api_key: { id: string; secret: string } | null;
}

export function VerifyEmail() {
  const problem = useProblem();
  const [done, setDone] = useState<Verification | null>(null);
  const queryClient = useQueryClient();
  const session = useAuthSession();
  useEffect(() => {
    const token = tokenFromHash();
    if (!token) {
      problem.set(new Error('This link has no token. Open the link from the email again.'));
      return;
    }
    let stale = false;
    authClient()
      .core.request<Verification>({ method: 'POST', path: '/auth/verify_email', body: { token } })
      .then((out) => {
        if (stale) return;
        setDone(out);
        void queryClient.invalidateQueries({ queryKey: SESSION_KEY });
      }, (err) => !stale && problem.set(err));
    return () => {
      stale = true;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  return (
    <AuthCard title="Verify your email">
      <ProblemMessage problem={problem.problem} />
      {!done && !problem.problem && <p role="status">Confirming your address…</p>}
      {done && (
        <div role="status">
          <p>{done.email} is confirmed.</p>
          {done.test_api_key && (
            <>
              <p>Your test API key, shown only this once:</p>
              <p className="secret" data-testid="test-key">
                {done.test_api_key.secret}
              </p>
              <CopyButton text={done.test_api_key.secret} label="Copy key" />
            </>
          )}
          <p>{session.data ? <Link to="/">Go to the dashboard</Link> : <Link to="/signin">Sign in</Link>}</p>
        </div>
      )}
    </AuthCard>
  );
}

export function ResetPassword() {
  const problem = useProblem();
  const [message, setMessage] = useState<string | null>(null);
  const token = tokenFromHash();
  const onSubmit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const body = form(e);
    problem.clear();
    try {
      if (token) {
        await authClient().core.request({ method: 'POST', path: '/auth/password_reset/confirm', body: { token, password: body.password } });
        setMessage('Your password is changed. Every session was signed out: sign in with the new password.');
      } else {
        const out = await authClient().core.request<{ message: string }>({ method: 'POST', path: '/auth/password_reset', body: { email: body.email } });
        setMessage(out.message);
      }
    } catch (err) {
      problem.set(err);
    }
  };
  return (
    <AuthCard title={token ? 'Choose a new password' : 'Reset your password'}>
      {message ? (
        <p role="status">
          {message} <Link to="/signin">Sign in</Link>
        </p>
      ) : (
        <form onSubmit={onSubmit} noValidate>
          <ProblemMessage problem={problem.problem} />
          {token ? (
            <Field label="New password" name="password" type="password" autoComplete="new-password" required error={problem.field('password')} />
          ) : (
            <Field label="Email" name="email" type="email" autoComplete="email" required error={problem.field('email')} />
          )}
          <button type="submit">{token ? 'Set password' : 'Send reset link'}</button>
        </form>
      )}
    </AuthCard>
  );
}

export function AcceptInvitation() {
  const problem = useProblem();
  const session = useAuthSession();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const token = tokenFromHash();
  const onSubmit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const body = form(e);
    problem.clear();
    try {
      const signedIn = session.data;
      const out = await authClient(signedIn?.csrf_token).core.request<AuthSession>({
        method: 'POST',
        path: '/auth/invitations/accept',
        body: signedIn ? { token } : { token, name: body.name, password: body.password },
      });
      queryClient.setQueryData(SESSION_KEY, out);
      navigate('/', { replace: true });
    } catch (err) {
      problem.set(err);
    }
  };
  return (
    <AuthCard title="Accept the invitation">
      <form onSubmit={onSubmit} noValidate>
        <ProblemMessage problem={problem.problem} />
        {session.data ? (
          <p>You are signed in as {session.data.user.email}.</p>
        ) : (
          <>
            <p className="muted">New here? Choose your name and a password. Already have an account? <Link to={`/signin?next=${encodeURIComponent('/invitations/accept' + window.location.hash)}`}>Sign in first</Link>.</p>
            <Field label="Your name" name="name" autoComplete="name" error={problem.field('name')} />
            <Field label="Password" name="password" type="password" autoComplete="new-password" error={problem.field('password')} />
          </>
        )}
        <button type="submit">Join the organization</button>
      </form>
    </AuthCard>
  );
}
