/**
 * Coalesces a live feed: items pushed at any rate are delivered in batches, at most
 * `perSecond` batches a second. Pure (no vscode), so it is unit-tested.
 */
export class Coalescer<T> {
  private buffer: T[] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;
  private lastFlush = -Infinity;

  constructor(
    private readonly deliver: (batch: T[]) => void,
    private readonly perSecond = 20,
    private readonly now: () => number = () => Date.now(),
    private readonly schedule: (fn: () => void, ms: number) => ReturnType<typeof setTimeout> = setTimeout,
  ) {}

  push(items: readonly T[]): void {
    for (const i of items) this.buffer.push(i);
    if (this.timer !== undefined || this.buffer.length === 0) return;
    const gap = 1000 / this.perSecond;
    const wait = Math.max(0, this.lastFlush + gap - this.now());
    this.timer = this.schedule(() => {
      this.timer = undefined;
      this.flush();
    }, wait);
  }

  /** Delivers what is buffered now (for the end of a run). */
  flush(): void {
    if (this.timer !== undefined) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    if (this.buffer.length === 0) return;
    const batch = this.buffer;
    this.buffer = [];
    this.lastFlush = this.now();
    this.deliver(batch);
  }

  dispose(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    this.buffer = [];
  }
}
