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

/**
 * Strings in a log object (two levels deep: `err.message`, `req.url`) lose any secret they carry.
 * Plain objects and arrays are copied only when something in them changes (most log lines hold no
 * secret, and this runs on every line); other objects are copied as before (own enumerable fields).
 */
function scrub(value: unknown, depth: number): unknown {
  if (typeof value === 'string') return redactText(value);
  if (depth <= 0 || value === null || typeof value !== 'object') return value;
  if (value instanceof Error) return value; // the err serializer scrubs it
  if (Array.isArray(value)) {
    let out: unknown[] | undefined;
    for (let i = 0; i < value.length; i++) {
      const v = value[i];
      const clean = scrub(v, depth - 1);
      if (clean !== v) (out ??= value.slice())[i] = clean;
    }
    return out ?? value;
  }
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) out[k] = scrub(v, depth - 1);
    return out;
  }
  let out: Record<string, unknown> | undefined;
  for (const k in value) {
    if (!Object.prototype.hasOwnProperty.call(value, k)) continue;
    const v = (value as Record<string, unknown>)[k];
    const clean = scrub(v, depth - 1);
    if (clean !== v) (out ??= { ...(value as Record<string, unknown>) })[k] = clean;
  }
  return out ?? value;
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

/**
 * The access log's logger: a child of `logger` (same stream, level, fields, string scrubbing) without
 * its redact paths. An access line has fixed fields (`req_id`, `account_id`, `method`, `url`,
 * `status`, `ms`) that no redact path names, and pino would otherwise pass each of them through the
 * wildcard redactor on every request; secrets inside its strings (a URL's signature) are still
 * replaced by the log formatter.
 */
export function accessLogger(logger: Logger): Logger {
  return logger.child({}, { redact: [] });
}
