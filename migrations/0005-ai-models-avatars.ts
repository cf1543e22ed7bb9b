import type { QueryInterface } from 'sequelize';

/**
 * AI apps: the model registry (seeded; operators change rows, not code), avatars (a reusable
 * person or mascot made by an `avatar` job; the row's id is the job's id) and job items (one row
 * per output a job promises, each with its own status, e.g. one per pose × variation).
 */
const SEED: { key: string; app: string; provider: string; provider_model: string; capabilities: string[]; credit_cost: number; tier: string; description: string }[] = [
  { key: 'flux-schnell', app: 'avatar', provider: 'huggingface', provider_model: 'black-forest-labs/FLUX.1-schnell', capabilities: ['text_to_image'], credit_cost: 6, tier: 'free', description: 'FLUX.1 [schnell] on Hugging Face Inference: fast text-to-image.' },
  { key: 'flux-dev', app: 'avatar', provider: 'huggingface', provider_model: 'black-forest-labs/FLUX.1-dev', capabilities: ['text_to_image'], credit_cost: 20, tier: 'pro', description: 'FLUX.1 [dev] on Hugging Face Inference: higher quality; falls back to the lighter model when at capacity.' },
  { key: 'sdxl', app: 'avatar', provider: 'replicate', provider_model: 'stability-ai/sdxl', capabilities: ['text_to_image'], credit_cost: 10, tier: 'free', description: 'SDXL on a Replicate-style prediction server.' },
  { key: 'test-avatar', app: 'avatar', provider: 'test', provider_model: 'lumiku/test-placeholder', capabilities: ['text_to_image'], credit_cost: 6, tier: 'free', description: 'Deterministic offline test provider: draws a labelled placeholder (not AI output) that encodes its inputs.' },
  { key: 'flux-openpose', app: 'pose_generation', provider: 'replicate', provider_model: 'lumiku/flux-openpose-reference', capabilities: ['text_to_image', 'pose_control', 'reference_image'], credit_cost: 30, tier: 'free', description: 'FLUX.1 [dev] with an OpenPose ControlNet and an identity reference image, on a Cog-style GPU model server.' },
  { key: 'sdxl-openpose', app: 'pose_generation', provider: 'replicate', provider_model: 'lumiku/sdxl-openpose-reference', capabilities: ['text_to_image', 'pose_control', 'reference_image'], credit_cost: 30, tier: 'free', description: 'SDXL with an OpenPose ControlNet and an IP-Adapter reference image, on a Cog-style GPU model server.' },
  { key: 'flux-pro-openpose', app: 'pose_generation', provider: 'replicate', provider_model: 'lumiku/flux-pro-openpose-reference', capabilities: ['text_to_image', 'pose_control', 'reference_image'], credit_cost: 45, tier: 'pro', description: 'Larger FLUX pose model for print sizes; pro plans.' },
  { key: 'test-pose', app: 'pose_generation', provider: 'test', provider_model: 'lumiku/test-placeholder', capabilities: ['text_to_image', 'pose_control', 'reference_image'], credit_cost: 30, tier: 'free', description: 'Deterministic offline test provider: draws a labelled placeholder (not AI output) showing the pose skeleton and reference image it received.' },
];

export async function up({ context: qi }: { context: QueryInterface }) {
  await qi.sequelize.query(`
    CREATE TABLE ai_models (
      key text PRIMARY KEY,
      app text NOT NULL,
      provider text NOT NULL CHECK (provider IN ('huggingface', 'replicate', 'test')),
      provider_model text NOT NULL,
      capabilities text[] NOT NULL DEFAULT '{}',
      credit_cost integer NOT NULL CHECK (credit_cost >= 0),
      tier text NOT NULL DEFAULT 'free' CHECK (tier IN ('free', 'pro', 'enterprise')),
      enabled boolean NOT NULL DEFAULT true,
      description text NOT NULL DEFAULT '',
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    );

    CREATE TABLE avatars (
      id text PRIMARY KEY REFERENCES jobs(id),
      account_id text NOT NULL REFERENCES accounts(id),
      livemode boolean NOT NULL,
      source text NOT NULL CHECK (source IN ('prompt', 'upload', 'preset')),
      name text NOT NULL,
      persona jsonb NOT NULL DEFAULT '{}'::jsonb,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      deleted_at timestamptz
    );
    CREATE INDEX avatars_account_idx ON avatars (account_id, livemode, created_at DESC, id DESC) WHERE deleted_at IS NULL;

    CREATE TABLE job_items (
      job_id text NOT NULL REFERENCES jobs(id),
      idx integer NOT NULL,
      status text NOT NULL CHECK (status IN ('queued', 'processing', 'succeeded', 'failed', 'canceled')),
      error_code text,
      error_message text,
      metadata jsonb NOT NULL DEFAULT '{}'::jsonb,
      updated_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (job_id, idx)
    );
  `);
  for (const m of SEED)
    await qi.sequelize.query(
      `INSERT INTO ai_models (key, app, provider, provider_model, capabilities, credit_cost, tier, description)
       VALUES (:key, :app, :provider, :provider_model, ARRAY[:capabilities]::text[], :credit_cost, :tier, :description)`,
      { replacements: m },
    );
}

export async function down({ context: qi }: { context: QueryInterface }) {
  await qi.sequelize.query(`DROP TABLE IF EXISTS job_items; DROP TABLE IF EXISTS avatars; DROP TABLE IF EXISTS ai_models;`);
}
