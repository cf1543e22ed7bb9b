import express from 'express';
import type { AppDeps } from './deps';
import { RegisterRoutes } from './generated/routes';
import { accessLog } from './middleware/access-log';
import { authenticate } from './middleware/authenticate';
import { authorizeOperation } from './middleware/authorize';
import { idempotency } from './middleware/idempotency';
import { jsonBody, rejectNulInUrl } from './middleware/json-body';
import { requireDeclaredMediaType } from './middleware/media-type';
import { methodNotAllowedOrNotFound } from './middleware/method-not-allowed';
import { measureRequests, readQueues, registerBreakerGauge, registerQueueGauges } from './middleware/metrics';
import { POOLS } from './domain/jobs/app-contract';
import { metricsEndpoint } from './middleware/metrics-access';
import { readBreakers } from './domain/ai/breaker-state';
import { rateLimitPerKey } from './middleware/rate-limit';
import { requestId } from './middleware/request-id';
import { traceRequests } from './infra/tracing';
import { apiContentSecurityPolicy, corsForDashboard, securityHeaders } from './middleware/security-headers';
import { signedFileDownload } from './middleware/signed-download';
import { rejectTrailingSlash } from './middleware/trailing-slash';
import { openapiJson, swaggerDocs } from './docs/served-spec';
import { problemHandler } from './errors/problem';
import { checkReadiness } from './services/readiness';
import { serveDashboard } from './http/dashboard-static';
import { chain } from './http/middleware-chain';
import { RouteTable } from './http/route-table';
import { paymentEventCounter, receiveGatewayEvent } from './services/billing-webhooks';
import spec from '../../openapi/openapi.json';

/** Builds the Express app from injected dependencies. No listen(), no connections opened here. */
export function buildApp(deps: AppDeps) {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.set('query parser', 'simple');
  app.set('trust proxy', deps.config.trustProxy); // X-Forwarded-* are read only from proxies TRUST_PROXY names
  app.locals.deps = deps;
  const log = deps.logger;

  // What every request goes through, as one layer (http/middleware-chain.ts).
  app.use(
    chain(
      traceRequests(), // a span per request when tracing is on (infra/tracing.ts); the access log runs inside it
      requestId,
      securityHeaders({ production: deps.config.nodeEnv === 'production' }), // helmet; HSTS in production
      measureRequests(deps.metrics),
      accessLog(log),
    ),
  );
  app.use('/dashboard', ...serveDashboard()); // the web console (dashboard/dist), an SPA: before the trailing-slash rule
  app.use(rejectTrailingSlash); // one path per resource: `/v1/events/` is a 404 naming `/v1/events`

  // Ops endpoints: outside /v1, without an API key.
  app.get('/health', (_req, res) => void res.json({ status: 'ok' }));
  app.get('/ready', async (_req, res) => {
    const report = await checkReadiness(deps);
    res.status(report.status === 'ready' ? 200 : 503).json(report);
  });
  registerBreakerGauge(deps.metrics, () => readBreakers(deps.redis, deps.config.queuePrefix));
  registerQueueGauges(deps.metrics, () => readQueues(deps.redis, deps.config.queuePrefix, [...POOLS, 'webhooks'])); // depth and oldest wait per pool
  paymentEventCounter(deps.metrics); // payment events by gateway and outcome, named on /metrics from the start
  app.get('/metrics', metricsEndpoint(deps.config, deps.metrics)); // token, separate listener or closed in production
  app.get('/openapi.json', openapiJson(spec, deps.config)); // servers: this API's address (PUBLIC_BASE_URL or the request's)
  app.use('/docs', ...swaggerDocs()); // Swagger UI on /openapi.json

  // Payment gateways' events: outside /v1, no API key (the gateway's signature over the raw body authenticates).
  app.post('/billing/webhooks/:gateway', express.raw({ type: () => true, limit: deps.config.jsonBodyLimitBytes }), async (req, res, next) => {
    try {
      const answer = await receiveGatewayEvent(deps, String(req.params.gateway), Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0), req.headers);
      res.status(answer.status).json(answer.body);
    } catch (err) {
      next(err);
    }
  });

  // /v1: JSON (capped) → signed download (no key) → API key → rate limit → the operation's scopes
  // → idempotency (after the scope check, so a replay is as authorized as its request) → generated routes.
  const cors = corsForDashboard(deps.config.dashboardOrigin); // DASHBOARD_ORIGIN only, before authentication (preflights carry no credentials)
  const v1 = chain(
    cors,
    apiContentSecurityPolicy,
    jsonBody(deps.config.jsonBodyLimitBytes),
    rejectNulInUrl,
    signedFileDownload(deps),
    authenticate(deps.db, deps.keyCache, (err) => log.warn({ err }, 'could not record key use'), { ttlHours: deps.config.sessionTtlHours, idleHours: deps.config.sessionIdleHours }),
    rateLimitPerKey({
      redis: deps.redis,
      limit: deps.config.rateLimitPerWindow,
      windowSeconds: deps.config.rateLimitWindowSeconds,
      onStoreError: (err) => log.warn({ err }, 'rate limiter unavailable; request allowed'),
    }),
    requireDeclaredMediaType(spec), // a body of a type the operation does not take: 415, before anything reads it
    authorizeOperation(spec),
    idempotency(deps.db, { ttlHours: deps.config.idempotencyTtlHours, onError: (err) => log.error({ err }, 'idempotency store failed') }),
  );
  app.use('/v1', v1);
  // /auth (sign-up, sign-in, the session): JSON only, capped as /v1's; the operations check what they need.
  app.use('/auth', chain(cors, apiContentSecurityPolicy, jsonBody(deps.config.jsonBodyLimitBytes), rejectNulInUrl));
  const routes = new RouteTable(); // the generated routes, grouped by resource (http/route-table.ts)
  RegisterRoutes(routes.registrar);
  app.use(routes.handler());

  app.use(methodNotAllowedOrNotFound(app, () => routes.routers())); // 405 with Allow on a known path, else 404
  app.use(problemHandler(log, spec));
  return app;
}

