import type {
  Account,
  AiModel,
  ApiKey,
  ApiKeyWithSecret,
  AppName,
  Avatar,
  AvatarPreset,
  Carousel,
  CreateApiKeyRequest,
  CreateAvatarRequestBody,
  CreateCarouselRequestBody,
  CreateLoopRequestBody,
  CreatePoseGenerationRequestBody,
  CreateVideoMixRequestBody,
  CreateWebhookEndpointRequest,
  CreditTransaction,
  CreditTransactionType,
  DeletedAvatar,
  DeletedFile,
  DeletedWebhookEndpoint,
  FileObject,
  ImportFileRequest,
  Job,
  Loop,
  Pose,
  PoseCategory,
  PoseGeneration,
  Price,
  RecoverResult,
  ResendResult,
  UpdateAvatarRequest,
  UpdateWebhookEndpointRequest,
  VideoMix,
  WebhookDelivery,
  WebhookEndpoint,
  WebhookEndpointWithSecret,
  WebhookSecret,
} from '../gen/types.gen.js';
import type { APIPromise } from './api-promise.js';
import type { Core, RequestOptions } from './core.js';
import type { EventType, LumikuEvent } from './events.js';
import type { Input } from './input.js';
import { JobReader, JobResource, type JobListParams } from './jobs.js';
import { list, type ListParams, type PagePromise } from './pagination.js';
import { upload, type Uploadable, type UploadOptions } from './uploads.js';
import { unwrap, type UnwrapOptions, type WebhookHeaders } from './webhooks.js';

const at = (path: string, id: string) => `${path}/${encodeURIComponent(id)}`;

/** Uploads, URL imports and downloads (`/v1/files`). */
export class Files {
  constructor(private readonly core: Core) {}

  /**
   * Uploads a file, streamed (never held in memory whole): a path (Node), bytes, a Blob/File or a
   * readable stream. Paths, bytes and Blobs are retried on connection errors; streams are not.
   * @example
   * const file = await lumiku.files.upload('clip.mp4', { onProgress: (p) => console.log(p.loaded, p.total) });
   */
  upload(input: Uploadable, options: UploadOptions = {}, opts?: RequestOptions): APIPromise<FileObject> {
    return upload<FileObject>(this.core, input, options, opts);
  }

  /**
   * Imports a file from a public URL.
   * @example
   * const file = await lumiku.files.import({ url: 'https://example.com/clip.mp4' });
   */
  import(body: Input<ImportFileRequest>, opts?: RequestOptions): APIPromise<FileObject> {
    return this.core.request<FileObject>({ method: 'POST', path: '/v1/files', body }, opts);
  }

  /** @example const file = await lumiku.files.retrieve('file_…'); */
  retrieve(id: string, opts?: RequestOptions): APIPromise<FileObject> {
    return this.core.request<FileObject>({ method: 'GET', path: at('/v1/files', id) }, opts);
  }

  /** @example for await (const file of lumiku.files.list()) console.log(file.filename); */
  list(params: ListParams = {}, opts?: RequestOptions): PagePromise<FileObject> {
    return list<FileObject>(this.core, '/v1/files', { ...params }, opts);
  }

  /** @example await lumiku.files.delete('file_…'); */
  delete(id: string, opts?: RequestOptions): APIPromise<DeletedFile> {
    return this.core.request<DeletedFile>({ method: 'DELETE', path: at('/v1/files', id) }, opts);
  }

  /**
   * The file's bytes as a `Response` (stream its `body`, or `await res.arrayBuffer()`).
   * @example
   * const res = await lumiku.files.content(output.file_id);
   * await fs.promises.writeFile('out.mp4', Buffer.from(await res.arrayBuffer()));
   */
  content(id: string, params: { range?: string | undefined } = {}, opts?: RequestOptions): APIPromise<Response> {
    return this.core.send({ method: 'GET', path: `${at('/v1/files', id)}/content`, accept: '*/*', headers: params.range ? { range: params.range } : undefined }, opts);
  }
}

export interface JobsListParams extends JobListParams {
  /** Only this app's jobs. */
  app?: AppName | undefined;
}

/** Every app's jobs together (`/v1/jobs`), plus `wait` and `stream` for any job id. */
export class Jobs extends JobReader<Job> {
  constructor(core: Core) {
    super(core, '/v1/jobs');
  }

  /** @example for await (const job of lumiku.jobs.list({ status: 'processing' })) console.log(job.id); */
  list(params: JobsListParams = {}, opts?: RequestOptions): PagePromise<Job> {
    return list<Job>(this.core, '/v1/jobs', { ...params }, opts);
  }
}

/**
 * Avatars (`/v1/avatars`): a reusable person or mascot, made by a job (its id is the avatar's), that
 * pose generations take as `avatar_id`. `from: "prompt"` (an AI model; test keys get the labelled
 * test placeholder), `"upload"` (`file_id` of your photo) or `"preset"` (see `presets()`).
 */
export class Avatars extends JobResource<Avatar, CreateAvatarRequestBody> {
  constructor(core: Core) {
    super(core, '/v1/avatars');
  }

  /**
   * Changes the name, persona attributes or metadata (the image stays as it is).
   * @example
   * await lumiku.avatars.update(avatar.id, { name: 'Maya (summer)', metadata: { campaign: 'summer' } });
   */
  update(id: string, body: Input<UpdateAvatarRequest>, opts?: RequestOptions): APIPromise<Avatar> {
    return this.core.request<Avatar>({ method: 'PATCH', path: at(this.path, id), body }, opts);
  }

  /**
   * Deletes the avatar and its image files (a running job is canceled first); what was charged stays
   * in the ledger.
   * @example
   * await lumiku.avatars.delete(avatar.id);
   */
  delete(id: string, opts?: RequestOptions): APIPromise<DeletedAvatar> {
    return this.core.request<DeletedAvatar>({ method: 'DELETE', path: at(this.path, id) }, opts);
  }

  /**
   * The bundled mascots (`GET /v1/avatar_presets`), for `from: "preset"`.
   * @example
   * const [preset] = (await lumiku.avatars.presets()).data;
   * if (preset) await lumiku.avatars.create({ from: 'preset', preset: preset.id, name: preset.name });
   */
  presets(opts?: RequestOptions): PagePromise<AvatarPreset> {
    return list<AvatarPreset>(this.core, '/v1/avatar_presets', {}, opts);
  }
}

export interface PoseListParams extends ListParams {
  /** A category id from `poses.categories()`. */
  category?: string | undefined;
  /** Words to search for in the name, tags and description. */
  q?: string | undefined;
  /** Every tag must be present. */
  tags?: string[] | string | undefined;
  /** How hard the pose is to hold. */
  difficulty?: 'easy' | 'medium' | 'hard' | undefined;
  /** Every value must be among the pose's suitability. */
  suitability?: string[] | string | undefined;
}

const csv = (value: string[] | string | undefined) => (Array.isArray(value) ? value.join(',') : value);

/** The pose library (`/v1/poses`, `/v1/pose_categories`): OpenPose keypoints for pose generations. */
export class Poses {
  constructor(private readonly core: Core) {}

  /**
   * Filters combine (all must match).
   * @example
   * for await (const pose of lumiku.poses.list({ category: 'standing', difficulty: 'easy' })) console.log(pose.id, pose.name);
   */
  list(params: PoseListParams = {}, opts?: RequestOptions): PagePromise<Pose> {
    return list<Pose>(this.core, '/v1/poses', { ...params, tags: csv(params.tags), suitability: csv(params.suitability) }, opts);
  }

  /** @example const pose = await lumiku.poses.retrieve('pose_standing_hands_on_hips'); */
  retrieve(id: string, opts?: RequestOptions): APIPromise<Pose> {
    return this.core.request<Pose>({ method: 'GET', path: at('/v1/poses', id) }, opts);
  }

  /**
   * The pose's skeleton as a PNG (`width` 64–2048 px, default 384), as a `Response`.
   * @example
   * const png = await lumiku.poses.preview('pose_standing_hands_on_hips', { width: 512 });
   * await fs.promises.writeFile('pose.png', Buffer.from(await png.arrayBuffer()));
   */
  preview(id: string, params: { width?: number | undefined } = {}, opts?: RequestOptions): APIPromise<Response> {
    return this.core.send({ method: 'GET', path: `${at('/v1/poses', id)}/preview`, query: { width: params.width }, accept: 'image/png' }, opts);
  }

  /** Each category with its number of poses. @example for await (const c of lumiku.poses.categories()) console.log(c.id, c.count); */
  categories(opts?: RequestOptions): PagePromise<PoseCategory> {
    return list<PoseCategory>(this.core, '/v1/pose_categories', {}, opts);
  }
}

export interface EventListParams extends ListParams {
  /** One type (`video_mix.succeeded`) or an app's prefix (`video_mix.*`). */
  type?: EventType | `${AppName}.*` | undefined;
  /** Only the events of this job. */
  job_id?: string | undefined;
}

/** Events (`/v1/events`): what webhooks deliver, kept for listing and resending. */
export class Events {
  constructor(private readonly core: Core) {}

  /** Newest first. @example for await (const event of lumiku.events.list({ type: 'video_mix.*' })) console.log(event.id, event.type); */
  list(params: EventListParams = {}, opts?: RequestOptions): PagePromise<LumikuEvent> {
    return list<LumikuEvent>(this.core, '/v1/events', { ...params }, opts);
  }

  /** @example const event = await lumiku.events.retrieve('evt_…'); */
  retrieve(id: string, opts?: RequestOptions): APIPromise<LumikuEvent> {
    return this.core.request<LumikuEvent>({ method: 'GET', path: at('/v1/events', id) }, opts);
  }

  /**
   * Delivers the event again (one attempt) to every enabled endpoint subscribed to its type and to
   * its job's `webhook_url`; the `webhook-id` is the event id again.
   * @example
   * const { scheduled } = await lumiku.events.resend('evt_…');
   */
  resend(id: string, opts?: RequestOptions): APIPromise<ResendResult> {
    return this.core.request<ResendResult>({ method: 'POST', path: `${at('/v1/events', id)}/resend` }, opts);
  }
}

/** Where webhooks go (`/v1/webhook_endpoints`); needs the `webhooks:manage` scope. */
export class WebhookEndpoints {
  constructor(private readonly core: Core) {}

  /**
   * The response carries the endpoint's `secret` (`whsec_…`) for verifying deliveries, only here
   * and on `rotateSecret`.
   * @example
   * const endpoint = await lumiku.webhookEndpoints.create({ url: 'https://example.com/hooks', event_types: ['video_mix.succeeded'] });
   */
  create(body: Input<CreateWebhookEndpointRequest>, opts?: RequestOptions): APIPromise<WebhookEndpointWithSecret> {
    return this.core.request<WebhookEndpointWithSecret>({ method: 'POST', path: '/v1/webhook_endpoints', body }, opts);
  }

  /** @example const endpoint = await lumiku.webhookEndpoints.retrieve('we_…'); */
  retrieve(id: string, opts?: RequestOptions): APIPromise<WebhookEndpoint> {
    return this.core.request<WebhookEndpoint>({ method: 'GET', path: at('/v1/webhook_endpoints', id) }, opts);
  }

  /** @example for await (const endpoint of lumiku.webhookEndpoints.list()) console.log(endpoint.url); */
  list(params: ListParams = {}, opts?: RequestOptions): PagePromise<WebhookEndpoint> {
    return list<WebhookEndpoint>(this.core, '/v1/webhook_endpoints', { ...params }, opts);
  }

  /** @example await lumiku.webhookEndpoints.update('we_…', { enabled: false }); */
  update(id: string, body: Input<UpdateWebhookEndpointRequest>, opts?: RequestOptions): APIPromise<WebhookEndpoint> {
    return this.core.request<WebhookEndpoint>({ method: 'PATCH', path: at('/v1/webhook_endpoints', id), body }, opts);
  }

  /** @example await lumiku.webhookEndpoints.delete('we_…'); */
  delete(id: string, opts?: RequestOptions): APIPromise<DeletedWebhookEndpoint> {
    return this.core.request<DeletedWebhookEndpoint>({ method: 'DELETE', path: at('/v1/webhook_endpoints', id) }, opts);
  }

  /**
   * A new secret; the old one keeps signing for a grace period (24 h by default: two signatures).
   * @example
   * const { secret } = await lumiku.webhookEndpoints.rotateSecret('we_…');
   */
  rotateSecret(id: string, opts?: RequestOptions): APIPromise<WebhookEndpointWithSecret> {
    return this.core.request<WebhookEndpointWithSecret>({ method: 'POST', path: `${at('/v1/webhook_endpoints', id)}/rotate_secret` }, opts);
  }

  /**
   * Every delivery attempt to the endpoint, newest first (status code, latency, next retry).
   * @example
   * for await (const d of lumiku.webhookEndpoints.deliveries('we_…')) console.log(d.event_type, d.outcome, d.status_code);
   */
  deliveries(id: string, params: ListParams & { event_id?: string | undefined } = {}, opts?: RequestOptions): PagePromise<WebhookDelivery> {
    return list<WebhookDelivery>(this.core, `${at('/v1/webhook_endpoints', id)}/deliveries`, { ...params }, opts);
  }

  /**
   * Schedules again every delivery to the endpoint that failed since `since` (a past time).
   * @example
   * await lumiku.webhookEndpoints.recover('we_…', { since: new Date(Date.now() - 86_400_000) });
   */
  recover(id: string, params: { since: string | Date }, opts?: RequestOptions): APIPromise<RecoverResult> {
    const since = params.since instanceof Date ? params.since.toISOString() : params.since;
    return this.core.request<RecoverResult>({ method: 'POST', path: `${at('/v1/webhook_endpoints', id)}/recover`, query: { since } }, opts);
  }
}

/** API keys (`/v1/api_keys`); needs the `keys:manage` scope. */
export class ApiKeys {
  constructor(private readonly core: Core) {}

  /** The `secret` is in this response only. @example const key = await lumiku.apiKeys.create({ name: 'ci', scopes: ['read'] }); */
  create(body: Input<CreateApiKeyRequest>, opts?: RequestOptions): APIPromise<ApiKeyWithSecret> {
    return this.core.request<ApiKeyWithSecret>({ method: 'POST', path: '/v1/api_keys', body }, opts);
  }

  /** @example const key = await lumiku.apiKeys.retrieve('key_…'); */
  retrieve(id: string, opts?: RequestOptions): APIPromise<ApiKey> {
    return this.core.request<ApiKey>({ method: 'GET', path: at('/v1/api_keys', id) }, opts);
  }

  /** @example for await (const key of lumiku.apiKeys.list()) console.log(key.name, key.revoked); */
  list(params: ListParams = {}, opts?: RequestOptions): PagePromise<ApiKey> {
    return list<ApiKey>(this.core, '/v1/api_keys', { ...params }, opts);
  }

  /** Revokes at once; final. @example await lumiku.apiKeys.revoke('key_…'); */
  revoke(id: string, opts?: RequestOptions): APIPromise<ApiKey> {
    return this.core.request<ApiKey>({ method: 'DELETE', path: at('/v1/api_keys', id) }, opts);
  }
}

/** The account of the key (`/v1/account`). */
export class AccountResource {
  constructor(private readonly core: Core) {}

  /** @example const { balance } = await lumiku.account.retrieve(); */
  retrieve(opts?: RequestOptions): APIPromise<Account> {
    return this.core.request<Account>({ method: 'GET', path: '/v1/account' }, opts);
  }
}

/** The credits ledger (`/v1/credit_transactions`). */
export class CreditTransactions {
  constructor(private readonly core: Core) {}

  /** @example for await (const txn of lumiku.creditTransactions.list({ type: 'capture' })) console.log(txn.amount); */
  list(params: ListParams & { type?: CreditTransactionType | undefined } = {}, opts?: RequestOptions): PagePromise<CreditTransaction> {
    return list<CreditTransaction>(this.core, '/v1/credit_transactions', { ...params }, opts);
  }
}

/** The AI models callers may name as `model` (`/v1/models`). */
export class Models {
  constructor(private readonly core: Core) {}

  /** @example for await (const model of lumiku.models.list({ app: 'avatar' })) console.log(model.id, model.credit_cost, model.available); */
  list(params: { app?: AiModel['app'] | undefined } = {}, opts?: RequestOptions): PagePromise<AiModel> {
    return list<AiModel>(this.core, '/v1/models', { ...params }, opts);
  }
}

/** The price catalogue (`/v1/prices`). */
export class Prices {
  constructor(private readonly core: Core) {}

  /** @example for await (const price of lumiku.prices.list()) console.log(price.product, price.base); */
  list(opts?: RequestOptions): PagePromise<Price> {
    return list<Price>(this.core, '/v1/prices', {}, opts);
  }
}

/** Webhook verification (`unwrap` makes no request) and the per-request webhook secret. */
export class Webhooks {
  constructor(private readonly core: Core) {}

  /**
   * The account's secret for jobs created with `webhook_url` (`GET /v1/webhook_secret`); needs the
   * `webhooks:manage` scope.
   * @example
   * const { secret } = await lumiku.webhooks.retrieveSecret();
   */
  retrieveSecret(opts?: RequestOptions): APIPromise<WebhookSecret> {
    return this.core.request<WebhookSecret>({ method: 'GET', path: '/v1/webhook_secret' }, opts);
  }

  /**
   * Verifies a delivery's Standard Webhooks signature and returns the typed event. Pass the RAW body
   * (a string or Buffer exactly as received), never a parsed object.
   * @example
   * app.post('/hooks', express.raw({ type: 'application/json' }), async (req, res) => {
   *   const event = await lumiku.webhooks.unwrap(req.body, req.headers, process.env.LUMIKU_WEBHOOK_SECRET);
   *   if (event.type === 'video_mix.succeeded') console.log(event.data.object.outputs);
   *   res.sendStatus(204);
   * });
   */
  unwrap(rawBody: string | Uint8Array | ArrayBuffer, headers: WebhookHeaders, secret?: string, options?: UnwrapOptions): Promise<LumikuEvent> {
    return unwrap(rawBody, headers, secret ?? this.core.webhookSecret, options);
  }
}

export type { Avatar, Carousel, CreateCarouselRequestBody, CreateLoopRequestBody, CreatePoseGenerationRequestBody, CreateVideoMixRequestBody, Loop, PoseGeneration, VideoMix };
