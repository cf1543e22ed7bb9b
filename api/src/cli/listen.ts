import crypto from 'node:crypto';
import { newWebhookSecret } from '../domain/webhooks/secrets';
import { readSse } from './sse';

/**
 * `lumiku listen`: a local webhook relay for developing a receiver. It reads the account's events
 * from `GET /v1/events/stream` with an API key, signs each one again with a local secret (Standard
 * Webhooks: `webhook-id`, `webhook-timestamp`, `webhook-signature`) and POSTs it to the forward URL,
 * printing a line for each event and each answer. No tunnel, no public URL, no allowlist: the
 * receiver only has to be reachable from this machine. A dropped stream is resumed with
 * `Last-Event-ID`, so no event is skipped; a delivery that fails is reported, not retried.
 */
export interface ListenOptions {
  forwardTo: string;
  apiKey: string;
  baseUrl: string;
  /** Comma-separated event types; `*` is a wildcard. Default: every type. */
  events?: string;
  /** Sign with this secret (`whsec_…`) instead of a new one. */
  secret?: string;
  /** Forward the events after this event id first (resume). */
  after?: string;
  /** Each forward's deadline. */
  forwardTimeoutMs?: number;
  /** Stops listening. */
  signal?: AbortSignal;
  out?: (line: string) => void;
  err?: (line: string) => void;
}

const USER_AGENT = 'lumiku-cli-listen';
const MAX_BACKOFF_MS = 30_000;

/** A problem the API answered with that retrying will not fix (bad key, scope, filter). */
export class ListenError extends Error {}

/** `v1,<base64 HMAC-SHA256 of "<id>.<timestamp>.<body>">` keyed by the secret's bytes, as Standard Webhooks specifies. */
export function signWebhook(secret: string, id: string, timestamp: number, body: string): string {
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  return `v1,${crypto.createHmac('sha256', key).update(`${id}.${timestamp}.${body}`).digest('base64')}`;
}

export function validSecret(secret: string): boolean {
  return /^whsec_[A-Za-z0-9+/]+={0,2}$/.test(secret) && Buffer.from(secret.slice(6), 'base64').length >= 16;
}

const clock = () => new Date().toISOString().replace('T', ' ').slice(0, 19);

async function problemOf(res: Response): Promise<string> {
  const text = await res.text().catch(() => '');
  try {
    const p = JSON.parse(text) as { code?: string; detail?: string; errors?: { path: string; message: string }[] };
    const fields = p.errors?.map((e) => `${e.path} ${e.message}`).join('; ');
    return `${res.status} ${p.code ?? ''}: ${p.detail ?? ''}${fields && !p.detail?.includes(fields) ? ` (${fields})` : ''}`;
  } catch {
    return `${res.status}: ${text.slice(0, 200)}`;
  }
}

/** POSTs one event, signed, to the forward URL; returns the status line. */
async function forward(opts: ListenOptions, secret: string, id: string, body: string): Promise<string> {
  const timestamp = Math.floor(Date.now() / 1000);
  const started = performance.now();
  try {
    const res = await fetch(opts.forwardTo, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'user-agent': USER_AGENT, 'webhook-id': id, 'webhook-timestamp': String(timestamp), 'webhook-signature': signWebhook(secret, id, timestamp, body) },
      body,
      signal: AbortSignal.timeout(opts.forwardTimeoutMs ?? 15_000),
      redirect: 'manual',
    });
    await res.arrayBuffer().catch(() => undefined);
    return `[${res.status}] POST ${opts.forwardTo} [${id}] (${Math.round(performance.now() - started)} ms)`;
  } catch (err) {
    const e = err as Error & { cause?: { code?: string; message?: string } };
    return `[ERR] POST ${opts.forwardTo} [${id}] ${e.name === 'TimeoutError' ? 'timed out' : (e.cause?.code ?? e.cause?.message ?? e.message)}`;
  }
}

/** Listens until `signal` aborts (resolves) or the API refuses for good (rejects with a ListenError). */
export async function listen(opts: ListenOptions): Promise<void> {
  const out = opts.out ?? ((line: string) => console.log(line));
  const err = opts.err ?? ((line: string) => console.error(line));
  let target: URL;
  try {
    target = new URL(opts.forwardTo);
  } catch {
    throw new ListenError(`--forward-to must be a URL (got '${opts.forwardTo}')`);
  }
  if (target.protocol !== 'http:' && target.protocol !== 'https:') throw new ListenError('--forward-to must be an http or https URL');
  if (!opts.apiKey) throw new ListenError('an API key is needed: --api-key or LUMIKU_API_KEY');
  if (opts.secret && !validSecret(opts.secret)) throw new ListenError('--secret must be a webhook secret: whsec_ followed by base64 (at least 16 bytes)');
  const secret = opts.secret ?? newWebhookSecret();
  const base = opts.baseUrl.replace(/\/+$/, '');
  const url = `${base}/v1/events/stream${opts.events ? `?types=${encodeURIComponent(opts.events)}` : ''}`;
  const mode = opts.apiKey.startsWith('lk_test_') ? 'test mode' : opts.apiKey.startsWith('lk_live_') ? 'live mode' : 'the key’s mode';

  out(`Your local webhook signing secret is ${secret}`);
  out(`  (verify with it in your receiver, e.g. LUMIKU_WEBHOOK_SECRET=${secret}; pass --secret to keep it across runs)`);

  let lastEventId = opts.after ?? '';
  let retryMs = 1000;
  let failures = 0;
  let connectedOnce = false;
  while (!opts.signal?.aborted) {
    try {
      const res = await fetch(url, {
        headers: { authorization: `Bearer ${opts.apiKey}`, accept: 'text/event-stream', 'user-agent': USER_AGENT, ...(lastEventId ? { 'last-event-id': lastEventId } : {}) },
        signal: opts.signal,
      });
      if (res.status !== 200 || !res.body) {
        const problem = await problemOf(res);
        if (res.status >= 400 && res.status < 500 && res.status !== 408 && res.status !== 429) throw new ListenError(`the API refused the event stream: ${problem}`);
        throw new Error(problem);
      }
      failures = 0;
      out(
        connectedOnce
          ? `${clock()}  Reconnected${lastEventId ? `, resuming after ${lastEventId}` : ''}`
          : `Ready! Forwarding ${opts.events ? `events matching ${opts.events}` : 'every event'} (${mode}) from ${base} to ${opts.forwardTo}. Ctrl-C to stop.`,
      );
      connectedOnce = true;
      for await (const message of readSse(res.body as unknown as AsyncIterable<Uint8Array>, (ms) => (retryMs = ms))) {
        if (!message.lastEventId.startsWith('evt_') || message.lastEventId === lastEventId) continue; // only events, each once
        out(`${clock()}  --> ${message.event} [${message.lastEventId}]`);
        out(`${clock()}  <-- ${await forward(opts, secret, message.lastEventId, message.data)}`);
        lastEventId = message.lastEventId;
      }
      if (opts.signal?.aborted) break;
      err(`${clock()}  The event stream ended; reconnecting in ${(retryMs / 1000).toFixed(1)} s`);
      await sleep(retryMs, opts.signal);
    } catch (e) {
      if (opts.signal?.aborted) break;
      if (e instanceof ListenError) throw e;
      const wait = Math.min(MAX_BACKOFF_MS, retryMs * 2 ** Math.min(failures++, 5));
      const reason = (e as Error & { cause?: { code?: string } }).cause?.code ?? (e as Error).message;
      err(`${clock()}  Cannot reach the event stream at ${base} (${reason}); retrying in ${(wait / 1000).toFixed(1)} s`);
      await sleep(wait, opts.signal);
    }
  }
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => (clearTimeout(timer), resolve()), { once: true });
  });
}
