/**
 * Tells "a dependency could not be reached" apart from a bug: such a failure becomes a 503
 * `service_unavailable` with `Retry-After` (clients and the SDK retry it), not a 500.
 */

/** Seconds a client is told to wait before retrying when a dependency is down. */
export const UNAVAILABLE_RETRY_AFTER_SECONDS = 5;

/** Sequelize's connection errors: refused, timed out, host not found or unreachable, pool acquire timeout… */
const SEQUELIZE_CONNECTION_ERRORS = new Set([
  'SequelizeConnectionError',
  'SequelizeConnectionRefusedError',
  'SequelizeConnectionTimedOutError',
  'SequelizeConnectionAcquireTimeoutError',
  'SequelizeHostNotFoundError',
  'SequelizeHostNotReachableError',
  'SequelizeInvalidConnectionError',
  'SequelizeAccessDeniedError',
]);

/** Socket-level failures reaching any dependency. */
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'EHOSTDOWN', 'ENOTFOUND', 'EAI_AGAIN']);

/**
 * PostgreSQL SQLSTATEs that mean the server, not the statement, is the problem: class 08
 * (connection exception), 57P01–57P03 (admin or crash shutdown, cannot connect now), 53300
 * (too many connections).
 */
const isUnavailableSqlState = (code: string) => /^08[0-9A-Z]{3}$/.test(code) || code === '57P01' || code === '57P02' || code === '57P03' || code === '53300';

/** What node-postgres and Sequelize say when a connection died or never came. */
const DATABASE_MESSAGES = [
  /connection terminated/i,
  /client (?:has encountered a connection error|was closed) and is not queryable/i,
  /timeout exceeded when trying to connect/i,
  /connection manager was closed/i,
  /server closed the connection unexpectedly/i,
];
/** What ioredis says when Redis is gone (e.g. a command that needed it). */
const OTHER_MESSAGES = [/^connection is closed\.?$/i, /reached the max retries per request limit/i];

interface ErrorLike {
  name?: unknown;
  code?: unknown;
  message?: unknown;
  parent?: unknown;
  original?: unknown;
  cause?: unknown;
}

/** 'database' for PostgreSQL/Sequelize connection failures, 'other' for a bare network failure, null for neither. */
function classifyOne(e: ErrorLike): 'database' | 'other' | null {
  if (typeof e.name === 'string' && SEQUELIZE_CONNECTION_ERRORS.has(e.name)) return 'database';
  if (typeof e.code === 'string' && isUnavailableSqlState(e.code)) return 'database';
  const message = typeof e.message === 'string' ? e.message : '';
  if (DATABASE_MESSAGES.some((re) => re.test(message))) return 'database';
  if ((typeof e.code === 'string' && NETWORK_CODES.has(e.code)) || OTHER_MESSAGES.some((re) => re.test(message))) return 'other';
  return null;
}

/**
 * Which dependency `err` says could not be reached or dropped the connection, looking through
 * what it wraps (Sequelize's `parent`/`original`, an Error's `cause`): `database`, `other`, or
 * null when it is no such failure.
 */
export function unavailableDependency(err: unknown): 'database' | 'other' | null {
  const seen = new Set<unknown>();
  const queue: unknown[] = [err];
  let found: 'database' | 'other' | null = null;
  while (queue.length && seen.size < 10) {
    const e = queue.shift();
    if (!e || typeof e !== 'object' || seen.has(e)) continue;
    seen.add(e);
    const kind = classifyOne(e as ErrorLike);
    if (kind === 'database') return kind;
    found ??= kind;
    queue.push((e as ErrorLike).parent, (e as ErrorLike).original, (e as ErrorLike).cause);
  }
  return found;
}
