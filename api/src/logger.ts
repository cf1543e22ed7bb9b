import pino, { type DestinationStream, type Logger } from 'pino';
import { redactSecretsInText } from './domain/secrets-in-text';
import { traceLogFields, tracingActive } from './infra/tracing';

/**
 * Fields that never reach a log line, wherever they sit: credentials in headers (API keys, session
 * cookies, CSRF tokens, gateway signatures), and any field named like a secret.
 */
export const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["lumiku-csrf-token"]',
  'req.headers["stripe-signature"]',
  'res.headers["set-cookie"]',
  'headers.authorization',
  'headers.cookie',
  'headers["set-cookie"]',
  '*.headers.authorization',
  '*.headers.cookie',
  '*.headers["set-cookie"]',
  'authorization',
  'cookie',
  'password',
  'secret',
  'token',
  'apiKey',
  'api_key',
  '*.password',
  '*.secret',
  '*.token',
  '*.apiKey',
  '*.api_key',
  '*.signingSecret',
  '*.sessionToken',
  '*.csrfToken',
];

/** Replaces every secret found in `text` by its kind and `[redacted]`. */
export function redactText(text: string): string {
  return redactSecretsInText(text, { keepKind: true });
}

/** Strings in a log object (two levels deep: `err.message`, `req.url`) lose any secret they carry. */
function scrub(value: unknown, depth: number): unknown {
  if (typeof value === 'string') return redactText(value);
  if (depth <= 0 || value === null || typeof value !== 'object') return value;
  if (value instanceof Error) return value; // the err serializer scrubs it
  if (Array.isArray(value)) return value.map((v) => scrub(v, depth - 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) out[k] = scrub(v, depth - 1);
  return out;
}

/** pino's error serializer, then the same scrubbing (an error's message and stack may quote a URL). */
function serializeError(err: unknown) {
  return scrub(pino.stdSerializers.err(err as Error), 2);
}

/**
 * JSON logs on stdout; `service` tells API and worker lines apart when they share a stream.
 * Writes are asynchronous (sonic-boom coalesces them) so a request never waits on a log pipe;
 * pino flushes what is buffered when the process exits. `destination` is for tests.
 * `mixin` adds fields to every line: by default the trace and span ids of the active span
 * (`trace_id`, `span_id`; nothing when tracing is off, see infra/tracing.ts).
 */
export function createLogger(level: string, service: string, destination?: DestinationStream, mixin?: () => Record<string, unknown>): Logger {
  return pino(
    {
      level,
      base: { service },
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
      serializers: { err: serializeError, error: serializeError },
      formatters: { log: (obj) => scrub(obj, 3) as Record<string, unknown> },
      // The message itself (and printf-style arguments) too.
      hooks: {
        logMethod(args, method) {
          return method.apply(this, args.map((a) => (typeof a === 'string' ? redactText(a) : a)) as Parameters<typeof method>);
        },
      },
      // Only when traces are exported (main starts tracing before it makes its logger): no cost otherwise.
      ...(mixin ? { mixin } : tracingActive() ? { mixin: traceLogFields } : {}),
    },
    destination ?? pino.destination({ dest: 1, sync: false }),
  );
}
