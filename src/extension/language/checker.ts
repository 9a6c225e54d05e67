/**
 * The checker as the editor uses it: set the text of each file, check, read diagnostics.
 * Loaded lazily (a dynamic import), so that activation does not load the checker.
 */
import type { Diagnostic } from '../../core/model/diagnostic';

export interface Checker {
  setFile(path: string, text: string): void;
  removeFile(path: string): void;
  /** Every diagnostic of every file set. */
  check(): readonly Diagnostic[];
}

export async function loadChecker(): Promise<Checker> {
  // Until the core checker lands, diagnostics are empty.
  const files = new Map<string, string>();
  return {
    setFile: (p, t) => void files.set(p, t),
    removeFile: (p) => void files.delete(p),
    check: () => [],
  };
}
