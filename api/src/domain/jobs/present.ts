import type { Sequelize, Transaction } from 'sequelize';
import type { Config } from '../../config';
import { signedFileUrl } from '../files/signing';
import { JOB_APPS } from './registry';
import { outputsOf, type JobRow } from './repository';
import type { Job, JobOutput } from './resource';

/**
 * A job row as the API shows it: the fields every job has (here), then each app's own fields (its
 * optional `present` hook: an avatar's name and image, a pose generation's items). `GET`, lists and
 * the `data.object` of job events all come from here, so they never differ.
 */

export interface PresentDeps {
  db: Sequelize;
  config: Pick<Config, 'publicBaseUrl' | 'signingSecret' | 'fileUrlTtlSeconds'>;
}

export type OutputsByJob = Awaited<ReturnType<typeof outputsOf>>;

const iso = (d: Date | string | null | undefined): string | null => (d ? new Date(d).toISOString() : null);

/** The common fields of a job (no app fields), with its outputs from `outputs` (read by `outputsOf`). */
export function presentJob(row: JobRow, outputs: OutputsByJob, config: PresentDeps['config']): Job {
  return {
    id: row.id,
    object: row.app,
    status: row.status,
    progress: { fraction: Number(row.progress_fraction), stage: row.progress_stage, eta_seconds: row.eta_seconds },
    input: row.request,
    outputs: (outputs.get(row.id) ?? []).map((o): JobOutput => {
      const signed = signedFileUrl({ baseUrl: config.publicBaseUrl, secret: config.signingSecret, id: o.file_id, ttlSeconds: config.fileUrlTtlSeconds });
      return {
        file_id: o.file_id,
        url: signed.url,
        url_expires_at: signed.expiresAt.toISOString(),
        filename: o.file.filename as string,
        content_type: o.file.content_type as string,
        bytes: Number(o.file.bytes),
        role: o.role,
        index: o.idx,
        position: o.position,
        metadata: o.metadata,
      };
    }),
    credits: { quoted: row.credits_quoted, reserved: row.credits_reserved, charged: row.credits_charged, refunded: row.credits_refunded },
    error: row.error_code ? { code: row.error_code, message: row.error_message ?? '' } : null,
    metadata: row.metadata,
    external_id: row.external_id,
    livemode: row.livemode,
    created_at: iso(row.created_at)!,
    started_at: iso(row.started_at),
    finished_at: iso(row.finished_at),
    expires_at: iso(row.expires_at),
  };
}

/**
 * Adds each app's own fields: one call of the app's `present` per app present in `jobs` (so a page
 * costs one query per app, whatever its size). With `t`, reads see the transaction writing a state change.
 */
export async function withAppFields(db: Sequelize, jobs: Job[], t?: Transaction): Promise<Job[]> {
  const out = [...jobs];
  const apps = [...new Set(jobs.map((j) => j.object))];
  await Promise.all(
    apps.map(async (name) => {
      const present = JOB_APPS[name]?.present;
      if (!present) return;
      const positions = jobs.flatMap((j, i) => (j.object === name ? [i] : []));
      const presented = await present(positions.map((i) => jobs[i]), { db, t });
      positions.forEach((pos, k) => (out[pos] = presented[k]));
    }),
  );
  return out;
}

/**
 * Job rows as the API renders them: their outputs in one query, then (unless `appFields: false`,
 * for `GET /v1/jobs`, which shows every app's jobs with the common fields) the apps' fields.
 */
export async function presentJobs(deps: PresentDeps, rows: JobRow[], opts: { t?: Transaction; appFields?: boolean } = {}): Promise<Job[]> {
  const outputs = await outputsOf(deps.db, rows.map((r) => r.id), opts.t);
  const jobs = rows.map((r) => presentJob(r, outputs, deps.config));
  return opts.appFields === false ? jobs : withAppFields(deps.db, jobs, opts.t);
}

/**
 * The job as its state-change event carries it, read inside the transaction that made the change
 * (so it is the new state). Only a succeeded job has outputs, so the other states skip that read.
 */
export async function presentForEvent(deps: PresentDeps, row: JobRow, t: Transaction): Promise<Job> {
  const outputs = row.status === 'succeeded' ? await outputsOf(deps.db, [row.id], t) : new Map();
  const [job] = await withAppFields(deps.db, [presentJob(row, outputs, deps.config)], t);
  return job;
}
