import client from 'prom-client';
import type { AppDeps } from '../deps';
import { GATEWAYS, type GatewayName } from '../domain/billing/catalogue';
import { handleGatewayEvent } from '../domain/billing/events';
import { SignatureError } from '../domain/billing/gateway';
import { autoTopUpPaymentFailed } from './billing-auto-top-up';

/** What the HTTP layer answers a gateway: 2xx acknowledges; 400 a bad signature (no retry helps); 5xx makes it retry. */
export interface WebhookAnswer {
  status: number;
  body: Record<string, unknown>;
}

/** Payment events counted per app instance; registered when the app is built, so /metrics names it before the first event. */
export function paymentEventCounter(metrics: Pick<AppDeps['metrics'], 'registry'>): client.Counter<'gateway' | 'outcome'> {
  const name = 'lumiku_billing_events_total';
  return (
    (metrics.registry.getSingleMetric(name) as client.Counter<'gateway' | 'outcome'> | undefined) ??
    new client.Counter({ name, help: 'Incoming payment gateway events by outcome: applied, ignored, duplicate, flagged (stored, not granted), rejected (bad signature), failed.', labelNames: ['gateway', 'outcome'], registers: [metrics.registry] })
  );
}

/**
 * `POST /billing/webhooks/<gateway>`: verify the signature over the raw body, then apply the event
 * exactly once (domain/billing/events.ts). A forged or stale event is a 400 and nothing is stored.
 */
export async function receiveGatewayEvent(deps: AppDeps, name: string, rawBody: Buffer, headers: Record<string, string | string[] | undefined>): Promise<WebhookAnswer> {
  const gateway = (GATEWAYS as readonly string[]).includes(name) ? deps.billing.gateways[name as GatewayName] : undefined;
  if (!gateway) return { status: 404, body: { error: `No ${name} gateway is configured on this deployment.` } };
  const count = paymentEventCounter(deps.metrics);
  let event;
  try {
    event = gateway.parseEvent(rawBody, headers);
  } catch (err) {
    if (!(err instanceof SignatureError)) throw err;
    count.inc({ gateway: gateway.name, outcome: 'rejected' });
    deps.logger.warn({ gateway: gateway.name, err: err.message }, 'payment event refused: bad signature');
    return { status: 400, body: { error: err.message } };
  }
  try {
    const handled = await handleGatewayEvent(
      {
        db: deps.db,
        catalogue: deps.billing.catalogue,
        onFlag: (info) => deps.logger.error({ ...info }, 'payment event flagged: stored, not granted; an operator should look at it'),
      },
      gateway.name,
      event,
    );
    // An auto top-up whose payment failed after Stripe accepted it (idempotent: a replay finds the attempt ended).
    if (event.kind === 'payment_failed' && event.attemptId) await autoTopUpPaymentFailed(deps, event.attemptId);
    count.inc({ gateway: gateway.name, outcome: handled.duplicate ? 'duplicate' : handled.outcome });
    return { status: 200, body: { received: true, duplicate: handled.duplicate, outcome: handled.outcome } };
  } catch (err) {
    count.inc({ gateway: gateway.name, outcome: 'failed' });
    deps.logger.error({ gateway: gateway.name, eventId: event.eventId, err: err instanceof Error ? err.message : String(err) }, 'payment event failed; the gateway will retry');
    return { status: 500, body: { error: 'The event could not be applied; retry.' } };
  }
}
