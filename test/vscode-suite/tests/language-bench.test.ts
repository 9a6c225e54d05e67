/**
 * The editor benchmark inside the real VS Code (run it with `node test/e2e/run.mjs bench`;
 * it is registered only when the filter names it): a 10,000-line workspace of definition
 * files, all open; each edit of one file is timed from `applyEdit` to the
 * `onDidChangeDiagnostics` event that carries its new diagnostics, with the debounce set to
 * 0. Results go to bench/editor/vscode-results.json beside the plain-Node figures.
 */
import * as assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import * as vscode from 'vscode';
import { synthWorkspace } from '../../../bench/editor/workspace';
import { test } from '../src/runner';

const EDITS = 40;

function pct(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return Math.round(s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)] as number);
}

/** Resolves when the diagnostics of a file satisfy a predicate (now or on a later change event). */
function diagnosticsWhere(uri: vscode.Uri, ok: (d: vscode.Diagnostic[]) => boolean): Promise<void> {
  return new Promise((resolve) => {
    const check = (): void => {
      if (!ok(vscode.languages.getDiagnostics(uri))) return;
      sub.dispose();
      resolve();
    };
    const sub = vscode.languages.onDidChangeDiagnostics((e) => {
      if (e.uris.some((u) => u.toString() === uri.toString())) check();
    });
    check();
  });
}

const isBroken = (d: vscode.Diagnostic[]): boolean => d.some((x) => typeof x.code === 'object' && x.code.value === 'unknown-ref');

if (process.env['HANDOFF_E2E_FILTER']?.includes('bench')) {
  test('language bench: edit to diagnostics in a 10,000-line workspace', async () => {
    // The extension's own measure of its activate() (nothing heavy runs there), reported beside the edit figures.
    const api = await vscode.extensions.getExtension<{ activationMs: number }>('handoff.handoff')?.activate();
    const dir = mkdtempSync(join(tmpdir(), 'handoff-bench-'));
    const files = synthWorkspace(dir, 10_000);
    for (const f of files) writeFileSync(f.path, f.text);
    const config = vscode.workspace.getConfiguration('handoff');
    await config.update('check.debounceMs', 0, vscode.ConfigurationTarget.Global);
    try {
      const leaf = files[Math.floor(files.length / 2)]!;
      const uri = vscode.Uri.file(leaf.path);
      const t0 = Date.now();
      for (const f of files) await vscode.workspace.openTextDocument(vscode.Uri.file(f.path));
      await diagnosticsWhere(uri, (d) => d.length > 0);
      const firstMs = Date.now() - t0;
      const doc = await vscode.workspace.openTextDocument(uri);
      const needle = 'input: $steps.s3.output\n';
      const at = leaf.text.indexOf(needle);
      assert.ok(at > 0);
      const times: number[] = [];
      for (let i = 0; i < EDITS; i++) {
        const broken = i % 2 === 0;
        const from = broken ? 's3' : 's33';
        const start = doc.positionAt(at + 'input: $steps.'.length);
        const edit = new vscode.WorkspaceEdit();
        edit.replace(uri, new vscode.Range(start, start.translate(0, from.length)), broken ? 's33' : 's3');
        const done = diagnosticsWhere(uri, (d) => isBroken(d) === broken);
        const s = performance.now();
        assert.ok(await vscode.workspace.applyEdit(edit));
        await done;
        times.push(performance.now() - s);
      }
      const lines = files.reduce((n, f) => n + f.text.split('\n').length, 0);
      const results = { date: new Date().toISOString(), vscode: vscode.version, activationMs: api ? Math.round(api.activationMs * 10) / 10 : null, files: files.length, lines, openAndFirstCheckMs: firstMs, editToDiagnosticsMs: { n: times.length, p50: pct(times, 50), p95: pct(times, 95), max: Math.round(Math.max(...times)) } };
      const ws = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
      if (ws) writeFileSync(join(dirname(ws), 'bench/editor/vscode-results.json'), JSON.stringify(results, null, 2) + '\n');
      console.log(JSON.stringify(results));
    } finally {
      await config.update('check.debounceMs', undefined, vscode.ConfigurationTarget.Global);
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    }
  }, { timeout: 180_000 });
}
