import pino, { type Logger } from 'pino';

/** JSON logs; `service` tells API and worker lines apart when they share a stream. */
export function createLogger(level: string, service: string): Logger {
  return pino({ level, base: { service }, redact: { paths: ['req.headers.authorization', '*.secret', '*.apiKey'], remove: true } });
}
