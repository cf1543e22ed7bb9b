import type { Logger } from 'pino';

/**
 * What the API and worker processes do about faults nobody handled and about losing the
 * supervisor that started them.
 *
 * - An unhandled promise rejection is logged and the process keeps serving: it means some caller
 *   did not wait for (or did not catch) a promise, but the failed operation has already unwound
 *   through its own awaits and finally blocks, so no half-done synchronous state is left behind.
 *   Node's default (crash) turned one missed `.catch` on a Redis hiccup into an outage.
 * - An uncaught exception is logged and then `onUncaught` runs: the exception left some
 *   synchronous code half-way, and nothing says which invariant it broke, so the process stops
 *   gracefully (no new work, in-flight work drained, exit code 1) and the supervisor, or the
 *   orchestrator, starts a fresh one. It is not survivable in general, so neither process tries.
 */
export function handleProcessFaults(logger: Logger, opts: { onUncaught(err: Error): void }): void {
  process.on('unhandledRejection', (reason) => {
    logger.error({ err: reason }, 'unhandled promise rejection; still serving');
  });
  process.on('uncaughtException', (err, origin) => {
    logger.fatal({ err, origin }, 'uncaught exception; stopping');
    opts.onUncaught(err);
  });
}

/**
 * Under a supervisor that started this process with an IPC channel (`npm start`), `onGone` runs
 * when that channel closes: the supervisor exited or was killed (even by SIGKILL: the kernel
 * closes its end). Without it a killed supervisor left the API and the worker running, orphaned,
 * holding the port. Does nothing for a process started without IPC (a container, `npm run api`).
 */
export function exitWithSupervisor(onGone: () => void): void {
  if (typeof process.send !== 'function') return;
  process.once('disconnect', onGone);
  // The channel must not keep an otherwise finished process alive.
  process.channel?.unref();
}
