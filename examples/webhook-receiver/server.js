// A minimal Lumiku webhook receiver: verifies each delivery against the RAW body and
// deduplicates by `webhook-id`.
//
//   WEBHOOK_SECRET=whsec_… PORT=3000 node examples/webhook-receiver/server.js
//
// Dependencies: express, standardwebhooks (npm install express standardwebhooks).
'use strict';
const express = require('express');
const { Webhook, WebhookVerificationError } = require('standardwebhooks');

/**
 * @param {{ secret: string, onEvent: (event: any) => Promise<void> | void, seen?: Map<string, number> }} opts
 */
function createReceiver({ secret, onEvent, seen = new Map() }) {
  const verifier = new Webhook(secret);
  const app = express();

  // express.raw(), not express.json(): the signature covers the exact bytes sent. Parsing and
  // re-serialising the body (the most common webhook bug) changes them and breaks verification.
  app.post('/webhooks/lumiku', express.raw({ type: 'application/json', limit: '1mb' }), async (req, res) => {
    let event;
    try {
      // Checks the signature (any of several, during a secret rotation) and that the timestamp is
      // within 5 minutes, which stops replays of old deliveries.
      event = verifier.verify(req.body, {
        'webhook-id': req.get('webhook-id') ?? '',
        'webhook-timestamp': req.get('webhook-timestamp') ?? '',
        'webhook-signature': req.get('webhook-signature') ?? '',
      });
    } catch (err) {
      if (err instanceof WebhookVerificationError) return res.status(400).send('invalid signature');
      throw err;
    }

    // Deliveries are at least once: the same webhook-id can arrive again (a retry after a timeout,
    // a resend). Handle each id once. In production keep these ids in your database, in the same
    // transaction as the work the event causes.
    const id = req.get('webhook-id');
    if (seen.has(id)) return res.status(200).send('duplicate');
    seen.set(id, Date.now());
    for (const [key, at] of seen) if (Date.now() - at > 24 * 3600_000) seen.delete(key);
    else break;

    try {
      await onEvent(event);
    } catch (err) {
      seen.delete(id); // not handled: let the retry try again
      return res.status(500).send('failed');
    }
    // Answer 2xx quickly (within 15 s); do slow work after answering or in a queue of your own.
    res.status(200).send('ok');
  });
  return app;
}

module.exports = { createReceiver };

if (require.main === module) {
  const secret = process.env.WEBHOOK_SECRET;
  if (!secret) {
    console.error('Set WEBHOOK_SECRET to the endpoint secret (whsec_…).');
    process.exit(1);
  }
  const app = createReceiver({
    secret,
    onEvent: (event) => {
      const obj = event.data.object;
      console.log(`event ${event.id} ${event.type}${obj && obj.status ? ` ${obj.id} ${obj.status}` : ''}`);
    },
  });
  const server = app.listen(Number(process.env.PORT ?? 3000), process.env.HOST ?? '127.0.0.1', () => {
    const { address, port } = server.address();
    console.log(`listening on http://${address}:${port}/webhooks/lumiku`);
  });
}
