import type { RenderContext } from '../../../../api/src/domain/jobs/app-contract';

/** The job's progress as the weighted sum of the render's parts (video, audio, join); never backwards. */
export class ProgressMeter {
  private readonly done: Record<string, number> = {};
  private current = 'rendering';
  private last = 0;
  constructor(
    private readonly ctx: RenderContext,
    private readonly weights: Record<string, number>,
  ) {}

  weight(part: string): number {
    return this.weights[part] ?? 0;
  }

  stage(name: string): void {
    this.current = name;
    this.emit();
  }

  update(part: string, fraction: number): void {
    this.done[part] = Math.max(this.done[part] ?? 0, Math.min(1, Math.max(0, fraction)));
    this.emit();
  }

  private emit(): void {
    const total = Object.values(this.weights).reduce((s, w) => s + w, 0);
    const done = Object.entries(this.weights).reduce((s, [k, w]) => s + w * (this.done[k] ?? 0), 0);
    // Never backwards, and 1 only when the file is checked.
    this.last = Math.max(this.last, total > 0 ? Math.min(0.98, done / total) : 0);
    this.ctx.progress(this.last, this.current);
  }
}
