import type { AppExamples } from './definition';

/**
 * The spec's example resources of a media job app, built from what differs between apps (id, input,
 * price, outputs), so every app's examples share one shape: the queued answer of create, and the
 * job once it succeeded, created 2026-01-15 10:00 UTC for `order-1042` in test mode.
 */

const CREATED_AT = '2026-01-15T10:00:00.000Z';
const URL_EXPIRES_AT = '2026-01-15T11:00:42.000Z';
const URL_EXPIRES = Date.parse(URL_EXPIRES_AT) / 1000;

export interface ExampleOutput {
  filename: string;
  content_type: string;
  bytes: number;
  role: string;
  index: number | null;
  position?: number | null;
  metadata?: Record<string, unknown>;
}

/** Output file `n` (1–9) of an example job, with its signed URL. */
export function exampleOutput(n: number, o: ExampleOutput) {
  const fileId = `file_01jhx7r0output000000000000${n}`;
  return {
    file_id: fileId,
    url: `https://api.example.com/v1/files/${fileId}/content?expires=${URL_EXPIRES}&signature=…`,
    url_expires_at: URL_EXPIRES_AT,
    filename: o.filename,
    content_type: o.content_type,
    bytes: o.bytes,
    role: o.role,
    index: o.index,
    position: o.position ?? null,
    metadata: o.metadata ?? {},
  };
}

export function jobExamples<Request>(o: {
  id: string;
  object: string;
  input: Request;
  /** Quoted, reserved and (once succeeded) charged. */
  credits: number;
  /** `progress.eta_seconds` while queued. */
  queuedEtaSeconds: number;
  /** Seconds from start to finish (under a minute). */
  runSeconds: number;
  outputs: ReturnType<typeof exampleOutput>[];
}): AppExamples<Request> {
  const finished = `2026-01-15T10:00:${String(o.runSeconds).padStart(2, '0')}.000Z`;
  const common = {
    id: o.id,
    object: o.object,
    input: o.input,
    error: null,
    metadata: { campaign: 'summer' },
    external_id: 'order-1042',
    livemode: false,
    created_at: CREATED_AT,
  };
  return {
    request: { ...o.input, external_id: 'order-1042', metadata: { campaign: 'summer' } },
    queued: {
      ...common,
      status: 'queued',
      progress: { fraction: 0, stage: 'queued', eta_seconds: o.queuedEtaSeconds },
      outputs: [],
      credits: { quoted: o.credits, reserved: o.credits, charged: 0, refunded: 0 },
      started_at: null,
      finished_at: null,
      expires_at: null,
    },
    succeeded: {
      ...common,
      status: 'succeeded',
      progress: { fraction: 1, stage: 'done', eta_seconds: null },
      outputs: o.outputs,
      credits: { quoted: o.credits, reserved: o.credits, charged: o.credits, refunded: 0 },
      started_at: CREATED_AT,
      finished_at: finished,
      expires_at: finished.replace('2026-01-15', '2026-02-14'),
    },
  };
}
