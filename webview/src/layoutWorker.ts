/**
 * layout-worker.js, the graph's layout off the panel's main thread (its own esbuild bundle,
 * with elkjs). As a Web Worker it answers each `{ id, input }` with `{ id, laid }` or
 * `{ id, error }`, after a first `{ ready: true }`. Loaded as a page script instead (the
 * panel's fallback when no worker can start) it leaves its layout function on `globalThis`.
 */
import ELK from 'elkjs/lib/elk.bundled.js';
import { type FromLayoutWorker, type LayoutFn, type ToLayoutWorker, MAIN_THREAD_LAYOUT, elkGraph, laidOut } from './elkLayout';

// Without a workerUrl elk runs in this thread (its "fake worker"), which here is the worker.
const elk = new ELK();
const layout: LayoutFn = async (input) => laidOut(await elk.layout(elkGraph(input)), input);

interface WorkerScope {
  onmessage: ((e: MessageEvent<ToLayoutWorker>) => void) | null;
  postMessage(msg: FromLayoutWorker): void;
}

if (typeof document === 'undefined' && typeof self !== 'undefined') {
  const scope = self as unknown as WorkerScope;
  // Set after `new ELK()`: elk's own worker code takes `onmessage` when it is loaded in a worker.
  scope.onmessage = (e) => {
    const { id, input } = e.data;
    layout(input).then(
      (laid) => scope.postMessage({ id, laid }),
      (err: unknown) => scope.postMessage({ id, error: err instanceof Error ? err.message : String(err) }),
    );
  };
  scope.postMessage({ ready: true });
} else {
  (globalThis as Record<string, unknown>)[MAIN_THREAD_LAYOUT] = layout;
}
