import crypto from 'node:crypto';
import { z } from 'zod';
import { ApiError, type FieldError } from '../../../errors/api-error';
import { accountPlan, resolveModel, type AiModelRow } from '../../ai/models';
import { checkDimensions, checkPrompts } from '../../ai/prompt';
import type { InputFileInfo, JobApp, PrepareEnv } from '../../jobs/app-contract';
import { findPose } from '../../poses';
import { quote, type PriceCatalogue, type Quote } from '../../pricing/pricing';
import { composeAvatarPrompt } from '../avatar/prompt';
import { avatarImageFile, findAvatar } from '../avatar/repository';
import { EXPORT_FORMAT_NAMES, type ExportFormat } from './export-formats';
import { presentPoseGenerations } from './present';

export type { ExportFormat } from './export-formats';

/*
 * Pose generations: photos of an avatar (or an uploaded person / product image) in chosen poses.
 * Each library pose's OpenPose conditioning image AND the reference image go to the model. One
 * item per (pose, variation), each with its own status; only successful items are charged.
 * Worker side: `workers/src/apps/pose-generation/render.ts`.
 */

export const MAX_POSES = 50;
export const MAX_VARIATIONS = 10;
export const MAX_SEED = 2_147_483_647;

/** `keep`: whatever the model makes; `color`: a plain backdrop in `background_color`; `prompt`: described by `background_prompt`; `image`: `background_image` is sent to the model as the backdrop. */
export type PoseBackground = 'keep' | 'color' | 'prompt' | 'image';
/** Image format of the output files. */
export type PoseOutputFormat = 'jpeg' | 'png' | 'webp';

export interface CreatePoseGenerationRequest {
  /** The avatar to pose (`GET /v1/avatars`); give this or `image`. @example "avtr_01jf3v8a6q8m2k4c7xw9t5b3nd" */
  avatar_id?: string;
  /** An uploaded image of the person or product to pose; give this or `avatar_id`. @pattern ^file_[0-9a-z]{26}$ */
  image?: string;
  /** Pose ids from `GET /v1/poses` (1–50, no repeats); or leave out and describe the scene in `prompt`. @minItems 1 @maxItems 50 */
  poses?: string[];
  /** Text mode (no `poses`): the scene and pose in words; with `poses`: extra description. @maxLength 10000 @example "in a sunny cafe, holding a coffee cup" */
  prompt?: string;
  /** @maxLength 10000 */
  negative_prompt?: string;
  /** Images per pose (or per prompt), each with its own seed. Default 1. @isInt @minimum 1 @maximum 10 @example 2 */
  variations?: number;
  /** Default `keep`. */
  background?: PoseBackground;
  /** With `background: color`. @pattern ^#[0-9A-Fa-f]{6}$ @example "#F5F0E6" */
  background_color?: string;
  /** With `background: prompt`. @maxLength 10000 */
  background_prompt?: string;
  /** With `background: image`: an uploaded image file. @pattern ^file_[0-9a-z]{26}$ */
  background_image?: string;
  /** Frames to export every image to (cover-cropped), default `["original"]`. @minItems 1 @maxItems 11 */
  export_formats?: ExportFormat[];
  /** A model key from `GET /v1/models?app=pose_generation`; default: the cheapest available. @example "flux-openpose" */
  model?: string;
  /** Generated pixels, a multiple of 8 from 256 to AI_MAX_DIMENSION (2048). Default 1024. @isInt */
  width?: number;
  /** Generated pixels, a multiple of 8 from 256 to AI_MAX_DIMENSION (2048). Default 1024. @isInt */
  height?: number;
  /** Seed of the first image; the others count up from it. Default random. @isInt @minimum 0 @maximum 2147483647 */
  seed?: number;
  /** How far the images may depart from the reference, 0–1. Default 0.8. @minimum 0 @maximum 1 */
  strength?: number;
  /** Default `jpeg`. */
  output_format?: PoseOutputFormat;
}

export interface PoseItemPlan {
  index: number;
  pose_id: string | null;
  pose_name: string | null;
  variation: number;
  seed: number;
  prompt: string;
}

export interface PoseGenerationInput {
  reference: { source: 'avatar' | 'image'; avatar_id: string | null; file_id: string };
  poses: string[] | null;
  prompt: string | null;
  negative_prompt: string | null;
  variations: number;
  background: PoseBackground;
  background_color: string | null;
  background_prompt: string | null;
  background_image: string | null;
  export_formats: ExportFormat[];
  model: Pick<AiModelRow, 'key' | 'provider' | 'provider_model' | 'credit_cost'>;
  width: number;
  height: number;
  seed: number;
  strength: number;
  output_format: PoseOutputFormat;
  items: PoseItemPlan[];
}

const FILE = /^file_[0-9a-z]{26}$/;
const Request = z
  .object({
    avatar_id: z.string().regex(/^avtr_[0-9a-z]{26}$/, 'must be an avatar id').optional(),
    image: z.string().regex(FILE, 'must be a file id').optional(),
    poses: z.array(z.string().min(1).max(100)).min(1).max(MAX_POSES).optional(),
    prompt: z.string().optional(),
    negative_prompt: z.string().optional(),
    variations: z.number().int().min(1).max(MAX_VARIATIONS).optional(),
    background: z.enum(['keep', 'color', 'prompt', 'image']).optional(),
    background_color: z.string().regex(/^#[0-9A-Fa-f]{6}$/, 'must be a colour like #RRGGBB').optional(),
    background_prompt: z.string().optional(),
    background_image: z.string().regex(FILE, 'must be a file id').optional(),
    export_formats: z.array(z.enum(EXPORT_FORMAT_NAMES as [ExportFormat, ...ExportFormat[]])).min(1).max(EXPORT_FORMAT_NAMES.length).optional(),
    model: z.string().min(1).max(100).optional(),
    width: z.number().int().optional(),
    height: z.number().int().optional(),
    seed: z.number().int().min(0).max(MAX_SEED).optional(),
    strength: z.number().min(0).max(1).optional(),
    output_format: z.enum(['jpeg', 'png', 'webp']).optional(),
  })
  .strict();

const zodPath = (p: PropertyKey[]) => p.reduce<string>((s, k) => (typeof k === 'number' ? `${s}[${k}]` : s ? `${s}.${String(k)}` : String(k)), '') || '(body)';

function parse(request: CreatePoseGenerationRequest) {
  const parsed = Request.safeParse(request);
  const errors: FieldError[] = parsed.success ? [] : parsed.error.issues.map((i) => ({ path: zodPath(i.path), message: i.message }));
  if (parsed.success) {
    const b = parsed.data;
    if (!b.avatar_id === !b.image) errors.push({ path: 'avatar_id', message: 'give exactly one of avatar_id and image' });
    if (!b.poses && !b.prompt?.trim()) errors.push({ path: 'poses', message: 'give poses, or a prompt (text mode)' });
    if (b.poses && new Set(b.poses).size !== b.poses.length) errors.push({ path: 'poses', message: 'lists the same pose twice' });
    if (b.export_formats && new Set(b.export_formats).size !== b.export_formats.length) errors.push({ path: 'export_formats', message: 'lists the same format twice' });
    const bg = b.background ?? 'keep';
    const pairs = [['color', 'background_color'], ['prompt', 'background_prompt'], ['image', 'background_image']] as const;
    for (const [mode, field] of pairs) {
      if (bg === mode && b[field] === undefined) errors.push({ path: field, message: `required with background: ${mode}` });
      if (bg !== mode && b[field] !== undefined) errors.push({ path: field, message: `only with background: ${mode}` });
    }
    (b.poses ?? []).forEach((id, i) => {
      if (!findPose(id)) errors.push({ path: `poses[${i}]`, message: `no pose '${id}' (see GET /v1/poses)` });
    });
  }
  if (errors.length) throw new ApiError(422, 'validation_failed', `Invalid pose generation: ${errors.map((e) => `${e.path}: ${e.message}`).join('; ')}`, { errors });
  return parsed.data!;
}

interface Prepared {
  model: AiModelRow;
  avatar: { id: string; file_id: string; description: string } | null;
}

async function prepare(request: CreatePoseGenerationRequest, env: PrepareEnv): Promise<Prepared> {
  const b = parse(request);
  checkPrompts(env.config, { prompt: b.prompt, negative_prompt: b.negative_prompt, background_prompt: b.background_prompt });
  checkDimensions(env.config, { width: b.width ?? 1024, height: b.height ?? 1024 });
  let avatar: Prepared['avatar'] = null;
  if (b.avatar_id) {
    // Another account's (or mode's) avatar is simply not found: we never say it exists.
    const row = await findAvatar(env.db, env, b.avatar_id);
    if (!row) throw new ApiError(422, 'avatar_not_found', `No avatar ${b.avatar_id} in this account${env.livemode ? '' : ' (test mode)'}.`, { errors: [{ path: 'avatar_id', message: 'no such avatar' }] });
    const fileId = row.job.status === 'succeeded' ? await avatarImageFile(env.db, row.id) : null;
    if (!fileId) throw new ApiError(422, 'avatar_not_ready', `Avatar ${b.avatar_id} has no image (its job is ${row.job.status}).`, { errors: [{ path: 'avatar_id', message: `job ${row.job.status}` }] });
    avatar = { id: row.id, file_id: fileId, description: composeAvatarPrompt(row.persona) };
  }
  const plan = await accountPlan(env.db, env.accountId);
  const model = await resolveModel(env.db, env.config, { app: 'pose_generation', key: b.model, plan, livemode: env.livemode, needs: b.poses ? ['pose_control', 'reference_image'] : ['reference_image'] });
  return { model, avatar };
}

function checkImage(files: Map<string, InputFileInfo>, id: string, path: string, errors: FieldError[]) {
  const info = files.get(id);
  if (!info) errors.push({ path, message: `no file ${id}` });
  else if (info.kind !== 'image') errors.push({ path, message: `${id} is a ${info.kind} file; an image is needed` });
  else if (!(Number(info.metadata.width) > 0)) errors.push({ path, message: `${id} has no known pixel size` });
  else if (Number(info.metadata.width) * Number(info.metadata.height) > 50_000_000) errors.push({ path, message: `${id} is over 50 megapixels` });
}

function normalize(request: CreatePoseGenerationRequest, files: Map<string, InputFileInfo>, prepared?: Prepared): PoseGenerationInput {
  const b = parse(request);
  if (!prepared) throw new Error('pose generation normalize: prepare() did not run');
  const errors: FieldError[] = [];
  if (b.image) checkImage(files, b.image, 'image', errors);
  if (b.background_image) checkImage(files, b.background_image, 'background_image', errors);
  if (errors.length) throw new ApiError(422, 'validation_failed', `Invalid pose generation: ${errors.map((e) => `${e.path}: ${e.message}`).join('; ')}`, { errors });

  const background = b.background ?? 'keep';
  const variations = b.variations ?? 1;
  const seed = b.seed ?? crypto.randomInt(0, MAX_SEED + 1);
  const scene = [
    prepared.avatar?.description,
    b.prompt?.trim(),
    background === 'color' ? `plain solid ${b.background_color} studio background` : background === 'prompt' ? `background: ${b.background_prompt!.trim()}` : null,
  ];
  const poses = b.poses ?? [null];
  const items: PoseItemPlan[] = [];
  poses.forEach((poseId, p) => {
    const pose = poseId ? findPose(poseId)! : null;
    for (let v = 0; v < variations; v++) {
      const index = p * variations + v;
      items.push({
        index,
        pose_id: pose?.id ?? null,
        pose_name: pose?.name ?? null,
        variation: v,
        seed: (seed + index) % (MAX_SEED + 1),
        prompt: [...scene, pose ? `full body, ${pose.name} pose` : null].filter(Boolean).join('. '),
      });
    }
  });
  return {
    reference: prepared.avatar ? { source: 'avatar', avatar_id: prepared.avatar.id, file_id: prepared.avatar.file_id } : { source: 'image', avatar_id: null, file_id: b.image! },
    poses: b.poses ?? null,
    prompt: b.prompt ?? null,
    negative_prompt: b.negative_prompt ?? null,
    variations,
    background,
    background_color: b.background_color ?? null,
    background_prompt: b.background_prompt ?? null,
    background_image: b.background_image ?? null,
    export_formats: b.export_formats ?? ['original'],
    model: { key: prepared.model.key, provider: prepared.model.provider, provider_model: prepared.model.provider_model, credit_cost: prepared.model.credit_cost },
    width: b.width ?? 1024,
    height: b.height ?? 1024,
    seed,
    strength: b.strength ?? 0.8,
    output_format: b.output_format ?? 'jpeg',
    items,
  };
}

/** Per image (pose × variation): the model's registry price plus the background surcharge. */
function quotePoseGeneration(input: PoseGenerationInput, prices: PriceCatalogue): Quote {
  return quote(prices, 'pose_generation', { quantity: input.items.length, base: input.model.credit_cost, baseLabel: `model ${input.model.key}`, options: { background: input.background } });
}

export const poseGenerationApp: JobApp<CreatePoseGenerationRequest, PoseGenerationInput> = {
  name: 'pose_generation',
  idPrefix: 'pgen',
  path: 'pose_generations',
  pool: 'gpu',
  fileIds: (r) => [r.image, r.background_image].filter((x): x is string => typeof x === 'string'),
  prepare,
  normalize,
  quote: quotePoseGeneration,
  present: presentPoseGenerations,
};
