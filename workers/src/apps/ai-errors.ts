import { ProviderError } from '../../../api/src/domain/ai/provider';
import { JobError } from '../../../api/src/domain/jobs/app-contract';

/** A provider failure as a job failure with the same stable code (never retried by the queue: the gateway already retried). */
export function jobErrorOf(err: unknown): JobError {
  if (err instanceof JobError) return err;
  if (err instanceof ProviderError) return new JobError(err.code, err.message, { cause: err });
  return new JobError('internal_error', 'The model call failed unexpectedly.', { cause: err });
}

/** The (code, message) to show on a failed output. */
export function itemErrorOf(err: unknown): { code: string; message: string } {
  const e = jobErrorOf(err);
  return { code: e.code, message: e.message };
}
