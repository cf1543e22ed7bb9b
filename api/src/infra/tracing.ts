import { context, INVALID_SPAN_CONTEXT, propagation, SpanKind, SpanStatusCode, trace, type Attributes, type Context, type Span } from '@opentelemetry/api';

/**
 * OpenTelemetry traces, only when OTEL_EXPORTER_OTLP_ENDPOINT is set: then the SDK is loaded, spans
 * are batched and sent over OTLP/HTTP (JSON) to `<endpoint>/v1/traces`, and the W3C `traceparent`
 * propagator carries a trace from the API request into the queued job. Without it nothing is loaded:
 * the `@opentelemetry/api` calls below are no-ops (a non-recording span, an empty carrier).
 */
const TRACER = 'lumiku';

let shutdownHook: (() => Promise<void>) | null = null;

/** Starts the SDK for `service` (`lumiku-api`, `lumiku-worker`) when the endpoint is set; idempotent. */
export async function startTracing(service: string, env: NodeJS.ProcessEnv = process.env): Promise<boolean> {
  if (!env.OTEL_EXPORTER_OTLP_ENDPOINT) return false;
  if (shutdownHook) return true;
  const [{ NodeTracerProvider, BatchSpanProcessor }, { OTLPTraceExporter }, { resourceFromAttributes }, { ATTR_SERVICE_NAME }] = await Promise.all([
    import('@opentelemetry/sdk-trace-node'),
    import('@opentelemetry/exporter-trace-otlp-http'),
    import('@opentelemetry/resources'),
    import('@opentelemetry/semantic-conventions'),
  ]);
  const provider = new NodeTracerProvider({
    resource: resourceFromAttributes({ [ATTR_SERVICE_NAME]: env.OTEL_SERVICE_NAME || service }),
    // The exporter reads OTEL_EXPORTER_OTLP_ENDPOINT (+ /v1/traces) and OTEL_EXPORTER_OTLP_HEADERS itself.
    spanProcessors: [new BatchSpanProcessor(new OTLPTraceExporter())],
  });
  provider.register(); // AsyncLocalStorage context manager + W3C trace-context propagator
  shutdownHook = () => provider.shutdown().catch(() => {});
  return true;
}

/** Sends what is buffered and stops (on shutdown); a no-op without tracing. */
export async function stopTracing(): Promise<void> {
  const hook = shutdownHook;
  shutdownHook = null;
  await hook?.();
}

/** Whether this process exports traces (startTracing found an endpoint). */
export function tracingActive(): boolean {
  return shutdownHook !== null;
}

export function tracer() {
  return trace.getTracer(TRACER);
}

/** Runs `fn` in a child span of the active one; records an exception and ends the span either way. */
export async function withSpan<T>(name: string, attributes: Attributes, fn: (span: Span) => Promise<T>, parent?: Context): Promise<T> {
  if (!shutdownHook) return fn(trace.wrapSpanContext(INVALID_SPAN_CONTEXT)); // tracing off: not even a no-op context switch
  return tracer().startActiveSpan(name, { attributes }, parent ?? context.active(), async (span) => {
    try {
      return await fn(span);
    } catch (err) {
      span.recordException(err as Error);
      span.setStatus({ code: SpanStatusCode.ERROR, message: (err as Error)?.message });
      throw err;
    } finally {
      span.end();
    }
  });
}

/** The active span's context as a W3C `traceparent` header value (undefined without tracing). */
export function currentTraceparent(): string | undefined {
  if (!shutdownHook) return undefined;
  const carrier: Record<string, string> = {};
  propagation.inject(context.active(), carrier);
  return carrier.traceparent;
}

/** The context a `traceparent` names (the active one when absent or malformed). */
export function contextFromTraceparent(traceparent: string | undefined): Context {
  if (!traceparent) return context.active();
  return propagation.extract(context.active(), { traceparent });
}

/** pino mixin: the active span's trace and span ids on every log line written inside it. */
export function traceLogFields(): Record<string, unknown> {
  if (!shutdownHook) return {};
  const span = trace.getActiveSpan();
  if (!span) return {};
  const { traceId, spanId, traceFlags } = span.spanContext();
  if (!traceFlags && traceId === '00000000000000000000000000000000') return {};
  return { trace_id: traceId, span_id: spanId };
}

/**
 * Express middleware: one server span per request (continuing an incoming `traceparent`), named by
 * method and route template, with the status; the rest of the chain (and the response's listeners,
 * e.g. the access log) runs inside it.
 */
export function traceRequests() {
  return (req: any, res: any, next: () => void) => {
    if (!shutdownHook) return next();
    const parent = propagation.extract(context.active(), req.headers);
    const span = tracer().startSpan(`${req.method}`, { kind: SpanKind.SERVER, attributes: { 'http.request.method': req.method, 'url.path': String(req.originalUrl ?? req.url).split('?')[0] } }, parent);
    const ctx = trace.setSpan(parent, span);
    context.bind(ctx, res);
    res.on('finish', () => {
      const route = req.route?.path ? `${req.baseUrl}${req.route.path}` : undefined;
      if (route) {
        span.setAttribute('http.route', route);
        span.updateName(`${req.method} ${route}`);
      }
      span.setAttribute('http.response.status_code', res.statusCode);
      if (res.statusCode >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
      span.end();
    });
    context.with(ctx, next);
  };
}
