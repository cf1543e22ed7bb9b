/**
 * Event types, derived from the generated ones (`src/gen`): the spec describes one `JobEvent` whose
 * `data.object` is any job, `CreditsLowEvent` and `WebhookEndpointDisabledEvent`. Here the job
 * event is split per app and status, so that `event.type === 'avatar.succeeded'` narrows
 * `event.data.object` to an `Avatar` whose `status` is `'succeeded'`.
 */
import type { AppObjects } from '../gen/apps.gen.js';
import type { AppName, CreditsLowEvent, Job, JobEvent, JobProgress, JobStatus, WebhookEndpointDisabledEvent } from '../gen/types.gen.js';

/**
 * What each app's events carry in `data.object`: the job exactly as `GET /v1/<app>/{id}` returns it
 * (the map of apps to their resources is generated from the spec: src/gen/apps.gen.ts).
 */
export type AppObject<A extends AppName> = A extends keyof AppObjects ? AppObjects[A] : Omit<Job, 'object'> & { object: A };

/** `<app>.<status>` for one app and status, e.g. `video_mix.succeeded`. */
export type AppJobEvent<A extends AppName = AppName, S extends JobStatus = JobStatus> = A extends AppName
  ? S extends JobStatus
    ? Omit<JobEvent, 'type' | 'data'> & { type: `${A}.${S}`; data: { object: AppObject<A> & { status: S } } }
    : never
  : never;

/** Any event, as `GET /v1/events` lists it and as webhooks deliver it; `type` says which. */
export type LumikuEvent = AppJobEvent | CreditsLowEvent | WebhookEndpointDisabledEvent;

/** Every event type: `<app>.<status>` for each app, `credits.low` and `webhook_endpoint.disabled`. */
export type EventType = LumikuEvent['type'];

/** The job event types (`<app>.<status>`). */
export type JobEventType = AppJobEvent['type'];

/** A `progress` message of a job's event stream (at most two a second while it runs). */
export type JobProgressUpdate = JobProgress & { job_id: string };

/**
 * One server-sent event of `GET /v1/jobs/{id}/events`: a state change of the job (`event` is its
 * type, `data` the event object webhooks carry) or a `progress` update. `id` is the last state-change event id:
 * pass it as `lastEventId` to resume after it. `A` is the app: `lumiku.videoMixes.stream()` yields
 * `JobStreamEvent<'video_mix'>` (only `video_mix.*` events, whose `data.data.object` is a `VideoMix`);
 * `lumiku.jobs.stream()` any app's.
 */
export type JobStreamEvent<A extends AppName = AppName> =
  | { id: string | undefined; event: 'progress'; data: JobProgressUpdate }
  | (AppJobEvent<A> extends infer E ? (E extends AppJobEvent ? { id: string | undefined; event: E['type']; data: E } : never) : never);

/** The app of a job type: its `object` (`VideoMix` → `'video_mix'`), or any app for the generic `Job`. */
export type AppOf<TJob> = TJob extends { object: infer O } ? (O extends AppName ? O : AppName) : AppName;
