import pino, { type Logger } from 'pino';

/**
 * JSON logs on stdout; `service` tells API and worker lines apart when they share a stream.
 * Writes are asynchronous (sonic-boom coalesces them) so a request never waits on a log pipe;
 * pino flushes what is buffered when the process exits.
 */
export function createLogger(level: string, service: string): Logger {
  return pino(
    { level, base: { service }, redact: { paths: ['req.headers.authorization', '*.secret', '*.apiKey'], remove: true } },
    pino.destination({ dest: 1, sync: false }),
  );
}
