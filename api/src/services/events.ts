import type { AppDeps } from '../deps';
import { isEventType } from '../domain/events/catalogue';
import { findEvent, listEvents as listRows } from '../domain/events/outbox';
import { presentEventPayload } from '../domain/events/present';
import { resendEvent } from '../domain/webhooks/messages';
import { ApiError, invalidRequest, notFound } from '../errors/api-error';
import type { RequestContext } from '../request-context';
import type { Avatar } from './avatars';
import type { Job } from './jobs';
import type { PoseGeneration } from '../domain/apps/pose-generation/present';
import { pageParams, toList, type List } from './pagination';
import type { WebhookEndpoint, WebhookEndpointTestEvent } from './webhook-endpoints';
import type { Payment, Subscription } from '../domain/billing/present';

interface EventBase {
  /** @example "evt_01jf3v8a6q8m2k4c7xw9t5b3nd" */
  id: string;
  object: 'event';
  created_at: string;
  livemode: boolean;
}

/** A job changed state: `<app>.<status>`, e.g. `video_mix.succeeded`, with the job as `GET /v1/<app>/{id}` returns it. */
export interface JobEvent extends EventBase {
  /** `<app>.<status>`: `video_mix.queued`, `loop.processing`, `carousel.succeeded`, `video_mix.failed`, `loop.canceled`, … @pattern ^[a-z_]+\.(queued|processing|succeeded|failed|canceled)$ */
  type: string;
  data: { object: Job };
}

/** An avatar changed state: `avatar.<status>`, with the avatar as `GET /v1/avatars/{id}` returns it. */
export interface AvatarEvent extends EventBase {
  /** @pattern ^avatar\.(queued|processing|succeeded|failed|canceled)$ */
  type: string;
  data: { object: Avatar };
}

/** A pose generation changed state: `pose_generation.<status>`, with its items, as `GET /v1/pose_generations/{id}` returns it. */
export interface PoseGenerationEvent extends EventBase {
  /** @pattern ^pose_generation\.(queued|processing|succeeded|failed|canceled)$ */
  type: string;
  data: { object: PoseGeneration };
}

/** The balance the account has left, when a `credits.low` event is sent. */
export interface CreditBalance {
  object: 'balance';
  account_id: string;
  balance: number;
  /** CREDITS_LOW_THRESHOLD at the time. */
  threshold: number;
  livemode: boolean;
}

/** A live balance fell below the low-credits threshold. */
export interface CreditsLowEvent extends EventBase {
  type: 'credits.low';
  data: { object: CreditBalance };
}

/** An endpoint was disabled: it answered 410 Gone, or its deliveries failed for 5 days. */
export interface WebhookEndpointDisabledEvent extends EventBase {
  type: 'webhook_endpoint.disabled';
  data: { object: WebhookEndpoint };
}

/** A payment bought credits (`payment.succeeded`), or a refund or dispute took credits back (`payment.refunded`). */
export interface PaymentEvent extends EventBase {
  /** @pattern ^payment\.(succeeded|refunded)$ */
  type: string;
  data: { object: Payment };
}

/** The organization's plan subscription changed (plan, status, cancellation at period end). */
export interface SubscriptionUpdatedEvent extends EventBase {
  type: 'subscription.updated';
  data: { object: Subscription };
}

/** Any event. `type` says which. */
export type Event = JobEvent | AvatarEvent | PoseGenerationEvent | CreditsLowEvent | WebhookEndpointDisabledEvent | WebhookEndpointTestEvent | PaymentEvent | SubscriptionUpdatedEvent;

export interface ResendResult {
  object: 'event_resend';
  event_id: string;
  /** Deliveries scheduled now (null when the delivery service does not say). */
  scheduled: number | null;
}

export const presentEvent = (row: Parameters<typeof presentEventPayload>[0]) => presentEventPayload(row) as unknown as Event;

export async function listEvents(ctx: RequestContext, q: { limit?: number; starting_after?: string; type?: string; job_id?: string }): Promise<List<Event>> {
  const page = pageParams(q.limit, q.starting_after, 'evt');
  if (q.type && !q.type.endsWith('.*') && !isEventType(q.type)) throw invalidRequest(`Unknown event type '${q.type}'.`, [{ path: 'query.type', message: 'unknown event type' }]);
  const rows = await listRows(ctx.deps.db, ctx.principal, { ...page, type: q.type, jobId: q.job_id });
  return toList(rows, page, presentEvent);
}

export async function getEvent(ctx: RequestContext, id: string): Promise<Event> {
  const row = await findEvent(ctx.deps.db, ctx.principal, id);
  if (!row) throw notFound('event', id);
  return presentEvent(row);
}

export async function resend(ctx: RequestContext, id: string): Promise<ResendResult> {
  const { db, webhooks: backend } = ctx.deps;
  const row = await findEvent(db, ctx.principal, id);
  if (!row) throw notFound('event', id);
  let scheduled: number | null;
  if (backend.kind === 'builtin') scheduled = await resendEvent(db, row, { endpoints: true });
  else {
    const viaSvix = await callBackend(ctx.deps, () => backend.resendToEndpoints(row));
    const own = await resendEvent(db, row, { endpoints: false });
    scheduled = viaSvix === null ? null : viaSvix + own;
  }
  return { object: 'event_resend', event_id: id, scheduled };
}

/** A failing delivery service becomes a 503 problem (nothing changed: callers roll back). */
export async function callBackend<T>(deps: Pick<AppDeps, 'logger'>, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof ApiError) throw err;
    deps.logger.warn({ err }, 'webhook backend call failed');
    throw new ApiError(503, 'webhook_backend_unavailable', 'The webhook delivery service could not be reached; nothing was changed. Retry later.', { cause: err });
  }
}
