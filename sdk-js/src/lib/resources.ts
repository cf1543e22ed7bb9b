import type {
  Account,
  ApiKey,
  ApiKeyWithSecret,
  AppName as GeneratedAppName,
  Carousel,
  CreateApiKeyRequest,
  CreateCarouselRequestBody,
  CreateLoopRequestBody,
  CreateVideoMixRequestBody,
  CreditTransaction,
  CreditTransactionType,
  DeletedFile,
  FileObject,
  ImportFileRequest,
  Job,
  Loop,
  Price,
  VideoMix,
} from '../gen/types.gen.js';
import type { Core, RequestOptions } from './core.js';
import { JobReader, JobResource, type JobListParams } from './jobs.js';
import { list, type ListParams, type PagePromise } from './pagination.js';
import type {
  AnyAppName,
  Avatar,
  CreateAvatarRequest,
  CreatePoseGenerationRequest,
  CreateWebhookEndpointRequest,
  EventType,
  LumikuEvent,
  Model,
  Pose,
  PoseGeneration,
  UpdateWebhookEndpointRequest,
  WebhookEndpoint,
} from './pending-types.js';
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
  upload(input: Uploadable, options: UploadOptions = {}, opts?: RequestOptions): Promise<FileObject> {
    return upload<FileObject>(this.core, input, options, opts);
  }

  /**
   * Imports a file from a public URL.
   * @example
   * const file = await lumiku.files.import({ url: 'https://example.com/clip.mp4' });
   */
  import(body: ImportFileRequest, opts?: RequestOptions): Promise<FileObject> {
    return this.core.request<FileObject>({ method: 'POST', path: '/v1/files', body }, opts);
  }

  /** @example const file = await lumiku.files.retrieve('file_…'); */
  retrieve(id: string, opts?: RequestOptions): Promise<FileObject> {
    return this.core.request<FileObject>({ method: 'GET', path: at('/v1/files', id) }, opts);
  }

  /** @example for await (const file of lumiku.files.list()) console.log(file.filename); */
  list(params: ListParams = {}, opts?: RequestOptions): PagePromise<FileObject> {
    return list<FileObject>(this.core, '/v1/files', { ...params }, opts);
  }

  /** @example await lumiku.files.delete('file_…'); */
  delete(id: string, opts?: RequestOptions): Promise<DeletedFile> {
    return this.core.request<DeletedFile>({ method: 'DELETE', path: at('/v1/files', id) }, opts);
  }

  /**
   * The file's bytes as a `Response` (stream its `body`, or `await res.arrayBuffer()`).
   * @example
   * const res = await lumiku.files.content(output.file_id);
   * await fs.promises.writeFile('out.mp4', Buffer.from(await res.arrayBuffer()));
   */
  content(id: string, params: { range?: string } = {}, opts?: RequestOptions): Promise<Response> {
    return this.core.send({ method: 'GET', path: `${at('/v1/files', id)}/content`, accept: '*/*', headers: params.range ? { range: params.range } : undefined }, opts);
  }
}

export interface JobsListParams extends JobListParams {
  app?: GeneratedAppName | AnyAppName;
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

/** Avatars (`/v1/avatars`): a job resource whose result is reused by pose generations. */
export class Avatars extends JobResource<Avatar, CreateAvatarRequest> {
  constructor(core: Core) {
    super(core, '/v1/avatars');
  }

  /** Updates the avatar's metadata. @example await lumiku.avatars.update(id, { metadata: { team: 'a' } }); */
  update(id: string, body: { metadata?: Record<string, string>; [key: string]: unknown }, opts?: RequestOptions): Promise<Avatar> {
    return this.core.request<Avatar>({ method: 'PATCH', path: at(this.path, id), body }, opts);
  }

  /** Deletes the avatar and its files. @example await lumiku.avatars.delete(id); */
  delete(id: string, opts?: RequestOptions): Promise<{ id: string; object: string; deleted: boolean }> {
    return this.core.request({ method: 'DELETE', path: at(this.path, id) }, opts);
  }
}

/** The pose library (`/v1/poses`). */
export class Poses {
  constructor(private readonly core: Core) {}

  /** @example for await (const pose of lumiku.poses.list({ category: 'standing' })) console.log(pose.id); */
  list(params: ListParams & { category?: string; tag?: string; difficulty?: string } = {}, opts?: RequestOptions): PagePromise<Pose> {
    return list<Pose>(this.core, '/v1/poses', { ...params }, opts);
  }

  /** @example const pose = await lumiku.poses.retrieve('pose_…'); */
  retrieve(id: string, opts?: RequestOptions): Promise<Pose> {
    return this.core.request<Pose>({ method: 'GET', path: at('/v1/poses', id) }, opts);
  }
}

/** Events (`/v1/events`): what webhooks deliver, kept for listing and resending. */
export class Events {
  constructor(private readonly core: Core) {}

  /** @example for await (const event of lumiku.events.list({ type: 'video_mix.succeeded' })) console.log(event.id); */
  list(params: ListParams & { type?: EventType | string } = {}, opts?: RequestOptions): PagePromise<LumikuEvent> {
    return list<LumikuEvent>(this.core, '/v1/events', { ...params }, opts);
  }

  /** @example const event = await lumiku.events.retrieve('evt_…'); */
  retrieve(id: string, opts?: RequestOptions): Promise<LumikuEvent> {
    return this.core.request<LumikuEvent>({ method: 'GET', path: at('/v1/events', id) }, opts);
  }

  /** Delivers the event again to every subscribed endpoint. @example await lumiku.events.resend('evt_…'); */
  resend(id: string, opts?: RequestOptions): Promise<LumikuEvent> {
    return this.core.request<LumikuEvent>({ method: 'POST', path: `${at('/v1/events', id)}/resend` }, opts);
  }
}

/** Where webhooks go (`/v1/webhook_endpoints`). */
export class WebhookEndpoints {
  constructor(private readonly core: Core) {}

  /**
   * The response carries the endpoint's `secret` (`whsec_…`) for verifying deliveries.
   * @example
   * const endpoint = await lumiku.webhookEndpoints.create({ url: 'https://example.com/hooks', event_types: ['video_mix.succeeded'] });
   */
  create(body: CreateWebhookEndpointRequest, opts?: RequestOptions): Promise<WebhookEndpoint> {
    return this.core.request<WebhookEndpoint>({ method: 'POST', path: '/v1/webhook_endpoints', body }, opts);
  }

  /** @example const endpoint = await lumiku.webhookEndpoints.retrieve('we_…'); */
  retrieve(id: string, opts?: RequestOptions): Promise<WebhookEndpoint> {
    return this.core.request<WebhookEndpoint>({ method: 'GET', path: at('/v1/webhook_endpoints', id) }, opts);
  }

  /** @example for await (const endpoint of lumiku.webhookEndpoints.list()) console.log(endpoint.url); */
  list(params: ListParams = {}, opts?: RequestOptions): PagePromise<WebhookEndpoint> {
    return list<WebhookEndpoint>(this.core, '/v1/webhook_endpoints', { ...params }, opts);
  }

  /** @example await lumiku.webhookEndpoints.update('we_…', { enabled: false }); */
  update(id: string, body: UpdateWebhookEndpointRequest, opts?: RequestOptions): Promise<WebhookEndpoint> {
    return this.core.request<WebhookEndpoint>({ method: 'PATCH', path: at('/v1/webhook_endpoints', id), body }, opts);
  }

  /** @example await lumiku.webhookEndpoints.delete('we_…'); */
  delete(id: string, opts?: RequestOptions): Promise<{ id: string; object: string; deleted?: boolean; [key: string]: unknown }> {
    return this.core.request({ method: 'DELETE', path: at('/v1/webhook_endpoints', id) }, opts);
  }

  /** A new secret; the response carries it. @example const { secret } = await lumiku.webhookEndpoints.rotateSecret('we_…'); */
  rotateSecret(id: string, opts?: RequestOptions): Promise<WebhookEndpoint> {
    return this.core.request<WebhookEndpoint>({ method: 'POST', path: `${at('/v1/webhook_endpoints', id)}/rotate_secret` }, opts);
  }
}

/** API keys (`/v1/api_keys`); needs the `keys:manage` scope. */
export class ApiKeys {
  constructor(private readonly core: Core) {}

  /** The `secret` is in this response only. @example const key = await lumiku.apiKeys.create({ name: 'ci', scopes: ['read'] }); */
  create(body: CreateApiKeyRequest, opts?: RequestOptions): Promise<ApiKeyWithSecret> {
    return this.core.request<ApiKeyWithSecret>({ method: 'POST', path: '/v1/api_keys', body }, opts);
  }

  /** @example const key = await lumiku.apiKeys.retrieve('key_…'); */
  retrieve(id: string, opts?: RequestOptions): Promise<ApiKey> {
    return this.core.request<ApiKey>({ method: 'GET', path: at('/v1/api_keys', id) }, opts);
  }

  /** @example for await (const key of lumiku.apiKeys.list()) console.log(key.name, key.revoked); */
  list(params: ListParams = {}, opts?: RequestOptions): PagePromise<ApiKey> {
    return list<ApiKey>(this.core, '/v1/api_keys', { ...params }, opts);
  }

  /** Revokes at once; final. @example await lumiku.apiKeys.revoke('key_…'); */
  revoke(id: string, opts?: RequestOptions): Promise<ApiKey> {
    return this.core.request<ApiKey>({ method: 'DELETE', path: at('/v1/api_keys', id) }, opts);
  }
}

/** The account of the key (`/v1/account`). */
export class AccountResource {
  constructor(private readonly core: Core) {}

  /** @example const { balance } = await lumiku.account.retrieve(); */
  retrieve(opts?: RequestOptions): Promise<Account> {
    return this.core.request<Account>({ method: 'GET', path: '/v1/account' }, opts);
  }
}

/** The credits ledger (`/v1/credit_transactions`). */
export class CreditTransactions {
  constructor(private readonly core: Core) {}

  /** @example for await (const txn of lumiku.creditTransactions.list({ type: 'capture' })) console.log(txn.amount); */
  list(params: ListParams & { type?: CreditTransactionType } = {}, opts?: RequestOptions): PagePromise<CreditTransaction> {
    return list<CreditTransaction>(this.core, '/v1/credit_transactions', { ...params }, opts);
  }
}

/** The AI models callers may choose (`/v1/models`). */
export class Models {
  constructor(private readonly core: Core) {}

  /** @example for await (const model of lumiku.models.list()) console.log(model.id, model.credits); */
  list(params: ListParams & { app?: string } = {}, opts?: RequestOptions): PagePromise<Model> {
    return list<Model>(this.core, '/v1/models', { ...params }, opts);
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

/** Webhook verification (no request is made). */
export class Webhooks {
  constructor(private readonly core: Core) {}

  /**
   * Verifies a delivery's Standard Webhooks signature and returns the typed event. Pass the RAW body
   * (a string or Buffer exactly as received), never a parsed object.
   * @example
   * app.post('/hooks', express.raw({ type: 'application/json' }), async (req, res) => {
   *   const event = await lumiku.webhooks.unwrap(req.body, req.headers, process.env.LUMIKU_WEBHOOK_SECRET);
   *   if (event.type === 'video_mix.succeeded') console.log(event.data.outputs);
   *   res.sendStatus(204);
   * });
   */
  unwrap(rawBody: string | Uint8Array | ArrayBuffer, headers: WebhookHeaders, secret?: string, options?: UnwrapOptions): Promise<LumikuEvent> {
    return unwrap(rawBody, headers, secret ?? this.core.webhookSecret, options);
  }
}

export type { Avatar, Carousel, CreateCarouselRequestBody, CreateLoopRequestBody, CreateVideoMixRequestBody, Loop, PoseGeneration, CreatePoseGenerationRequest, VideoMix };
