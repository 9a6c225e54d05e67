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
  const strong = (v: string): void => {
    idx.set(v, index);
    low.set(v, index++);
    stack.push(v);
    onStack.add(v);
    for (const e of edges.get(v) ?? []) {
      if (!idx.has(e.to)) {
        strong(e.to);
        low.set(v, Math.min(low.get(v) as number, low.get(e.to) as number));
      } else if (onStack.has(e.to)) low.set(v, Math.min(low.get(v) as number, idx.get(e.to) as number));
    }
    if (low.get(v) === idx.get(v)) {
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
    }
  };
  for (const v of edges.keys()) if (!idx.has(v)) strong(v);
  return out;
}
