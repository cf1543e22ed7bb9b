import type { Sequelize } from 'sequelize';
import type { Config } from '../../config';
import type { EventRow } from '../events/outbox';
import type { EndpointRow } from './endpoints';
import { recoverEndpoint, resendEvent } from './messages';
import { SvixBackend } from './svix-backend';

/**
 * Where signed deliveries to webhook endpoints happen, chosen by config: Svix when SVIX_TOKEN is
 * set, else the built-in dispatcher (the worker's `webhooks` pool). Endpoints are always stored in
 * our database; the Svix backend mirrors them. Per-request webhooks (`webhook_url` on a job) are
 * always delivered by the built-in dispatcher, which Svix has no notion of.
 */
export interface WebhookBackend {
  readonly kind: 'builtin' | 'svix';
  /** Called inside the transaction that saved the endpoint: throwing rolls it back. */
  endpointSaved(e: EndpointRow, created: boolean): Promise<void>;
  endpointDeleted(e: EndpointRow): Promise<void>;
  secretRotated(e: EndpointRow): Promise<void>;
  /** Hands events to the backend (relay). Must be idempotent per event id. */
  sendEvents(events: EventRow[]): Promise<void>;
  /** Sends an event again to its endpoints. Returns how many deliveries were scheduled (or null if unknown). */
  resendToEndpoints(event: EventRow): Promise<number | null>;
  recover(e: EndpointRow, since: Date): Promise<number | null>;
}

export class BuiltinBackend implements WebhookBackend {
  readonly kind = 'builtin' as const;
  constructor(private readonly db: Sequelize) {}
  async endpointSaved() {}
  async endpointDeleted() {}
  async secretRotated() {}
  /** The relay itself fans events out to messages for the built-in dispatcher. */
  async sendEvents() {}
  resendToEndpoints(event: EventRow) {
    return resendEvent(this.db, event, { endpoints: true });
  }
  recover(e: EndpointRow, since: Date) {
    return recoverEndpoint(this.db, e, since);
  }
}

/**
 * The backend config chooses. Made once per process by its composition root (the API's deps, the
 * worker's webhooks pool, the CLI) and passed to whoever needs it.
 */
export function createWebhookBackend(config: Pick<Config, 'svixToken' | 'svixServerUrl'>, db: Sequelize): WebhookBackend {
  return config.svixToken ? new SvixBackend(config.svixToken, config.svixServerUrl) : new BuiltinBackend(db);
}
