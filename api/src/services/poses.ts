import { findPose, POSE_CATEGORIES, renderPosePreview, searchPoses, type Pose as LibraryPose } from '../domain/poses';
import { invalidRequest, notFound } from '../errors/api-error';
import type { RequestContext } from '../request-context';
import type { List } from './pagination';

/** A pose of the library: OpenPose COCO-18 body keypoints plus what it is for. */
export interface Pose {
  /** @example "pose_standing_hands_on_hips" */
  id: string;
  object: 'pose';
  /** @example "Hands on hips" */
  name: string;
  /** A category id from `GET /v1/pose_categories`. @example "standing" */
  category: string;
  tags: string[];
  /** `easy`, `medium` or `hard`. */
  difficulty: string;
  /** Framings and uses it reads well in (`full_body`, `half_body`, `portrait`, `product`, `fashion`, …). */
  suitability: string[];
  description: string;
  /** The natural shape of its frame: `portrait`, `square` or `landscape`. */
  aspect: string;
  /** Which way the body faces: `front`, `three_quarter`, `side`, `back`. */
  view: string;
  /** 18 points in the OpenPose COCO-18 order, each `[x, y, confidence]` normalised to 0..1 of the pose's frame, or null where not visible. */
  keypoints: (number[] | null)[];
  /** A PNG preview of the skeleton (needs the API key). @example "/v1/poses/pose_standing_hands_on_hips/preview" */
  preview_url: string;
}

export interface PoseCategory {
  /** @example "standing" */
  id: string;
  object: 'pose_category';
  name: string;
  description: string;
  /** How many poses it holds. @isInt */
  count: number;
}

function present(p: LibraryPose): Pose {
  return {
    id: p.id,
    object: 'pose',
    name: p.name,
    category: p.category,
    tags: [...p.tags],
    difficulty: p.difficulty,
    suitability: [...p.suitability],
    description: p.description,
    aspect: p.aspect,
    view: p.view,
    keypoints: p.keypoints.map((k) => (k ? [...k] : null)),
    preview_url: `/v1/poses/${p.id}/preview`,
  };
}

/** Library order; the cursor is a pose id. */
export function listPoses(_ctx: RequestContext, q: { category?: string; q?: string; tags?: string; difficulty?: string; suitability?: string; limit?: number; starting_after?: string }): List<Pose> {
  const limit = q.limit ?? 20;
  if (!Number.isInteger(limit) || limit < 1 || limit > 100) throw invalidRequest('limit must be 1–100.', [{ path: 'query.limit', message: 'must be an integer from 1 to 100' }]);
  if (q.category && !POSE_CATEGORIES.some((c) => c.id === q.category))
    throw invalidRequest(`No pose category '${q.category}'.`, [{ path: 'query.category', message: `must be one of ${POSE_CATEGORIES.map((c) => c.id).join(', ')}` }]);
  const all = searchPoses({
    category: q.category,
    q: q.q,
    tags: q.tags ? q.tags.split(',').map((t) => t.trim()).filter(Boolean) : undefined,
    difficulty: q.difficulty,
    suitability: q.suitability ? q.suitability.split(',').map((t) => t.trim()).filter(Boolean) : undefined,
  });
  let start = 0;
  if (q.starting_after) {
    const at = all.findIndex((p) => p.id === q.starting_after);
    if (at < 0) throw invalidRequest('starting_after is not a pose of this listing.', [{ path: 'query.starting_after', message: 'unknown pose id for these filters' }]);
    start = at + 1;
  }
  const page = all.slice(start, start + limit);
  const hasMore = start + limit < all.length;
  return { object: 'list', data: page.map(present), has_more: hasMore, next_cursor: hasMore ? page[page.length - 1].id : null };
}

export function getPose(_ctx: RequestContext, id: string): Pose {
  const p = findPose(id);
  if (!p) throw notFound('pose', id);
  return present(p);
}

export async function posePreview(_ctx: RequestContext, id: string, width?: number): Promise<Buffer> {
  if (!findPose(id)) throw notFound('pose', id);
  return renderPosePreview(id, { width });
}

export function listPoseCategories(_ctx: RequestContext): List<PoseCategory> {
  return { object: 'list', data: POSE_CATEGORIES.map((c) => ({ id: c.id, object: 'pose_category' as const, name: c.name, description: c.description, count: c.count })), has_more: false, next_cursor: null };
}
