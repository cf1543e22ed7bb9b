/** Why a pose could not be rendered; `code` is stable for callers to map to their own errors. */
export class PoseRenderError extends Error {
  constructor(
    readonly code: 'pose_not_found' | 'invalid_keypoints' | 'invalid_size',
    message: string,
  ) {
    super(message);
    this.name = 'PoseRenderError';
  }
}
