import type { Request, RequestHandler } from 'express';
import swaggerUi from 'swagger-ui-express';
import type { Config } from '../config';

type Spec = { servers?: unknown } & Record<string, unknown>;

/** A host as a Host header may carry it (name or address, optional port): nothing else reaches the document. */
const HOST = /^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*|\[[0-9a-f:.]+\])(?::\d{1,5})?$/i;

/**
 * The base URL a request reached the API at: `PUBLIC_BASE_URL` when it is set, else the request's
 * own scheme and host. Express reads `X-Forwarded-Proto` / `X-Forwarded-Host` for these only when
 * `TRUST_PROXY` says the proxy is trusted; a Host that is not a host name falls back to
 * `PUBLIC_BASE_URL`'s default.
 */
export function baseUrlOf(req: Request, config: Pick<Config, 'publicBaseUrl' | 'publicBaseUrlConfigured'>): string {
  if (config.publicBaseUrlConfigured) return config.publicBaseUrl;
  const host = req.host;
  return host && HOST.test(host) ? `${req.protocol}://${host}` : config.publicBaseUrl;
}

/**
 * The committed spec names no server (`/`); the served one names the API it came from, so Swagger
 * UI, Postman or a code generator pointed at `/openapi.json` call this API, wherever it runs.
 */
export function servedSpec(spec: Spec, config: Pick<Config, 'publicBaseUrl' | 'publicBaseUrlConfigured'>): (req: Request) => string {
  const cache = new Map<string, string>();
  return (req) => {
    const base = baseUrlOf(req, config);
    let body = cache.get(base);
    if (body === undefined) {
      body = JSON.stringify({ ...spec, servers: [{ url: base, description: 'This API' }] });
      if (cache.size >= 32) cache.delete(cache.keys().next().value!);
      cache.set(base, body);
    }
    return body;
  };
}

/** `GET /openapi.json`: the spec naming this server. */
export function openapiJson(spec: Spec, config: Pick<Config, 'publicBaseUrl' | 'publicBaseUrlConfigured'>): RequestHandler {
  const render = servedSpec(spec, config);
  return (req, res) => {
    res.setHeader('Vary', 'Host, X-Forwarded-Host, X-Forwarded-Proto');
    res.type('application/json').send(render(req));
  };
}

/**
 * `/docs`: Swagger UI reading `/openapi.json` (as a relative URL, so it also works under a path
 * prefix), so "Try it out" calls the server the page was loaded from.
 */
export function swaggerDocs(): RequestHandler[] {
  const options = { customSiteTitle: 'Lumiku API reference', swaggerUrl: '../openapi.json' };
  return [...swaggerUi.serveFiles(undefined, options), swaggerUi.setup(undefined, options)];
}
