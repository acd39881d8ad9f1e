// Progress counters: bytes processed and bytes transferred, kept apart and reported together.

import type { BatchProgress, Progress } from './types.js';

export type ProgressCallback = (progress: Progress) => void;

/** Counts for one object; `report` tells the callback after every change. */
export class ObjectProgress {
  processed = 0;
  transferred = 0;
  constructor(
    readonly total: number,
    private readonly callback?: ProgressCallback,
  ) {}

  add({ processed = 0, transferred = 0 }: { processed?: number; transferred?: number }): void {
    this.processed += processed;
    this.transferred += transferred;
    this.callback?.({ processed: this.processed, transferred: this.transferred, total: this.total });
  }
}

/** Sums over many objects, fed by the per-object callbacks. */
export class BatchProgressTracker {
  private processed = 0;
  private transferred = 0;
  private objectsDone = 0;
  constructor(
    private readonly total: number,
    private readonly objects: number,
    private readonly callback?: (progress: BatchProgress) => void,
  ) {}

  /** A per-object callback that adds what that object reports. */
  forObject(): ProgressCallback {
    let processed = 0;
    let transferred = 0;
    return (p) => {
      this.processed += p.processed - processed;
      this.transferred += p.transferred - transferred;
      processed = p.processed;
      transferred = p.transferred;
      this.report();
    };
  }

  objectDone(): void {
    this.objectsDone++;
    this.report();
  }

  private report(): void {
    this.callback?.({ processed: this.processed, transferred: this.transferred, total: this.total, objects: this.objects, objectsDone: this.objectsDone });
  }
}
