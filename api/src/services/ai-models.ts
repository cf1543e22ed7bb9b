import { listModels as listRows, providerConfigured, type AiModelRow } from '../domain/ai/models';
import type { RequestContext } from '../request-context';
import type { List } from './pagination';

/** A model callers may choose for an AI app (`model` in the request). */
export interface AiModel {
  /** The model key to send as `model`. @example "flux-schnell" */
  id: string;
  object: 'model';
  /** The app it serves. @example "avatar" */
  app: 'avatar' | 'pose_generation';
  /** Who runs it: `huggingface`, `replicate` (hosted or a self-hosted Cog-style server) or `test` (offline placeholder, test mode only). @example "huggingface" */
  provider: string;
  /** What it can take: `text_to_image`, `pose_control` (an OpenPose conditioning image), `reference_image` (an identity image). */
  capabilities: string[];
  /** Credits per output image (the price's base; surcharges from GET /v1/prices apply on top). @isInt @example 6 */
  credit_cost: number;
  /** The lowest account plan that may use it: `free`, `pro`, `enterprise`. @example "free" */
  tier: string;
  /** True when a live key can use it on this deployment (enabled, and its provider configured). Test keys can use every model (on the test provider). */
  available: boolean;
  description: string;
}

export function presentModel(ctx: Pick<RequestContext, 'deps'>, m: AiModelRow): AiModel {
  return {
    id: m.key,
    object: 'model',
    app: m.app as AiModel['app'],
    provider: m.provider,
    capabilities: m.capabilities,
    credit_cost: m.credit_cost,
    tier: m.tier,
    available: m.enabled && m.provider !== 'test' && providerConfigured(ctx.deps.config, m.provider),
    description: m.description,
  };
}

/** Every enabled model (the registry is small: one page). */
export async function listAiModels(ctx: RequestContext, q: { app?: string }): Promise<List<AiModel>> {
  const rows = (await listRows(ctx.deps.db, { app: q.app })).filter((m) => m.enabled);
  return { object: 'list', data: rows.map((m) => presentModel(ctx, m)), has_more: false, next_cursor: null };
}
