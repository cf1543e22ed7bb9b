// The client: `new Lumiku({ apiKey })` with one property per resource (src/lib, hand-written).
export { Lumiku, Lumiku as default } from './lib/client.js';
export { Core, type ClientOptions, type RequestOptions, VERSION } from './lib/core.js';
export * from './lib/errors.js';
export { Page, PagePromise, type ListEnvelope, type ListParams } from './lib/pagination.js';
export { JobReader, JobResource, isTerminal, TERMINAL_STATUSES, type JobListParams, type StreamOptions, type WaitOptions } from './lib/jobs.js';
export { AccountResource, ApiKeys, Avatars, CreditTransactions, Events, Files, Jobs, Models, Poses, Prices, WebhookEndpoints, Webhooks, type EventListParams, type JobsListParams, type PoseListParams } from './lib/resources.js';
export type { Uploadable, UploadOptions, UploadProgress } from './lib/uploads.js';
export { sign as signWebhook, unwrap as unwrapWebhook, DEFAULT_TOLERANCE_SECONDS, type UnwrapOptions, type WebhookHeaders } from './lib/webhooks.js';
// Event types per app and status, derived from the generated `JobEvent`, `CreditsLowEvent`, ….
export type { AppJobEvent, AppObject, EventType, JobEventType, JobProgressUpdate, JobStreamEvent, LumikuEvent } from './lib/events.js';

// Generated layer: one function per operation plus the request/response types (src/gen).
export * from './gen/index.js';
// The shared default client the generated functions use when no `client` option is passed.
export { client } from './gen/client.gen.js';
export { createClient, createConfig } from './gen/client/index.js';
export type { Auth, Client, Config, RequestResult, ResponseStyle } from './gen/client/index.js';
export type { RequestOptions as GeneratedRequestOptions } from './gen/client/index.js';

export { createLumikuClient, type LumikuClientOptions } from './lib/create-client.js';
