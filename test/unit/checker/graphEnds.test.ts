/**
 * The ends of a graph workflow: a step waited for (`after:`) is used, for ordering without
 * data (the definition format's own `answer: after: [billing]` must not warn), and a workflow
 * with no steps and no result, which returns nothing, is reported before it runs.
 */
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { programFrom } from '../../support/program';

const FILE = '/virtual/graph-ends.agents.yaml';
const BASE = `handoff: 1
contracts:
  In: { version: 1, schema: { type: object, required: [q], properties: { q: { type: string } } } }
agents:
  a: { input: In, output: In, instructions: "go" }
workflows:
`;
const diags = (yaml: string) => programFrom({ [FILE]: BASE + yaml }).diagnostics.map((d) => ({ line: d.range.start.line, code: d.code, severity: d.severity, message: d.message }));

describe('unused-step and after:', () => {
  it('a step only named in after: is used, for ordering; one nothing reads nor waits for is unused', () => {
    const d = diags(`  w:
    input: In
    output: In
    steps:
      first: { agent: a }
      second: { agent: a, after: [first] }
      idle: { agent: a }
    result: $steps.second.output
`).filter((x) => x.code === 'unused-step');
    assert.equal(d.length, 1, JSON.stringify(d));
    assert.equal(d[0]?.severity, 'warning');
    assert.match(d[0]?.message ?? '', /nothing reads the output of step 'idle'/);
  });
  it('a step whose output is read (in an input, a condition or the result) is not unused', () => {
    const d = diags(`  w:
    input: In
    output: In
    steps:
      first: { agent: a }
      cond: { agent: a }
      second: { agent: a, input: $steps.first.output, when: '$steps.cond.output.q == "x"', after: [first] }
    result: $steps.second.output
`).filter((x) => x.code === 'unused-step');
    assert.deepEqual(d, []);
  });
});

describe('a graph with no steps', () => {
  it('and no result is an error: a run would return nothing', () => {
    const d = diags(`  w:
    input: In
    output: In
    steps: {}
`).filter((x) => x.severity === 'error');
    assert.equal(d.length, 1, JSON.stringify(d));
    assert.equal(d[0]?.code, 'handoff-mismatch');
    assert.equal(d[0]?.line, 10);
    assert.match(d[0]?.message ?? '', /workflow 'w' has no steps and no result.*In@1/);
  });
  it('with a result is fine', () => {
    assert.deepEqual(
      diags(`  w:
    input: In
    output: In
    steps: {}
    result: $input
`).filter((x) => x.severity === 'error'),
      [],
    );
  });
});
