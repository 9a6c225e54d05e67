/**
 * A mapping that lacks required fields: the diagnostic says which reference fits each
 * (`data.fill`), and the quick fix that adds them writes that reference, not an empty value
 * that breaks the contract in its turn (`triage: {}` was what it wrote).
 */
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { addMissingFields } from '../../../src/core/language/quickFixes';
import { LanguageIndex } from '../../../src/core/language/workspaceIndex';
import { programFrom } from '../../support/program';
import { harnessYaml } from '../schema/harness';

const SUPPORT = '/ex/support.agents.yaml';
const COMMON = '/ex/common.agents.yaml';
const support = readFileSync(new URL('../../../examples/support.agents.yaml', import.meta.url), 'utf8');
const common = readFileSync(new URL('../../../examples/common.agents.yaml', import.meta.url), 'utf8');
const broken = support.replace('input: { ticket: $input, triage: $steps.triage.output }\n', 'input: { ticket: $input }\n');

describe('filling in missing fields', () => {
  it('finds the step output that fits a missing field, and the quick fix writes it', () => {
    assert.notEqual(broken, support, 'the billing step input was found');
    const p = programFrom({ [SUPPORT]: broken, [COMMON]: common });
    const d = p.diagnostics.find((x) => x.code === 'handoff-mismatch');
    assert.ok(d, JSON.stringify(p.diagnostics.map((x) => x.message)));
    const data = d.data as { missing?: string[]; fill?: Record<string, string> };
    assert.deepEqual(data.missing, ['triage']);
    assert.match(d.message, /target requires 'triage', source never has it$/, 'a literal without the field never has it');
    assert.deepEqual(data.fill, { triage: '$steps.triage.output' });

    const ix = new LanguageIndex();
    ix.setFile(COMMON, common);
    ix.setFile(SUPPORT, broken);
    const start = broken.indexOf('{ ticket: $input }');
    const fix = addMissingFields(ix, SUPPORT, { start, end: start + '{ ticket: $input }'.length }, data.missing!, data.fill);
    assert.ok(fix);
    assert.equal(fix.title, "Add the missing field 'triage: $steps.triage.output'");
    const fixed = fix.edits.reduceRight((t, e) => t.slice(0, e.span.start) + e.newText + t.slice(e.span.end), broken);
    const after = programFrom({ [SUPPORT]: fixed, [COMMON]: common });
    assert.deepEqual(after.diagnostics.filter((x) => x.severity === 'error').map((x) => x.message), [], 'the fixed file checks');
  });

  it('offers no reference where none fits, and the fix writes a value of the field type', () => {
    const FILE = '/ex/small.agents.yaml';
    const In = { type: 'object', required: ['s'], properties: { s: { type: 'string' } } };
    const T = { type: 'object', required: ['s', 'n'], properties: { s: { type: 'string' }, n: { type: 'integer', minimum: 1 } } };
    const text = harnessYaml(In, T, '{ s: $input.s }', In);
    const d = programFrom({ [FILE]: text }).diagnostics.find((x) => x.code === 'handoff-mismatch');
    assert.ok(d);
    const data = d.data as { missing?: string[]; fill?: Record<string, string> };
    assert.deepEqual(data.missing, ['n']);
    assert.equal(data.fill, undefined, 'no reference holds an integer');
    const ix = new LanguageIndex();
    ix.setFile(FILE, text);
    const start = text.indexOf('{ s: $input.s }');
    const fix = addMissingFields(ix, FILE, { start, end: start + 15 }, data.missing!, data.fill);
    assert.equal(fix?.title, "Add the missing field 'n'");
    assert.match(fix!.edits.map((e) => e.newText).join(''), /n: 1/);
  });
});

describe('what a missing field message says of the source', () => {
  it('never has it (closed, undeclared), does not declare it (open), does not always have it (optional)', async () => {
    const { isAssignable } = await import('../../../src/core/schema/assignable');
    const target = { type: 'object', required: ['a'], properties: { a: { type: 'string' } } };
    const said = (source: Record<string, unknown>) => isAssignable(source, target).problems.map((p) => p.message);
    assert.deepEqual(said({ type: 'object', additionalProperties: false, properties: { b: { type: 'string' } } }), ["target requires 'a', source never has it"]);
    assert.equal(said({ type: 'object', properties: { b: { type: 'string' } } })[0], "target requires 'a', source does not declare it");
    assert.deepEqual(said({ type: 'object', properties: { a: { type: 'string' } } }), ["target requires 'a', source does not always have it"]);
  });
});
