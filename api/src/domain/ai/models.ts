import { QueryTypes, type Sequelize } from 'sequelize';
import type { Config } from '../../config';
import { ApiError } from '../../errors/api-error';
import type { ProviderName } from './provider';

/** A row of the model registry (`ai_models`): what callers may choose and what it costs. */
export interface AiModelRow {
  key: string;
  /** The app the model serves: `avatar` or `pose_generation`. */
  app: string;
  provider: ProviderName;
  provider_model: string;
  capabilities: string[];
  /** Credits per output image; the pricing function uses it as the unit's base price. */
  credit_cost: number;
  tier: 'free' | 'pro' | 'enterprise';
  enabled: boolean;
  description: string;
}

const COLUMNS = 'key, app, provider, provider_model, capabilities, credit_cost, tier, enabled, description';

export async function listModels(db: Sequelize, q: { app?: string } = {}): Promise<AiModelRow[]> {
  return db.query<AiModelRow>(`SELECT ${COLUMNS} FROM ai_models WHERE (:app::text IS NULL OR app = :app) ORDER BY app, credit_cost, key`, {
    replacements: { app: q.app ?? null },
    type: QueryTypes.SELECT,
  });
}

export async function findModel(db: Sequelize, key: string): Promise<AiModelRow | null> {
  const rows = await db.query<AiModelRow>(`SELECT ${COLUMNS} FROM ai_models WHERE key = :key`, { replacements: { key }, type: QueryTypes.SELECT });
  return rows[0] ?? null;
}

/** Whether this deployment can call the provider (credentials or a base URL configured). */
export function providerConfigured(config: Config, provider: ProviderName): boolean {
  if (provider === 'test') return true;
  if (provider === 'huggingface') return Boolean(config.huggingfaceApiToken);
  return Boolean(config.replicateApiToken || config.replicateBaseUrl);
}

/** Plans rank like tiers; an unknown plan counts as free. */
const RANK: Record<string, number> = { free: 0, pro: 1, enterprise: 2 };
export const tierAllows = (plan: string, tier: string) => (RANK[plan] ?? 0) >= (RANK[tier] ?? 0);

/**
 * Resolves the model a request names (or the app's default) and checks that this caller may use
 * it: it exists for the app, is enabled, its plan allows its tier, and (live mode) its provider is
 * configured. Test-mode requests run on the test provider whatever the model, so only existence,
 * the app and the tier are checked there (test mode behaves like live for everything it can).
 */
export async function resolveModel(
  db: Sequelize,
  config: Config,
  q: { app: string; key?: string; plan: string; livemode: boolean; needs?: string[] },
): Promise<AiModelRow> {
  const models = (await listModels(db, { app: q.app })).filter((m) => m.enabled);
  let model: AiModelRow | undefined;
  if (q.key) {
    const found = await findModel(db, q.key);
    if (!found || found.app !== q.app)
      throw new ApiError(422, 'model_not_found', `No ${q.app} model '${q.key}'. Models for ${q.app}: ${models.map((m) => m.key).join(', ')}.`, { errors: [{ path: 'model', message: 'unknown model' }] });
    if (!found.enabled) throw new ApiError(422, 'model_unavailable', `Model '${q.key}' is disabled.`, { errors: [{ path: 'model', message: 'disabled' }] });
    model = found;
  } else {
    // The default: the cheapest usable model for the live provider setup; in test mode the test model.
    const usable = models.filter((m) => tierAllows(q.plan, m.tier) && (q.livemode ? m.provider !== 'test' && providerConfigured(config, m.provider) : m.provider === 'test'));
    model = usable[0];
    if (!model) throw new ApiError(422, 'model_unavailable', `No ${q.app} model is available on this deployment: configure a provider (see GET /v1/models).`, { errors: [{ path: 'model', message: 'no usable default' }] });
  }
  if (!tierAllows(q.plan, model.tier))
    throw new ApiError(403, 'model_not_allowed', `Model '${model.key}' needs the ${model.tier} plan; this account is on ${q.plan}.`, { errors: [{ path: 'model', message: `tier ${model.tier}` }] });
  const missing = (q.needs ?? []).filter((c) => !model.capabilities.includes(c));
  if (missing.length)
    throw new ApiError(422, 'model_unavailable', `Model '${model.key}' cannot do ${missing.join(', ')}.`, { errors: [{ path: 'model', message: `lacks ${missing.join(', ')}` }] });
  if (q.livemode && (model.provider === 'test' || !providerConfigured(config, model.provider)))
    throw new ApiError(422, 'model_unavailable', model.provider === 'test'
      ? `Model '${model.key}' is the offline test provider: it serves test-mode keys only.`
      : `Model '${model.key}' runs on ${model.provider}, which is not configured on this deployment.`, { errors: [{ path: 'model', message: 'provider not configured' }] });
  return model;
}

export async function accountPlan(db: Sequelize, accountId: string): Promise<string> {
  const [row] = await db.query<{ plan: string }>(`SELECT plan FROM accounts WHERE id = :id`, { replacements: { id: accountId }, type: QueryTypes.SELECT });
  return row?.plan ?? 'free';
}
