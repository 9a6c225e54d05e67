import type { HandoffContext } from '../context';

export function registerPanel(_ctx: HandoffContext): void {
  // Filled in by its issue.
}
