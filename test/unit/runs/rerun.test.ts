/**
 * Rerun from here, on the example support workflow: the steps before the chosen one are
 * answered from the recording, and only the chosen step and those after it reach a model.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { loadProgram } from '../../../src/core/checker';
import { runWorkflow } from '../../../src/core/engine';
import { ReplayProvider } from '../../../src/core/providers/replay';
import { ScriptedProvider, loadScript } from '../../../src/core/providers/scripted';
import { MemoryTraceProcessor, parseTrace, type TraceRecord } from '../../../src/core/tracing';
import { downstreamSteps, liveAgentsForRerun } from '../../../src/core/runs/rerun';
import type { GraphWorkflow } from '../../../src/core/model/definition';

const examples = join(__dirname, '..', '..', '..', 'examples');
const file = join(examples, 'support.agents.yaml');
const ticket = {
  id: 'T-1042',
  customer: { id: 'C-77', plan: 'pro' },
  subject: 'Charged twice for March',
  body: 'My card was charged twice for invoice INV-3391. Please refund the duplicate.',
};

function program() {
  const p = loadProgram([file]);
  assert.deepEqual(p.diagnostics.filter((d) => d.severity === 'error'), []);
  return p;
}

test('downstream steps: the step and everything that reads it, directly or not', () => {
  const def = program().workflow('support', file)!.def as GraphWorkflow;
  assert.deepEqual([...downstreamSteps(def, 'answer')].sort(), ['answer']);
  assert.deepEqual([...downstreamSteps(def, 'billing')].sort(), ['answer', 'billing']);
  assert.deepEqual([...downstreamSteps(def, 'triage')].sort(), ['answer', 'billing', 'triage']);
});

test('live agents include the critics of downstream agents', () => {
  assert.deepEqual([...liveAgentsForRerun(program(), file, 'support', 'answer')].sort(), ['reviewer', 'writer']);
  assert.throws(() => liveAgentsForRerun(program(), file, 'support', 'nope'), /has no step 'nope'/);
});

test('a rerun from `answer` replays the upstream steps and calls a model only for answer', async () => {
  const p = program();
  const script = loadScript(join(examples, 'support.script.json'));
  const recording = new MemoryTraceProcessor();
  const first = await runWorkflow({ program: p, file, workflow: 'support', input: ticket, provider: new ScriptedProvider(script), processors: [recording] });
  assert.equal(first.status, 'ok');

  const recorded = new ReplayProvider(parseTrace(recording.records.map((r) => JSON.stringify(r)).join('\n')));
  const live = new ScriptedProvider(script);
  const liveAgents = liveAgentsForRerun(p, file, 'support', 'answer');
  const rerun = new MemoryTraceProcessor();
  const second = await runWorkflow({
    program: p,
    file,
    workflow: 'support',
    input: ticket,
    provider: live,
    bind: (agent) => ({ provider: liveAgents.has(agent.name) ? live : recorded, model: 'gpt-4.1' }),
    processors: [rerun],
  });
  assert.equal(second.status, 'ok', JSON.stringify(second.error));
  assert.deepEqual([...new Set(live.calls.map((c) => c.agent))].sort(), ['reviewer', 'writer']);
  assert.deepEqual([...new Set(recorded.calls.map((c) => c.agent))].sort(), ['billing_agent', 'sentiment', 'triager']);
  // Upstream outputs are the recorded ones: the repaired triage (urgency 4) flows on.
  const stepOutput = (records: readonly TraceRecord[], step: string): unknown => {
    const start = records.find((r) => r.type === 'span' && r.phase === 'start' && r.kind === 'step' && r.name === step);
    const end = records.find((r) => r.type === 'span' && r.phase === 'end' && start?.type === 'span' && r.spanId === start.spanId);
    assert.ok(end && end.type === 'span', `no end of step ${step}`);
    return end.attributes['handoff.output'];
  };
  const triageThen = stepOutput(recording.records, 'triage');
  const triageNow = stepOutput(rerun.records, 'triage');
  assert.equal((triageThen as { urgency?: unknown }).urgency, 4);
  assert.deepEqual(triageNow, triageThen);
});
