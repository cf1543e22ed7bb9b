import type { ReactNode } from 'react';
import { NavLink } from 'react-router';
import { useSession } from './session';

const NAV: [string, string][] = [
  ['/', 'Overview'],
  ['/playground/carousel', 'Playground'],
  ['/jobs', 'Jobs'],
  ['/files', 'Files'],
  ['/api_keys', 'API keys'],
  ['/webhooks', 'Webhooks'],
  ['/events', 'Events'],
  ['/members', 'Members'],
  ['/audit', 'Audit log'],
  ['/billing', 'Billing'],
];

/** The chrome: organization switcher, the always-visible test/live switch (test mode colours it), navigation. */
export function Shell({ children }: { children: ReactNode }) {
  const { session, organization, mode, setOrganization, setMode, signOut } = useSession();
  const test = mode === 'test';
  return (
    <div className={`shell ${test ? 'mode-test' : 'mode-live'}`} data-mode={mode}>
      <a className="skip" href="#main">
        Skip to content
      </a>
      {test && (
        <div className="test-banner" role="note">
          Test mode: you are viewing test data. Test jobs are free and nothing is charged.
        </div>
      )}
      <header className="topbar">
        <span className="brand">Lumiku</span>
        <label className="inline">
          <span className="visually-hidden">Organization</span>
          <select aria-label="Organization" value={organization.id} onChange={(e) => setOrganization(e.target.value)}>
            {session.organizations.map((o) => (
              <option key={o.id} value={o.id}>
                {o.name} ({o.role})
              </option>
            ))}
          </select>
        </label>
        <div className="mode-switch" role="group" aria-label="Mode">
          <button type="button" aria-pressed={test} onClick={() => setMode('test')}>
            Test
          </button>
          <button type="button" aria-pressed={!test} onClick={() => setMode('live')} disabled={!session.user.email_verified} title={session.user.email_verified ? undefined : 'Verify your email to use live mode'}>
            Live
          </button>
        </div>
        <span className="user muted">{session.user.email}</span>
        <button type="button" className="secondary" onClick={() => void signOut()}>
          Sign out
        </button>
      </header>
      <div className="layout">
        <nav aria-label="Main">
          <ul>
            {NAV.map(([to, label]) => (
              <li key={to}>
                <NavLink to={to} end={to === '/'}>
                  {label}
                </NavLink>
              </li>
            ))}
          </ul>
        </nav>
        <main id="main" tabIndex={-1}>
          {children}
        </main>
      </div>
    </div>
  );
}
