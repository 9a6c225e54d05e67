/** A counting semaphore whose waits a cancellation cuts short. */
import { CancelledError } from './errors';

export class Semaphore {
  private waiting: { resolve: () => void; reject: (e: Error) => void }[] = [];
  constructor(private free: number) {}

  async acquire(signal: AbortSignal): Promise<() => void> {
    if (signal.aborted) throw new CancelledError();
    if (this.free > 0) {
      this.free--;
      return this.releaser();
    }
    await new Promise<void>((resolve, reject) => {
      const entry = {
        resolve: () => {
          signal.removeEventListener('abort', onAbort);
          resolve();
        },
        reject,
      };
      const onAbort = () => {
        this.waiting = this.waiting.filter((w) => w !== entry);
        reject(new CancelledError());
      };
      signal.addEventListener('abort', onAbort, { once: true });
      this.waiting.push(entry);
    });
    return this.releaser();
  }

  private releaser(): () => void {
    let done = false;
    return () => {
      if (done) return;
      done = true;
      const next = this.waiting.shift();
      if (next) next.resolve();
      else this.free++;
    };
  }
}
