/**
 * The panel's end of the layout worker: lays graphs out in a Web Worker running
 * layout-worker.js, so that a large graph's layout (seconds for thousands of steps) never
 * blocks the panel. A VS Code webview cannot start a worker from the extension's files (another
 * origin): the script is fetched and started from a blob: URL (the panel's CSP allows
 * `worker-src blob:` and `connect-src` of its own resources for this only). The worker is
 * started on the first layout (a panel whose Graph tab is never shown never loads elk).
 *
 * If the worker cannot start (the fetch or the CSP refuses it, it fails to load, or it does
 * not answer in time) or dies later, the layouts waiting for it and every later one run on
 * the main thread instead, with the same script loaded as a page script (the panel's nonce),
 * and that is logged once.
 */
import type { FromLayoutWorker, Laid, LayoutFn, LayoutInput, ToLayoutWorker } from './elkLayout';

/** What the client needs of a worker. */
export interface LayoutWorker {
  postMessage(msg: ToLayoutWorker): void;
  terminate(): void;
  onmessage: ((e: { data: FromLayoutWorker }) => void) | null;
  onerror: ((e: { message?: string }) => void) | null;
  onmessageerror?: ((e: unknown) => void) | null;
}

/** Where the client starts workers and loads scripts: the browser's, or a test's. */
export interface LayoutEnv {
  /** A worker running the script at `url`; `started` is called once it answered (the script may be released). */
  startWorker(url: string): Promise<LayoutWorker & { started?(): void }>;
  /** Runs the script at `url` on the main thread; resolves once it ran. */
  loadScript(url: string): Promise<void>;
  /** The layout function the script left on the main thread. */
  mainThreadLayout(): LayoutFn | undefined;
  log(message: string): void;
}

interface Pending {
  input: LayoutInput;
  resolve(laid: Laid): void;
  reject(err: unknown): void;
}

export class LayoutClient {
  private state: 'idle' | 'starting' | 'ready' | 'failed' = 'idle';
  private worker: (LayoutWorker & { started?(): void }) | undefined;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private mainThread: Promise<LayoutFn> | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    /** layout-worker.js's URL (undefined: nothing can lay out). */
    private readonly url: string | undefined,
    /** The browser's (layoutEnv.ts), or a test's. */
    private readonly env: LayoutEnv,
    /** How long the worker may take to load and answer before the main thread takes over. */
    private readonly readyTimeoutMs = 20_000,
  ) {}

  /** Where layouts run now: `worker` once it answered, `main` after a fallback. */
  get where(): 'worker' | 'main' | 'starting' {
    return this.state === 'ready' ? 'worker' : this.state === 'failed' ? 'main' : 'starting';
  }

  layout(input: LayoutInput): Promise<Laid> {
    return new Promise<Laid>((resolve, reject) => {
      const id = this.nextId++;
      const p: Pending = { input, resolve, reject };
      this.pending.set(id, p);
      if (this.state === 'ready') this.post(id, p);
      else if (this.state === 'failed') this.onMainThread(id, p);
      else if (this.state === 'idle') this.start();
      // While starting, it waits: sent once the worker is ready, or run on the main thread.
    });
  }

  /** Stops the worker (the panel is gone); layouts still waiting are rejected. */
  dispose(): void {
    this.stopWorker();
    this.state = 'failed';
    for (const p of this.pending.values()) p.reject(new Error('the graph is no longer shown'));
    this.pending.clear();
  }

  private start(): void {
    this.state = 'starting';
    if (this.url === undefined) {
      this.fail('no layout worker script');
      return;
    }
    this.timer = setTimeout(() => this.fail(`the layout worker did not start within ${this.readyTimeoutMs / 1000} s`), this.readyTimeoutMs);
    this.env.startWorker(this.url).then(
      (w) => {
        if (this.state !== 'starting') {
          w.terminate(); // timed out meanwhile
          return;
        }
        this.worker = w;
        w.onmessage = (e) => {
          if (this.worker === w) this.receive(e.data);
        };
        w.onerror = (e) => {
          if (this.worker === w) this.fail(`the layout worker failed: ${e.message ?? 'error'}`);
        };
        w.onmessageerror = () => {
          if (this.worker === w) this.fail('the layout worker\'s answer could not be read');
        };
      },
      (err: unknown) => this.fail(`the layout worker could not start: ${err instanceof Error ? err.message : String(err)}`),
    );
  }

  private receive(msg: FromLayoutWorker): void {
    if ('ready' in msg) {
      if (this.state !== 'starting') return;
      clearTimeout(this.timer);
      this.state = 'ready';
      this.worker?.started?.();
      for (const [id, p] of this.pending) this.post(id, p);
      return;
    }
    const p = this.pending.get(msg.id);
    if (!p) return;
    this.pending.delete(msg.id);
    if ('laid' in msg) p.resolve(msg.laid);
    else p.reject(new Error(msg.error));
  }

  private post(id: number, p: Pending): void {
    try {
      this.worker!.postMessage({ id, input: p.input });
    } catch (err) {
      this.fail(`the layout worker could not be reached: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  /** No worker from now on: what waits for one, and every later layout, runs on the main thread. */
  private fail(reason: string): void {
    if (this.state === 'failed') return;
    this.state = 'failed';
    this.stopWorker();
    this.env.log(`Handoff: the graph is laid out on the panel's main thread (it may pause while it is): ${reason}`);
    for (const [id, p] of this.pending) this.onMainThread(id, p);
  }

  private stopWorker(): void {
    clearTimeout(this.timer);
    this.worker?.terminate();
    this.worker = undefined;
  }

  private onMainThread(id: number, p: Pending): void {
    this.mainThread ??= this.loadMainThread();
    this.mainThread.then((layout) => layout(p.input)).then(
      (laid) => {
        if (this.pending.delete(id)) p.resolve(laid);
      },
      (err: unknown) => {
        if (this.pending.delete(id)) p.reject(err);
      },
    );
  }

  private async loadMainThread(): Promise<LayoutFn> {
    const ready = this.env.mainThreadLayout();
    if (ready) return ready;
    if (this.url === undefined) throw new Error('elk is not loaded');
    await this.env.loadScript(this.url);
    const layout = this.env.mainThreadLayout();
    if (!layout) throw new Error('elk did not load');
    return layout;
  }
}
