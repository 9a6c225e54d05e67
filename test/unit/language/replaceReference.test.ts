import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { loadProgram } from '../../../src/core/checker';
import type { Diagnostic } from '../../../src/core/model/diagnostic';
import { replaceReference } from '../../../src/core/language/quickFixes';
import { LanguageIndex, type TextEdit } from '../../../src/core/language/workspaceIndex';

const FILE = '/w/flow.agents.yaml';
const head = `handoff: 1
models:
  fast: { provider: scripted }
contracts:
  Ticket: { version: 1, schema: { type: object, required: [id], additionalProperties: false, properties: { id: { type: string } } } }
  Triage: { version: 1, schema: { type: object, required: [category], additionalProperties: false, properties: { category: { type: string } } } }
  Mood: { version: 1, schema: { type: object, required: [tone], additionalProperties: false, properties: { tone: { type: string } } } }
  Draft:
    version: 1
    schema:
      type: object
      required: [ticket, triage, mood]
      additionalProperties: false
      properties: { ticket: { $ref: "#/contracts/Ticket" }, triage: { $ref: "#/contracts/Triage" }, mood: { $ref: "#/contracts/Mood" } }
  Reply: { version: 1, schema: { type: object, required: [text], additionalProperties: false, properties: { text: { type: string } } } }
agents:
  triager: { model: fast, input: Ticket, output: Triage }
  feeler: { model: fast, input: Ticket, output: Mood }
  feeler2: { model: fast, input: Ticket, output: Mood }
  writer: { model: fast, input: Draft, output: Reply }
  echo: { model: fast, input: Mood, output: Mood }
`;

function check(text: string): Diagnostic[] {
  return loadProgram([FILE], () => text).diagnostics.filter((d) => d.severity === 'error');
}

function apply(text: string, edits: readonly TextEdit[]): string {
  return [...edits].sort((a, b) => b.span.start - a.span.start).reduce((t, e) => t.slice(0, e.span.start) + e.newText + t.slice(e.span.end), text);
}

/** The offsets of a diagnostic's range in the text (its positions are 1-based lines and columns). */
function spanOf(text: string, d: Diagnostic): { start: number; end: number } {
  const lines = text.split('\n');
  const off = (p: { line: number; column: number }) => lines.slice(0, p.line - 1).reduce((n, l) => n + l.length + 1, 0) + p.column - 1;
  return { start: off(d.range.start), end: off(d.range.end) };
}

describe('a reference that does not fit: the ones that would', () => {
  const flow = (answerMood: string, extra = '') => `${head}workflows:
  w:
    input: Ticket
    output: Reply
    steps:
      triage: { agent: triager }
      mood: { agent: feeler }
      mood2: { agent: feeler2 }
${extra}      answer:
        agent: writer
        input:
          ticket: $input
          triage: $steps.triage.output
          mood: ${answerMood}
    result: $steps.answer.output
`;

  it('offers the outputs that fit, and the fix makes the file check', () => {
    const text = flow('$steps.triage.output');
    const [d, ...rest] = check(text);
    assert.equal(rest.length, 0);
    assert.equal(d?.code, 'handoff-mismatch');
    assert.deepEqual(d?.data?.replacements, ['$steps.mood.output', '$steps.mood2.output']);
    const ix = new LanguageIndex();
    ix.setFile(FILE, text);
    const span = spanOf(text, d!);
    assert.equal(text.slice(span.start, span.end), '$steps.triage.output');
    const fix = replaceReference(ix.get(FILE)!, span, '$steps.mood.output', false)!;
    assert.equal(fix.title, "Change to '$steps.mood.output'");
    const fixed = apply(text, fix.edits);
    assert.match(fixed, /mood: \$steps\.mood\.output\n/);
    assert.deepEqual(check(fixed), []);
  });

  it('keeps quotes, and never offers a step that would make a cycle', () => {
    // `late` reads `answer` and `later` reads `late`, so `answer` reading either would be a loop: not offered.
    const text = flow(
      '"$steps.triage.output"',
      '      late: { agent: echo, input: $steps.mood.output, after: [answer] }\n      later: { agent: echo, input: $steps.mood.output, after: [late] }\n',
    );
    const [d] = check(text);
    assert.deepEqual(d?.data?.replacements, ['$steps.mood.output', '$steps.mood2.output']);
    const ix = new LanguageIndex();
    ix.setFile(FILE, text);
    const fixed = apply(text, replaceReference(ix.get(FILE)!, spanOf(text, d!), '$steps.mood2.output', false)!.edits);
    assert.match(fixed, /mood: "\$steps\.mood2\.output"\n/);
    assert.equal(check(fixed).filter((x) => x.code !== 'unused-step').length, 0);
  });

  it('offers nothing when nothing fits, and nothing for a literal', () => {
    const none = check(flow('$steps.triage.output').replace(/^ {6}mood2?: \{ agent: feeler2? \}\n/gm, ''));
    const mismatch = none.find((x) => x.code === 'handoff-mismatch');
    assert.ok(mismatch, JSON.stringify(none));
    assert.equal(mismatch.data?.replacements, undefined);
    const literal = check(flow('{ tone: 3 }')).find((x) => x.code === 'handoff-mismatch');
    assert.ok(literal);
    assert.equal(literal.data?.replacements, undefined);
  });

  it('suggests for a whole input and for the result', () => {
    const text = `${head}workflows:
  w:
    input: Ticket
    output: Mood
    steps:
      triage: { agent: triager }
      mood: { agent: feeler, input: $steps.triage.output }
    result: $steps.triage.output
`;
    const ds = check(text);
    const input = ds.find((x) => x.message.startsWith("input of step 'mood'"));
    assert.deepEqual(input?.data?.replacements, ['$input']);
    const result = ds.find((x) => x.message.startsWith('result of workflow'));
    assert.deepEqual(result?.data?.replacements, ['$steps.mood.output']);
  });
});
