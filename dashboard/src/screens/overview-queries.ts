import type { Account, Job, Lumiku, WebhookEndpoint } from '@lumiku/sdk';
import type { ListOf } from '../api';

export interface UsageGroup { group: string; credits_charged: number; jobs: number }
export interface Usage { totals: { credits_charged: number; jobs: number }; data: { groups?: UsageGroup[] }[] }

/**
 * The overview's requests, all independent (one round in parallel). Shared by the screen and by
 * main.tsx, which starts them as the script starts when the organization is remembered; a few
 * seconds fresh, so the screen mounting just after does not ask again.
 */
export function overviewQueries(client: Lumiku, key: (...parts: unknown[]) => unknown[]) {
  const now = new Date();
  const monthStart = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1)).toISOString();
  const staleTime = 5_000;
  return [
    { queryKey: key('account'), queryFn: () => client.account.retrieve() as Promise<Account>, staleTime },
    { queryKey: key('usage', 'month', monthStart), queryFn: () => client.core.request<Usage>({ method: 'GET', path: '/v1/usage', query: { from: monthStart, granularity: 'month', group_by: 'app' } }), staleTime },
    { queryKey: key('jobs', 'recent'), queryFn: () => client.core.request<ListOf<Job>>({ method: 'GET', path: '/v1/jobs', query: { limit: 5 } }), staleTime },
    { queryKey: key('webhook_endpoints'), queryFn: () => client.core.request<ListOf<WebhookEndpoint>>({ method: 'GET', path: '/v1/webhook_endpoints', query: { limit: 100 } }), staleTime },
  ] as const;
}
