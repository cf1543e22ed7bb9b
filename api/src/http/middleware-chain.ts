import type { NextFunction, Request, RequestHandler, Response } from 'express';

/**
 * Several middlewares run in order as one, as an Express router would run them as layers: each
 * calls `next()` to go on; `next(err)`, a throw or a rejected promise skips the rest and hands the
 * error to the router (none of these is an error handler); `next('route')` goes on, `next('router')`
 * leaves the chain. One layer instead of a dozen on the path of every request: the router's
 * per-layer matching and the closures it allocates for each are what this saves.
 */
export function chain(...handlers: (RequestHandler | RequestHandler[])[]): RequestHandler {
  const list = handlers.flat();
  return (req: Request, res: Response, done: NextFunction) => {
    let i = 0;
    const next = (err?: unknown): void => {
      if (err && err !== 'route') return done(err === 'router' ? undefined : err);
      const handler = list[i++];
      if (!handler) return done();
      try {
        const ret: unknown = handler(req, res, next);
        if (ret && typeof (ret as PromiseLike<unknown>).then === 'function') (ret as Promise<unknown>).then(undefined, (error) => next(error || new Error('Rejected promise')));
      } catch (error) {
        next(error);
      }
    };
    next();
  };
}
