/** Strongly connected components (Tarjan) of a step graph, as the edges that close each loop. */
import type { Path } from '../parse';

export interface CycleEdge {
  readonly from: string;
  readonly to: string;
  readonly path: Path;
}

export function findCycles(edges: ReadonlyMap<string, readonly { to: string; path: Path }[]>): CycleEdge[][] {
  let index = 0;
  const idx = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const out: CycleEdge[][] = [];
  const visit = (v: string): void => {
    idx.set(v, index);
    low.set(v, index++);
    stack.push(v);
    onStack.add(v);
  };
  const close = (v: string): void => {
    if (low.get(v) !== idx.get(v)) return;
    const comp: string[] = [];
    for (;;) {
      const w = stack.pop() as string;
      onStack.delete(w);
      comp.push(w);
      if (w === v) break;
    }
    const members = new Set(comp);
    const inside = comp.reverse().flatMap((from) => (edges.get(from) ?? []).filter((e) => members.has(e.to)).map((e) => ({ from, to: e.to, path: e.path })));
    if (comp.length > 1 || inside.length > 0) out.push(inside);
  };
  // Tarjan's algorithm with an explicit stack of (node, next edge): a chain of thousands of
  // steps would overflow the call stack of the recursive form.
  const strong = (root: string): void => {
    visit(root);
    const frames: [string, number][] = [[root, 0]];
    while (frames.length > 0) {
      const frame = frames[frames.length - 1] as [string, number];
      const [v, i] = frame;
      const out = edges.get(v) ?? [];
      if (i < out.length) {
        frame[1] = i + 1;
        const to = (out[i] as { to: string }).to;
        if (!idx.has(to)) {
          visit(to);
          frames.push([to, 0]);
        } else if (onStack.has(to)) low.set(v, Math.min(low.get(v) as number, idx.get(to) as number));
        continue;
      }
      frames.pop();
      close(v);
      const parent = frames[frames.length - 1];
      if (parent) low.set(parent[0], Math.min(low.get(parent[0]) as number, low.get(v) as number));
    }
  };
  for (const v of edges.keys()) if (!idx.has(v)) strong(v);
  return out;
}
