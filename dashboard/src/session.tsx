import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { Lumiku } from '@lumiku/sdk';
import { APIError } from '@lumiku/sdk';
import { apiClient, authClient, type Mode } from './api';

export interface SessionOrganization {
  id: string;
  name: string;
  role: string;
}
export interface AuthSession {
  object: 'session';
  user: { id: string; email: string; name: string; email_verified: boolean };
  organizations: SessionOrganization[];
  csrf_token: string;
  expires_at: string;
}

interface SessionValue {
  session: AuthSession;
  organization: SessionOrganization;
  mode: Mode;
  client: Lumiku;
  /** Query keys scoped to the organization and mode, so switching either shows that one's objects. */
  key: (...parts: unknown[]) => unknown[];
  setOrganization(id: string): void;
  setMode(mode: Mode): void;
  signOut(): Promise<void>;
}

const SessionContext = createContext<SessionValue | null>(null);
const channel = typeof BroadcastChannel !== 'undefined' ? new BroadcastChannel('lumiku-session') : null;

export const SESSION_KEY = ['auth', 'session'];

async function readSession(): Promise<AuthSession | null> {
  try {
    return await authClient().core.request<AuthSession>({ method: 'GET', path: '/auth/session' });
  } catch (err) {
    if (err instanceof APIError && err.status === 401) return null;
    throw err;
  }
}
/** Asked for as the script starts, before React renders (the first screen waits on it). */
let firstRead: Promise<AuthSession | null> | undefined = readSession();

/** GET /auth/session: the signed-in person (null when signed out). */
export function useAuthSession() {
  return useQuery({
    queryKey: SESSION_KEY,
    queryFn: () => {
      const first = firstRead;
      firstRead = undefined;
      return first ?? readSession();
    },
    staleTime: 60_000,
    retry: false,
  });
}

const stored = (name: string) => {
  try {
    return localStorage.getItem(name) ?? undefined;
  } catch {
    return undefined;
  }
};
const store = (name: string, value: string) => {
  try {
    localStorage.setItem(name, value);
  } catch {
    /* private mode: the choice lasts for this page only */
  }
};

/** The organization and mode this browser chose last (the organization may no longer be the person's). */
export function rememberedChoice(): { organization: string | undefined; mode: Mode } {
  return { organization: stored('lumiku.organization'), mode: stored('lumiku.mode') === 'live' ? 'live' : 'test' };
}

/** Query keys scoped to the organization and mode (as `useSession().key` makes them). */
export const scopedKey = (organization: string, mode: Mode) => (...parts: unknown[]) => [organization, mode, ...parts];

export function SessionProvider({ session, children }: { session: AuthSession; children: ReactNode }) {
  const queryClient = useQueryClient();
  const [orgId, setOrgId] = useState(() => stored('lumiku.organization'));
  const [mode, setModeState] = useState<Mode>(() => (stored('lumiku.mode') === 'live' ? 'live' : 'test'));
  const organization = session.organizations.find((o) => o.id === orgId) ?? session.organizations[0];

  // Remember the organization in use, so the next visit can ask for its overview before the session answers.
  useEffect(() => {
    if (organization && organization.id !== orgId) store('lumiku.organization', organization.id);
  }, [organization, orgId]);

  // Another tab signed out (or this session was revoked there): read the session again.
  useEffect(() => {
    if (!channel) return;
    const onMessage = () => void queryClient.invalidateQueries({ queryKey: SESSION_KEY });
    channel.addEventListener('message', onMessage);
    return () => channel.removeEventListener('message', onMessage);
  }, [queryClient]);

  const setOrganization = useCallback((id: string) => {
    store('lumiku.organization', id);
    setOrgId(id);
  }, []);
  const setMode = useCallback((next: Mode) => {
    store('lumiku.mode', next);
    setModeState(next);
  }, []);
  const signOut = useCallback(async () => {
    try {
      await authClient(session.csrf_token).core.request({ method: 'POST', path: '/auth/logout' });
    } finally {
      channel?.postMessage('signed-out');
      queryClient.clear();
      await queryClient.invalidateQueries({ queryKey: SESSION_KEY });
    }
  }, [queryClient, session.csrf_token]);

  const value = useMemo<SessionValue | null>(() => {
    if (!organization) return null;
    const client = apiClient(organization.id, mode, session.csrf_token);
    return { session, organization, mode, client, key: scopedKey(organization.id, mode), setOrganization, setMode, signOut };
  }, [session, organization, mode, setOrganization, setMode, signOut]);

  if (!value) return <p role="alert">Your account belongs to no organization. Ask for an invitation.</p>;
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession outside SessionProvider');
  return value;
}
