/**
 * The checker as the editor uses it: set the text of each file, check, read diagnostics.
 * Loaded lazily (a dynamic import), so that activation does not load the checker.
 */
import { resolve } from 'node:path';
import type { Diagnostic } from '../../core/model/diagnostic';

export interface Checker {
  setFile(path: string, text: string): void;
  removeFile(path: string): void;
  /** Every diagnostic of every file set, with `range.file` as the path it was set under. */
  check(): readonly Diagnostic[];
}

export async function loadChecker(): Promise<Checker> {
  const { Workspace } = await import('../../core/checker');
  const ws = new Workspace();
  // The checker makes paths absolute; map them back to the keys the editor uses.
  const keys = new Map<string, string>();
  const back = (file: string): string => keys.get(file) ?? file;
  return {
    setFile(path, text) {
      keys.set(resolve(path), path);
      ws.setFile(path, text);
    },
    removeFile(path) {
      ws.removeFile(path);
    },
    check() {
      const diags = ws.check().diagnostics;
      if (![...keys].some(([k, v]) => k !== v)) return diags;
      return diags.map((d) => ({
        ...d,
        range: { ...d.range, file: back(d.range.file) },
        ...(d.related ? { related: d.related.map((r) => ({ ...r, range: { ...r.range, file: back(r.range.file) } })) } : {}),
      }));
    },
  };
}
