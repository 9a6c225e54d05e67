/**
 * One cancellation signal stops a run promptly wherever it is: before a request, during a
 * backoff sleep, mid-stream, mid fan-out. The run ends `cancelled`, every span ends, and
 * nothing is recorded after run.end. The tests wait on trace events, never on sleeps.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { runWorkflow } from '../../../src/core/engine';
import { abortableSleep } from '../../../src/core/engine/timing';
import { OpenAIProvider } from '../../../src/core/providers/openai';
import { ScriptedProvider } from '../../../src/core/providers/scripted';
import type { ModelProvider } from '../../../src/core/providers/types';
import { MemoryTraceProcessor } from '../../../src/core/tracing/processor';
import type { TraceRecord } from '../../../src/core/tracing/records';
import { startFakeOpenAI } from '../../support/fake-openai';
import { assertWellFormed, BASE, FILE, program, spans } from '../../support/engine';

const P = program(`${BASE}
agents:
  a: { input: Msg, output: Msg, retries: 3 }
  b: { input: Msg, output: Msg }
workflows:
  fan:
    input: Msg
    output: Msg
    steps:
      p1: { agent: a, input: $input }
      p2: { agent: b, input: $input }
      p3: { agent: b, input: { text: p3 } }
      p4: { agent: b, input: { text: p4 } }
      p5: { agent: b, input: { text: p5 } }
      j: { agent: b, input: $steps.p1.output, after: [p2, p3, p4, p5] }
`);
const PROMPT_MS = 1000;

/** Starts a run, aborts when `when` sees its record, and checks how it ended. */
async function cancelAt(provider: ModelProvider, run: { workflow?: string; agent?: string }, when: (r: TraceRecord) => boolean, realSleep = false) {
  const mem = new MemoryTraceProcessor();
  const ac = new AbortController();
  const done = runWorkflow({
    program: P,
    file: FILE,
    ...run,
    input: { text: 'hi' },
    provider,
    processors: [mem],
    signal: ac.signal,
    timing: realSleep ? { sleep: abortableSleep, baseDelayMs: 60_000, maxDelayMs: 60_000, random: () => 0.99 } : { baseDelayMs: 1 },
  });
  await mem.waitFor(when);
  const t0 = performance.now();
  ac.abort();
  const result = await done;
  const took = performance.now() - t0;
  const count = mem.records.length;
  assertWellFormed(mem.records);
  assert.equal(result.status, 'cancelled');
  assert.equal(mem.records.at(-1)!.type, 'run.end');
  assert.ok(took < PROMPT_MS, `cancelled promptly (${took.toFixed(0)} ms)`);
  await new Promise((r) => setImmediate(r));
  assert.equal(mem.records.length, count, 'nothing recorded after run.end');
  return { result, records: mem.records };
}

const hang: ModelProvider = {
  name: 'hang',
  complete: (req) => new Promise((_r, reject) => req.signal.addEventListener('abort', () => reject(new Error('aborted')), { once: true })),
};

describe('cancellation', () => {
  it('before anything runs: no model call is made', async () => {
    const p = new ScriptedProvider({ replies: { a: [{ text: 'x' }] } });
    const ac = new AbortController();
    ac.abort();
    const mem = new MemoryTraceProcessor();
    const result = await runWorkflow({ program: P, file: FILE, agent: 'a', input: { text: 'hi' }, provider: p, processors: [mem], signal: ac.signal });
    assert.equal(result.status, 'cancelled');
    assert.equal(p.calls.length, 0);
    assertWellFormed(mem.records);
  });

  it('before a request: at the start of an llm span', async () => {
    const p = new ScriptedProvider(async () => ({ text: 'x' }));
    const { records } = await cancelAt(p, { workflow: 'fan' }, (r) => r.type === 'span' && r.phase === 'start' && r.kind === 'agent');
    assert.ok(spans(records, 'llm').length <= 5);
  });

  it('during a backoff sleep: the sleep is cut short', async () => {
    const p = new ScriptedProvider({ replies: { a: [{ $error: { status: 503 } }] } });
    await cancelAt(p, { agent: 'a' }, (r) => r.type === 'span' && r.phase === 'end' && r.status === 'error', true);
    assert.equal(p.calls.length, 1);
  });

  it('during a Retry-After wait', async () => {
    const p = new ScriptedProvider({ replies: { a: [{ $error: { status: 429, retryAfter: 50 } }] } });
    await cancelAt(p, { agent: 'a' }, (r) => r.type === 'span' && r.phase === 'end' && r.status === 'error', true);
  });

  it('mid-stream: the in-flight request is aborted', async () => {
    const fake = await startFakeOpenAI([{ stallAfterFirstChunk: true, reply: { text: 'long reply' } }]);
    try {
      const provider = new OpenAIProvider({ apiKey: 'k', baseURL: fake.url, stream: true });
      const mem = new MemoryTraceProcessor();
      const ac = new AbortController();
      const done = runWorkflow({ program: P, file: FILE, agent: 'a', input: { text: 'hi' }, provider, processors: [mem], signal: ac.signal, onChunk: () => ac.abort() });
      const result = await done;
      assert.equal(result.status, 'cancelled');
      assertWellFormed(mem.records);
      assert.equal(fake.requests.length, 1);
    } finally {
      await fake.close();
    }
  });

  it('mid fan-out: every parallel branch stops and ends cancelled', async () => {
    const { records } = await cancelAt(hang, { workflow: 'fan' }, (r) => r.type === 'span' && r.phase === 'start' && r.kind === 'llm' && r.attributes['handoff.agent'] === 'b');
    const llmEnds = spans(records, 'llm').map((s) => records.find((r) => r.type === 'span' && r.phase === 'end' && r.spanId === s.spanId) as { status: string });
    assert.ok(llmEnds.length >= 2);
    assert.ok(llmEnds.every((e) => e.status === 'cancelled'));
  });

  it('at many points of a run: always cancelled, well formed, prompt', async () => {
    const p = new ScriptedProvider(async (req) => ({ text: req.agent }));
    for (let n = 1; n <= 20; n += 3) {
      let seen = 0;
      await cancelAt(p, { workflow: 'fan' }, () => ++seen === n);
    }
  });
});

describe('the run time limit (timeoutMs)', () => {
  const deadline = (r: { status: string; error?: { kind: string; message: string } }, ms: number) => {
    assert.equal(r.status, 'error');
    assert.equal(r.error?.kind, 'deadline');
    assert.equal(r.error?.message, `the run did not finish within its time limit (${ms} ms)`);
  };

  it('stops a run whose model does not answer, ending it as a deadline error with every span ended', async () => {
    const mem = new MemoryTraceProcessor();
    // Answers only when the attempt is aborted: the run's time limit is what ends it.
    const hanging: ModelProvider = { name: 'hang', complete: (req) => new Promise((_, reject) => req.signal?.addEventListener('abort', () => reject(new Error('aborted')), { once: true })) };
    const r = await runWorkflow({ program: P, file: FILE, workflow: 'fan', input: { text: 'hi' }, provider: hanging, processors: [mem], timeoutMs: 30 });
    deadline(r, 30);
    assertWellFormed(mem.records);
    assert.equal(mem.records.at(-1)!.type, 'run.end');
  });

  it('holds for a model that answers without yielding (scripted, replay), whose timer cannot fire', async () => {
    const mem = new MemoryTraceProcessor();
    let calls = 0;
    // The first answer takes 5 ms of work; the limit is 2 ms, so no later call may start.
    const busy = new ScriptedProvider(() => {
      calls++;
      const until = performance.now() + 5;
      while (performance.now() < until);
      return { text: 'x' };
    });
    const r = await runWorkflow({ program: P, file: FILE, workflow: 'fan', input: { text: 'hi' }, provider: busy, processors: [mem], timeoutMs: 2, concurrency: 1 });
    deadline(r, 2);
    assert.equal(calls, 1);
    assertWellFormed(mem.records);
    // Without the limit the same run calls every step's agent.
    let all = 0;
    const free = await runWorkflow({ program: P, file: FILE, workflow: 'fan', input: { text: 'hi' }, provider: new ScriptedProvider(() => (all++, { text: 'x' })), processors: [] });
    assert.equal(free.status, 'ok');
    assert.equal(all, 6);
  });
});
