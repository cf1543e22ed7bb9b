import type { NextFunction, Request, Response } from 'express';
import type { Sequelize } from 'sequelize';
import { ApiError, conflict } from '../errors/api-error';
import { claimKey, completeKey, fingerprint, releaseKey, type IdempotencyScope, type StoredResponse } from '../domain/idempotency/idempotency';
import { redactSecrets } from '../domain/idempotency/redact';
import { principalId } from '../request-context';

const KEY_FORMAT = /^[\x21-\x7e]{1,255}$/;
/** Statuses that mean "the request never ran": not stored, so a retry with the same key runs it. */
const NOT_STORED = new Set([400, 401, 403, 409, 422, 429]);
const REPLAYED_HEADERS = ['location', 'content-type'];

/**
 * Idempotency-Key for every POST: same key and same request → the stored response, with
 * `Idempotent-Replayed: true` and no new work; same key, other request → 409 `idempotency_conflict`.
 * A request arriving while the first is still running waits for its result (up to `waitMs`).
 *
 * Runs only after `authorizeOperation` (so `req.operation` is set: the caller's scopes cover the
 * operation); keys are scoped to the calling API key; stored bodies carry no secret.
 */
export function idempotency(db: Sequelize, opts: { ttlHours: number; waitMs?: number; onError: (err: unknown) => void }) {
  const waitMs = opts.waitMs ?? 10_000;
  return async (req: Request, res: Response, next: NextFunction) => {
    const key = req.get('idempotency-key');
    if (req.method !== 'POST' || key === undefined || !req.principal || !req.operation) return next();
    if (!KEY_FORMAT.test(key)) throw new ApiError(400, 'invalid_request', 'Idempotency-Key must be 1–255 visible ASCII characters.');
    const scope: IdempotencyScope = { accountId: req.principal.accountId, livemode: req.principal.livemode, principalId: principalId(req.principal), key };
    // Multipart uploads are streamed, so their body cannot be part of the fingerprint; path and
    // the declared size are, which is enough to tell a retry from a different upload.
    const body = req.is('multipart/form-data') ? { multipart: req.get('content-length') ?? null } : req.body;
    const print = fingerprint(req.method, req.originalUrl, body);

    const deadline = Date.now() + waitMs;
    for (let delay = 20; ; delay = Math.min(delay * 2, 250)) {
      const claim = await claimKey(db, scope, print, opts.ttlHours);
      if (claim.kind === 'claimed') break;
      if (claim.kind === 'mismatch') throw conflict('idempotency_conflict', `Idempotency-Key '${key}' was already used with a different request.`);
      if (claim.kind === 'replay') return replay(res, claim.response);
      if (Date.now() + delay > deadline) throw conflict('idempotency_in_progress', `A request with Idempotency-Key '${key}' is still running; retry shortly.`);
      await new Promise((r) => setTimeout(r, delay));
    }

    // The outcome is recorded BEFORE the response leaves, so a client that retries the moment it
    // hears back finds either the stored result or a free key, never a stale claim.
    //
    // The claim lasts until the handler answers, even when the client's connection drops first: the
    // handler runs on, and its work (a job, a charge) commits. Freeing the key at the drop let the
    // client's retry — the very thing the key is for — run the request a second time.
    let recorded = false;
    const json = res.json.bind(res);
    res.json = (body: unknown) => {
      recorded = true;
      const status = res.statusCode;
      const record = status < 500 && !NOT_STORED.has(status) ? completeKey(db, scope, { status, headers: pickHeaders(res), body: redactSecrets(body) }) : releaseKey(db, scope);
      record.catch(opts.onError).finally(() => json(body));
      return res;
    };
    // A response that is not JSON: nothing to replay, the key is freed before it leaves.
    const end = res.end.bind(res) as (...args: unknown[]) => Response;
    res.end = ((...args: unknown[]) => {
      if (recorded) return end(...args);
      recorded = true;
      releaseKey(db, scope)
        .catch(opts.onError)
        .finally(() => end(...args));
      return res;
    }) as Response['end'];
    next();
  };
}

function pickHeaders(res: Response): Record<string, string> {
  const out: Record<string, string> = {};
  for (const h of REPLAYED_HEADERS) {
    const v = res.getHeader(h);
    if (v !== undefined) out[h] = String(v);
  }
  return out;
}

function replay(res: Response, stored: StoredResponse) {
  for (const [h, v] of Object.entries(stored.headers)) res.setHeader(h, v);
  res.setHeader('Idempotent-Replayed', 'true');
  res.status(stored.status).json(stored.body);
}
