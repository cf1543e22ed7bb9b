import type { FrameRate, LoopInput } from '../../../../api/src/domain/apps/loop/request';
import type { RenderContext } from '../../../../api/src/domain/jobs/app-contract';
import type { LoopPlan } from './plan';
import type { PictureFormat } from './probe';
import type { ProgressMeter } from './progress';

/** What every stage of one loop render shares. */
export interface Env {
  input: LoopInput;
  picture: PictureFormat;
  ctx: RenderContext;
  plan: LoopPlan;
  rate: FrameRate;
  work: string;
  signal: AbortSignal;
  /** Stops every step of this render (siblings of a failed step). */
  abort(): void;
  meter: ProgressMeter;
}
