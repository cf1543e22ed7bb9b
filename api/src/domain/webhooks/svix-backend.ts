import { ApiException, Svix } from 'svix';
import { TEST_EVENT_TYPE } from '../events/catalogue';
import type { EventRow } from '../events/outbox';
import type { EndpointRow } from './endpoints';
import { presentEventPayload } from '../events/present';
import type { WebhookBackend } from './backend';

/**
 * Delivery through Svix: one Svix application per account (uid = account id), each endpoint
 * mirrored with uid = our endpoint id and the same secret, events sent as messages with
 * `eventId` = our event id (Svix drops a second message with the same eventId) and a channel per
 * mode so test-mode endpoints only get test-mode events. Every POST carries an idempotency key
 * derived from what it does, so a retried call is answered from Svix's idempotency store.
 */
export class SvixBackend implements WebhookBackend {
  readonly kind = 'svix' as const;
  private readonly svix: Svix;
  private readonly apps = new Set<string>();

  constructor(token: string, serverUrl?: string) {
    this.svix = new Svix(token, serverUrl ? { serverUrl } : {});
  }

  private async app(accountId: string): Promise<string> {
    if (!this.apps.has(accountId)) {
      await this.svix.application.getOrCreate({ name: accountId, uid: accountId }, { idempotencyKey: `app-${accountId}` });
      this.apps.add(accountId);
    }
    return accountId;
  }

  private fields(e: EndpointRow) {
    return {
      url: e.url,
      description: e.description ?? '',
      disabled: !e.enabled,
      filterTypes: e.event_types?.length ? e.event_types : null,
      channels: [e.livemode ? 'live' : 'test'],
    };
  }

  async endpointSaved(e: EndpointRow, created: boolean) {
    const app = await this.app(e.account_id);
    if (created) await this.svix.endpoint.create(app, { ...this.fields(e), uid: e.id, secret: e.secret }, { idempotencyKey: `endpoint-create-${e.id}` });
    else await this.svix.endpoint.update(app, e.id, { ...this.fields(e), uid: e.id });
  }

  async endpointDeleted(e: EndpointRow) {
    await this.svix.endpoint.delete(await this.app(e.account_id), e.id);
  }

  async secretRotated(e: EndpointRow) {
    // Svix keeps the previous secret valid (and signs with both) for 24 hours after a rotation.
    await this.svix.endpoint.rotateSecret(await this.app(e.account_id), e.id, { key: e.secret }, { idempotencyKey: `endpoint-rotate-${e.id}-${new Date(e.updated_at).getTime()}` });
  }

  async sendEvents(events: EventRow[]) {
    for (const ev of events) {
      // Svix fans out by type and channel, so it cannot target one endpoint: test events are not sent through it.
      if (ev.type === TEST_EVENT_TYPE) continue;
      try {
        await this.svix.message.create(
          await this.app(ev.account_id),
          { eventType: ev.type, eventId: ev.id, payload: presentEventPayload(ev) as unknown as Record<string, unknown>, channels: [ev.livemode ? 'live' : 'test'] },
          { idempotencyKey: `message-${ev.id}` },
        );
      } catch (err) {
        // 409: Svix already has a message with this eventId (an earlier relay got it there).
        if (!(err instanceof ApiException && err.code === 409)) throw err;
      }
    }
  }

  async resendToEndpoints(ev: EventRow) {
    const app = await this.app(ev.account_id);
    const destinations = await this.svix.messageAttempt.listAttemptedDestinations(app, ev.id);
    for (const d of destinations.data) await this.svix.messageAttempt.resend(app, ev.id, d.id, { idempotencyKey: `resend-${ev.id}-${d.id}-${Date.now()}` });
    return destinations.data.length;
  }

  async recover(e: EndpointRow, since: Date) {
    await this.svix.endpoint.recover(await this.app(e.account_id), e.id, { since }, { idempotencyKey: `recover-${e.id}-${since.getTime()}` });
    return null;
  }
}
