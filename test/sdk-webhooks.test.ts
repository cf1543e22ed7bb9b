import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { Lumiku, signWebhook, WebhookVerificationError } from '../sdk-js/src';

/**
 * `webhooks.unwrap` against the `standardwebhooks` package as the independent reference: what one
 * signs the other must accept, and both must refuse the same tampering.
 */
describe('SDK webhooks.unwrap (Standard Webhooks)', () => {
  const secret = `whsec_${crypto.randomBytes(24).toString('base64')}`;
  const reference = new Webhook(secret);
  const lumiku = new Lumiku({ apiKey: 'lk_test_x', baseUrl: 'http://unused.test', fetch: () => Promise.reject(new Error('no request expected')) });
  const event = { id: 'evt_1', object: 'event', type: 'video_mix.succeeded', created_at: '2026-01-01T00:00:00Z', livemode: false, data: { object: { id: 'vmix_1', object: 'video_mix', status: 'succeeded', outputs: [] } } };
  const body = JSON.stringify(event);

  function signed(at = new Date(), msgId = 'msg_1', payload = body) {
    return { 'webhook-id': msgId, 'webhook-timestamp': String(Math.floor(at.getTime() / 1000)), 'webhook-signature': reference.sign(msgId, at, payload) };
  }

  it('when a delivery is signed by the reference library, then unwrap verifies it and returns the typed event (string, Buffer and Headers forms)', async () => {
    const headers = signed();
    const fromString = await lumiku.webhooks.unwrap(body, headers, secret);
    assert.deepEqual(fromString, event);
    if (fromString.type !== 'video_mix.succeeded') assert.fail(fromString.type);
    // Narrowed by `type`: data.object is a video mix.
    assert.equal(fromString.data.object.object, 'video_mix');
    assert.equal(fromString.data.object.status, 'succeeded');
    assert.deepEqual(await lumiku.webhooks.unwrap(Buffer.from(body), new Headers(headers), secret), event);
    // Header names in any case; the secret from the client options.
    const upper = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toUpperCase(), v]));
    const withDefault = new Lumiku({ apiKey: 'k', baseUrl: 'http://unused.test', webhookSecret: secret });
    assert.deepEqual(await withDefault.webhooks.unwrap(body, upper), event);
  });

  it('when unwrap-side signing is checked by the reference library, then the reference accepts it', async () => {
    const now = new Date();
    const signature = await signWebhook(secret, 'msg_2', Math.floor(now.getTime() / 1000), body);
    assert.deepEqual(reference.verify(body, { 'webhook-id': 'msg_2', 'webhook-timestamp': String(Math.floor(now.getTime() / 1000)), 'webhook-signature': signature }), event);
  });

  it('when one of several signatures matches (a secret rotation), then the delivery is accepted', async () => {
    const headers = signed();
    headers['webhook-signature'] = `v1,${crypto.randomBytes(32).toString('base64')} v2,whatever ${headers['webhook-signature']}`;
    assert.deepEqual(await lumiku.webhooks.unwrap(body, headers, secret), event);
  });

  it('when the body, id, timestamp, secret or signature is tampered with, then both libraries refuse it', async () => {
    const good = signed();
    const otherSecret = `whsec_${crypto.randomBytes(24).toString('base64')}`;
    const cases: [string, string, Record<string, string>, string][] = [
      ['changed body', body.replace('succeeded', 'failed'), good, secret],
      ['re-serialised body', JSON.stringify(event, null, 2), good, secret],
      ['other id', body, { ...good, 'webhook-id': 'msg_other' }, secret],
      ['other timestamp', body, { ...good, 'webhook-timestamp': String(Number(good['webhook-timestamp']) - 1) }, secret],
      ['wrong secret', body, good, otherSecret],
      ['no signature', body, { ...good, 'webhook-signature': '' }, secret],
      ['v2 only', body, { ...good, 'webhook-signature': good['webhook-signature'].replace('v1,', 'v2,') }, secret],
    ];
    for (const [name, payload, headers, key] of cases) {
      assert.throws(() => new Webhook(key).verify(payload, headers), `reference accepts ${name}`);
      await assert.rejects(lumiku.webhooks.unwrap(payload, headers, key), WebhookVerificationError, name);
    }
  });

  it('when the timestamp is outside the tolerance, then it is refused; inside, accepted', async () => {
    const now = Date.now();
    const old = signed(new Date(now - 6 * 60_000));
    await assert.rejects(lumiku.webhooks.unwrap(body, old, secret), /too old/);
    assert.throws(() => reference.verify(body, old));
    const future = signed(new Date(now + 6 * 60_000));
    await assert.rejects(lumiku.webhooks.unwrap(body, future, secret), /future/);
    const fourMinutes = signed(new Date(now - 4 * 60_000));
    assert.deepEqual(await lumiku.webhooks.unwrap(body, fourMinutes, secret), event);
    await assert.rejects(lumiku.webhooks.unwrap(body, fourMinutes, secret, { toleranceSeconds: 60 }), /too old/);
  });

  it('when the body was already parsed by a JSON middleware, then the error says to pass the raw body', async () => {
    await assert.rejects(lumiku.webhooks.unwrap(JSON.parse(body), signed(), secret), (err: Error) => err instanceof WebhookVerificationError && /raw request body/.test(err.message) && /express\.raw/.test(err.message));
    await assert.rejects(lumiku.webhooks.unwrap(body, signed(), undefined), /No webhook secret/);
    await assert.rejects(lumiku.webhooks.unwrap(body, { 'webhook-id': 'x' }, secret), /Missing webhook-id/);
  });
});
