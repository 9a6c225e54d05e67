/**
 * The contract-aware editor inside the real VS Code: diagnostics of a broken file (with
 * the docs link and the other end of the mismatch), completion after `$steps.`, hover,
 * go to definition and rename across files. The scratch files live in a temporary folder
 * outside the workspace (documents stay open to the end of the host, so nothing is left in
 * the examples); waits are on diagnostics events, never sleeps.
 */
import * as assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { BROKEN, CONTRACTS } from '../../fixtures/editor/claims.mjs';
import { diagnosticsWhere } from '../src/diagnostics';
import { test } from '../src/runner';

const scratch = vscode.Uri.file(mkdtempSync(join(tmpdir(), 'handoff-language-')));
const folder = (): vscode.Uri => scratch;

async function write(name: string, text: string): Promise<vscode.Uri> {
  const uri = vscode.Uri.joinPath(folder(), name);
  await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
  return uri;
}

/** The scratch files the tests share, written once (so that a name filter may run any test alone). */
let scratchWritten: Promise<{ contracts: vscode.Uri; broken: vscode.Uri }> | undefined;
function scratchFiles(): Promise<{ contracts: vscode.Uri; broken: vscode.Uri }> {
  scratchWritten ??= (async () => ({ contracts: await write('contracts.agents.yaml', CONTRACTS), broken: await write('broken.agents.yaml', BROKEN) }))();
  return scratchWritten;
}

const codeOf = (d: vscode.Diagnostic): string => (typeof d.code === 'object' ? String(d.code.value) : String(d.code));

async function openAt(uri: vscode.Uri, needle: string, shift = 0): Promise<[vscode.TextDocument, vscode.Position]> {
  const doc = await vscode.workspace.openTextDocument(uri);
  const i = doc.getText().indexOf(needle);
  assert.ok(i >= 0, `${needle} not found in ${uri.path}`);
  return [doc, doc.positionAt(i + shift)];
}

test('language: a broken file shows its diagnostics with docs links and the other end of the handoff', async () => {
  await vscode.extensions.getExtension('handoff.handoff')?.activate();
  // Only the broken file is opened: the file it imports is read from disk by the editor.
  const { broken } = await scratchFiles();
  await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(broken));
  const diags = await diagnosticsWhere(broken, (d) => d.some((x) => codeOf(x) === 'handoff-mismatch') && d.some((x) => codeOf(x) === 'unknown-ref'));
  const unknown = diags.find((x) => codeOf(x) === 'unknown-ref')!;
  assert.match(unknown.message, /asessor/);
  assert.match(unknown.message, /assessor/, 'the did-you-mean names the nearest agent');
  const mismatch = diags.find((x) => codeOf(x) === 'handoff-mismatch')!;
  assert.equal(mismatch.severity, vscode.DiagnosticSeverity.Error);
  assert.equal(mismatch.range.start.line, BROKEN.split('\n').findIndex((l) => l.includes('input: $steps.assess.output')));
  const target = typeof mismatch.code === 'object' ? mismatch.code.target : undefined;
  assert.ok(target && target.path.endsWith('/docs/diagnostics.md') && target.fragment === 'handoff-mismatch', `docs link: ${String(target)}`);
  const fixes = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', broken, unknown.range);
  assert.ok(fixes.some((f) => f.title === "Change to 'assessor'"), `quick fixes: ${fixes.map((f) => f.title).join(' | ')}`);
}, { timeout: 60_000 });

test('language: completion after $steps. offers the step names, then the output contract fields', async () => {
  await vscode.extensions.getExtension('handoff.handoff')?.activate();
  await scratchFiles(); // the contracts the file imports (a name filter may run this test alone)
  const uri = await write('complete.agents.yaml', BROKEN.replace('input: $steps.assess.output', 'input: $steps.'));
  const [, pos] = await openAt(uri, 'input: $steps.', 'input: $steps.'.length);
  const steps = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', uri, pos, '.');
  const stepLabels = steps.items.map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
  assert.ok(stepLabels.includes('assess') && stepLabels.includes('typo'), `items: ${stepLabels.join(', ')}`);
  const uri2 = await write('complete2.agents.yaml', BROKEN.replace('input: $steps.assess.output', 'input: $steps.assess.output.'));
  const [, pos2] = await openAt(uri2, 'input: $steps.assess.output.', 'input: $steps.assess.output.'.length);
  const fields = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', uri2, pos2, '.');
  const fieldLabels = fields.items.map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
  assert.ok(fieldLabels.includes('verdict') && fieldLabels.includes('payout'), `items: ${fieldLabels.join(', ')}`);
});

test('language: hover shows a contract as a readable type', async () => {
  const [doc, pos] = await openAt((await scratchFiles()).broken, 'output: Assessment', 9);
  const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, pos);
  const text = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
  assert.match(text, /contract Assessment@1 = \{ verdict: "pay" \| "deny"; payout: number \}/);
});

test('language: go to definition, references and rename work across two files', async () => {
  const { broken, contracts } = await scratchFiles();
  const [, pos] = await openAt(broken, 'input: Claim', 8);
  const defs = await vscode.commands.executeCommand<(vscode.Location | vscode.LocationLink)[]>('vscode.executeDefinitionProvider', broken, pos);
  const first = defs[0];
  assert.ok(first, 'no definition');
  const targetUri = 'targetUri' in first ? first.targetUri : first.uri;
  const targetRange = 'targetUri' in first ? (first.targetSelectionRange ?? first.targetRange) : first.range;
  assert.equal(targetUri.toString(), contracts.toString());
  assert.equal(targetRange.start.line, 2);
  const refs = await vscode.commands.executeCommand<vscode.Location[]>('vscode.executeReferenceProvider', broken, pos);
  assert.equal(refs.filter((r) => r.uri.toString() === broken.toString()).length, 5, 'five uses in the workflow file');
  assert.ok(refs.some((r) => r.uri.toString() === contracts.toString()), 'and the definition in the other file');
  const edit = await vscode.commands.executeCommand<vscode.WorkspaceEdit>('vscode.executeDocumentRenameProvider', broken, pos, 'Request');
  const byFile = new Map(edit.entries().map(([u, e]) => [u.toString(), e]));
  assert.equal(byFile.get(contracts.toString())?.length, 1, 'the definition is renamed');
  assert.equal(byFile.get(broken.toString())?.length, 5, 'every use in the other file is renamed');
  assert.ok(await vscode.workspace.applyEdit(edit), 'the rename applies');
  const after = (await vscode.workspace.openTextDocument(broken)).getText();
  assert.ok(after.includes('input: Request') && !/\bClaim\b/.test(after), after);
});

test('language: outline, folding and the import link of a definition file', async () => {
  const uri = (await scratchFiles()).broken;
  const symbols = await vscode.commands.executeCommand<vscode.DocumentSymbol[]>('vscode.executeDocumentSymbolProvider', uri);
  assert.deepEqual(symbols.map((x) => x.name), ['agents', 'workflows']);
  const claims = symbols[1]!.children[0]!;
  assert.equal(claims.name, 'claims');
  assert.deepEqual(claims.children.map((c) => `${c.name}: ${c.detail}`), ['assess: agent assessor', 'pay: agent payer', 'typo: agent asessor']);
  const folds = await vscode.commands.executeCommand<vscode.FoldingRange[]>('vscode.executeFoldingRangeProvider', uri);
  assert.ok(folds.some((f) => f.start === BROKEN.split('\n').indexOf('workflows:')), JSON.stringify(folds));
  const links = await vscode.commands.executeCommand<vscode.DocumentLink[]>('vscode.executeLinkProvider', uri);
  assert.ok(links.some((l) => l.target?.path.endsWith('/contracts.agents.yaml')), JSON.stringify(links.map((l) => l.target?.toString())));
});

test('language: a step hover ends with the step outcome in the last recorded run', async () => {
  const ws = vscode.workspace.workspaceFolders?.[0]?.uri;
  assert.ok(ws);
  const config = vscode.workspace.getConfiguration('handoff');
  await config.update('traceDirectory', mkdtempSync(join(tmpdir(), 'handoff-language-runs-')), vscode.ConfigurationTarget.Global);
  try {
    const input = JSON.parse(new TextDecoder().decode(await vscode.workspace.fs.readFile(vscode.Uri.joinPath(ws, 'inputs/ticket-billing.json')))) as unknown;
    const run = await vscode.commands.executeCommand<{ status?: string; refused?: boolean }>('handoff.runWorkflow', { file: 'support.agents.yaml', workflow: 'support', input });
    assert.equal(run?.status, 'ok', `the scripted run: ${JSON.stringify(run)}`);
    const [doc, pos] = await openAt(vscode.Uri.joinPath(ws, 'support.agents.yaml'), '      triage:\n', 7);
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, pos);
    const text = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
    assert.match(text, /step triage \(agent triager\) → Triage@2/);
    assert.match(text, /Last run: ok · \d/);
  } finally {
    await config.update('traceDirectory', undefined, vscode.ConfigurationTarget.Global);
  }
}, { timeout: 60_000 });

const FIXABLE = `handoff: 1
imports: [./fixable-contracts.agents.yaml]
contracts:
  Out:
    version: 2
    schema: { type: object, required: [a], properties: { a: { type: string }, b: { type: string } } }
    previous:
      1:
        schema: { type: object, required: [a, c], properties: { a: { type: integer }, c: { type: string } } }
agents:
  payer: { input: Claim, output: Out@1, fallback: { a: 1 }, instructions: "Pay {{id}}." }
  user: { input: Out@1, output: Out, instructions: "Use {{a}}." }
workflows:
  w:
    input: Claim
    output: Out
    steps:
      pay:
        agent: payer
        input:
          id: $input.id
      use: { agent: user, input: $steps.pay.output }
    result: $steps.use.output
`;

/** Applies the code action with a title at a diagnostic of a code, and returns the new text. */
async function applyFix(uri: vscode.Uri, code: string, title: RegExp): Promise<string> {
  const diags = await diagnosticsWhere(uri, (d) => d.some((x) => codeOf(x) === code));
  const d = diags.find((x) => codeOf(x) === code)!;
  const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, d.range);
  const action = actions.find((a) => title.test(a.title));
  assert.ok(action?.edit, `no '${String(title)}' among: ${actions.map((a) => a.title).join(' | ')}`);
  assert.ok(await vscode.workspace.applyEdit(action.edit));
  return (await vscode.workspace.openTextDocument(uri)).getText();
}

test('language: quick fixes add missing fields, complete a fallback, unpin a version and make a contract strict', async () => {
  // Its own copy of the contracts: the rename test renames Claim in contracts.agents.yaml.
  await write('fixable-contracts.agents.yaml', CONTRACTS);
  const uri = await write('fixable.agents.yaml', FIXABLE);
  await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
  // The workflow's input has an amount that fits: the fix writes that reference, not a placeholder value.
  let text = await applyFix(uri, 'handoff-mismatch', /Add the missing field 'amount: \$input\.amount'/);
  assert.match(text, /input:\n {10}amount: \$input\.amount\n {10}id: \$input\.id/);
  text = await applyFix(uri, 'fallback-mismatch', /Add the missing field 'c'/);
  assert.match(text, /fallback: \{ c: "", a: 1 \}/);
  text = await applyFix(uri, 'version-pin', /Unpin/);
  assert.match(text, /payer: \{ input: Claim, output: Out,/);
  text = await applyFix(uri, 'strict-incompatible', /Make 'Out' strict-compatible/);
  assert.match(text, /schema: \{ additionalProperties: false, type: object, required: \[a, b\], properties/);
});

const WRONG_SOURCE = `handoff: 1
contracts:
  Ticket: { version: 1, schema: { type: object, required: [id], additionalProperties: false, properties: { id: { type: string } } } }
  Mood: { version: 1, schema: { type: object, required: [tone], additionalProperties: false, properties: { tone: { type: string } } } }
  Draft: { version: 1, schema: { type: object, required: [ticket, mood], additionalProperties: false, properties: { ticket: { $ref: "#/contracts/Ticket" }, mood: { $ref: "#/contracts/Mood" } } } }
agents:
  feeler: { input: Ticket, output: Mood, instructions: "Feel {{id}}." }
  writer: { input: Draft, output: Mood, instructions: "Write." }
workflows:
  w:
    input: Ticket
    output: Mood
    steps:
      mood: { agent: feeler }
      answer:
        agent: writer
        input:
          ticket: $input
          mood: $input
    result: $steps.answer.output
`;

test('language: a reference that does not fit is replaced by one that does, and the file checks', async () => {
  const uri = await write('wrong-source.agents.yaml', WRONG_SOURCE);
  await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
  const text = await applyFix(uri, 'handoff-mismatch', /^Change to '\$steps\.mood\.output'$/);
  assert.match(text, /mood: \$steps\.mood\.output\n/);
  const after = await diagnosticsWhere(uri, (d) => !d.some((x) => codeOf(x) === 'handoff-mismatch'));
  assert.deepEqual(after.filter((x) => x.severity === vscode.DiagnosticSeverity.Error).map((x) => x.message), []);
});

test('language: Check Workspace reports the examples and the open broken file', async () => {
  try {
    const counts = await vscode.commands.executeCommand<{ files: number; errors: number; warnings: number }>('handoff.checkWorkspace');
    assert.ok(counts.files >= 4, `files: ${counts.files}`);
    assert.ok(counts.errors >= 1, 'the broken file has errors');
  } finally {
    // Save the renamed files (no prompt when the host stops) and close the editors.
    await vscode.workspace.saveAll(false);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  }
});

test('language: an import says why it cannot be used: a folder, an absolute path, a missing file', async () => {
  await vscode.workspace.fs.createDirectory(vscode.Uri.joinPath(folder(), 'a-folder.agents.yaml'));
  const uri = await write('imports.agents.yaml', 'handoff: 1\nimports: [./a-folder.agents.yaml, /etc/hosts.agents.yaml, ./missing.agents.yaml]\n');
  await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
  const messages = (d: vscode.Diagnostic[]) => d.filter((x) => codeOf(x) === 'import').map((x) => x.message);
  const diags = await diagnosticsWhere(uri, (d) => messages(d).length === 3 && messages(d).some((m) => m.includes('it is a folder')));
  assert.deepEqual(messages(diags).sort(), [
    "an import is a path relative to this file, such as ./shared.agents.yaml, not '/etc/hosts.agents.yaml'",
    'cannot find the imported file ./missing.agents.yaml',
    'cannot read the imported file ./a-folder.agents.yaml: it is a folder',
  ]);
}, { timeout: 60_000 });
