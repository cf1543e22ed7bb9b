import type { RenderContext } from '../../../../api/src/domain/jobs/app-contract';

/**
 * Progress over the whole job from units of work: tasks running side by side report their own
 * fraction, the sum is reported, and it never goes backwards whatever order tasks finish in.
 */
export function progressMeter(ctx: RenderContext, totalUnits: number) {
  let done = 0;
  let reported = 0;
  const inflight = new Map<number, { units: number; fraction: number }>();
  let ids = 0;
  let stage = 'normalizing';
  const emit = () => {
    let partial = 0;
    for (const t of inflight.values()) partial += t.units * t.fraction;
    const f = totalUnits > 0 ? Math.min(0.99, (done + partial) / totalUnits) : 0;
    // Never report going backwards, whatever the order tasks finish in.
    if (f < reported) return;
    reported = f;
    ctx.progress(f, stage);
  };
  return {
    start(taskStage: string, units: number) {
      const id = ids++;
      stage = taskStage;
      inflight.set(id, { units, fraction: 0 });
      emit();
      return {
        update: (fraction: number) => {
          const t = inflight.get(id);
          if (!t) return;
          t.fraction = Math.max(t.fraction, Math.min(1, fraction));
          emit();
        },
        done: () => {
          inflight.delete(id);
          done += units;
          emit();
        },
      };
    },
  };
}
