/**
 * Server-sent event streams (`text/event-stream`), which OpenAPI 3.0 cannot describe message by
 * message: the body stays `type: string`, and the media type's `x-sse-events` names, for each SSE
 * `event:` the stream sends, the schema of its `data:` (JSON). State-change messages carry the same
 * event objects as webhooks (their schemas are the ones `x-webhooks` uses); `progress` messages
 * carry `JobProgressMessage`.
 */
type Json = Record<string, any>;

export const SSE_EXTENSION = 'x-sse-events';

/** What a job's `progress` message holds (api/src/services/job-stream.ts writes it). */
const JOB_PROGRESS_MESSAGE: Json = {
  type: 'object',
  description: 'The data of a `progress` message on a job\'s event stream: how far the job is. Sent at most twice a second while the job runs (and once on connecting to a running job).',
  properties: {
    job_id: { type: 'string', description: 'The job.', example: 'crsl_01jf3v8a6q8m2k4c7xw9t5b3ne' },
    fraction: { type: 'number', minimum: 0, maximum: 1, description: 'Done so far, 0 to 1.', example: 0.5 },
    stage: { type: 'string', description: 'What the job is doing (e.g. `queued`, `rendering`, `encoding`).', example: 'rendering' },
    eta_seconds: { type: 'integer', nullable: true, minimum: 0, description: 'Estimated seconds left, or null when unknown.', example: 3 },
  },
  required: ['job_id', 'fraction', 'stage', 'eta_seconds'],
  additionalProperties: false,
};

const STREAM_DESCRIPTION =
  'A `text/event-stream`: messages of `id:` (the id of the last event sent; send it back as `Last-Event-ID` to resume after it), `event:` (the message type) and `data:` (one line of JSON). ' +
  `The schema of each message type's data is in this media type's \`${SSE_EXTENSION}\`: a state change is its event object (\`event:\` is the event type), ` +
  'as webhooks carry it. Lines starting with `:` are keep-alive comments; `retry:` says how many milliseconds to wait before reconnecting.';

/** For each event type, the schema reference its webhook payload uses (from `x-webhooks`). */
function eventSchemas(spec: Json): Record<string, Json> {
  const out: Record<string, Json> = {};
  for (const [type, item] of Object.entries<Json>(spec['x-webhooks'] ?? {})) {
    const schema = item?.post?.requestBody?.content?.['application/json']?.schema;
    if (schema?.$ref) out[type] = { $ref: schema.$ref };
  }
  if (!Object.keys(out).length) throw new Error('streams: x-webhooks has no event schemas (build them first)');
  return out;
}

/** Every `text/event-stream` response gets its messages' schemas; a job's stream sends its job's events and `progress`. */
export function documentEventStreams(spec: Json): void {
  spec.components.schemas.JobProgressMessage = JOB_PROGRESS_MESSAGE;
  const events = eventSchemas(spec);
  const jobEvents = Object.fromEntries(Object.entries(events).filter(([type]) => !['credits.low', 'webhook_endpoint.disabled', 'payment.succeeded', 'payment.refunded', 'subscription.updated'].includes(type)));
  for (const [path, item] of Object.entries<Json>(spec.paths ?? {})) {
    for (const operation of Object.values<Json>(item)) {
      for (const response of Object.values<Json>(operation?.responses ?? {})) {
        const media = response?.content?.['text/event-stream'];
        if (!media) continue;
        const isJobStream = /^\/v1\/jobs\/\{[^}]+\}\/events$/.test(path);
        media.schema = { type: 'string', description: STREAM_DESCRIPTION };
        media[SSE_EXTENSION] = isJobStream ? { progress: { $ref: '#/components/schemas/JobProgressMessage' }, ...jobEvents } : { ...events };
      }
    }
  }
}
