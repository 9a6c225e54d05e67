/**
 * Fuzzing the parser and the checker with random and mutated documents (10,000 a run): no
 * throw, no document over a second, Object.prototype untouched, and every diagnostic has a
 * well-formed range inside the file.
 */
import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { Workspace } from '../../../src/core/checker';

const root = new URL('../../../test/fixtures/definitions/', import.meta.url).pathname;
const corpus = readdirSync(root)
  .filter((n) => statSync(join(root, n)).isFile())
  .map((n) => readFileSync(join(root, n), 'utf8'));

const PIECES = ['{', '}', '[', ']', ':', ': ', '\n', '  ', '- ', '$steps.', '$input', '&a ', '*a', '<<: ', '__proto__: ', 'constructor: ', '!!js ', '!tag ', '"', "'", '#', '|', '>', '{{', '}}', '@2', '$ref: "#/contracts/', 'when: ', 'agent: ', 'workflow: ', 'type: ', 'enum: [', '\t', '\u0000', '\uFEFF'];
const KEYS = ['handoff', 'imports', 'models', 'contracts', 'agents', 'workflows', 'version', 'schema', 'previous', 'input', 'output', 'steps', 'agent', 'workflow', 'when', 'after', 'result', 'pattern', 'supervisor', 'workers', 'planner', 'fallback', 'reflect', 'critic', 'instructions', 'type', 'properties', 'required', '$ref', '__proto__', 'constructor', '<<'];

const mutated = fc
  .tuple(fc.constantFrom(...corpus), fc.array(fc.tuple(fc.nat(), fc.nat(12), fc.constantFrom(...PIECES), fc.nat(2)), { minLength: 1, maxLength: 6 }))
  .map(([text, edits]) => {
    let t = text;
    for (const [pos, len, piece, op] of edits) {
      const at = pos % (t.length + 1);
      if (op === 0) t = t.slice(0, at) + piece + t.slice(at);
      else if (op === 1) t = t.slice(0, at) + t.slice(at + len);
      else t = t.slice(0, at) + piece + t.slice(at + len);
    }
    return t;
  });

const value: fc.Arbitrary<unknown> = fc.letrec<{ v: unknown }>((tie) => ({
  v: fc.oneof(
    { depthSize: 'small' },
    fc.constantFrom('$input', '$steps.a.output.x', '$$x', 'Ticket', 'Ticket@1', 'a', 'object', 1, 0, -1, true, null, '{{id}}', '$steps.a.output == 1'),
    fc.dictionary(fc.constantFrom(...KEYS, 'a', 'b', 'Ticket'), tie('v'), { maxKeys: 4 }),
    fc.array(tie('v'), { maxLength: 3 }),
  ),
})).v;

const random = value.map((v) => `handoff: 1\n${JSON.stringify(v)}`.replace(/^handoff: 1\n(\{)/, '$1"handoff": 1, '));

function checkDocument(text: string): void {
  const ws = new Workspace();
  ws.setFile('/fuzz/main.agents.yaml', text);
  // CPU time, not wall time: the machine may be shared, and a hang burns CPU either way.
  const t0 = process.cpuUsage();
  const diags = ws.check().diagnostics;
  const spent = process.cpuUsage(t0);
  const ms = (spent.user + spent.system) / 1000;
  assert.ok(ms < 1000, `took ${ms} ms of CPU`);
  const lines = text.split('\n').length;
  for (const d of diags) {
    const { start, end } = d.range;
    assert.ok(start.line >= 1 && start.column >= 1 && start.line <= lines, `bad start ${JSON.stringify(d)}`);
    assert.ok(end.line > start.line || (end.line === start.line && end.column >= start.column), `bad end ${JSON.stringify(d)}`);
  }
  assert.equal(Object.getOwnPropertyNames(Object.prototype).length, protoNames);
  assert.equal(({} as Record<string, unknown>).polluted, undefined);
}

const protoNames = Object.getOwnPropertyNames(Object.prototype).length;

describe('fuzzing the parser and checker', () => {
  it('survives 7,000 mutated fixture documents', () => {
    fc.assert(fc.property(mutated, (t) => checkDocument(t)), { numRuns: 7000 });
  });
  it('survives 3,000 random documents', () => {
    fc.assert(fc.property(random, (t) => checkDocument(t)), { numRuns: 3000 });
  });
});
