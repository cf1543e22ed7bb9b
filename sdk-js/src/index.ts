// The client: `new Lumiku({ apiKey })` with one property per resource (src/lib, hand-written).
// The generated function per operation is at `@lumiku/sdk/raw` (src/raw.ts).
export { Lumiku, Lumiku as default, type AppResources } from './lib/client.js';
export { Core, type ClientOptions, type SessionOptions, type Fetch, type FetchInit, type RequestBody, type RequestOptions } from './lib/core.js';
export { VERSION } from './version.js';
export { APIPromise, type APIResponse, type RateLimit } from './lib/api-promise.js';
export type { Logger, LogLevel } from './lib/logger.js';
export type { Input } from './lib/input.js';
export * from './lib/errors.js';
export { Page, PagePromise, type ListEnvelope, type ListParams } from './lib/pagination.js';
export { JobReader, JobResource, isTerminal, TERMINAL_STATUSES, type JobListParams, type StreamOptions, type WaitOptions } from './lib/jobs.js';
export { AccountResource, ApiKeys, Avatars, CreditTransactions, Events, Files, Jobs, Models, Poses, Prices, WebhookEndpoints, Webhooks, type EventListParams, type JobsListParams, type PoseListParams } from './lib/resources.js';
export type { Uploadable, UploadOptions, UploadProgress } from './lib/uploads.js';
export { sign as signWebhook, unwrap as unwrapWebhook, DEFAULT_TOLERANCE_SECONDS, type UnwrapOptions, type WebhookHeaders } from './lib/webhooks.js';
// Event types per app and status, derived from the generated `JobEvent`, `CreditsLowEvent`, ….
export type { AppJobEvent, AppObject, AppOf, EventType, JobEventType, JobProgressUpdate, JobStreamEvent, LumikuEvent } from './lib/events.js';

// Every request and response type of the spec by schema name (`VideoMix`, `Account`, `Problem`, …).
export type * from './gen/types.gen.js';
