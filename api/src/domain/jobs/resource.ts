import type { AppName } from './app-contract';
import type { JobStatus } from './repository';

/*
 * The job resource as the API shows it (`GET /v1/<app>/{id}`, lists, and the `data.object` of job
 * events). Types only: built by `present.ts`; each app may add its own fields (`JobApp.present`).
 */

export interface JobProgress {
  /** 0..1 */
  fraction: number;
  /** What the worker is doing: `queued`, `normalizing`, `rendering`, `uploading`, `done`, … */
  stage: string;
  /** Estimated seconds to completion while processing; null when unknown. */
  eta_seconds: number | null;
}

export interface JobCredits {
  /** The price of the request (the dry-run quote). */
  quoted: number;
  /** Held from the balance when the job was created (0 in test mode). */
  reserved: number;
  /** Captured on success. */
  charged: number;
  /** Released back to the balance (failure, cancel, or the unused part). */
  refunded: number;
}

export interface JobOutput {
  file_id: string;
  /** Signed, expiring download URL. */
  url: string;
  url_expires_at: string;
  filename: string;
  content_type: string;
  bytes: number;
  /** What this output is in the job: `variant`, `thumbnail`, `zip`, `loop`, `slide`, … */
  role: string;
  /** Variant or set number (0-based), where the app has them. */
  index: number | null;
  /** Slide position within its set (0-based), for carousels. */
  position: number | null;
  /** App-specific facts (clip sequence, duration, frame size, …). */
  metadata: { [key: string]: unknown };
}

export interface JobErrorInfo {
  /** Stable, snake_case. */
  code: string;
  message: string;
}

/** Fields every job resource has, whatever the app. */
export interface JobFields {
  id: string;
  status: JobStatus;
  progress: JobProgress;
  outputs: JobOutput[];
  credits: JobCredits;
  error: JobErrorInfo | null;
  metadata: { [key: string]: string };
  external_id: string | null;
  livemode: boolean;
  created_at: string;
  started_at: string | null;
  finished_at: string | null;
  /** When the outputs are deleted. */
  expires_at: string | null;
}

/** Any app's job, as `GET /v1/jobs` lists them. */
export interface Job extends JobFields {
  /** The app: `video_mix`, `loop`, `carousel`, `avatar` or `pose_generation`. */
  object: AppName;
  input: { [key: string]: unknown };
}
