/** "Did you mean …?": the nearest name by edit distance, when it is near enough to help. */
import { closest, distance } from 'fastest-levenshtein';

export function nearest(name: string, candidates: Iterable<string>): string | undefined {
  const list = [...candidates].filter((c) => c !== name);
  if (list.length === 0 || name === '') return undefined;
  const best = closest(name, list);
  const d = distance(name.toLowerCase(), best.toLowerCase());
  return d <= Math.max(2, Math.floor(best.length / 3)) ? best : undefined;
}

/** The message suffix and diagnostic data for a suggestion. */
export function didYouMean(name: string, candidates: Iterable<string>): { text: string; data?: { suggestion: string } } {
  const s = nearest(name, candidates);
  return s === undefined ? { text: '' } : { text: `; did you mean '${s}'?`, data: { suggestion: s } };
}
