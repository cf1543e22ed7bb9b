/** Every FFmpeg run gets at least this long, whatever its size: start-up, probing, a loaded machine. */
const FLOOR_MS = 120_000;
/** Then this much per second the run is expected to take: a stuck process ends, a slow one does not. */
const PER_EXPECTED_SECOND_MS = 30_000;

/**
 * The deadline of one FFmpeg run (`runFfmpeg`'s `timeoutMs`), from how long it is expected to take
 * on a worker, in seconds (for a stream copy or a real-time encode, about the media's length; pass
 * a multiple for heavier work). Generous on purpose: it only exists so a stuck FFmpeg cannot hold a
 * worker forever; the job's own deadline still applies.
 */
export function ffmpegTimeoutMs(expectedSeconds: number): number {
  const seconds = Number.isFinite(expectedSeconds) && expectedSeconds > 0 ? expectedSeconds : 0;
  return Math.round(FLOOR_MS + seconds * PER_EXPECTED_SECOND_MS);
}
