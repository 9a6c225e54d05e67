/**
 * The test-only extension: on startup it runs the in-host suite and writes the results to
 * the file named by HANDOFF_E2E_RESULTS (the extension host inherits code-server's
 * environment). Without that variable it does nothing, so a stray install is harmless.
 */
import { renameSync, writeFileSync } from 'node:fs';
import * as vscode from 'vscode';
import { runAll, type TestResult } from './runner';

export interface SuiteReport {
  vscodeVersion: string;
  results: TestResult[];
}

export async function activate(): Promise<void> {
  const file = process.env['HANDOFF_E2E_RESULTS'];
  if (!file) return;
  let report: SuiteReport;
  // Progress goes to `<file>.progress` before each test, so the driver can tell a slow suite
  // from a stuck one and name the test that was running if it gives up.
  const progress = (done: readonly TestResult[], running: string) =>
    writeWhole(`${file}.progress`, { vscodeVersion: vscode.version, results: done, running });
  try {
    report = { vscodeVersion: vscode.version, results: await runAll(process.env['HANDOFF_E2E_FILTER'], progress) };
  } catch (err) {
    report = {
      vscodeVersion: vscode.version,
      results: [{ name: 'in-host suite', ok: false, error: err instanceof Error ? (err.stack ?? err.message) : String(err), duration: 0 }],
    };
  }
  writeWhole(file, report);
}

/** Written whole, then renamed, so the driver never reads half a file. */
function writeWhole(file: string, value: unknown): void {
  writeFileSync(`${file}.tmp`, JSON.stringify(value, null, 2));
  renameSync(`${file}.tmp`, file);
}

export function deactivate(): void {
  // Nothing to clean up.
}
