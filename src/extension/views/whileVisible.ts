/**
 * A periodic refresh that runs only while a view is visible: labels that depend on the
 * clock ("2 min ago") are brought up to date once when the view is shown again and then
 * every `everyMs`, and nothing ticks while the view is hidden. Typed by shape (a
 * `vscode.TreeView` fits), so that it is tested without VS Code.
 */

export interface VisibleView {
  readonly visible: boolean;
  onDidChangeVisibility(listener: (e: { readonly visible: boolean }) => unknown): { dispose(): unknown };
}

export interface Timers {
  setInterval(fn: () => void, ms: number): unknown;
  clearInterval(handle: unknown): void;
}

const realTimers: Timers = {
  setInterval: (fn, ms) => setInterval(fn, ms),
  clearInterval: (handle) => clearInterval(handle as ReturnType<typeof setInterval>),
};

export function refreshWhileVisible(view: VisibleView, everyMs: number, refresh: () => void, timers: Timers = realTimers): { dispose(): void } {
  let handle: unknown;
  const start = (): void => {
    if (handle === undefined) handle = timers.setInterval(refresh, everyMs);
  };
  const stop = (): void => {
    if (handle !== undefined) timers.clearInterval(handle);
    handle = undefined;
  };
  if (view.visible) start();
  const sub = view.onDidChangeVisibility((e) => {
    if (e.visible) {
      // What it showed when it was hidden may be old by now.
      refresh();
      start();
    } else stop();
  });
  return {
    dispose: () => {
      stop();
      sub.dispose();
    },
  };
}
