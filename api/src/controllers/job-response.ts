import type { Controller } from '@tsoa/runtime';
import type { JobQuote } from '../services/jobs';

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
