/**
 * What the client logs, and how secrets are kept out of it. Levels from quiet to chatty: `off`,
 * `error`, `warn` (default), `info` (retries), `debug` (every request and response, with bodies).
 * API keys (`lk_live_…`, `lk_test_…`), webhook secrets (`whsec_…`), the `Authorization` header and
 * fields named like a secret are replaced by `[redacted]` before anything reaches the logger.
 */

export type LogLevel = 'off' | 'error' | 'warn' | 'info' | 'debug';

/** Where log lines go: `console` by default, or any object with these four methods (pino, winston, …). */
export interface Logger {
  error(message: string, ...rest: unknown[]): void;
  warn(message: string, ...rest: unknown[]): void;
  info(message: string, ...rest: unknown[]): void;
  debug(message: string, ...rest: unknown[]): void;
}

export const LOG_LEVELS: readonly LogLevel[] = ['off', 'error', 'warn', 'info', 'debug'];
export const DEFAULT_LOG_LEVEL: LogLevel = 'warn';

export const isLogLevel = (value: unknown): value is LogLevel => typeof value === 'string' && (LOG_LEVELS as readonly string[]).includes(value);

export const REDACTED = '[redacted]';

/** Headers whose values are credentials. */
const SECRET_HEADERS = new Set(['authorization', 'proxy-authorization', 'cookie', 'set-cookie', 'x-api-key']);
/** JSON fields whose values are credentials (an API key's or an endpoint's `secret`, …). */
const SECRET_FIELD = /^(secret|api_?key|password|token|authorization|signing_secret|webhook_secret)$/i;
/** Secrets that may appear inside any text: API keys and webhook secrets (never their redacted forms, `lk_test_…x7Qa`). */
const SECRET_TEXT: [RegExp, string][] = [
  [/\b(lk_(?:live|test)_)[A-Za-z0-9_-]{6,}/g, `$1${REDACTED}`],
  [/\b(whsec_)[A-Za-z0-9+/=_-]{6,}/g, `$1${REDACTED}`],
  [/\b(Bearer\s+)[^\s"',]+/gi, `$1${REDACTED}`],
];

/** The text with every API key, webhook secret and bearer token in it replaced. */
export function redactText(text: string): string {
  let out = text;
  for (const [pattern, replacement] of SECRET_TEXT) out = out.replace(pattern, replacement);
  return out;
}

/** A copy of a JSON value with secret fields and secret-looking strings replaced (depth-limited). */
export function redactValue(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return redactText(value);
  if (value === null || typeof value !== 'object' || depth > 20) return value;
  if (Array.isArray(value)) return value.map((v) => redactValue(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) out[key] = SECRET_FIELD.test(key) && v !== null && v !== undefined && typeof v !== 'boolean' ? REDACTED : redactValue(v, depth + 1);
  return out;
}

/** Headers as a plain object for a log line, credentials replaced. */
export function redactHeaders(headers: Headers | Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  const entries: [string, string][] = [];
  if (typeof Headers !== 'undefined' && headers instanceof Headers) headers.forEach((value, name) => entries.push([name, value]));
  else entries.push(...Object.entries(headers));
  for (const [name, value] of entries) out[name.toLowerCase()] = SECRET_HEADERS.has(name.toLowerCase()) ? REDACTED : redactText(value);
  return out;
}

/** A logger that drops everything below `level` and redacts every string and object it is given. */
export class LevelLogger {
  constructor(
    readonly level: LogLevel,
    private readonly sink: Logger,
  ) {}

  enabled(level: Exclude<LogLevel, 'off'>): boolean {
    return LOG_LEVELS.indexOf(level) <= LOG_LEVELS.indexOf(this.level) && this.level !== 'off';
  }

  error(message: string, detail?: unknown) {
    this.emit('error', message, detail);
  }
  warn(message: string, detail?: unknown) {
    this.emit('warn', message, detail);
  }
  info(message: string, detail?: unknown) {
    this.emit('info', message, detail);
  }
  debug(message: string, detail?: unknown) {
    this.emit('debug', message, detail);
  }

  private emit(level: Exclude<LogLevel, 'off'>, message: string, detail: unknown) {
    if (!this.enabled(level)) return;
    const line = `[lumiku] ${redactText(message)}`;
    try {
      if (detail === undefined) this.sink[level](line);
      else this.sink[level](line, redactValue(detail));
    } catch {
      // A failing logger never fails a request.
    }
  }
}
