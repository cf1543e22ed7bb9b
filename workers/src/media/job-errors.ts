import { JobError } from '../../../api/src/domain/jobs/app-contract';
import { FfmpegError } from './ffmpeg';

/**
 * How renderers turn failures into job failures, one way for every app:
 *
 * - a `JobError` (a failure whose cause the renderer already knows) passes through untouched;
 * - a cancellation passes through untouched, so the engine sees a cancel, never a failure;
 * - an FFmpeg run that hit its deadline is `render_failed` whatever the step: a stuck process says
 *   nothing about the input;
 * - anything else becomes `code` with the renderer's own `message`. FFmpeg's log line is kept as
 *   the `cause` (for the worker's log) and never shown to clients: it names server paths.
 */
export type MediaFailureCode = 'media_unreadable' | 'render_failed';

/** True for the errors a stopped step throws: FFmpeg killed by its signal, a `canceled` job error, an AbortError. */
export function isCancellation(err: unknown): boolean {
  if (err instanceof FfmpegError) return err.code === 'canceled';
  if (err instanceof JobError) return err.code === 'canceled';
  return err instanceof Error && err.name === 'AbortError';
}

/** The error a renderer throws when its signal was aborted (the reason is kept as the cause). */
export function canceledError(signal?: AbortSignal): JobError {
  return new JobError('canceled', 'The job was canceled.', { cause: signal?.reason });
}

/** Throws `canceledError` when the signal is aborted: call it before each step that starts new work. */
export function throwIfAborted(signal: AbortSignal): void {
  if (signal.aborted) throw canceledError(signal);
}

/** A failure with a cause we know, as a `JobError`; cancellations pass through untouched. */
export function asJobError(err: unknown, code: MediaFailureCode, message: string): Error {
  if (err instanceof JobError) return err;
  if (isCancellation(err)) return err as Error;
  if (err instanceof FfmpegError && err.code === 'ffmpeg_timeout') return new JobError('render_failed', `${message} (it took too long)`, { cause: err });
  return new JobError(code, message, { cause: err });
}

/** Of several failures of steps run side by side, the one to report: the first that is not a sibling's stop. */
export function firstRealFailure(failures: readonly unknown[]): unknown {
  return failures.find((f) => !isCancellation(f)) ?? failures[0];
}
