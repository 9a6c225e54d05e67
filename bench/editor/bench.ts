/**
 * The editor benchmark (issue 5): time from an edit to updated diagnostics in a workspace
 * of 10,000 lines, in plain Node, through the code the editor runs on each check — the
 * checker adapter the editor loads (src/extension/language/checker.ts: sendAndCheck, i.e.
 * Workspace.setFile + check) and the conversion to editor diagnostics (groupByFile). The
 * debounce delay is not included. Also: the first check of the whole workspace, an edit
 * of the file every other file imports, the symbol index update the providers do on their
 * first call after an edit, and completion and hover on the edited file.
 *   npx tsx bench/editor/bench.ts [--lines N] [--edits N]   → bench/editor/results.json
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { completeAt } from '../../src/core/language/completion';
import { groupByFile } from '../../src/core/language/editorDiagnostics';
import { hoverAt } from '../../src/core/language/hover';
import { LanguageIndex } from '../../src/core/language/workspaceIndex';
import { Workspace } from '../../src/core/checker';
import { createChecker, sendAndCheck, type Checker } from '../../src/extension/language/checker';
import { synthWorkspace, type SynthFile } from './workspace';

const arg = (name: string, dflt: number): number => {
  const i = process.argv.indexOf(name);
  return i > 0 ? Number(process.argv[i + 1]) : dflt;
};
const LINES = arg('--lines', 10_000);
const EDITS = arg('--edits', 200);

function pct(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)] as number;
}

function summary(xs: number[]): Record<string, number> {
  const r = (x: number): number => Math.round(x * 10) / 10;
  return { n: xs.length, p50: r(pct(xs, 50)), p95: r(pct(xs, 95)), max: r(Math.max(...xs)) };
}

/** One check as the diagnostics publisher runs it: changed texts into the checker, check, convert. */
function publish(texts: Map<string, string>, checker: Checker, sent: Map<string, string>): number {
  const grouped = groupByFile(sendAndCheck(checker, texts, sent), texts.keys());
  let n = 0;
  for (const list of grouped.values()) n += list.length;
  return n;
}

async function main(): Promise<void> {
  const dir = '/bench-ws';
  const files: SynthFile[] = synthWorkspace(dir, LINES);
  const totalLines = files.reduce((n, f) => n + f.text.split('\n').length, 0);
  const index = new LanguageIndex();
  const checker = createChecker(new Workspace());
  const sent = new Map<string, string>();

  const texts = new Map(files.map((f) => [f.path, f.text]));
  const c0 = performance.now();
  const diagCount = publish(texts, checker, sent);
  const coldMs = performance.now() - c0;
  const i0 = performance.now();
  for (const f of files) index.setFile(f.path, f.text);
  const indexAllMs = performance.now() - i0;

  // Edits to one file that nothing imports: alternate a typo (unknown step, a when-type
  // error) and its fix, as a person typing and correcting does.
  const leaf = files[Math.floor(files.length / 2)] as SynthFile;
  const broken = leaf.text.replace('input: $steps.s3.output\n', 'input: $steps.s33.output\n').replace('!= "low"', '!= 3');
  if (broken === leaf.text) throw new Error('the edit did not change the file');
  const leafMs: number[] = [];
  const reindexMs: number[] = [];
  const counts = new Set<number>();
  for (let i = 0; i < EDITS; i++) {
    const text = i % 2 === 0 ? broken : leaf.text;
    const t0 = performance.now();
    texts.set(leaf.path, text);
    counts.add(publish(texts, checker, sent));
    leafMs.push(performance.now() - t0);
    const t1 = performance.now();
    index.setFile(leaf.path, text);
    reindexMs.push(performance.now() - t1);
  }

  // Edits to the shared file every other file imports: everything is re-checked.
  const shared = files[0] as SynthFile;
  const sharedBroken = shared.text.replace('body: { type: string, maxLength: 4000 }', 'body: { type: integer }');
  const sharedMs: number[] = [];
  for (let i = 0; i < Math.min(EDITS, 10); i++) {
    const t0 = performance.now();
    texts.set(shared.path, i % 2 === 0 ? sharedBroken : shared.text);
    publish(texts, checker, sent);
    sharedMs.push(performance.now() - t0);
  }

  // Completion after `$steps.s4.output.` and hover on a reference in the edited file.
  const at = leaf.text.indexOf('$steps.s4.output.f0') + '$steps.s4.output.'.length;
  const completeMs: number[] = [];
  const hoverMs: number[] = [];
  for (let i = 0; i < 100; i++) {
    index.setFile(leaf.path, leaf.text + (i % 2 ? '\n' : ''));
    let t0 = performance.now();
    const items = completeAt(index, leaf.path, at);
    completeMs.push(performance.now() - t0);
    if (!items.some((x) => x.label === 'f0')) throw new Error('completion lost the fields');
    t0 = performance.now();
    if (!hoverAt(index, leaf.path, at + 1)) throw new Error('no hover');
    hoverMs.push(performance.now() - t0);
  }

  const results = {
    date: new Date().toISOString(),
    node: process.version,
    workspace: { files: files.length, lines: totalLines, diagnostics: diagCount },
    firstCheckMs: Math.round(coldMs),
    indexWholeWorkspaceMs: Math.round(indexAllMs),
    editToDiagnosticsMs: summary(leafMs),
    reindexEditedFileMs: summary(reindexMs),
    diagnosticCountsSeen: [...counts],
    editOfImportedFileMs: summary(sharedMs),
    completionMs: summary(completeMs),
    hoverMs: summary(hoverMs),
  };
  writeFileSync(join(import.meta.dirname ?? __dirname, 'results.json'), JSON.stringify(results, null, 2) + '\n');
  console.log(JSON.stringify(results, null, 2));
}

void main();
