import type { HandoffContext } from '../context';

export function registerRunFeatures(_ctx: HandoffContext): void {
  // Filled in by its issue.
}
