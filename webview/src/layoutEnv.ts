/**
 * Where the panel's layout client (layoutClient.ts) starts its worker and loads its fallback,
 * in the browser (apart from the client, which runs without a DOM in the unit tests).
 */
import { type LayoutFn, MAIN_THREAD_LAYOUT } from './elkLayout';
import type { LayoutEnv, LayoutWorker } from './layoutClient';

/** The panel's own: a worker from a blob: URL of the fetched script, the fallback a page script with the panel's nonce. */
export const browserEnv: LayoutEnv = {
  async startWorker(url) {
    const res = await fetch(url);
    if (!res.ok) throw new Error(`${res.status} ${res.statusText}`);
    const blobUrl = URL.createObjectURL(await res.blob());
    let worker: Worker;
    try {
      worker = new Worker(blobUrl, { name: 'handoff-graph-layout' });
    } catch (err) {
      URL.revokeObjectURL(blobUrl);
      throw err;
    }
    const w = worker as unknown as LayoutWorker & { started?(): void };
    w.started = () => URL.revokeObjectURL(blobUrl);
    return w;
  },
  loadScript(url) {
    return new Promise<void>((resolve, reject) => {
      const script = document.createElement('script');
      const nonce = document.querySelector<HTMLScriptElement>('script[nonce]')?.nonce;
      if (nonce) script.nonce = nonce;
      script.src = url;
      script.onload = () => resolve();
      script.onerror = () => reject(new Error('elk could not be loaded'));
      document.head.append(script);
    });
  },
  mainThreadLayout: () => (globalThis as Record<string, unknown>)[MAIN_THREAD_LAYOUT] as LayoutFn | undefined,
  log: (message) => console.warn(message),
};
