/**
 * An agent without `output` (only a supervisor, a planner or a critic may omit it: the
 * engine supplies their contract) used as a graph step or a worker is reported where it is
 * used: its output would be typed "anything" and fit every handoff at check time, and the
 * run would fail instead.
 */
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { programFrom } from '../../support/program';

const FILE = '/virtual/outputless.agents.yaml';
const BASE = `handoff: 1
contracts:
  In: { version: 1, schema: { type: object, required: [q], properties: { q: { type: string } } } }
  Out: { version: 1, schema: { type: object, additionalProperties: false, required: [a], properties: { a: { type: string } } } }
agents:
  noout: { input: In, instructions: "answer {{q}}" }
  b: { input: Out, output: Out, instructions: "go" }
  lead: { input: In, instructions: "route" }
`;

const diags = (yaml: string) => programFrom({ [FILE]: BASE + yaml }).diagnostics.map((d) => ({ line: d.range.start.line, code: d.code, severity: d.severity, message: d.message }));
const lineOf = (text: string) => (BASE + text).split('\n').findIndex((l) => l.includes('agent: noout')) + 1;

describe('an agent without output used as an ordinary agent', () => {
  it('is an error at the step that uses it', () => {
    const yaml = `workflows:
  w:
    input: In
    output: Out
    steps:
      s1: { agent: noout }
      s2: { agent: b, input: $steps.s1.output }
`;
    const errors = diags(yaml).filter((d) => d.severity === 'error');
    assert.equal(errors.length, 1, JSON.stringify(errors));
    assert.equal(errors[0]?.code, 'format');
    assert.equal(errors[0]?.line, lineOf(yaml));
    assert.match(errors[0]?.message ?? '', /agent 'noout' has no output contract.*step 's1'.*only a supervisor, a planner or a critic may omit output/);
  });
  it('is an error where a supervisor or a plan lists it as a worker', () => {
    const yaml = `workflows:
  sup:
    pattern: supervisor
    input: In
    output: Out
    supervisor: lead
    workers: [noout, b]
`;
    const errors = diags(yaml).filter((d) => d.severity === 'error');
    assert.deepEqual(errors.map((e) => e.code), ['format']);
    assert.match(errors[0]?.message ?? '', /agent 'noout' has no output contract.*worker 'noout'/);
  });
  it('is fine as a supervisor, a planner or a critic, and for an output that names an unknown contract only unknown-ref is reported', () => {
    const yaml = `  critic_of_b: { input: Out, instructions: "review" }
  reviewed: { input: In, output: Out, reflect: { critic: critic_of_b } }
  typo: { input: In, output: Outt }
workflows:
  sup:
    pattern: supervisor
    input: In
    output: Out
    supervisor: lead
    workers: [b]
  plan:
    pattern: plan
    input: In
    output: Out
    planner: lead
    workers: [b]
  g:
    input: In
    output: Out
    steps:
      s: { agent: reviewed }
      t: { agent: typo }
    result: $steps.s.output
`;
    const errors = diags(yaml).filter((d) => d.severity === 'error');
    assert.deepEqual(errors.map((e) => e.code), ['unknown-ref'], JSON.stringify(errors));
  });
});
