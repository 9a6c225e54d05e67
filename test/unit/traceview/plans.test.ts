/**
 * Every workflow's plan from one parse (the CodeLens shows one per workflow: parsing the file
 * once per workflow made a file of 200 workflows take seconds), as `planOf` gives each.
 */
import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { planOf, plansOf } from '../../../src/core/traceview';

const text = `handoff: 1
agents:
  router: {}
  a: {}
  both: {}
workflows:
  graph:
    steps:
      one: { agent: a, input: $input }
      two: { agent: a, input: $steps.one.output, after: [one] }
  sup:
    pattern: supervisor
    supervisor: router
    workers: [a, sub, both, a]
  plan:
    pattern: plan
    planner: router
    workers: [a]
  sub:
    steps:
      only: { agent: a }
  both:
    steps: {}
  noLead:
    pattern: supervisor
  notSteps:
    steps: 3
  empty:
`;

test('plansOf gives each workflow the plan planOf gives it, and none to a workflow without one', () => {
  const plans = plansOf(text);
  const names = ['graph', 'sup', 'plan', 'sub', 'both', 'noLead', 'notSteps', 'empty', 'missing', 'constructor', '__proto__'];
  for (const name of names) assert.deepEqual(plans.get(name), planOf(text, name), name);
  assert.deepEqual([...plans.keys()], ['graph', 'sup', 'plan', 'sub', 'both']);
  assert.deepEqual(plans.get('sup')?.map((s) => [s.name, s.role, s.agent]), [
    ['router', 'supervisor', 'router'],
    ['a', 'worker', 'a'],
    ['sub', 'worker', undefined],
    ['both', 'worker', 'both'],
  ]);
  assert.deepEqual(plans.get('graph')?.map((s) => s.dependsOn), [[], ['one']]);
});

test('a file that does not parse to workflows has no plans', () => {
  for (const bad of ['workflows: [', 'just text', '', 'workflows: 3', 'workflows:\n']) assert.equal(plansOf(bad).size, 0, bad);
});

test('a duplicate key does not stop the plans (the checker reports it): the later one counts, as before', () => {
  const dup = 'workflows:\n  w:\n    steps: { a: {} }\n  w:\n    steps: { b: {} }\n';
  assert.deepEqual(plansOf(dup).get('w')?.map((s) => s.name), ['b']);
  assert.deepEqual(planOf(dup, 'w')?.map((s) => s.name), ['b']);
});
