import crypto from 'node:crypto';
import { QueryTypes } from 'sequelize';
import { z } from 'zod';
import { ApiError } from '../../../errors/api-error';
import { accountPlan, resolveModel, type AiModelRow } from '../../ai/models';
import { checkDimensions, checkPrompts } from '../../ai/prompt';
import type { InputFileInfo, JobApp } from '../../jobs/app-contract';
import { quote, type PriceCatalogue, type Quote } from '../../pricing/pricing';
import { presentAvatars } from './present';
import { composeAvatarPrompt } from './prompt';
import { findPreset, AVATAR_PRESETS, type AvatarPersona } from './presets';

export type { AvatarPersona } from './presets';

/*
 * Avatars: a reusable person (or mascot) image with persona data. This module is the API side;
 * the worker side is `workers/src/apps/avatar/render.ts`. Every avatar is made by a job on the
 * `gpu` pool (also uploads and presets: the API never runs sharp on a request); the avatar's id is
 * its job's id.
 */

export const MAX_SEED = 2_147_483_647;
/** Uploaded photos larger than this are refused: 50 megapixels. */
export const MAX_UPLOAD_PIXELS = 50_000_000;
export const MIN_UPLOAD_SIDE = 128;

/** How the avatar is made: `prompt` (an AI model draws it), `upload` (your photo), `preset` (a bundled mascot). */
export type AvatarSource = 'prompt' | 'upload' | 'preset';

export interface CreateAvatarRequest {
  from: AvatarSource;
  /** A name to find the avatar by. @minLength 1 @maxLength 100 @example "Maya" */
  name: string;
  /** Persona attributes: they compose the prompt with `from: prompt`, and are kept with every avatar. */
  persona?: AvatarPersona;
  /** `from: prompt`: extra description added after the persona. @maxLength 10000 @example "wearing a denim jacket, soft daylight" */
  prompt?: string;
  /** `from: prompt`: what the image should not show. @maxLength 10000 */
  negative_prompt?: string;
  /** `from: prompt`: a model key from `GET /v1/models?app=avatar`; default: the cheapest available. @example "flux-schnell" */
  model?: string;
  /** `from: prompt`: pixels, a multiple of 8 from 512 to AI_MAX_DIMENSION (2048). Default 1024. @isInt @example 1024 */
  width?: number;
  /** `from: prompt`: pixels, a multiple of 8 from 512 to AI_MAX_DIMENSION (2048). Default 1024. @isInt @example 1024 */
  height?: number;
  /** `from: prompt`: the model's seed; default random (kept in the job input). @isInt @minimum 0 @maximum 2147483647 */
  seed?: number;
  /** `from: upload`: the id of an uploaded image (a photo of the person). @pattern ^file_[0-9a-z]{26}$ */
  file_id?: string;
  /** `from: preset`: a preset id from `GET /v1/avatar_presets`. @example "preset_mascot_sunny" */
  preset?: string;
}

/** The normalized job input: what the renderer does, and what was priced. */
export interface AvatarInput {
  from: AvatarSource;
  name: string;
  persona: AvatarPersona;
  prompt: string | null;
  negative_prompt: string | null;
  model: Pick<AiModelRow, 'key' | 'provider' | 'provider_model' | 'credit_cost'> | null;
  width: number;
  height: number;
  seed: number;
  file_id: string | null;
  preset: string | null;
}

const Persona = z
  .object({
    name: z.string().max(100), age: z.number().int().min(1).max(120), gender: z.string().max(100), ethnicity: z.string().max(100),
    body_type: z.string().max(100), hair_style: z.string().max(100), hair_color: z.string().max(100), eye_color: z.string().max(100),
    skin_tone: z.string().max(100), style: z.string().max(100), personality: z.string().max(100), background: z.string().max(100),
  })
  .partial()
  .strict();
const Request = z
  .object({
    from: z.enum(['prompt', 'upload', 'preset']),
    name: z.string().min(1).max(100),
    persona: Persona.optional(),
    prompt: z.string().optional(),
    negative_prompt: z.string().optional(),
    model: z.string().min(1).max(100).optional(),
    width: z.number().int().optional(),
    height: z.number().int().optional(),
    seed: z.number().int().min(0).max(MAX_SEED).optional(),
    file_id: z.string().regex(/^file_[0-9a-z]{26}$/).optional(),
    preset: z.string().max(100).optional(),
  })
  .strict();

const zodPath = (p: PropertyKey[]) => p.map(String).join('.') || '(body)';

function parse(request: CreateAvatarRequest) {
  const parsed = Request.safeParse(request);
  if (!parsed.success) {
    const errors = parsed.error.issues.map((i) => ({ path: zodPath(i.path), message: i.message }));
    throw new ApiError(422, 'validation_failed', `Invalid avatar request: ${errors.map((e) => `${e.path}: ${e.message}`).join('; ')}`, { errors });
  }
  const b = parsed.data;
  const need = (field: keyof CreateAvatarRequest, when: AvatarSource) => {
    if (b.from === when && b[field] === undefined) throw new ApiError(422, 'validation_failed', `from: ${when} needs ${field}.`, { errors: [{ path: field, message: `required with from: ${when}` }] });
    if (b.from !== when && b[field] !== undefined) throw new ApiError(422, 'validation_failed', `${field} is only for from: ${when}.`, { errors: [{ path: field, message: `only with from: ${when}` }] });
  };
  need('file_id', 'upload');
  need('preset', 'preset');
  if (b.from !== 'prompt')
    for (const f of ['prompt', 'negative_prompt', 'model', 'width', 'height', 'seed'] as const)
      if (b[f] !== undefined) throw new ApiError(422, 'validation_failed', `${f} is only for from: prompt.`, { errors: [{ path: f, message: 'only with from: prompt' }] });
  return b;
}

async function prepare(request: CreateAvatarRequest, env: import('../../jobs/app-contract').PrepareEnv): Promise<{ model: AiModelRow | null }> {
  const b = parse(request);
  if (b.from !== 'prompt') return { model: null };
  checkPrompts(env.config, { prompt: b.prompt, negative_prompt: b.negative_prompt });
  checkDimensions(env.config, { width: b.width ?? 1024, height: b.height ?? 1024 }, 512);
  const plan = await accountPlan(env.db, env.accountId);
  return { model: await resolveModel(env.db, env.config, { app: 'avatar', key: b.model, plan, livemode: env.livemode, needs: ['text_to_image'] }) };
}

function normalize(request: CreateAvatarRequest, files: Map<string, InputFileInfo>, prepared?: { model: AiModelRow | null }): AvatarInput {
  const b = parse(request);
  const persona = { ...(b.persona ?? {}) };
  if (b.from === 'upload') {
    const info = files.get(b.file_id!);
    const w = Number(info?.metadata.width);
    const h = Number(info?.metadata.height);
    const problem = !info
      ? `no file ${b.file_id}`
      : info.kind !== 'image'
        ? `${b.file_id} is a ${info.kind} file; avatars take an image`
        : info.metadata.animated
          ? `${b.file_id} is animated; upload a still image`
          : !(w > 0 && h > 0)
            ? `${b.file_id} has no known pixel size`
            : Math.min(w, h) < MIN_UPLOAD_SIDE
              ? `${b.file_id} is ${w}×${h}; the shorter side must be at least ${MIN_UPLOAD_SIDE} px`
              : w * h > MAX_UPLOAD_PIXELS
                ? `${b.file_id} is ${w}×${h}; at most ${MAX_UPLOAD_PIXELS / 1e6} megapixels`
                : null;
    if (problem) throw new ApiError(422, 'validation_failed', `Invalid avatar upload: ${problem}.`, { errors: [{ path: 'file_id', message: problem }] });
  }
  let preset = null;
  if (b.from === 'preset') {
    const p = findPreset(b.preset!);
    if (!p) throw new ApiError(422, 'validation_failed', `No avatar preset '${b.preset}'. Presets: ${AVATAR_PRESETS.map((x) => x.id).join(', ')}.`, { errors: [{ path: 'preset', message: 'unknown preset' }] });
    preset = p.id;
    Object.assign(persona, { ...p.persona, ...persona });
  }
  const model = prepared?.model ?? null;
  if (b.from === 'prompt' && !model) throw new Error('avatar normalize: prepare() did not resolve a model');
  return {
    from: b.from,
    name: b.name,
    persona,
    prompt: b.from === 'prompt' ? composeAvatarPrompt(persona, b.prompt) : null,
    negative_prompt: b.negative_prompt ?? null,
    model: model && { key: model.key, provider: model.provider, provider_model: model.provider_model, credit_cost: model.credit_cost },
    width: b.from === 'prompt' ? (b.width ?? 1024) : 1024,
    height: b.from === 'prompt' ? (b.height ?? 1024) : 1024,
    seed: b.seed ?? crypto.randomInt(0, MAX_SEED + 1),
    file_id: b.file_id ?? null,
    preset,
  };
}

/** One image: a generated one costs the model's registry price; uploads and presets the catalogue's. */
function quoteAvatar(input: AvatarInput, prices: PriceCatalogue): Quote {
  if (input.model) return quote(prices, 'avatar', { quantity: 1, base: input.model.credit_cost, baseLabel: `model ${input.model.key}`, options: { from: input.from } });
  return quote(prices, 'avatar', { quantity: 1, options: { from: input.from } });
}

export const avatarApp: JobApp<CreateAvatarRequest, AvatarInput> = {
  name: 'avatar',
  idPrefix: 'avtr',
  path: 'avatars',
  pool: 'gpu',
  fileIds: (r) => (r.from === 'upload' && typeof r.file_id === 'string' ? [r.file_id] : []),
  prepare,
  normalize,
  quote: quoteAvatar,
  present: presentAvatars,
  async onCreate(db, job, input, t) {
    await db.query(`INSERT INTO avatars (id, account_id, livemode, source, name, persona) VALUES (:id, :accountId, :livemode, :source, :name, :persona::jsonb)`, {
      replacements: { id: job.id, accountId: job.account_id, livemode: job.livemode, source: input.from, name: input.name, persona: JSON.stringify(input.persona) },
      type: QueryTypes.INSERT,
      transaction: t,
    });
  },
};
