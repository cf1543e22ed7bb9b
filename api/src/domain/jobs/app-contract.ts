import type { Sequelize, Transaction } from 'sequelize';
import type { Config } from '../../config';
import type { AiGateway } from '../ai/provider';
import type { PriceCatalogue, Quote } from '../pricing/pricing';
import type { JobRow } from './repository';
import type { Job } from './resource';

/**
 * The contract between the job engine and each app (video mixes, loops, carousels, later the AI
 * apps). The API side is pure (validate, resolve defaults, price); the worker side renders files.
 * The engine does everything else: credits, rows, queues, storage, progress, cancel, events.
 */

/** An app's name, derived from the registry (`APPS` in api/src/domain/apps/index.ts). */
import type { AppName } from '../apps';

export type { AppName };
/** `gpu` runs the AI apps: it mostly waits on model servers, so it scales apart from FFmpeg and sharp work. */
export type WorkerPool = 'media' | 'image' | 'gpu';
export const POOLS: readonly WorkerPool[] = ['media', 'image', 'gpu'];

/** What an app may look up before `normalize` (the only I/O step on the API side): its account's objects, the model registry. */
export interface PrepareEnv {
  db: Sequelize;
  config: Config;
  accountId: string;
  livemode: boolean;
}

/** What the engine tells an app about a file the request refers to (already checked: exists, same account and mode). */
export interface InputFileInfo {
  id: string;
  kind: 'image' | 'video' | 'audio' | 'archive';
  content_type: string;
  bytes: number;
  /** The probe metadata of the file (duration_seconds, width, height, fps, has_audio, …). */
  metadata: Record<string, unknown>;
}

export interface JobApp<Request, Input> {
  /** Object type and event prefix: `video_mix` → `video_mix.succeeded`. */
  name: AppName;
  /** Id prefix: `vmix` → `vmix_…`. */
  idPrefix: string;
  /** URL segment under /v1: `video_mixes`. */
  path: string;
  pool: WorkerPool;
  /** Ids of the files the request names, so the engine can load and check them first. */
  fileIds(request: Request): string[];
  /**
   * Semantic validation beyond the schema (tsoa already checked types and ranges) and defaults.
   * Throws ApiError 422 (`validation_failed` with `errors[]`, or a more precise code) for anything
   * knowable at creation. Pure: no I/O.
   */
  normalize(request: Request, files: Map<string, InputFileInfo>, prepared?: any): Input;
  /**
   * Optional lookups that `normalize` needs (a model from the registry, an avatar of this account).
   * Throws ApiError for anything the caller got wrong. Its result is passed to `normalize`.
   */
  prepare?(request: Request, env: PrepareEnv): Promise<unknown>;
  /** Optional: rows the app keeps beside the job, written in the job's creation transaction. */
  onCreate?(db: Sequelize, job: JobRow, input: Input, t: Transaction): Promise<void>;
  /** The price, from the one pricing function (`quote` in domain/pricing). */
  quote(input: Input, prices: PriceCatalogue): Quote;
  /**
   * Optional: the app's own fields on top of the common job resource (an avatar's name and image, a
   * pose generation's items). Called with every job of this app on a page at once (or the one job
   * of an event, with `t` so reads see the state change being written); returns them in the same
   * order. `GET`, lists and event payloads all go through it (`domain/jobs/present.ts`).
   */
  present?(jobs: Job[], env: PresentEnv): Promise<Job[]>;
}

/** What an app's `present` may read with. */
export interface PresentEnv {
  db: Sequelize;
  t?: Transaction;
}

/** A failure a renderer knows the cause of. `transient` failures are retried; others fail the job. */
export class JobError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly opts: { transient?: boolean; cause?: unknown } = {},
  ) {
    super(message, { cause: opts.cause });
    this.name = 'JobError';
  }
}

export interface RenderContext {
  /** A fresh folder for this attempt; the engine removes it afterwards whatever happens. */
  workDir: string;
  /** Input files as local paths, by file id. */
  files: Map<string, { path: string; info: InputFileInfo }>;
  /** Aborted on cancel or shutdown: stop at once (runFfmpeg kills its child). */
  signal: AbortSignal;
  /** Report progress; the engine throttles and stores it. `fraction` 0..1. */
  progress(fraction: number, stage: string): void;
  ffmpegPath?: string;
  ffprobePath?: string;
  /** False for test-mode jobs (the AI gateway then uses the deterministic test provider). */
  livemode?: boolean;
  /** AI model providers (limited, retried, circuit-broken); present in workers running the `gpu` pool. */
  ai?: AiGateway;
  /** Reports the state of one promised output (e.g. one pose × variation); the engine stores it. */
  item?(index: number, update: ItemUpdate): void;
}

/** The state of one item of a job that promises several independent outputs. */
export interface ItemUpdate {
  status: 'queued' | 'processing' | 'succeeded' | 'failed' | 'canceled';
  error?: { code: string; message: string } | null;
  metadata?: Record<string, unknown>;
}

/**
 * What a renderer may return instead of a bare list: with `billable_units`, only that many units
 * of the quote are charged and the rest of the reservation is released (partial success).
 */
export interface RenderResult {
  outputs: RenderedOutput[];
  billable_units?: number;
  /** Final state of every item, written in the job's finishing transaction. */
  items?: (ItemUpdate & { index: number })[];
}

export interface RenderedOutput {
  /** A file inside `workDir`; the engine moves it to storage and creates its `file_…` row. */
  path: string;
  filename: string;
  content_type: string;
  kind: 'image' | 'video' | 'audio' | 'archive';
  /** What it is in this job: `variant`, `thumbnail`, `zip`, `loop`, `slide`, … */
  role: string;
  /** Variant / set number (0-based) where the app has them. */
  index?: number;
  /** Slide position within a set (0-based), for carousels. */
  position?: number;
  /** App-specific facts clients need (clip sequence, duration, size, …). */
  metadata: Record<string, unknown>;
}

export type Renderer<Input> = (input: Input, ctx: RenderContext) => Promise<RenderedOutput[]>;
/** A renderer whose items may succeed or fail one by one (partial success). */
export type ItemsRenderer<Input> = (input: Input, ctx: RenderContext) => Promise<RenderResult>;
export type AnyRenderer<Input> = Renderer<Input> | ItemsRenderer<Input>;
