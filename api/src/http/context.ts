import type { Request } from 'express';
import type { AppDeps } from '../deps';
import type { Principal, RequestContext } from '../request-context';
import type { EventSink } from '../services/event-sink';
import { sseSink } from './sse-sink';

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Request {
      /** X-Request-Id of this request (ours, or a sane one the caller sent): see middleware/request-id.ts. */
      id: string;
      /** Set by the API-key middleware (middleware/authenticate.ts). */
      principal?: Principal;
    }
  }
}

const depsOf = (req: Request) => req.app.locals.deps as AppDeps;

/** The controller side of the seam: the request as a service takes it (plain data, no req/res). */
export function contextOf(req: Request): RequestContext {
  if (!req.principal) throw new Error('contextOf() on an unauthenticated request');
  return { deps: depsOf(req), principal: req.principal, requestId: req.id, ip: req.ip ?? null, userAgent: req.get('user-agent') ?? null };
}

/** The response as a server-sent event stream a service writes to; shutdown ends it with a retry hint. */
export function eventSinkOf(req: Request): EventSink {
  return sseSink(req.res!, depsOf(req).openStreams);
}
