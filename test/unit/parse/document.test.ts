import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { LineIndex, MAX_FILE_BYTES, nodeAtPath, parseDefinitionText, pathAtOffset, rangeAtPath } from '../../../src/core/parse';

describe('LineIndex', () => {
  it('maps offsets to 1-based positions and back', () => {
    const li = new LineIndex('ab\ncd\n\nef');
    assert.deepEqual(li.position(0), { line: 1, column: 1 });
    assert.deepEqual(li.position(4), { line: 2, column: 2 });
    assert.deepEqual(li.position(7), { line: 4, column: 1 });
    assert.equal(li.offset({ line: 2, column: 2 }), 4);
    assert.equal(li.offset({ line: 9, column: 9 }), 9);
  });
});

describe('parseDefinitionText', () => {
  it('builds plain data', () => {
    const p = parseDefinitionText('handoff: 1\nagents:\n  a: { input: T }\n');
    assert.deepEqual(p.value, { handoff: 1, agents: { a: { input: 'T' } } });
    assert.deepEqual(p.problems, []);
  });
  it('reports syntax errors with offsets', () => {
    const p = parseDefinitionText('a: [1, 2\nb: 3\n');
    assert.equal(p.problems[0]?.code, 'syntax');
    assert.equal(p.value, null);
  });
  it('says a second YAML document is one too many, where it starts', () => {
    const text = 'handoff: 1\n---\nhandoff: 1\n';
    const p = parseDefinitionText(text);
    assert.equal(p.problems.length, 1);
    assert.equal(p.problems[0]?.message, 'a definition file holds one YAML document, and a second one starts here (a "---" line or content after "...")');
    assert.equal(p.problems[0]?.start, text.indexOf('---'));
  });
  it('reports duplicate keys', () => {
    const p = parseDefinitionText('a: 1\na: 2\n');
    assert.match(p.problems[0]?.message ?? '', /unique/i);
  });
  it('never lets __proto__ reach Object.prototype', () => {
    const p = parseDefinitionText('__proto__: { polluted: true }\nx:\n  __proto__: { polluted: true }\n');
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
    assert.equal(p.problems.filter((x) => /__proto__/.test(x.message)).length, 2);
    assert.equal(Object.getPrototypeOf(p.value), Object.prototype);
  });
  it('treats << as an ordinary key, never a merge', () => {
    const p = parseDefinitionText('base: &b { x: 1 }\nm:\n  <<: *b\n');
    assert.deepEqual((p.value as Record<string, unknown>).m, { '<<': { x: 1 } });
  });
  it('rejects custom tags', () => {
    const p = parseDefinitionText('a: !js/function "return 1"\nb: !!binary aGk=\n');
    assert.equal(p.problems.filter((x) => x.code === 'format').length, 2);
  });
  it('refuses an alias bomb instead of expanding it', () => {
    const lines = ['a0: &a0 [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 12; i++) lines.push(`a${i}: &a${i} [${Array(10).fill(`*a${i - 1}`).join(', ')}]`);
    const p = parseDefinitionText(lines.join('\n'));
    assert.equal(p.problems.length, 1);
    // Reported at the first alias written in the file whose expansion crosses the limit
    // (one of a3's *a2, each 111 aliases), not at the top of the file.
    assert.equal(p.problems[0]?.message, 'the document uses more than 1000 aliases when *a2 is expanded (an alias bomb?)');
    const problem = p.problems[0]!;
    const text = lines.join('\n');
    assert.equal(text.slice(problem.start, problem.end), '*a2');
    assert.equal(new LineIndex(text).position(problem.start).line, 4, 'on the line of a3, where the expansion crossed the limit');
  });
  it('says which limit a document without aliases crosses, and where', () => {
    const text = `a: ${'['.repeat(300)}${']'.repeat(300)}\n`;
    const p = parseDefinitionText(text);
    assert.deepEqual(p.problems.map((x) => x.message), ['the document nests more than 200 levels deep']);
    assert.equal(p.problems[0]?.start, 3 + 200, 'at the first list nested too deep');
  });
  it('survives absurd nesting with a few clear problems', () => {
    for (const text of ['['.repeat(100_000), `a: ${'{a: '.repeat(50_000)}`, `${'- '.repeat(20_000)}x`]) {
      const p = parseDefinitionText(text);
      assert.deepEqual(p.problems.map((x) => x.message), ['the document nests more than 500 levels deep']);
    }
    const ok = parseDefinitionText(`a: ${'['.repeat(100)}${']'.repeat(100)}\nb: "[[[[[[" # [[[[\n`);
    assert.deepEqual(ok.problems, []);
  });
  it('refuses files over the size cap', () => {
    const p = parseDefinitionText(`a: "${'x'.repeat(MAX_FILE_BYTES)}"`);
    assert.match(p.problems[0]?.message ?? '', /larger than 1024 KiB/);
  });
});

describe('nodes', () => {
  const text = 'handoff: 1\nagents:\n  triager:\n    input: Ticket\n    empty:\n';
  const p = parseDefinitionText(text);
  it('finds the node at a path and its range', () => {
    const r = rangeAtPath(p.doc, ['agents', 'triager', 'input']);
    assert.equal(text.slice(r.start, r.end), 'Ticket');
    assert.equal(nodeAtPath(p.doc!, ['agents', 'nope']).depth, 1);
    const k = rangeAtPath(p.doc, ['agents', 'triager'], 'key');
    assert.equal(text.slice(k.start, k.end), 'triager');
  });
  it('falls back to the key when a value is empty', () => {
    const r = rangeAtPath(p.doc, ['agents', 'triager', 'empty']);
    assert.equal(text.slice(r.start, r.end), 'empty');
  });
  it('finds the path at an offset', () => {
    assert.deepEqual(pathAtOffset(p.doc!, text.indexOf('Ticket') + 2).path, ['agents', 'triager', 'input']);
    const onKey = pathAtOffset(p.doc!, text.indexOf('triager'));
    assert.deepEqual([onKey.path, onKey.on], [['agents', 'triager'], 'key']);
  });
});
