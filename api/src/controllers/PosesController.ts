import { Readable } from 'node:stream';
import type { Request as ExpressRequest } from 'express';
import { Controller, Example, Get, OperationId, Path, Query, Request, Response, Route, Security, SuccessResponse, Tags } from '@tsoa/runtime';
import type { Problem } from '../errors/problem';
import { contextOf } from '../http/context';
import type { List } from '../services/pagination';
import { getPose, listPoseCategories, listPoses, posePreview, type Pose, type PoseCategory } from '../services/poses';


@Route('v1/poses')
@Tags('Poses')
@Response<Problem>(401, 'Missing, unknown or revoked API key')
@Response<Problem>(429, 'Rate limited')
export class PosesController extends Controller {
  /**
   * The pose library: real poses authored as OpenPose COCO-18 keypoints, with category, tags,
   * difficulty and suitability. Filters combine (all must match); `q` matches every word against
   * the name, tags and description. Library order; page with `starting_after`.
   * @summary List poses
   * @param category A category id from `GET /v1/pose_categories`.
   * @param q Words to search for.
   * @param tags Comma-separated; every tag must be present.
   * @param difficulty `easy`, `medium` or `hard`.
   * @param suitability Comma-separated; every value must be among the pose's suitability.
   * @param limit 1–100, default 20.
   * @isInt limit
   * @minimum limit 1
   * @maximum limit 100
   * @param starting_after A pose id: the poses after it (the previous page's `next_cursor`).
   */
  @Get()
  @OperationId('poses.list')
  @Security('api_key', ['read'])
  @Response<Problem>(422, 'Invalid query (unknown category, bad limit or cursor)')
  @Example<List<Pose>>({ object: 'list', data: [{
  id: 'pose_standing_hands_on_hips',
  object: 'pose',
  name: 'Hands on hips',
  category: 'standing',
  tags: ['confident', 'power'],
  difficulty: 'easy',
  suitability: ['full_body', 'fashion'],
  description: 'Standing straight, both hands on the hips.',
  aspect: 'portrait',
  view: 'front',
  keypoints: [[0.5, 0.12, 1], [0.5, 0.22, 1], null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null],
  preview_url: '/v1/poses/pose_standing_hands_on_hips/preview',
}], has_more: true, next_cursor: 'pose_standing_hands_on_hips' })
  public async list(
    @Request() req: ExpressRequest,
    @Query() category?: string,
    @Query() q?: string,
    @Query() tags?: string,
    @Query() difficulty?: 'easy' | 'medium' | 'hard',
    @Query() suitability?: string,
    @Query() limit?: number,
    @Query() starting_after?: string,
  ): Promise<List<Pose>> {
    return listPoses(contextOf(req), { category, q, tags, difficulty, suitability, limit, starting_after });
  }

  /**
   * One pose with its keypoints.
   * @summary Retrieve a pose
   */
  @Get('{id}')
  @OperationId('poses.retrieve')
  @Security('api_key', ['read'])
  @Response<Problem>(404, 'No such pose')
  @Example<Pose>({
  id: 'pose_standing_hands_on_hips',
  object: 'pose',
  name: 'Hands on hips',
  category: 'standing',
  tags: ['confident', 'power'],
  difficulty: 'easy',
  suitability: ['full_body', 'fashion'],
  description: 'Standing straight, both hands on the hips.',
  aspect: 'portrait',
  view: 'front',
  keypoints: [[0.5, 0.12, 1], [0.5, 0.22, 1], null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null],
  preview_url: '/v1/poses/pose_standing_hands_on_hips/preview',
})
  public async retrieve(@Request() req: ExpressRequest, @Path() id: string): Promise<Pose> {
    return getPose(contextOf(req), id);
  }

  /**
   * A PNG preview of the pose's skeleton in OpenPose colours (rendered once, then cached).
   * @summary Preview a pose
   * @param width Pixels, 64–2048 (default 384); the height follows the pose's aspect.
   * @isInt width
   * @minimum width 64
   * @maximum width 2048
   * @example id "pose_standing_hands_on_hips"
   * @example width 512
   */
  @Get('{id}/preview')
  @OperationId('poses.preview')
  @Security('api_key', ['read'])
  @SuccessResponse(200, 'The PNG preview', 'image/png')
  @Response<Problem>(404, 'No such pose')
  @Response<Problem>(422, 'Invalid width')
  public async preview(@Request() req: ExpressRequest, @Path() id: string, @Query() width?: number): Promise<Readable> {
    const png = await posePreview(contextOf(req), id, width);
    this.setHeader('Content-Type', 'image/png');
    this.setHeader('Cache-Control', 'private, max-age=86400');
    return Readable.from([png]);
  }
}

@Route('v1/pose_categories')
@Tags('Poses')
@Response<Problem>(401, 'Missing, unknown or revoked API key')
@Response<Problem>(429, 'Rate limited')
export class PoseCategoriesController extends Controller {
  /**
   * The categories of the pose library, each with the number of poses it holds.
   * @summary List pose categories
   */
  @Get()
  @OperationId('poseCategories.list')
  @Security('api_key', ['read'])
  @Response<Problem>(403, 'The key lacks the `read` scope')
  @Example<List<PoseCategory>>({ object: 'list', data: [{ id: 'standing', object: 'pose_category', name: 'Standing', description: 'Upright poses.', count: 8 }], has_more: false, next_cursor: null })
  public async list(@Request() req: ExpressRequest): Promise<List<PoseCategory>> {
    return listPoseCategories(contextOf(req));
  }
}
