/**
 * The fallback of an agent that answers the engine (a critic, a supervisor, a planner) and
 * so omits `output`: it is checked against the contract the engine supplies for that role,
 * where the agent is used in it (the engine returns the fallback in place of the answer).
 */
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { programFrom } from '../../support/program';

const FILE = '/virtual/engine-fallbacks.agents.yaml';
const BASE = `handoff: 1
contracts:
  Msg: { version: 1, schema: { type: object, additionalProperties: false, required: [text], properties: { text: { type: string } } } }
  Num: { version: 1, schema: { type: object, additionalProperties: false, required: [n], properties: { n: { type: integer } } } }
agents:
  writer: { input: Msg, output: Msg, instructions: "write" }
  counter: { input: Num, output: Msg, instructions: "count" }
`;

const errors = (yaml: string) =>
  programFrom({ [FILE]: BASE + yaml })
    .diagnostics.filter((d) => d.severity === 'error')
    .map((d) => `${d.code} ${d.message}`);

describe('the fallback of a critic, a supervisor or a planner', () => {
  it("a critic's fallback that fits { approved, feedback } is accepted", () => {
    assert.deepEqual(
      errors(`  reviewer: { input: Msg, instructions: "review", fallback: { approved: true, feedback: "no review" } }
  reviewed: { input: Msg, output: Msg, reflect: { critic: reviewer } }
`),
      [],
    );
  });
  it("a critic's fallback that does not fit is fallback-mismatch, naming the critic contract", () => {
    const e = errors(`  reviewer: { input: Msg, fallback: { approved: "yes" } }
  reviewed: { input: Msg, output: Msg, reflect: { critic: reviewer } }
`);
    assert.ok(e.length > 0);
    for (const x of e) assert.match(x, /^fallback-mismatch the fallback of 'reviewer' does not satisfy the critic contract/);
    assert.ok(e.some((x) => /approved must be boolean/.test(x)), e.join('\n'));
  });
  it('an agent without output that answers nothing of the engine still has its fallback reported', () => {
    assert.deepEqual(
      errors(`  lonely: { input: Msg, fallback: { text: x } }
`).map((x) => x.split(' ')[0]),
      ['fallback-mismatch'],
    );
  });
  const sup = (fallback: string) => `  lead: { input: Msg, instructions: "route", fallback: ${fallback} }
workflows:
  sup:
    pattern: supervisor
    input: Msg
    output: Msg
    supervisor: lead
    workers: [writer, counter]
`;
  it("a supervisor's fallback is checked against the route contract and the engine's FINISH rule", () => {
    assert.deepEqual(errors(sup('{ next: FINISH, input: null, result: { text: "sorry" } }')), []);
    assert.match(errors(sup('{ next: FINISH, input: null, result: null }')).join('\n'), /fallback-mismatch the fallback of 'lead'.*result is null, but FINISH needs the workflow result/);
    assert.match(errors(sup('{ next: FINISH, input: null, result: { text: 3 } }')).join('\n'), /fallback-mismatch the fallback of 'lead'/);
    assert.match(errors(sup('{ next: nobody, input: null, result: null }')).join('\n'), /fallback-mismatch the fallback of 'lead'.*next/);
    assert.match(errors(sup('{ next: counter, input: { text: "a" }, result: null }')).join('\n'), /fallback-mismatch the fallback of 'lead'.*input.*worker 'counter'/);
  });
  const plan = (fallback: string) => `  planner: { input: Msg, instructions: "plan", fallback: ${fallback} }
workflows:
  p:
    pattern: plan
    input: Msg
    output: Msg
    planner: planner
    workers: [writer, counter]
    max_steps: 2
`;
  it("a planner's fallback is checked against the plan contract and the engine's rules", () => {
    assert.deepEqual(errors(plan('{ steps: [{ worker: writer, input: { text: "a" } }] }')), []);
    assert.match(errors(plan('{ steps: [] }')).join('\n'), /fallback-mismatch the fallback of 'planner'.*at least one step/);
    assert.match(errors(plan('{ steps: [{ worker: counter, input: { text: "a" } }] }')).join('\n'), /fallback-mismatch the fallback of 'planner'.*worker 'counter'/);
    assert.match(errors(plan('{ steps: [{ worker: writer, input: { text: "a" } }, { worker: writer, input: { text: "a" } }, { worker: writer, input: { text: "a" } }] }')).join('\n'), /max_steps/);
  });
});
