/**
 * Duplicate keys are found in one pass (yaml's own check is quadratic in a map's size), and
 * reported as yaml's check reported them: same code, message and place, same order among the
 * other syntax problems. The reference below is the parse as it was, with `uniqueKeys: true`.
 */
import { strict as assert } from 'node:assert';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parseDocument } from 'yaml';
import { MAX_SYNTAX_PROBLEMS, parseDefinitionText } from '../../../src/core/parse';

/** The syntax problems of a text as yaml's own duplicate check gave them (the code before this change). */
function reference(text: string): { start: number; end: number; message: string }[] {
  const doc = parseDocument(text, { version: '1.2', schema: 'core', merge: false, uniqueKeys: true, prettyErrors: false, strict: true, intAsBigInt: false });
  const out: { start: number; end: number; message: string }[] = [];
  const seen = new Set<string>();
  for (const e of doc.errors) {
    const raw = e.message.split('\n')[0] as string;
    const message = /Maximum call stack/.test(raw)
      ? 'the document nests too deeply to parse'
      : e.code === 'MULTIPLE_DOCS'
        ? 'a definition file holds one YAML document, and a second one starts here (a "---" line or content after "...")'
        : raw;
    if (seen.has(message) || out.length >= MAX_SYNTAX_PROBLEMS) continue;
    seen.add(message);
    out.push({ start: e.pos[0], end: Math.max(e.pos[1], e.pos[0]), message });
  }
  return out;
}

const syntax = (text: string) => parseDefinitionText(text).problems.filter((p) => p.code === 'syntax').map(({ start, end, message }) => ({ start, end, message }));
const duplicateAt = (text: string) => parseDefinitionText(text).problems.filter((p) => /unique/.test(p.message)).map((p) => [p.start, p.end]);

describe('duplicate keys', () => {
  it('are a syntax problem on the repeated key, with yaml\'s message', () => {
    const text = 'handoff: 1\ncontracts:\n  A: { version: 1 }\n  B: { version: 1 }\n  A: { version: 2 }\n';
    const p = parseDefinitionText(text);
    assert.deepEqual(p.problems, [{ start: text.lastIndexOf('A:'), end: text.lastIndexOf('A:') + 1, message: 'Map keys must be unique', code: 'syntax' }]);
    assert.equal(p.value, null, 'a file with a syntax problem has no data');
  });

  it('after a key with no value, sit at the end of the line before, where yaml starts reading the key', () => {
    const text = 'agents:\n  a:\n  a: 1\n';
    assert.deepEqual(duplicateAt(text), [[text.indexOf('a:\n') + 2, text.indexOf('a:\n') + 3]]);
    assert.deepEqual(syntax(text), reference(text));
  });

  it('are found in flow maps, nested maps, maps in lists and explicit keys', () => {
    for (const text of ['x: {a: 1, a: 2}\n', 'x:\n  y:\n    a: 1\n    a: 2\n', 'l:\n  - a: 1\n    a: 2\n', '? a\n: 1\n? a\n: 2\n', 'x: { a: , a: }\n', '&k a: 1\n!!str a: 2\n']) {
      assert.equal(duplicateAt(text).length, 1, text);
      assert.deepEqual(syntax(text), reference(text), text);
    }
  });

  it('equate keys as yaml does: equal scalar values, so 1 and 0x1 but not 1 and "1", null and ~, never NaN', () => {
    assert.equal(duplicateAt('1: a\n0x1: b\n').length, 1);
    assert.equal(duplicateAt('null: a\n~: b\n').length, 1);
    assert.equal(duplicateAt('true: a\nTrue: b\n').length, 1);
    assert.deepEqual(duplicateAt('1: a\n"1": b\n'), []);
    assert.deepEqual(duplicateAt('.nan: a\n.nan: b\n'), []);
    assert.deepEqual(duplicateAt('? [a]\n: 1\n? [a]\n: 2\n'), [], 'collections as keys equal only themselves');
    assert.deepEqual(duplicateAt('a: 1\nb: 2\n'), []);
  });

  it('come in the order yaml reported them among the other syntax problems, one per message', () => {
    for (const text of [
      'a: 1\na: 2\nb: [\n',
      '%YAML 1.2\n: 1\n1: { a: 1, a: 2 }\n',
      'a: 1\na\nb: 2\n',
      'x:\n  a: 1\n  a: 2\ny:\n  b: 1\n  b: 2\n---\nz: 1\n',
      `a: 1\n${'x'.repeat(1030)}: 1\n${'x'.repeat(1030)}: 2\na: 2\n`,
    ]) assert.deepEqual(syntax(text), reference(text), text);
  });

  it('in a map of 5,000 keys, the one repeated is reported where it is', () => {
    const lines = Array.from({ length: 5000 }, (_, i) => `  k${i}: ${i}`);
    lines.splice(4000, 0, '  k17: again');
    const text = `m:\n${lines.join('\n')}\n`;
    assert.deepEqual(duplicateAt(text), [[text.indexOf('k17: again'), text.indexOf('k17: again') + 1]]);
  });

  it('agree with yaml\'s own check on every example and fixture with a key repeated in each of its maps', () => {
    const files: string[] = [];
    const walk = (dir: string): void => {
      for (const e of readdirSync(dir, { withFileTypes: true })) {
        if (e.isDirectory()) walk(join(dir, e.name));
        else if (e.name.endsWith('.yaml')) files.push(join(dir, e.name));
      }
    };
    walk(new URL('../../../examples', import.meta.url).pathname);
    walk(new URL('../../fixtures', import.meta.url).pathname);
    assert.ok(files.length > 10);
    let compared = 0;
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      const lines = text.split('\n');
      // Each line that starts a key, written again right after itself: a duplicate in every map.
      for (let i = 0; i < lines.length; i += 7) {
        if (!/^\s*[A-Za-z_$][\w$-]*:/.test(lines[i] as string)) continue;
        const edited = [...lines.slice(0, i + 1), lines[i], ...lines.slice(i + 1)].join('\n');
        assert.deepEqual(syntax(edited), reference(edited), `${file}, line ${i + 1} repeated`);
        compared++;
      }
    }
    assert.ok(compared > 100, `${compared} edits compared`);
  });
});
