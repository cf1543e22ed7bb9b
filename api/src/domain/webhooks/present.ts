import type { EndpointRow } from './endpoints';

/** Where events are delivered, signed (Standard Webhooks). */
export interface WebhookEndpoint {
  /** @example "we_01jf3v8a6q8m2k4c7xw9t5b3nd" */
  id: string;
  object: 'webhook_endpoint';
  /** @example "https://example.com/webhooks/lumiku" */
  url: string;
  description: string | null;
  /** Event types sent to this endpoint (`video_mix.succeeded`, or a prefix such as `video_mix.*`); null: every type. */
  event_types: string[] | null;
  enabled: boolean;
  /** Why it is disabled: `manual`, `gone` (the endpoint answered 410) or `failing` (5 days of failures). */
  disabled_reason: string | null;
  livemode: boolean;
  created_at: string;
  updated_at: string;
}

/** The endpoint as the API shows it (and as the `webhook_endpoint.disabled` event carries it); never its secret. */
export function presentEndpoint(r: EndpointRow): WebhookEndpoint {
  return {
    id: r.id,
    object: 'webhook_endpoint',
    url: r.url,
    description: r.description,
    event_types: r.event_types?.length ? r.event_types : null,
    enabled: r.enabled,
    disabled_reason: r.disabled_reason,
    livemode: r.livemode,
    created_at: new Date(r.created_at).toISOString(),
    updated_at: new Date(r.updated_at).toISOString(),
  };
}
