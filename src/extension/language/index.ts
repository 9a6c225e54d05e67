import type { HandoffContext } from '../context';

export function registerLanguageFeatures(_ctx: HandoffContext): void {
  // Filled in by its issue.
}
