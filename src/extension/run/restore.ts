/**
 * Run-time diagnostics live in memory: a reload would clear the Problems of a run whose
 * CodeLens still says "1 violation". So when the window opens, the violations of each
 * target's last recorded run are read back from its trace, as the run reported them.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import type { RecordedRun } from '../../core/runs/history';
import { readTraceLines } from '../../core/runs/traceLines';
import { collectViolations, violationDiagnostics } from '../../core/runs/violations';
import type { HandoffContext } from '../context';
import { loadProgramFor } from './engine';
import type { RunHistory } from './history';
import { programLocator } from './locate';
import { targetKey, type RuntimeDiagnostics } from './runtimeDiagnostics';

/** Restores the diagnostics of the last run of every target that had violations; resolves with how many targets. */
export async function restoreRuntimeDiagnostics(ctx: HandoffContext, history: RunHistory, diagnostics: RuntimeDiagnostics): Promise<number> {
  const last = new Map<string, { file: string; run: RecordedRun }>();
  const runs = await history.runs();
  // The newest run, with violations or not: those read back from older runs say which run they are from.
  if (runs[0]) diagnostics.sawRun(runs[0]);
  for (const run of runs) {
    if (run.noRunLine) continue; // its definition file is unknown
    // A trace holds its definition file relative to the folder the run started in.
    const file = path.isAbsolute(run.file) ? run.file : path.resolve(history.rootFor(run.trace), run.file);
    const key = targetKey(file, run.target);
    if (!last.has(key)) last.set(key, { file, run }); // newest first
  }
  let restored = 0;
  for (const [key, { file, run }] of last) {
    if (run.violations === 0 || !existsSync(file)) continue;
    try {
      const violations = collectViolations(readTraceLines(await readFile(run.trace, 'utf8')));
      const diags = violationDiagnostics(violations, programLocator(await loadProgramFor(file), file), run.trace);
      if (diagnostics.restore(key, diags, run)) restored++;
    } catch (err) {
      ctx.log.warn(`could not read back the violations of ${run.trace}: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  return restored;
}
