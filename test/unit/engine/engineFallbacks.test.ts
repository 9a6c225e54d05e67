/**
 * The fallback of a critic, a supervisor's router or a planner (agents that omit `output`:
 * the engine supplies their contract) stands in for the agent when its call fails: the
 * checker accepts it (checked against the engine's contract) and the run uses it.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ScriptedProvider } from '../../../src/core/providers/scripted';
import { BASE, program, record, spans } from '../../support/engine';

const P = program(`${BASE}
agents:
  writer: { input: Msg, output: Msg, instructions: "write", reflect: { critic: reviewer, rounds: 2 } }
  reviewer: { input: Msg, instructions: "review", fallback: { approved: true, feedback: "no review: the critic is unavailable" } }
  lead: { input: Msg, instructions: "route", fallback: { next: FINISH, input: null, result: { text: "routed by fallback" } } }
  planner: { input: Msg, instructions: "plan", fallback: { steps: [{ worker: echo, input: { text: "planned by fallback" } }] } }
  echo: { input: Msg, output: Msg, instructions: "echo" }
workflows:
  reviewed:
    input: Msg
    output: Msg
    steps:
      s: { agent: writer }
    result: $steps.s.output
  sup:
    pattern: supervisor
    input: Msg
    output: Msg
    supervisor: lead
    workers: [echo]
  plan:
    pattern: plan
    input: Msg
    output: Msg
    planner: planner
    workers: [echo]
    checkpoint: false
`);

const failing = { $error: { status: 400, message: 'bad request' } };

describe('the fallback of an agent that answers the engine', () => {
  it("a critic that fails is replaced by its fallback verdict, and the reviewed agent's answer stands", async () => {
    const provider = new ScriptedProvider({ replies: { writer: [{ text: 'draft' }], reviewer: [failing] } });
    const r = await record(P, provider, { workflow: 'reviewed', input: { text: 'hi' } });
    assert.equal(r.result.status, 'ok', r.result.error?.message);
    assert.deepEqual(r.result.output, { text: 'draft' });
    const critic = spans(r.records, 'agent').find((s) => s.name === 'reviewer');
    assert.ok(critic, 'the critic was called');
    assert.ok(r.records.some((x) => x.type === 'event' && x.name === 'fallback' && x.spanId === critic.spanId), 'the critic fell back');
  });
  it("a supervisor's router that fails answers its fallback", async () => {
    const provider = new ScriptedProvider({ replies: { lead: [failing], echo: [{ text: 'x' }] } });
    const r = await record(P, provider, { workflow: 'sup', input: { text: 'hi' } });
    assert.equal(r.result.status, 'ok', r.result.error?.message);
    assert.deepEqual(r.result.output, { text: 'routed by fallback' });
  });
  it('a planner that fails answers its fallback plan', async () => {
    const provider = new ScriptedProvider({ replies: { planner: [failing], echo: [{ text: 'echoed' }] } });
    const r = await record(P, provider, { workflow: 'plan', input: { text: 'hi' } });
    assert.equal(r.result.status, 'ok', r.result.error?.message);
    assert.deepEqual(r.result.output, { text: 'echoed' });
  });
});
