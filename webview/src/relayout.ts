/**
 * When the workflow graph is laid out again. A layout (elkjs, in the panel's layout worker:
 * layoutClient.ts) costs time that grows with the graph, and each one redraws the graph on the
 * panel's thread, so it is done only when what it depends on changed
 * (the nodes, their roles, the edges: a state change only recolours), one at a time, and
 * after one, the next waits a few times as long as it took: the steps a live run adds
 * meanwhile are laid out together, the latest graph wins. It is started only from `want`,
 * which the view calls when it is drawn (not while its tab is hidden). No DOM, so it is
 * unit-tested.
 */
import type { GraphData } from './core';

/** Whether a layout of `a` is a layout of `b`: the same nodes (and roles) and edges, in the same order. */
export function sameLayout(a: GraphData, b: GraphData): boolean {
  if (a === b) return true;
  if (a.nodes.length !== b.nodes.length || a.edges.length !== b.edges.length) return false;
  for (let i = 0; i < a.nodes.length; i++) {
    const x = a.nodes[i]!;
    const y = b.nodes[i]!;
    if (x.id !== y.id || x.role !== y.role) return false;
  }
  for (let i = 0; i < a.edges.length; i++) {
    const x = a.edges[i]!;
    const y = b.edges[i]!;
    if (x.from !== y.from || x.to !== y.to || x.both !== y.both) return false;
  }
  return true;
}

export interface RelayoutHooks<D, L> {
  /** Lays `data` out. */
  layout(data: D): Promise<L>;
  /** A layout is done; `data` is what it laid out. */
  done(laid: L, data: D): void;
  failed(err: unknown): void;
  /**
   * Asks the view to draw again (and so to call `want` with its latest data, if it is shown):
   * after a layout, and once the wait before the next is over.
   */
  again(): void;
}

export interface Clock {
  now(): number;
  later(fn: () => void, ms: number): void;
}

const realClock: Clock = {
  now: () => performance.now(),
  later: (fn, ms) => void setTimeout(fn, ms),
};

export class Relayout<D, L> {
  /** What the last layout (or the one in flight) is of. */
  private laidFor: D | undefined;
  /** What the last failed layout was of: not tried again until the graph changes. */
  private failedFor: D | undefined;
  private inFlight = false;
  private waiting = false;
  /** No layout starts before this time (`clock.now()`): the last one took a while. */
  private notBefore = -Infinity;

  constructor(
    private readonly hooks: RelayoutHooks<D, L>,
    private readonly same: (a: D, b: D) => boolean,
    /** After a layout that took t, the next starts no sooner than `gap` × t later. */
    private readonly gap = 3,
    private readonly clock: Clock = realClock,
  ) {}

  /** The view is drawn with `data`: lays it out if its layout is not that of the last one (now, or once the one in flight and the wait after it are over). */
  want(data: D): void {
    if (this.inFlight || this.waiting) return; // `again` brings the view back with its data then
    if (this.laidFor !== undefined && this.same(this.laidFor, data)) return;
    if (this.failedFor !== undefined && this.same(this.failedFor, data)) return;
    const wait = this.notBefore - this.clock.now();
    if (wait > 0) {
      this.waiting = true;
      this.clock.later(() => {
        this.waiting = false;
        this.hooks.again();
      }, wait);
      return;
    }
    this.inFlight = true;
    const t0 = this.clock.now();
    this.hooks.layout(data).then(
      (laid) => {
        const t1 = this.clock.now();
        this.inFlight = false;
        this.laidFor = data;
        this.failedFor = undefined;
        this.notBefore = t1 + (t1 - t0) * this.gap;
        this.hooks.done(laid, data);
        this.hooks.again();
      },
      (err: unknown) => {
        this.inFlight = false;
        this.failedFor = data;
        this.hooks.failed(err);
      },
    );
  }
}
