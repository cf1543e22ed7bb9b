/**
 * PENDING TYPES — hand-written, loose types for endpoints the spec does not describe yet (events,
 * webhook endpoints, job event streams, avatars, poses, pose generations, models). They follow the
 * contract; once those controllers exist, `npm run generate` produces the real types in `src/gen`
 * and each alias below should be replaced by its generated counterpart (the names are chosen to
 * match what tsoa will emit). Nothing outside this file declares such a type.
 */
import type { AppName as GeneratedAppName, Job as GeneratedJob, JobStatus } from '../gen/types.gen.js';

/** Apps, including the ones not yet in the generated spec. */
export type AnyAppName = GeneratedAppName | 'avatar' | 'pose_generation';

/** A job of an app the generated spec does not know yet. */
export type PendingJob<TObject extends string> = Omit<GeneratedJob, 'object'> & { object: TObject; [key: string]: unknown };

/** `POST /v1/avatars` body: `from: "prompt" | "upload" | "preset"` plus persona attributes. */
export type CreateAvatarRequest = {
  from: 'prompt' | 'upload' | 'preset';
  prompt?: string;
  model?: string;
  image?: string;
  preset?: string;
  width?: number;
  height?: number;
  seed?: number;
  external_id?: string;
  metadata?: Record<string, string>;
  [key: string]: unknown;
};
export type Avatar = PendingJob<'avatar'>;

/** `POST /v1/pose_generations` body. */
export type CreatePoseGenerationRequest = {
  avatar_id?: string;
  image?: string;
  poses?: string[];
  prompt?: string;
  variations?: number;
  background?: { type: 'keep' | 'color' | 'prompt' | 'image'; [key: string]: unknown } | string;
  export_formats?: string[];
  external_id?: string;
  metadata?: Record<string, string>;
  [key: string]: unknown;
};
export type PoseGeneration = PendingJob<'pose_generation'>;

/** A pose of the library (`/v1/poses`). */
export type Pose = {
  id: string;
  object: 'pose';
  name?: string;
  category?: string;
  tags?: string[];
  difficulty?: string;
  [key: string]: unknown;
};

/** An AI model callers may choose (`/v1/models`). */
export type Model = {
  id: string;
  object: 'model';
  key?: string;
  app?: string;
  provider?: string;
  credits?: number;
  capabilities?: string[];
  [key: string]: unknown;
};

/** Event types: `<object>.<status>` for every app, and `credits.low`. */
export type JobEventType = `${AnyAppName}.${JobStatus}`;
export type EventType = JobEventType | 'credits.low';

/** The object an event of a given type carries. */
type EventObject<T extends EventType> = T extends `${infer A}.${JobStatus}` ? (A extends GeneratedAppName ? Omit<GeneratedJob, 'object'> & { object: A } : PendingJob<A & string>) : { object: 'account'; balance: number; [key: string]: unknown };

/** One event, as `GET /v1/events` lists it and as webhooks deliver it. */
export type LumikuEvent<T extends EventType = EventType> = T extends EventType
  ? {
      id: string;
      object?: 'event';
      type: T;
      created_at?: string;
      timestamp?: string;
      livemode?: boolean;
      data: EventObject<T> & { [key: string]: unknown };
      [key: string]: unknown;
    }
  : never;

/** A webhook endpoint (`/v1/webhook_endpoints`). */
export type WebhookEndpoint = {
  id: string;
  object: 'webhook_endpoint';
  url: string;
  event_types: EventType[] | string[] | null;
  enabled: boolean;
  description?: string | null;
  /** `whsec_…`: returned on create and on rotate_secret. */
  secret?: string;
  created_at?: string;
  [key: string]: unknown;
};

export type CreateWebhookEndpointRequest = {
  url: string;
  event_types?: string[];
  enabled?: boolean;
  description?: string;
  [key: string]: unknown;
};

export type UpdateWebhookEndpointRequest = Partial<CreateWebhookEndpointRequest>;

/** One server-sent event of `GET /v1/jobs/{id}/events`. */
export type JobStreamEvent = {
  /** The SSE id (pass it back as Last-Event-ID to resume). */
  id: string | undefined;
  /** The SSE event name (e.g. `progress`, or an event type such as `video_mix.succeeded`). */
  event: string;
  /** The parsed `data` (the job, or an object holding it). */
  data: any;
};
