/**
 * Completion as the editor asks for it while the user types, in the real VS Code: typing the
 * space of `input: ` opens the contracts by itself (a space is a trigger character, which the
 * provider answers only there), a space in text or indentation opens none of ours, `.` in a
 * reference opens its members (as a quick suggestion: `$steps.` is a word of this language),
 * and the contracts of the file and its imports rank before the pinned versions.
 *
 * What the suggest widget shows is read through a spy provider with the same trigger
 * characters: its one item (not of kind Text, which the language's `editor.suggest.showWords:
 * false` hides) sorts first, so the widget focuses it and asks the spy to resolve
 * it, which says the widget is open with every provider's answer (the editor waits for all of
 * them); the next item, accepted, is then the first of ours, or the spy's own again when ours
 * gave nothing. No sleeps: every wait is on that call or on a document change.
 */
import * as assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { test } from '../src/runner';

const COMMON = `handoff: 1
contracts:
  Ticket:
    version: 1
    schema: { type: object, required: [id], properties: { id: { type: string } } }
`;

const MAIN = `handoff: 1
imports: [./common.agents.yaml]
contracts:
  Triage:
    version: 2
    schema: { type: object, properties: { category: { type: string } } }
    previous:
      1: { schema: { type: object } }
agents:
  triager:
    description: Sorts tickets
    input:
    output: Triage
${'   '}
workflows:
  support:
    input: Ticket
    output: Triage
    steps:
      triage:
        agent: triager
        input: $input
      again:
        agent: triager
        input: $steps
`;

const SPY = 'zz-spy';

function scratchFiles(): vscode.Uri {
  const dir = mkdtempSync(join(tmpdir(), 'handoff-completion-'));
  writeFileSync(join(dir, 'common.agents.yaml'), COMMON);
  writeFileSync(join(dir, 'main.agents.yaml'), MAIN);
  return vscode.Uri.file(join(dir, 'main.agents.yaml'));
}

/** Resolves when a line of a document satisfies a predicate (checked now and on every change). */
function lineWhen(doc: vscode.TextDocument, line: number, ok: (text: string) => boolean): Promise<string> {
  return new Promise((resolve) => {
    const check = (): void => {
      const text = doc.lineAt(line).text;
      if (!ok(text)) return;
      sub.dispose();
      resolve(text);
    };
    const sub = vscode.workspace.onDidChangeTextDocument((e) => {
      if (e.document === doc) check();
    });
    check();
  });
}

test('completion: typing `input: ` opens the contracts by itself, a space in text opens none, `.` opens a reference\'s members', async () => {
  await vscode.extensions.getExtension('handoff.handoff')?.activate();
  const uri = scratchFiles();
  // Each answer of the spy is numbered (its item's detail), so that a late resolve of an earlier widget's item is not taken for the next one.
  let answers = 0;
  let widgetOpen: ((answer: number) => void) | undefined;
  const triggers: (string | undefined)[] = [];
  const spy = vscode.languages.registerCompletionItemProvider({ language: 'handoff-agents', scheme: 'file' }, {
    provideCompletionItems(_doc, pos, _token, context) {
      triggers.push(context.triggerCharacter);
      const item = new vscode.CompletionItem(SPY, vscode.CompletionItemKind.Value);
      item.sortText = '!';
      // Inserted at the cursor: nothing typed to filter it away (`$steps.` is one word in this language).
      item.range = new vscode.Range(pos, pos);
      item.detail = String(++answers);
      return [item];
    },
    resolveCompletionItem(item) {
      widgetOpen?.(Number(item.detail));
      return item;
    },
  }, ' ', '.');
  try {
    const editor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
    const doc = editor.document;
    /** Types `ch` at the end of the line holding `needle` (or `below` lines under it), then accepts the widget's second item; returns the line. */
    const typeAndTakeOurs = async (needle: string, ch: string, below = 0): Promise<string> => {
      const line = doc.positionAt(doc.getText().indexOf(needle)).line + below;
      const end = doc.lineAt(line).range.end;
      editor.selection = new vscode.Selection(end, end);
      const before = answers;
      const open = new Promise<void>((r) => (widgetOpen = (answer) => answer > before && r()));
      await vscode.commands.executeCommand('type', { text: ch });
      await open;
      const typed = doc.lineAt(line).text;
      await vscode.commands.executeCommand('selectNextSuggestion');
      await vscode.commands.executeCommand('acceptSelectedSuggestion');
      return lineWhen(doc, line, (t) => t !== typed);
    };

    // Triage is this file's; its pinned forms come after Ticket, which the file imports.
    assert.equal(await typeAndTakeOurs('    input:\n', ' '), '    input: Triage');
    assert.ok(triggers.includes(' '), `the spy was asked with: ${JSON.stringify(triggers)}`);
    const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', uri, doc.positionAt(doc.getText().indexOf('    input: Triage') + '    input: Triage'.length));
    const ranked = list.items.filter((i) => i.label !== SPY).sort((a, b) => String(a.sortText).localeCompare(String(b.sortText))).map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
    assert.deepEqual(ranked, ['Triage', 'Ticket', 'Triage@2', 'Triage@1', 'Ticket@1']);

    // A space after text, or in indentation (where keys would fit): only the spy's item, so ours answered nothing.
    assert.equal(await typeAndTakeOurs('    description: Sorts tickets', ' '), `    description: Sorts tickets ${SPY}`);
    assert.equal(await typeAndTakeOurs('    output: Triage\n', ' ', 1), `    ${SPY}`);

    // `.` in a reference: the members. `$steps.` is a word of this language, so the editor
    // asks as a quick suggestion (`editor.quickSuggestions`), not for the trigger character.
    assert.equal(await typeAndTakeOurs('        input: $steps\n', '.'), '        input: $steps.triage.output');
    assert.equal(await typeAndTakeOurs('        input: $input\n', '.'), '        input: $input.id');
  } finally {
    spy.dispose();
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  }
}, { timeout: 60_000 });
