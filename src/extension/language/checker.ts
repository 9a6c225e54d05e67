/**
 * The checker as the editor uses it: set the text of each file, check, read diagnostics.
 * Loaded lazily (a dynamic import), so that activation does not load the checker.
 */
import { resolve } from 'node:path';
import type { Workspace } from '../../core/checker';
import type { Diagnostic } from '../../core/model/diagnostic';

export interface Checker {
  setFile(path: string, text: string): void;
  removeFile(path: string): void;
  /** Every diagnostic of every file set, with `range.file` as the path it was set under. */
  check(): readonly Diagnostic[];
  /** The absolute paths a file imports (as the checker resolved them). */
  importsOf(path: string): string[];
  /** A file that exists but cannot be read, and why (for the diagnostics of its imports); undefined: it can be, or is gone. */
  setUnreadable(path: string, reason: string | undefined): void;
}

export async function loadChecker(): Promise<Checker> {
  const { Workspace } = await import('../../core/checker');
  return createChecker(new Workspace());
}

/** The adapter over a checker Workspace (the benchmark builds one without the dynamic import). */
export function createChecker(ws: Workspace): Checker {
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
    setUnreadable(path, reason) {
      ws.setUnreadable(path, reason);
    },
    importsOf(path) {
      return path.includes('://') ? [] : (ws.model(path)?.imports.map((i) => i.target) ?? []);
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

/** Sets the texts that changed since the last check in the checker, removes the files gone, and checks. */
export function sendAndCheck(checker: Checker, texts: ReadonlyMap<string, string>, sent: Map<string, string>): Diagnostic[] {
  for (const [file, text] of texts) {
    if (sent.get(file) === text) continue;
    checker.setFile(file, text);
    sent.set(file, text);
  }
  for (const file of [...sent.keys()]) {
    if (texts.has(file)) continue;
    checker.removeFile(file);
    sent.delete(file);
  }
  return [...checker.check()];
}
