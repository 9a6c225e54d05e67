/**
 * Arrow-key moves between points laid out in two dimensions (the graph's nodes): the nearest
 * point in the arrow's direction, straight ahead counting more than off to the side.
 */

export interface Point {
  readonly id: string;
  readonly x: number;
  readonly y: number;
}

export type Arrow = 'ArrowRight' | 'ArrowLeft' | 'ArrowUp' | 'ArrowDown';

/**
 * The point nearest to `from` in the arrow's direction (within 45° either side first, then
 * anywhere on that side), or undefined when there is none. Distance off the axis counts
 * twice, so Right goes to the next column's node in line rather than one far up.
 */
export function nearestInDirection(points: readonly Point[], from: string, arrow: Arrow): string | undefined {
  const here = points.find((p) => p.id === from);
  if (!here) return undefined;
  const [ax, ay] = arrow === 'ArrowRight' ? [1, 0] : arrow === 'ArrowLeft' ? [-1, 0] : arrow === 'ArrowDown' ? [0, 1] : [0, -1];
  let best: { id: string; cone: boolean; score: number } | undefined;
  for (const p of points) {
    if (p.id === from) continue;
    const dx = p.x - here.x;
    const dy = p.y - here.y;
    const ahead = dx * ax + dy * ay;
    if (ahead <= 0.5) continue;
    const side = Math.abs(dx * ay - dy * ax);
    const cone = side <= ahead;
    const score = ahead + 2 * side;
    if (!best || (cone && !best.cone) || (cone === best.cone && score < best.score)) best = { id: p.id, cone, score };
  }
  return best?.id;
}
