/**
 * Work a request starts and does not wait for (an auto top-up payment after the reservation
 * committed): tracked per app instance, so shutdown and tests can wait until it has settled.
 */
export class BackgroundTasks {
  private readonly running = new Set<Promise<unknown>>();

  /** Tracks `task` until it settles; its failure is the caller's to handle (the promise should not reject). */
  track(task: Promise<unknown>): void {
    const p = task.finally(() => this.running.delete(p));
    this.running.add(p);
  }

  /** Resolves once every tracked task (and any they started) has settled. */
  async settled(): Promise<void> {
    while (this.running.size) await Promise.allSettled([...this.running]);
  }
}
