import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { Coalescer, findDefinition, planOf } from '../../../src/core/traceview';

const yaml = `handoff: 1
contracts:
  Ticket:
    version: 1
agents:
  classifier:
    output: Ticket
  researcher: {}
workflows:
  triage:
    input: Ticket
    output: Ticket
    steps:
      classify:
        agent: classifier
        input: $input
      research:
        agent: researcher
        input: { facts: "$steps.classify.output.category" }
      notify:
        agent: classifier
        after: [research]
        when: "$steps.classify.output.urgent"
`;

test('finds where an agent, contract, workflow and step are defined', () => {
  const at = (kind: Parameters<typeof findDefinition>[1], name: string, wf?: string) => {
    const r = findDefinition(yaml, kind, name, wf);
    return r ? yaml.slice(r.start, r.end) : undefined;
  };
  assert.equal(at('agent', 'researcher'), 'researcher');
  assert.equal(at('contract', 'Ticket'), 'Ticket');
  assert.equal(at('workflow', 'triage'), 'triage');
  assert.equal(at('step', 'research', 'triage'), 'research');
  assert.equal(at('step', 'notify'), 'notify');
  const r = findDefinition(yaml, 'agent', 'classifier')!;
  assert.equal(yaml.slice(0, r.start).split('\n').length, 6, 'the agent key on line 6, not the step that uses it');
  assert.equal(findDefinition(yaml, 'agent', 'nobody'), undefined);
  assert.equal(findDefinition('not: [valid', 'agent', 'x'), undefined);
});

test('the plan of a graph workflow lists steps with after and $steps dependencies', () => {
  assert.deepEqual(planOf(yaml, 'triage'), [
    { name: 'classify', agent: 'classifier', dependsOn: [] },
    { name: 'research', agent: 'researcher', dependsOn: ['classify'] },
    { name: 'notify', agent: 'classifier', dependsOn: ['research', 'classify'] },
  ]);
  assert.equal(planOf(yaml, 'missing'), undefined);
});

test('the coalescer delivers at most one batch per interval and everything on flush', () => {
  const batches: number[][] = [];
  let now = 0;
  const timers: (() => void)[] = [];
  const c = new Coalescer<number>((b) => batches.push(b), 20, () => now, (fn) => {
    timers.push(fn);
    return setTimeout(() => {}, 0);
  });
  c.push([1]);
  c.push([2, 3]);
  assert.equal(timers.length, 1, 'one timer for many pushes');
  timers.shift()!();
  assert.deepEqual(batches, [[1, 2, 3]]);
  c.push([4]);
  assert.equal(timers.length, 1);
  now = 10;
  c.push([5]);
  c.flush();
  assert.deepEqual(batches, [[1, 2, 3], [4, 5]]);
  c.dispose();
});
