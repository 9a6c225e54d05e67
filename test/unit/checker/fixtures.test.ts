/**
 * The fixture corpus: every file under test/fixtures/definitions states the diagnostics it
 * must produce, as `# expect: code@line` comments or `# expect-line: code` trailing the
 * offending line. Errors must match exactly; warnings and infos must match for the codes a file
 * expects. A subfolder is one cross-file case (all its files form one workspace).
 */
import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, it } from 'node:test';
import { loadWorkspace } from '../../../src/core/checker';

const root = new URL('../../../test/fixtures/definitions/', import.meta.url).pathname;

function expectations(file: string): string[] {
  const out: string[] = [];
  readFileSync(file, 'utf8')
    .split('\n')
    .forEach((line, i) => {
      for (const m of line.matchAll(/# expect: ([a-z-]+)@(\d+)/g)) out.push(`${m[1]}@${m[2]}`);
      for (const m of line.matchAll(/# expect-line: ([a-z-]+)/g)) out.push(`${m[1]}@${i + 1}`);
    });
  return out.map((e) => `${relative(root, file)} ${e}`);
}

const entries = readdirSync(root).sort();
const cases = entries.map((name) => {
  const path = join(root, name);
  const files = statSync(path).isDirectory()
    ? readdirSync(path).filter((f) => f.endsWith('.agents.yaml')).map((f) => join(path, f))
    : [path];
  return { name, files };
});

describe('fixture corpus', () => {
  it('has at least 60 cases, several for each code, cross-file ones included', () => {
    assert.ok(cases.length >= 60, `${cases.length} cases`);
    const all = cases.flatMap((c) => c.files.flatMap(expectations)).map((e) => e.split(' ')[1]?.split('@')[0]);
    for (const code of ['syntax', 'format', 'unknown-ref', 'invalid-schema', 'handoff-mismatch', 'template-var', 'fallback-mismatch', 'when-type', 'cycle', 'unused-step', 'strict-incompatible', 'version-pin']) {
      assert.ok(all.filter((c) => c === code).length >= 3, `code ${code} has fewer than 3 cases`);
    }
    assert.ok(cases.filter((c) => c.files.length > 1).length >= 5);
  });
  for (const c of cases) {
    it(c.name, () => {
      const expected = c.files.flatMap(expectations).sort();
      const codes = new Set(expected.map((e) => e.split(' ')[1]?.split('@')[0]));
      const diags = loadWorkspace(c.files).check().diagnostics;
      const actual = diags
        .filter((d) => d.severity === 'error' || codes.has(d.code))
        .map((d) => `${relative(root, d.range.file)} ${d.code}@${d.range.start.line}`)
        .sort();
      const detail = diags.map((d) => `  ${d.range.start.line}:${d.range.start.column} ${d.severity} ${d.code} ${d.message}`).join('\n');
      assert.deepEqual(actual, expected, `diagnostics:\n${detail}`);
    });
  }
});
