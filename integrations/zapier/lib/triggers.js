'use strict';

const spec = require('../generated/spec.json');
const { signatureProblem } = require('./signature');

const TERMINAL = ['succeeded', 'failed', 'canceled'];

/** An event as a Zap's trigger output: the event envelope as sent (its `id` is Zapier's dedupe key). */
const eventOutput = (event) => ({ ...event });

const chosenTypes = (bundle, family) => {
  const chosen = [].concat(bundle.inputData.event_types || []).filter(Boolean);
  return chosen.length ? chosen : [`${family.name}.*`];
};

const matches = (type, patterns) => patterns.some((p) => (p.endsWith('.*') ? type.startsWith(p.slice(0, -1)) : type === p));

/** One REST-hook trigger per event family (`video_mix`, `credits`, …): subscribe/unsubscribe through webhook endpoints. */
const hookTrigger = (family) => ({
  key: `${family.name}_event`,
  noun: family.label,
  display: {
    label: `New ${family.label} Event`,
    description: `Triggers at once when Lumiku sends a ${family.name} event (${family.types.join(', ')}).`,
  },
  operation: {
    type: 'hook',
    inputFields: [{ key: 'event_types', label: 'Event Types', list: true, required: false, choices: family.types, helpText: `Leave empty for every ${family.name} event.` }],
    performSubscribe: async (z, bundle) => {
      const response = await z.request({
        url: '/v1/webhook_endpoints',
        method: 'POST',
        body: { url: bundle.targetUrl, event_types: chosenTypes(bundle, family), description: `Zapier: ${family.label} events` },
      });
      return response.data; // { id, secret, … } → bundle.subscribeData
    },
    performUnsubscribe: async (z, bundle) => {
      const response = await z.request({ url: `/v1/webhook_endpoints/${encodeURIComponent(bundle.subscribeData.id)}`, method: 'DELETE', skipThrowForStatus: true });
      if (response.status >= 400 && response.status !== 404) throw new z.errors.Error(`Could not remove the webhook endpoint (HTTP ${response.status})`, 'unsubscribe_failed', response.status);
      return response.data || {};
    },
    /** A delivery: its signature is checked with the endpoint's secret when Zapier passes the raw request. */
    perform: async (z, bundle) => {
      const raw = bundle.rawRequest;
      const secret = bundle.subscribeData && bundle.subscribeData.secret;
      if (raw && raw.content !== undefined && secret) {
        const problem = signatureProblem(secret, raw.headers, raw.content);
        if (problem) throw new z.errors.HaltedError(`Signature refused: ${problem}`);
      }
      return [eventOutput(bundle.cleanedRequest)];
    },
    /** Sample data and the Zap editor's test: the latest events of the family. */
    performList: async (z, bundle) => {
      const patterns = chosenTypes(bundle, family);
      const response = await z.request({ url: '/v1/events', params: { type: patterns.length === 1 ? patterns[0] : `${family.name}.*`, limit: 25 } });
      return response.data.data.filter((event) => matches(event.type, patterns)).map(eventOutput);
    },
    sample: spec.eventSamples[family.name],
  },
});

/** The polling fallback: new events of one type or family, newest first (Zapier dedupes by id). */
const pollingTrigger = {
  key: 'new_event_polling',
  noun: 'Event',
  display: { label: 'New Event (Polling)', description: 'Checks for new Lumiku events every few minutes; use it where instant triggers cannot reach your Zapier account.' },
  operation: {
    type: 'polling',
    inputFields: [{ key: 'type', label: 'Event Type', required: true, choices: [...spec.eventFamilies.map((f) => `${f.name}.*`), ...spec.eventTypes], helpText: 'One event type, or a family such as video_mix.*' }],
    perform: async (z, bundle) => {
      const response = await z.request({ url: '/v1/events', params: { type: bundle.inputData.type, limit: 50 } });
      return response.data.data.map(eventOutput);
    },
    sample: spec.eventSamples[spec.eventFamilies[0].name],
  },
};

const triggers = [...spec.eventFamilies.map(hookTrigger), pollingTrigger];

module.exports = { triggers, TERMINAL, eventOutput };
