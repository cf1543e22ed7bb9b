import crypto from 'node:crypto';
import express, { type Request, type Response } from 'express';
import type { Config } from '../config';
import { unauthenticated } from '../errors/api-error';
import { problemHandler, routeNotFound } from '../errors/problem';
import type { AppDeps } from '../deps';
import type { Metrics } from './metrics';
import { requestId } from './request-id';

/**
 * Who may read `/metrics` (it names routes, queues and volumes, so it is not for the public):
 * - `METRICS_TOKEN` set: only `Authorization: Bearer <token>`, wherever it is served;
 * - `METRICS_PORT` set: served only by a separate listener (`metricsApp`, on METRICS_HOST, default
 *   127.0.0.1), never on the API port;
 * - neither, in production: not served at all (404); in development and test: open.
 */
export type MetricsExposure = 'open' | 'token' | 'separate_listener' | 'disabled';

export function publicMetricsExposure(config: Pick<Config, 'nodeEnv' | 'metricsToken' | 'metricsPort'>): MetricsExposure {
  if (config.metricsPort !== undefined) return 'separate_listener';
  if (config.metricsToken) return 'token';
  return config.nodeEnv === 'production' ? 'disabled' : 'open';
}

function tokenMatches(header: string | undefined, token: string): boolean {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  if (!match) return false;
  const a = crypto.createHash('sha256').update(match[1]).digest();
  const b = crypto.createHash('sha256').update(token).digest();
  return crypto.timingSafeEqual(a, b);
}

/** The `/metrics` handler for the API app: applies the rules above. */
export function metricsEndpoint(config: Config, metrics: Metrics, onPublicPort = true) {
  const exposure = onPublicPort ? publicMetricsExposure(config) : config.metricsToken ? 'token' : 'open';
  return async (req: Request, res: Response) => {
    if (exposure === 'disabled' || exposure === 'separate_listener') return routeNotFound(req);
    if (exposure === 'token' && !tokenMatches(req.get('authorization'), config.metricsToken!))
      throw unauthenticated('invalid_metrics_token', '/metrics needs `Authorization: Bearer <METRICS_TOKEN>`.');
    res.type(metrics.registry.contentType).send(await metrics.registry.metrics());
  };
}

/** The separate listener's app (METRICS_PORT): `/metrics` only, with the token when one is set. */
export function metricsApp(deps: Pick<AppDeps, 'config' | 'metrics' | 'logger'>) {
  const app = express();
  app.disable('x-powered-by');
  app.use(requestId);
  app.get('/metrics', metricsEndpoint(deps.config, deps.metrics, false));
  app.use((req: Request) => routeNotFound(req));
  app.use(problemHandler(deps.logger));
  return app;
}
