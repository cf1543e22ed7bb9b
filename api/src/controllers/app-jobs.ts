import type { Controller } from '@tsoa/runtime';
import type { AppName } from '../domain/apps';
import type { JobStatus } from '../domain/jobs/repository';
import type { RequestContext } from '../request-context';
import { cancelAvatar, getAvatar, listAvatars } from '../services/avatars';
import { cancelJob, createJob, getJob, listJobs, type JobQuote, type JobRequestCommon } from '../services/jobs';
import type { List } from '../services/pagination';

/*
 * What the generated job controllers (api/src/generated/controllers) call: the same four
 * operations for every app, through the job services. An app whose resource has rules of its own
 * beyond its `present` fields names its service functions in OWN_RULES (avatars: a deleted avatar
 * is neither found, listed nor canceled). A new app needs nothing here.
 */

export interface ListQuery {
  limit?: number;
  starting_after?: string;
  status?: JobStatus;
  external_id?: string;
}

export interface AppJobOperations<T> {
  create(ctx: RequestContext, body: JobRequestCommon, opts: { dryRun?: boolean }): Promise<{ job?: T; quote?: JobQuote }>;
  list(ctx: RequestContext, q: ListQuery): Promise<List<T>>;
  retrieve(ctx: RequestContext, id: string, wait: number): Promise<T>;
  cancel(ctx: RequestContext, id: string): Promise<T>;
}

type Operations = AppJobOperations<unknown>;

const OWN_RULES: { [K in AppName]?: Partial<Operations> } = {
  avatar: { list: listAvatars, retrieve: getAvatar, cancel: cancelAvatar },
};

/** The job operations of one app, typed as its resource `T` (the generated controller's interface). */
export function appJobs<T>(app: AppName): AppJobOperations<T> {
  const generic: Operations = {
    create: (ctx, body, opts) => createJob(ctx, app, body as JobRequestCommon & Record<string, unknown>, opts),
    list: (ctx, q) => listJobs(ctx, app, q),
    retrieve: (ctx, id, wait) => getJob(ctx, app, id, wait),
    cancel: (ctx, id) => cancelJob(ctx, app, id),
  };
  return { ...generic, ...OWN_RULES[app] } as AppJobOperations<T>;
}

/**
 * What every job resource's create answers: 200 with the quote for `dry_run=true`, else 202 with
 * the new job and its `Location` (`/v1/<path>/<id>`).
 */
export function acceptedOrQuoted<T extends { id: string }>(controller: Controller, path: string, created: { job?: T; quote?: JobQuote }): T | JobQuote {
  if (created.quote) {
    controller.setStatus(200);
    return created.quote;
  }
  controller.setStatus(202);
  controller.setHeader('Location', `/v1/${path}/${created.job!.id}`);
  return created.job!;
}
