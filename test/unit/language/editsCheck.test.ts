/**
 * What the editor's features do to a file, checked by applying their edits and checking the
 * result again: a completion, a rename or a quick fix must leave text that parses and means
 * what was asked. And no feature may throw on a file being typed.
 */
import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { parse as parseYaml } from 'yaml';
import { Workspace } from '../../../src/core/checker';
import { completeAt } from '../../../src/core/language/completion';
import { hoverAt } from '../../../src/core/language/hover';
import { addMissingFields, didYouMean, makeStrict } from '../../../src/core/language/quickFixes';
import { LanguageIndex, type TextEdit } from '../../../src/core/language/workspaceIndex';
import { COMMON, MAIN, commonText, mainText } from './fixtures';

const F = '/ws/a.agents.yaml';

function index(text: string): LanguageIndex {
  const ix = new LanguageIndex();
  ix.setFile(F, text);
  return ix;
}

/** A text with edits applied (last first, so that the earlier spans stay right). */
function applyEdits(text: string, edits: readonly TextEdit[]): string {
  return [...edits].sort((p, q) => q.span.start - p.span.start).reduce((t, e) => t.slice(0, e.span.start) + e.newText + t.slice(e.span.end), text);
}

function checked(text: string): string[] {
  const w = new Workspace();
  w.setFile(F, text);
  return w.check().diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.code}: ${d.message}`);
}

/** The text after inserting the completion item labelled `label` at the `|`. */
function completeWith(textWithCursor: string, label: string): string {
  const offset = textWithCursor.indexOf('|');
  const text = textWithCursor.replace('|', '');
  const item = completeAt(index(text), F, offset).find((i) => i.label === label);
  assert.ok(item, `no item ${label}`);
  return text.slice(0, item.replace.start) + (item.insertText ?? item.label) + text.slice(item.replace.end);
}

test('hover and completion do not throw on a property whose schema is still being typed', () => {
  for (const prop of ['a:', 'a: string', 'a: 3', 'a: [1]']) {
    const text = `handoff: 1\ncontracts:\n  Q:\n    version: 1\n    schema:\n      type: object\n      properties:\n        ${prop}\nagents:\n  x: { input: Q, output: Q }\nworkflows:\n  w:\n    input: Q\n    output: Q\n    steps:\n      s:\n        agent: x\n        input:\n          \n`;
    const hover = hoverAt(index(text), F, text.indexOf('input: Q') + 7);
    assert.match(hover?.markdown ?? '', /contract Q@1 = \{ a\?: unknown \}/, prop);
    const at = text.lastIndexOf('          \n') + 10;
    assert.deepEqual(completeAt(index(text), F, at).map((i) => i.label), ['a'], prop);
  }
});

test('a $ref completed where no quote is open goes in quotes (an unquoted # starts a comment)', () => {
  const base = 'handoff: 1\ncontracts:\n  A: { version: 1, schema: { type: string } }\n  B:\n    version: 1\n    schema:\n      type: object\n      properties:\n';
  const block = completeWith(`${base}        a:\n          $ref: |\n`, '#/contracts/A');
  assert.match(block, /\$ref: "#\/contracts\/A"\n/);
  assert.deepEqual(checked(block), []);
  const flow = completeWith(`${base}        a: { $ref: | }\n`, '#/contracts/A');
  assert.match(flow, /a: \{ \$ref: "#\/contracts\/A" \}/);
  assert.deepEqual(checked(flow), []);
  const open = completeWith(`${base}        a: { $ref: "#/con|" }\n`, '#/contracts/A');
  assert.match(open, /a: \{ \$ref: "#\/contracts\/A" \}/);
  assert.deepEqual(checked(open), []);
});

test('rename refuses a name that is taken where the symbol is defined or named, and the words YAML reads as null or a boolean', () => {
  const ix = new LanguageIndex();
  ix.setFile(COMMON, commonText);
  ix.setFile(MAIN, mainText.replace('contracts:\n', 'contracts:\n  Mine: { version: 1, schema: { type: object } }\n'));
  const main = ix.get(MAIN)!.text;
  const err = (file: string, text: string, needle: string, to: string): string => {
    const r = ix.renameEdits(file, text.indexOf(needle) + 1, to);
    return 'error' in r ? r.error : 'renamed';
  };
  // The same kind in the same file: a duplicate key.
  assert.match(err(MAIN, main, 'payer:', 'assessor'), /There is an agent named 'assessor' already, in main.agents.yaml: renaming would make two with that name/);
  // A workflow and an agent share the workers' names.
  assert.match(err(MAIN, main, 'payer:', 'claims'), /There is a workflow named 'claims' already/);
  // Claim, renamed in common, would mean main's own Mine in main: refused.
  assert.match(err(COMMON, commonText, 'Claim:', 'Mine'), /There is a contract named 'Mine' already, in main.agents.yaml: renaming would make references mean another definition/);
  // Steps: only the workflow's own steps.
  assert.match(err(MAIN, main, 'pay:', 'assess'), /Workflow 'claims' has a step named 'assess' already/);
  for (const word of ['null', 'NULL', 'true', 'False']) assert.match(err(MAIN, main, 'payer:', word), /YAML reads it as/);
  // A free name renames, and the files still check.
  const edits = ix.renameEdits(MAIN, main.indexOf('payer:') + 1, 'settler');
  assert.ok(!('error' in edits));
  assert.equal(edits.get(MAIN)?.length, 2);
});

test('an enum value completed in a fallback or a when: reads back as the same string', () => {
  const head = `handoff: 1
contracts:
  In: { version: 1, schema: { type: object, required: [q], additionalProperties: false, properties: { q: { type: string } } } }
  V:
    version: 1
    schema:
      type: object
      required: [v]
      additionalProperties: false
      properties:
        v: { enum: ["true", "1", "null", "a: b", "it's", pay, "it's #1"] }
`;
  for (const value of ['true', '1', 'null', 'a: b', "it's", 'pay']) {
    const text = completeWith(`${head}agents:\n  x:\n    input: In\n    output: V\n    instructions: "{{q}}"\n    fallback:\n      v: |\n`, value);
    assert.deepEqual(checked(text), [], `fallback ${value}: ${text.split('\n').at(-2)}`);
  }
  const wf = (when: string): string => `${head}agents:\n  x: { input: In, output: V, instructions: "{{q}}" }\n  y: { input: In, output: In, instructions: "{{q}}" }\nworkflows:\n  w:\n    input: In\n    output: V\n    steps:\n      s: { agent: x, input: $input }\n      t:\n        agent: y\n        input: $input\n        when: ${when}\n    result: $steps.s.output\n`;
  for (const [when, value] of [['"$steps.s.output.v == |"', 'a: b'], ["'$steps.s.output.v == |'", "it's"], ['$steps.s.output.v == |', 'pay'], ['$steps.s.output.v == |', 'a: b'], ['$steps.s.output.v == i|', "it's #1"], ['"$steps.s.output.v == |"', "it's"]] as const) {
    const text = completeWith(wf(when), value);
    assert.deepEqual(checked(text), [], `when ${when} ${value}: ${text.split('\n').find((l) => l.includes('when:'))}`);
  }
  // A plain condition is quoted whole when the literal needs it; the condition reads back as typed.
  const when = (t: string): unknown => (parseYaml(t) as { workflows: { w: { steps: { t: { when: unknown } } } } }).workflows.w.steps.t.when;
  assert.equal(when(completeWith(wf('$steps.s.output.v == |'), 'a: b')), '$steps.s.output.v == "a: b"');
  assert.equal(when(completeWith(wf('$steps.s.output.v == i|'), "it's #1")), `$steps.s.output.v == "it's #1"`);
  const item = completeAt(index(wf('$steps.s.output.v == i').replace('|', '')), F, wf('$steps.s.output.v == i|').indexOf('|')).find((i) => i.label === "it's #1");
  assert.equal(item?.filterText, "$steps.s.output.v == it's #1", 'the editor filters against the text the item replaces');
});

test('make strict-compatible leaves a contract that checks strict: names quoted, additionalProperties made false, objects without properties closed', () => {
  const text = `handoff: 1
contracts:
  S:
    version: 1
    schema:
      type: object
      additionalProperties: true
      required: [a]
      properties:
        "1": { type: string }
        "a, b": { type: string }
        "null": { type: string }
        a: { type: string }
        meta: { type: object }
agents:
  x: { input: S, output: S, instructions: hi }
`;
  const fix = makeStrict(index(text).get(F)!, 'S');
  assert.ok(fix);
  const out = applyEdits(text, fix.edits);
  const w = new Workspace();
  w.setFile(F, out);
  assert.deepEqual(w.check().diagnostics.map((d) => `${d.code}: ${d.message}`), [], out);
});

test('add the missing fields fills in values that fit, and into an empty {}', () => {
  const text = `handoff: 1
contracts:
  In: { version: 1, schema: { type: object, required: [q], additionalProperties: false, properties: { q: { type: string } } } }
  Out:
    version: 1
    schema:
      type: object
      required: [s, n, b, e, l, o, i]
      additionalProperties: false
      properties:
        s: { type: string }
        n: { type: number, minimum: 3 }
        b: { type: boolean }
        e: { enum: [low, high] }
        l: { type: array, items: { type: string } }
        o: { type: object }
        i: { type: integer }
agents:
  x: { input: In, output: Out, instructions: "{{q}}", fallback: {} }
`;
  const before = checked(text);
  assert.ok(before.some((m) => m.startsWith('fallback-mismatch')), before.join('\n'));
  const ix = index(text);
  const at = text.indexOf('fallback: {}') + 'fallback: '.length;
  const fix = addMissingFields(ix, F, { start: at, end: at + 2 }, ['s', 'n', 'b', 'e', 'l', 'o', 'i']);
  assert.ok(fix);
  const out = applyEdits(text, fix.edits);
  assert.match(out, /fallback: \{ s: "", n: 3, b: false, e: low, l: \[\], o: \{\}, i: 0 \}/);
  assert.deepEqual(checked(out), []);
});

test('$steps inside text is text: rename and references leave string literals and non-reference values alone', () => {
  const text = `handoff: 1
contracts:
  In: { version: 1, schema: { type: object, required: [q], additionalProperties: false, properties: { q: { type: string } } } }
  Note: { version: 1, schema: { type: object, required: [note], additionalProperties: false, properties: { note: { type: string } } } }
agents:
  x: { input: In, output: In, instructions: "{{q}}" }
  y: { input: Note, output: In, instructions: "{{note}}" }
workflows:
  w:
    input: In
    output: In
    steps:
      s: { agent: x, input: $input }
      t:
        agent: y
        input: { note: "see $steps.s.output" }
        when: '$steps.s.output.q != "$steps.s"'
    result: $steps.s.output
`;
  const ix = index(text);
  const edits = ix.renameEdits(F, text.indexOf('      s: {') + 6, 'first');
  assert.ok(!('error' in edits));
  const out = applyEdits(text, edits.get(F)!);
  assert.match(out, /input: \{ note: "see \$steps\.s\.output" \}/);
  assert.match(out, /when: '\$steps\.first\.output\.q != "\$steps\.s"'/);
  assert.match(out, /result: \$steps\.first\.output/);
  assert.deepEqual(checked(out), []);
});

test('rename reaches references written with YAML escapes, and keeps their pin', () => {
  const text = 'handoff: 1\ncontracts:\n  Q: { version: 2, schema: { type: object }, previous: { 1: { schema: { type: object } } } }\nagents:\n  x: { input: "\\x51", output: "\\x51@1", instructions: hi }\n  y: { input: Q, output: Q, instructions: hi }\nworkflows:\n  w:\n    input: Q\n    output: Q\n    steps:\n      s: { agent: "\\x78", input: $input }\n';
  assert.deepEqual(checked(text), []);
  const ix = index(text);
  const edits = ix.renameEdits(F, text.indexOf('  Q:') + 2, 'Query');
  assert.ok(!('error' in edits));
  const out = applyEdits(text, edits.get(F)!);
  assert.match(out, /x: \{ input: Query, output: Query@1,/);
  assert.doesNotMatch(out, /\\x51/);
  assert.deepEqual(checked(out), []);
  const agent = ix.renameEdits(F, text.indexOf('  x:') + 2, 'ex');
  assert.ok(!('error' in agent));
  const out2 = applyEdits(text, agent.get(F)!);
  assert.match(out2, /s: \{ agent: ex, input/);
  assert.deepEqual(checked(out2), []);
});

test('rename refuses the default model profile, which agents without model: use without naming it', () => {
  const text = 'handoff: 1\nmodels:\n  default: { model: m-default }\ncontracts:\n  In: { version: 1, schema: { type: object } }\nagents:\n  x: { input: In, output: In, instructions: hi }\n';
  const r = index(text).renameEdits(F, text.indexOf('default:') + 1, 'fast');
  assert.ok('error' in r);
  assert.match(r.error, /The profile 'default' is the model of every agent without model:/);
});

test('a misspelt {{placeholder}} gets its did-you-mean as a quick fix, on the name at fault', () => {
  const text = `handoff: 1
contracts:
  T:
    version: 1
    schema:
      type: object
      required: [ticket, subject]
      properties:
        subject: { type: string }
        ticket: { type: object, required: [subject], properties: { subject: { type: string } } }
agents:
  x: { input: T, output: T, instructions: "About {{ ticket.subjct }} and {{subjct}}." }
`;
  const w = new Workspace();
  w.setFile(F, text);
  const diags = w.check().diagnostics.filter((d) => d.code === 'template-var');
  assert.equal(diags.length, 2);
  let out = text;
  for (const d of [...diags].reverse()) {
    const lines = text.split('\n');
    const offset = (p: { line: number; column: number }): number => lines.slice(0, p.line - 1).reduce((n, l) => n + l.length + 1, 0) + p.column - 1;
    const fix = didYouMean(index(text).get(F)!, { start: offset(d.range.start), end: offset(d.range.end) }, d.data!.suggestion as string, d.data!.segment as number);
    assert.ok(fix, d.message);
    out = applyEdits(out, fix.edits);
  }
  assert.match(out, /About \{\{ ticket\.subject \}\} and \{\{subject\}\}\./);
  const again = new Workspace();
  again.setFile(F, out);
  assert.deepEqual(again.check().diagnostics.filter((d) => d.code === 'template-var'), []);
});
