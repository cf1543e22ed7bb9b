import { StrictMode, Suspense, lazy } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter, Navigate, Route, Routes, useLocation } from 'react-router';
import { MutationCache, QueryCache, QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { APIError } from '@lumiku/sdk';
import { apiClient } from './api';
import { SESSION_KEY, SessionProvider, rememberedChoice, scopedKey, useAuthSession } from './session';
import { overviewQueries } from './screens/overview-queries';
import { Shell } from './Shell';
import { Loading } from './ui';
import './styles.css';

const SignIn = lazy(() => import('./auth/AuthScreens').then((m) => ({ default: m.SignIn })));
const SignUp = lazy(() => import('./auth/AuthScreens').then((m) => ({ default: m.SignUp })));
const VerifyEmail = lazy(() => import('./auth/AuthScreens').then((m) => ({ default: m.VerifyEmail })));
const ResetPassword = lazy(() => import('./auth/AuthScreens').then((m) => ({ default: m.ResetPassword })));
const AcceptInvitation = lazy(() => import('./auth/AuthScreens').then((m) => ({ default: m.AcceptInvitation })));
let overviewModule: typeof import('./screens/Overview') | undefined;
const loadOverview = () => import('./screens/Overview').then((m) => (overviewModule = m));
const LazyOverview = lazy(loadOverview);
/**
 * The overview without suspending when its code is already here: a Suspense boundary that shows its
 * fallback holds the content back (React throttles reveals by ~300 ms), and the data requests would
 * wait for it.
 */
function Overview() {
  const Loaded = overviewModule?.default;
  return Loaded ? <Loaded /> : <LazyOverview />;
}
const Playground = lazy(() => import('./screens/Playground'));
const Jobs = lazy(() => import('./screens/Jobs'));
const JobDetail = lazy(() => import('./screens/JobDetail'));
const Files = lazy(() => import('./screens/Files'));
const ApiKeys = lazy(() => import('./screens/ApiKeys'));
const Webhooks = lazy(() => import('./screens/Webhooks'));
const Events = lazy(() => import('./screens/Events'));
const Members = lazy(() => import('./screens/Members'));
const Audit = lazy(() => import('./screens/Audit'));
const Billing = lazy(() => import('./screens/Billing'));

// A 401 from /v1 (session ended, revoked in another tab): read the session again, which signs this tab out.
const onError = (err: unknown) => {
  if (err instanceof APIError && err.status === 401) void queryClient.invalidateQueries({ queryKey: SESSION_KEY });
};
const queryClient = new QueryClient({
  queryCache: new QueryCache({ onError }),
  mutationCache: new MutationCache({ onError }),
  defaultOptions: { queries: { retry: (n, err) => !(err instanceof APIError && err.status !== undefined && err.status < 500) && n < 1, refetchOnWindowFocus: true } },
});

// The first screen is the overview: its code, and its data for the organization and mode chosen last
// in this browser, are asked for now, in parallel with GET /auth/session (no waterfall behind it).
if (/^\/dashboard\/?$/.test(window.location.pathname)) {
  void loadOverview();
  const { organization, mode } = rememberedChoice();
  if (organization) for (const query of overviewQueries(apiClient(organization, mode, ''), scopedKey(organization, mode))) void queryClient.prefetchQuery(query as Parameters<typeof queryClient.prefetchQuery>[0]);
}

function Protected() {
  const session = useAuthSession();
  const location = useLocation();
  if (session.isPending) return <Loading what="your session" />;
  if (session.isError) return <p role="alert">The API could not be reached. Reload the page to try again.</p>;
  if (!session.data) return <Navigate to={`/signin?next=${encodeURIComponent(location.pathname + location.search)}`} replace />;
  return (
    <SessionProvider session={session.data}>
      <Shell>
        <Suspense fallback={<Loading what="the page" />}>
          <Routes>
            <Route index element={<Overview />} />
            <Route path="playground/:app" element={<Playground />} />
            <Route path="playground" element={<Navigate to="/playground/carousel" replace />} />
            <Route path="jobs" element={<Jobs />} />
            <Route path="jobs/:id" element={<JobDetail />} />
            <Route path="files" element={<Files />} />
            <Route path="api_keys" element={<ApiKeys />} />
            <Route path="webhooks" element={<Webhooks />} />
            <Route path="events" element={<Events />} />
            <Route path="members" element={<Members />} />
            <Route path="audit" element={<Audit />} />
            <Route path="billing" element={<Billing />} />
            <Route path="*" element={<p>This page does not exist.</p>} />
          </Routes>
        </Suspense>
      </Shell>
    </SessionProvider>
  );
}

function App() {
  return (
    <Suspense fallback={<Loading what="the page" />}>
      <Routes>
        <Route path="signin" element={<SignIn />} />
        <Route path="signup" element={<SignUp />} />
        <Route path="verify_email" element={<VerifyEmail />} />
        <Route path="password_reset" element={<ResetPassword />} />
        <Route path="invitations/accept" element={<AcceptInvitation />} />
        <Route path="*" element={<Protected />} />
      </Routes>
    </Suspense>
  );
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <BrowserRouter basename="/dashboard">
        <App />
      </BrowserRouter>
    </QueryClientProvider>
  </StrictMode>,
);
