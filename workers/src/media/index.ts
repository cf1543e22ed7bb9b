/**
 * The media toolkit every renderer shares: FFmpeg runs and their deadlines, bounded pools of work,
 * ZIP archives, and one mapping of failures to job errors.
 */
export { FfmpegError, runFfmpeg, withTempDir, type FfmpegProgress, type RunFfmpegOptions } from './ffmpeg';
export { ffmpegTimeoutMs } from './timeouts';
export { runPool, settleAll, type PoolOptions } from './pool';
export { writeZip, ZIP_ENTRY_DATE, type WriteZipOptions, type ZipEntry } from './zip';
export { asJobError, canceledError, firstRealFailure, isCancellation, throwIfAborted, type MediaFailureCode } from './job-errors';
