import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, renameSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { ScriptedProvider } from '../../../src/core/providers/scripted';
import type { ModelRequest } from '../../../src/core/providers/types';
import { BASE, endOf, program, record, runEnd, spans } from '../../support/engine';

const P = program(`${BASE}
agents:
  a: { input: Msg, output: Msg }
  b: { input: Msg, output: Msg }
  c: { input: Msg, output: Msg }
  join: { input: Msg, output: Msg }
  lead: { input: Msg, instructions: "route {{text}}", retries: 0 }
  planner: { input: Msg, instructions: plan }
workflows:
  chain:
    input: Msg
    output: Msg
    steps:
      first: { agent: a, input: $input }
      second: { agent: b, input: $steps.first.output }
    result: $steps.second.output
  fan:
    input: Msg
    output: Msg
    steps:
      x: { agent: a, input: $input }
      y: { agent: b, input: $input }
      z: { agent: c, input: $input }
      j: { agent: join, input: { text: $steps.x.output.text }, after: [y, z] }
    result: $steps.j.output
  cond:
    input: Msg
    output: Msg
    steps:
      first: { agent: a, input: $input }
      maybe: { agent: b, input: $input, when: $steps.first.output.text == "go" }
      last: { agent: c, input: $input, after: [maybe] }
    result: $steps.last.output
  nested:
    input: Msg
    output: Msg
    steps:
      inner: { workflow: chain, input: $input }
  wide:
    input: Msg
    output: Msg
    steps:
      x: { agent: a, input: $input }
      y: { agent: b, input: $input }
    result: $steps.y.output
  nestedFan:
    input: Msg
    output: Msg
    steps:
      one: { workflow: wide, input: $input }
      two: { workflow: wide, input: $input }
      three: { agent: c, input: $input }
    result: $steps.three.output
  sup:
    pattern: supervisor
    input: Msg
    output: Msg
    supervisor: lead
    workers: [a, chain]
    max_turns: 3
  plan:
    pattern: plan
    input: Msg
    output: Msg
    planner: planner
    workers: [a, b]
  unsaved:
    pattern: plan
    input: Msg
    output: Msg
    planner: planner
    workers: [a, b]
    checkpoint: false
`);
const IN = { text: 'in' };

describe('graph workflows', () => {
  it('runs a chain in order, passing outputs by reference', async () => {
    const p = new ScriptedProvider({ replies: { a: [{ text: 'A' }], b: [{ text: 'B' }] } });
    const { result, records } = await record(P, p, { workflow: 'chain', input: IN });
    assert.deepEqual(result.output, { text: 'B' });
    assert.deepEqual(p.callsFor('b')[0]!.input, { text: 'A' });
    assert.deepEqual(spans(records, 'step').map((s) => s.name), ['first', 'second']);
    assert.equal(spans(records, 'step')[0]!.attributes['handoff.step'], 'first');
  });

  /**
   * A provider whose calls wait until a pump releases them one a millisecond, counting how
   * many were waiting at once; `peak()` reads the most, `reset()` starts again.
   */
  async function withCountedCalls(f: (p: ScriptedProvider, peak: () => number, reset: () => void) => Promise<void>, reply: (req: ModelRequest) => unknown = (req) => ({ text: req.agent })): Promise<void> {
    let inFlight = 0;
    let most = 0;
    const release: (() => void)[] = [];
    const p = new ScriptedProvider(async (req) => {
      inFlight++;
      most = Math.max(most, inFlight);
      await new Promise<void>((r) => release.push(r));
      inFlight--;
      return reply(req);
    });
    const pump = setInterval(() => release.shift()?.(), 1);
    try {
      await f(p, () => most, () => void (most = 0));
    } finally {
      clearInterval(pump);
    }
  }

  it('runs independent steps in parallel within the concurrency limit', async () => {
    await withCountedCalls(async (p, peak, reset) => {
      const two = await record(P, p, { workflow: 'fan', input: IN, concurrency: 2 });
      assert.equal(two.result.status, 'ok');
      assert.equal(peak(), 2);
      reset();
      const four = await record(P, p, { workflow: 'fan', input: IN, concurrency: 4 });
      assert.equal(four.result.status, 'ok');
      assert.equal(peak(), 3);
      const j = spans(four.records, 'step').find((s) => s.name === 'j')!;
      assert.deepEqual([...(j.attributes['handoff.dependsOn'] as string[])].sort(), ['x', 'y', 'z']);
    });
  });

  it('holds the concurrency limit across nested workflows: one budget for the run, no deadlock', async () => {
    await withCountedCalls(async (p, peak, reset) => {
      const two = await record(P, p, { workflow: 'nestedFan', input: IN, concurrency: 2 });
      assert.equal(two.result.status, 'ok');
      assert.equal(p.calls.length, 5);
      assert.equal(peak(), 2, 'five agent steps in three graphs, at most two at once');
      reset();
      const one = await record(P, p, { workflow: 'nestedFan', input: IN, concurrency: 1 });
      assert.equal(one.result.status, 'ok');
      assert.equal(peak(), 1);
    });
  });

  it('holds the concurrency limit for supervisors and plans side by side under a graph: their own calls take slots too', async () => {
    const F = program(`${BASE}
agents:
  a: { input: Msg, output: Msg }
  lead: { input: Msg, instructions: route }
  planner: { input: Msg, instructions: plan }
workflows:
  sup:
    pattern: supervisor
    input: Msg
    output: Msg
    supervisor: lead
    workers: [a]
  plan:
    pattern: plan
    input: Msg
    output: Msg
    planner: planner
    workers: [a]
  inner:
    input: Msg
    output: Msg
    steps:
      x: { agent: a, input: $input }
    result: $steps.x.output
  planOfGraphs:
    pattern: plan
    input: Msg
    output: Msg
    planner: planner
    workers: [inner]
  fan:
    input: Msg
    output: Msg
    steps:
${['s1', 's2', 's3', 's4'].map((n) => `      ${n}: { workflow: sup, input: $input }`).join('\n')}
${['p1', 'p2', 'p3', 'p4'].map((n) => `      ${n}: { workflow: plan, input: $input }`).join('\n')}
      g1: { workflow: planOfGraphs, input: $input }
      g2: { workflow: planOfGraphs, input: $input }
    result: $steps.s1.output
`);
    const reply = (req: ModelRequest): unknown => {
      if (req.agent === 'lead') return req.messages.length <= 2 ? { next: 'a', input: { text: 'x' }, result: null } : { next: 'FINISH', input: null, result: { text: 'done' } };
      if (req.agent === 'planner') {
        const worker = req.responseSchema?.name === 'planOfGraphs.plan' ? 'inner' : 'a';
        return { steps: [{ worker, input: { text: '1' } }, { worker, input: { text: '2' } }] };
      }
      return { text: req.agent };
    };
    await withCountedCalls(async (p, peak, reset) => {
      const two = await record(F, p, { workflow: 'fan', input: IN, concurrency: 2 });
      assert.equal(two.result.status, 'ok', JSON.stringify(two.result.error));
      // 4 supervisors × (2 routes + 1 worker), 4 plans × (planner + 2 steps), 2 plans of graphs × (planner + 2 steps).
      assert.equal(p.calls.length, 4 * 3 + 4 * 3 + 2 * 3);
      assert.equal(peak(), 2, 'ten nested workflows, at most two model calls at once');
      reset();
      const one = await record(F, p, { workflow: 'fan', input: IN, concurrency: 1 });
      assert.equal(one.result.status, 'ok', 'a limit of one does not deadlock a plan whose steps are graphs');
      assert.equal(peak(), 1);
    }, reply);
  });

  it('records a step whose condition is false as skipped, and steps after it still run', async () => {
    const p = new ScriptedProvider({ replies: { a: [{ text: 'stop' }], c: [{ text: 'C' }] } });
    const { result, records } = await record(P, p, { workflow: 'cond', input: IN });
    assert.deepEqual(result.output, { text: 'C' });
    assert.equal(p.callsFor('b').length, 0);
    const maybe = spans(records, 'step').find((s) => s.name === 'maybe')!;
    assert.equal(endOf(records, maybe.spanId).attributes['handoff.skipped'], true);
    const p2 = new ScriptedProvider({ replies: { a: [{ text: 'go' }], b: [{ text: 'B' }], c: [{ text: 'C' }] } });
    await record(P, p2, { workflow: 'cond', input: IN });
    assert.equal(p2.callsFor('b').length, 1);
  });

  it('fails the workflow with the first failing step and cancels the others', async () => {
    const p = new ScriptedProvider(async (req) => {
      if (req.agent === 'a') return { $error: { status: 400, message: 'bad request' } };
      await new Promise((_r, reject) => req.signal.addEventListener('abort', () => reject(new Error('aborted'))));
      return {};
    });
    const { result, records } = await record(P, p, { workflow: 'fan', input: IN });
    assert.equal(result.status, 'error');
    assert.equal(result.error?.kind, 'client');
    const statuses = spans(records, 'step').map((s) => [s.name, endOf(records, s.spanId).status]);
    assert.deepEqual(Object.fromEntries(statuses), { x: 'error', y: 'cancelled', z: 'cancelled' });
  });

  it('runs a workflow as a step (hierarchy)', async () => {
    const p = new ScriptedProvider({ replies: { a: [{ text: 'A' }], b: [{ text: 'B' }] } });
    const { result, records } = await record(P, p, { workflow: 'nested', input: IN });
    assert.deepEqual(result.output, { text: 'B' });
    assert.deepEqual(spans(records, 'workflow').map((s) => s.name), ['nested', 'chain']);
  });

  it('checks the run input against the workflow input contract first', async () => {
    const p = new ScriptedProvider({ replies: {} });
    const { result } = await record(P, p, { workflow: 'chain', input: { nope: 1 } });
    assert.equal(result.error?.kind, 'input');
    assert.equal(p.calls.length, 0);
  });
});

describe('supervisor workflows', () => {
  it('routes to workers one at a time until FINISH, with earlier turns in the conversation', async () => {
    const p = new ScriptedProvider({
      replies: {
        lead: [
          { next: 'a', input: { text: 'task 1' }, result: null },
          { next: 'chain', input: { text: 'task 2' }, result: null },
          { next: 'FINISH', input: null, result: { text: 'done' } },
        ],
        a: [{ text: 'A' }],
        b: [{ text: 'B' }],
      },
    });
    const { result, records } = await record(P, p, { workflow: 'sup', input: IN });
    assert.deepEqual(result.output, { text: 'done' });
    const leadCalls = p.callsFor('lead');
    assert.equal(leadCalls.length, 3);
    assert.equal(leadCalls[0]!.responseSchema?.strict, false, 'the workers take Msg, which is not strict-compatible');
    // The reference: the workflow input through the instructions, then one message per earlier turn.
    assert.deepEqual(
      leadCalls[2]!.messages.slice(2),
      [
        { role: 'user', content: `Turn 1: worker 'a' returned {"text":"A"} (its input: {"text":"task 1"})` },
        { role: 'user', content: `Turn 2: worker 'chain' returned {"text":"B"} (its input: {"text":"task 2"})` },
      ],
    );
    assert.deepEqual(spans(records, 'step').map((s) => s.name), ['a', 'chain', 'first', 'second']);
  });

  it('makes max_turns exhausted an error that says so', async () => {
    const p = new ScriptedProvider({ replies: { lead: [{ next: 'a', input: { text: 't' }, result: null }], a: [{ text: 'A' }] } });
    const { result } = await record(P, p, { workflow: 'sup', input: IN });
    assert.equal(result.error?.kind, 'max_turns');
    assert.match(result.error!.message, /did not answer FINISH within max_turns \(3\); its last turn asked for worker 'a', which was not run/);
    assert.equal(p.callsFor('lead').length, 3);
    assert.equal(p.callsFor('a').length, 2, 'the worker the last turn asked for is not run: no turn is left to read its output');
  });

  it('treats a worker input that breaks the worker contract as a violation of the router', async () => {
    const p = new ScriptedProvider({ replies: { lead: [{ next: 'a', input: { bad: 1 }, result: null }] } });
    const { result } = await record(P, p, { workflow: 'sup', input: IN });
    assert.equal(result.error?.kind, 'contract');
  });
});

describe('plan workflows', () => {
  it('runs the planned steps in order and checkpoints after each; a resume repeats nothing', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'handoff-plan-'));
    const plan = { steps: [{ worker: 'a', input: { text: '1' } }, { worker: 'b', input: { text: '2' } }, { worker: 'a', input: { text: '3' } }] };
    const failing = new ScriptedProvider({ replies: { planner: [plan], a: [{ text: 'A1' }], b: [{ $error: { status: 400 } }] } });
    const first = await record(P, failing, { workflow: 'plan', input: IN, cwd, runId: 'run-1' });
    assert.equal(first.result.status, 'error');
    const cp = JSON.parse(readFileSync(join(cwd, '.handoff/checkpoints/run-1.json'), 'utf8'));
    assert.deepEqual(cp.plan, plan.steps);
    assert.deepEqual(cp.done, [{ text: 'A1' }]);

    const fresh = new ScriptedProvider({ replies: { planner: [{ steps: [] }], a: [{ text: 'A3' }], b: [{ text: 'B2' }] } });
    const resumed = await record(P, fresh, { resume: 'run-1', input: undefined, cwd });
    assert.equal(resumed.result.status, 'ok');
    assert.equal(resumed.result.runId, 'run-1');
    assert.deepEqual(resumed.result.output, { text: 'A3' });
    assert.equal(fresh.callsFor('planner').length, 0);
    assert.deepEqual(fresh.calls.map((c) => c.input), [{ text: '2' }, { text: '3' }]);
    const resumedSteps = spans(resumed.records, 'step').filter((s) => s.attributes['handoff.resumed'] === true);
    assert.equal(resumedSteps.length, 1);
    assert.equal(JSON.parse(readFileSync(join(cwd, '.handoff/checkpoints/run-1.json'), 'utf8')).status, 'ok');
  });

  it('writes no checkpoint when the workflow says checkpoint: false', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'handoff-plan-'));
    const p = new ScriptedProvider({ replies: { planner: [{ steps: [{ worker: 'a', input: { text: '1' } }, { worker: 'b', input: { text: '2' } }] }], a: [{ text: 'A' }], b: [{ $error: { status: 400 } }] } });
    const { result } = await record(P, p, { workflow: 'unsaved', input: IN, cwd, runId: 'run-2' });
    assert.equal(result.status, 'error');
    assert.equal(existsSync(join(cwd, '.handoff/checkpoints/run-2.json')), false);
  });

  it('refuses a checkpoint whose run id is not the one asked for (a file renamed by hand)', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'handoff-plan-'));
    const failing = new ScriptedProvider({ replies: { planner: [{ steps: [{ worker: 'a', input: { text: '1' } }, { worker: 'b', input: { text: '2' } }] }], a: [{ text: 'A' }], b: [{ $error: { status: 400 } }] } });
    await record(P, failing, { workflow: 'plan', input: IN, cwd, runId: 'run-3' });
    renameSync(join(cwd, '.handoff/checkpoints/run-3.json'), join(cwd, '.handoff/checkpoints/other.json'));
    const fresh = new ScriptedProvider({ replies: { a: [{ text: 'A' }], b: [{ text: 'B' }] } });
    const { result } = await record(P, fresh, { resume: 'other', input: undefined, cwd });
    assert.equal(result.error?.kind, 'checkpoint');
    assert.match(result.error!.message, /holds the checkpoint of run run-3, not of run other/);
    assert.equal(fresh.calls.length, 0);
  });

  it('rejects a plan that names a worker outside the workflow through the planner contract', async () => {
    const p = new ScriptedProvider({ replies: { planner: [{ steps: [{ worker: 'c', input: { text: 'x' } }] }] } });
    const { result } = await record(P, p, { workflow: 'plan', input: IN, cwd: mkdtempSync(join(tmpdir(), 'handoff-plan-')) });
    assert.equal(result.error?.kind, 'contract');
    assert.equal(runEnd((await record(P, p, { workflow: 'plan', input: IN, cwd: mkdtempSync(join(tmpdir(), 'handoff-plan-')) })).records).status, 'error');
  });
});
