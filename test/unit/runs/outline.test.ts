import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { outlineDefinition } from '../../../src/core/runs/outline';
import { outline } from '../../../src/core/language/outline';
import { indexFile } from '../../../src/core/language/indexFile';

test('the support example: workflows, agents and contracts with their key positions', () => {
  const text = readFileSync(new URL('../../../examples/support.agents.yaml', import.meta.url), 'utf8');
  const outline = outlineDefinition(text);
  const support = outline.find((e) => e.kind === 'workflow' && e.name === 'support');
  assert.ok(support);
  assert.equal(support.detail, 'graph');
  assert.equal(text.split('\n')[support.line]!.slice(support.column, support.column + 8), 'support:');
  const triager = outline.find((e) => e.kind === 'agent' && e.name === 'triager');
  assert.equal(triager?.detail, 'Ticket → Triage');
  // The Workflows view says what the editor's Outline says: the engine supplies a router's output.
  const research = outlineDefinition(readFileSync(new URL('../../../examples/research.agents.yaml', import.meta.url), 'utf8'));
  assert.equal(research.find((e) => e.kind === 'agent' && e.name === 'lead')?.detail, 'Question → route');
  const triage = outline.find((e) => e.kind === 'contract' && e.name === 'Triage');
  assert.equal(triage?.version, 2);
  assert.equal(text.split('\n')[triage!.line]!.trim(), 'Triage:');
  assert.deepEqual([...new Set(outline.map((e) => e.kind))], ['workflow', 'agent', 'contract']);
});

test('text that is not a definition map has no outline', () => {
  assert.deepEqual(outlineDefinition('- a\n- b\n'), []);
  assert.deepEqual(outlineDefinition('workflows: [1, 2]\n'), []);
  assert.deepEqual(outlineDefinition(''), []);
  const partial = outlineDefinition('agents:\n  a: { input: X }\n  "b": 3\nworkflows: {\n');
  assert.ok(Array.isArray(partial));
});

test('an entry range covers the name key, 1-based', async () => {
  const { entryRange } = await import('../../../src/core/runs/outline');
  const [e] = outlineDefinition('handoff: 1\nagents:\n  triager:\n    input: X\n');
  assert.deepEqual(entryRange('/f.agents.yaml', e!), { file: '/f.agents.yaml', start: { line: 3, column: 3 }, end: { line: 3, column: 10 } });
});

test('an agent without output shows what the engine has it answer in its role here: route, plan, review; none, no output', () => {
  const text = `handoff: 1
agents:
  lead: { input: Q }
  planner: { input: Q }
  judge: { input: A }
  writer: { input: Q, output: A, reflect: { critic: judge } }
  loose: { input: Q }
workflows:
  sup: { pattern: supervisor, input: Q, output: A, supervisor: lead, workers: [writer] }
  plan: { pattern: plan, input: Q, output: A, planner: planner, workers: [writer] }
`;
  const want = { lead: 'Q → route', planner: 'Q → plan', judge: 'A → review', writer: 'Q → A', loose: 'Q → no output' };
  const view = Object.fromEntries(outlineDefinition(text).filter((e) => e.kind === 'agent').map((e) => [e.name, e.detail]));
  assert.deepEqual(view, want, 'the Workflows view');
  const agents = outline(indexFile('/w/a.agents.yaml', text)).find((n) => n.name === 'agents')!.children;
  assert.deepEqual(Object.fromEntries(agents.map((n) => [n.name, n.detail])), want, 'the editor\'s Outline says the same');
});
