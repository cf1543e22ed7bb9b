import type { AppName } from '../jobs/app-contract';
import type { JobStatus } from '../jobs/repository';
import { JOB_APPS } from '../jobs/registry';

/**
 * Every event type the platform sends. Job events are `<app>.<status>` for every registered app
 * (a new app gets its events by being registered), plus account and endpoint events.
 */
export const JOB_EVENT_STATUSES: readonly JobStatus[] = ['queued', 'processing', 'succeeded', 'failed', 'canceled'];
export const OTHER_EVENT_TYPES = ['credits.low', 'webhook_endpoint.disabled', 'payment.succeeded', 'payment.refunded', 'subscription.updated', 'webhook_endpoint.test'] as const;
/** Sent only to the endpoint named by `POST /v1/webhook_endpoints/{id}/send_test_event`, whatever its `event_types`. */
export const TEST_EVENT_TYPE = 'webhook_endpoint.test';

export const jobEventType = (app: AppName | string, status: JobStatus) => `${app}.${status}`;

export function eventTypes(): string[] {
  const jobs = Object.values(JOB_APPS).flatMap((app) => JOB_EVENT_STATUSES.map((s) => jobEventType(app.name, s)));
  return [...jobs, ...OTHER_EVENT_TYPES];
}

export function isEventType(type: string): boolean {
  return eventTypes().includes(type);
}

export const EVENT_ID_PREFIX = 'evt';
/** PostgreSQL NOTIFY channel: the relay wakes when an event commits. */
export const EVENTS_CHANNEL = 'lumiku_events';
