// The view model over what the engine really records: the attribute names the panel relies
// on (handoff.repaired, handoff.fallback, handoff.skipped, handoff.dependsOn, handoff.output,
// handoff.prompt, handoff.reply) must come out of a run as the panel reads them.
import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { ScriptedProvider } from '../../../src/core/providers/scripted';
import { TraceModel, buildGraph, computeTotals, diffRuns, spanState, attr } from '../../../src/core/traceview';
import { BASE, program, record } from '../../support/engine';

const P = program(`${BASE}
agents:
  a: { input: Msg, output: Msg, retries: 2 }
  b: { input: Msg, output: Msg, fallback: { text: fallback } }
  c: { input: Msg, output: Msg }
workflows:
  flow:
    input: Msg
    output: Msg
    steps:
      x: { agent: a, input: $input }
      y: { agent: b, input: { text: $steps.x.output.text } }
      z: { agent: c, input: $input, when: "$steps.x.output.text == 'never'" }
    result: $steps.y.output
`);

function provider() {
  return new ScriptedProvider({
    replies: {
      a: [{ text: 1 }, { text: 'fixed' }],
      b: [{ $error: { status: 400, message: 'bad request' } }],
      c: [{ text: 'c' }],
    },
  });
}

test('a recorded run shows repaired, fallback and skipped steps with their dependencies', async () => {
  const { records } = await record(P, provider(), { workflow: 'flow', input: { text: 'hi' } });
  const m = TraceModel.from(records);
  const steps = new Map(m.steps().map((s) => [s.name, s]));
  assert.equal(spanState(steps.get('x')!), 'repaired');
  assert.equal(spanState(steps.get('y')!), 'fallback');
  assert.equal(spanState(steps.get('z')!), 'skipped');
  const g = buildGraph(m);
  assert.deepEqual(g.nodes.map((n) => [n.id, n.state]).sort(), [['x', 'repaired'], ['y', 'fallback'], ['z', 'skipped']]);
  assert.ok(g.edges.some((e) => e.from === 'x' && e.to === 'y'), JSON.stringify(g.edges));
  const llm = [...m.walk()].find((n) => n.kind === 'llm')!;
  assert.ok(Array.isArray(attr(llm, 'handoff.prompt')), 'llm spans carry the prompt messages');
  assert.equal(typeof attr(llm, 'handoff.reply'), 'string', 'llm spans carry the raw reply');
  const t = computeTotals(m, {});
  assert.ok(t.violations >= 1);
  assert.ok(t.llmCalls >= 3);
});

test('two recorded runs compare step by step', async () => {
  const one = TraceModel.from((await record(P, provider(), { workflow: 'flow', input: { text: 'hi' } })).records);
  const two = TraceModel.from((await record(P, provider(), { workflow: 'flow', input: { text: 'ho' } })).records);
  const rows = diffRuns(one, two);
  assert.deepEqual(rows.map((r) => r.key).sort(), ['step:x', 'step:y', 'step:z']);
  assert.equal(rows.every((r) => !r.stateChanged), true);
});
