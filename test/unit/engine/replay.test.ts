import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { runWorkflow } from '../../../src/core/engine';
import { ReplayProvider } from '../../../src/core/providers/replay';
import { ScriptedProvider } from '../../../src/core/providers/scripted';
import { MemoryTraceProcessor } from '../../../src/core/tracing/processor';
import { parseTrace } from '../../../src/core/tracing/reader';
import type { TraceRecord } from '../../../src/core/tracing/records';
import { TraceFileWriter } from '../../../src/core/tracing/writer';
import { BASE, FILE, fastTiming, program } from '../../support/engine';

const P = program(`${BASE}
agents:
  a: { input: Msg, output: Msg, retries: 3 }
  b: { input: Msg, output: Msg }
  lead: { input: Msg }
workflows:
  fan:
    input: Msg
    output: Msg
    steps:
      x: { agent: a, input: $input }
      y: { agent: b, input: { text: y } }
      z: { agent: b, input: { text: $steps.x.output.text } }
  sup:
    pattern: supervisor
    input: Msg
    output: Msg
    supervisor: lead
    workers: [a, fan]
`);

/** The span sequence with volatile fields (ids, times) left out. */
function shape(records: readonly TraceRecord[]): string[] {
  const names = new Map<string, string>();
  return records.flatMap((r) => {
    if (r.type === 'span' && r.phase === 'start') {
      names.set(r.spanId, `${r.kind}:${r.name}`);
      return [`start ${r.kind}:${r.name} attempt=${String(r.attributes['handoff.attempt'] ?? '')}`];
    }
    if (r.type === 'span') return [`end ${names.get(r.spanId)} ${r.status} ${r.error?.kind ?? ''}`];
    if (r.type === 'event') return [`event ${r.name} ${String(r.attributes['path'] ?? '')}`];
    return [r.type];
  });
}

/** Records a run to a trace file, replays it, and returns both runs' results and span shapes. */
async function recordAndReplay(prog: typeof P, target: { workflow?: string; agent?: string }, live: ScriptedProvider, concurrency = 4) {
  const dir = mkdtempSync(join(tmpdir(), 'handoff-replay-'));
  const path = join(dir, 'rec.trace.jsonl');
  const writer = new TraceFileWriter(path);
  const first = await runWorkflow({ program: prog, file: FILE, ...target, input: { text: 'q' }, provider: live, processors: [writer], timing: fastTiming(), concurrency });
  await writer.shutdown();
  const replay = ReplayProvider.fromFile(path);
  const mem = new MemoryTraceProcessor();
  const timing = fastTiming();
  const second = await runWorkflow({ program: prog, file: FILE, ...target, input: { text: 'q' }, provider: replay, processors: [mem], timing, concurrency });
  return { first, second, recorded: shape(parseTrace(readFileSync(path, 'utf8')).records), replayed: shape(mem.records), slept: timing.slept };
}

describe('replay', () => {
  it('reproduces the recorded sequence of spans, faults and repairs included, with no network', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'handoff-replay-'));
    const path = join(dir, 'rec.trace.jsonl');
    const writer = new TraceFileWriter(path);
    const live = new ScriptedProvider({
      replies: {
        lead: [
          { next: 'a', input: { text: 'one' }, result: null },
          { next: 'fan', input: { text: 'two' }, result: null },
          { next: 'FINISH', input: null, result: { text: 'done' } },
        ],
        a: [{ $error: { status: 503 } }, { text: 'bad', n: 50 }, { text: 'A' }],
        b: [{ text: 'B' }],
      },
    });
    const first = await runWorkflow({ program: P, file: FILE, workflow: 'sup', input: { text: 'q' }, provider: live, processors: [writer], timing: fastTiming(), concurrency: 1 });
    await writer.shutdown();
    assert.equal(first.status, 'ok');
    const recorded = parseTrace(readFileSync(path, 'utf8')).records;

    const replay = ReplayProvider.fromFile(path);
    const mem = new MemoryTraceProcessor();
    const timing = fastTiming();
    const second = await runWorkflow({ program: P, file: FILE, workflow: 'sup', input: { text: 'q' }, provider: replay, processors: [mem], timing, concurrency: 1 });
    assert.equal(second.status, 'ok');
    assert.deepEqual(second.output, first.output);
    assert.equal(replay.calls.length, live.calls.length);
    assert.deepEqual(timing.slept, [], 'a replayed fault does not wait');
    assert.deepEqual(shape(mem.records).sort(), shape(recorded).sort());
    assert.deepEqual(shape(mem.records), shape(recorded), 'the same sequence');
  });

  it('replays the token usage a call recorded, and invents none for a call that recorded none', async () => {
    const llm = (id: string, agent: string, usage: Record<string, number>): TraceRecord[] => [
      { type: 'span', phase: 'start', spanId: `g${id}`, kind: 'agent', name: agent, start: 0, attributes: { 'handoff.agent': agent, 'handoff.input': { text: 'q' } } },
      { type: 'span', phase: 'start', spanId: id, parentId: `g${id}`, kind: 'llm', name: 'm', start: 0, attributes: { 'handoff.agent': agent, 'handoff.attempt': 0 } },
      { type: 'span', phase: 'end', spanId: id, end: 1, status: 'ok', attributes: { 'handoff.reply': '{"text":"r"}', ...usage } },
      { type: 'span', phase: 'end', spanId: `g${id}`, end: 1, status: 'ok', attributes: {} },
    ];
    const trace = parseTrace([...llm('1', 'a', { 'gen_ai.usage.input_tokens': 40, 'gen_ai.usage.output_tokens': 7 }), ...llm('2', 'b', {})].map((r) => JSON.stringify(r)).join('\n'));
    const replay = new ReplayProvider(trace);
    const ask = (agent: string) => replay.complete({ agent, input: { text: 'q' }, messages: [], model: 'm', attempt: 0, signal: new AbortController().signal });
    assert.deepEqual((await ask('a')).usage, { inputTokens: 40, outputTokens: 7 });
    const b = await ask('b');
    assert.equal(b.text, '{"text":"r"}');
    assert.equal(b.usage, undefined);
  });

  it('gives up where the recorded run gave up on a Retry-After over the limit (it retried at once instead)', async () => {
    const prog = program(`${BASE}
agents:
  a: { input: Msg, output: Msg, retries: 2, fallback: { text: later } }
`);
    const { first, second, recorded, replayed, slept } = await recordAndReplay(prog, { agent: 'a' }, new ScriptedProvider({ replies: { a: [{ $error: { status: 429, retryAfter: 120 } }] } }));
    assert.deepEqual(first.output, { text: 'later' });
    assert.deepEqual(second.output, first.output);
    assert.deepEqual(replayed, recorded);
    assert.deepEqual(slept, []);
  });

  it('replays a call the recorded run cancelled while it waited (a sibling step failed) as cancelled again', async () => {
    const live = new ScriptedProvider(async (req) => {
      if (req.agent === 'a') await new Promise<void>(() => {}); // waits until the run stops it
      return { $error: { status: 400 } };
    });
    const { first, second, recorded, replayed } = await recordAndReplay(P, { workflow: 'fan' }, live);
    assert.equal(first.status, 'error');
    assert.ok(recorded.some((l) => /^end llm:\S+ cancelled/.test(l)), recorded.join('\n'));
    assert.equal(second.status, first.status);
    assert.equal(second.error?.kind, first.error?.kind);
    assert.deepEqual([...replayed].sort(), [...recorded].sort());
  });

  it('fails clearly, naming the agent, when a call has no recorded answer', async () => {
    const replay = new ReplayProvider(parseTrace(''));
    const r = await runWorkflow({ program: P, file: FILE, agent: 'a', input: { text: 'q' }, provider: replay });
    assert.equal(r.status, 'error');
    assert.equal(r.error?.kind, 'no_reply');
    assert.match(r.error!.message, /agent 'a'/);
    assert.equal(replay.calls.length, 1);
  });

  it('fails, not falls back, when an agent with a fallback has no recorded answer (a replay must not end ok on made-up values)', async () => {
    const withFallback = program(`${BASE}
agents:
  a: { input: Msg, output: Msg, fallback: { text: made up } }
`);
    for (const provider of [new ReplayProvider(parseTrace('')), new ScriptedProvider({ replies: {} })]) {
      const mem = new MemoryTraceProcessor();
      const r = await runWorkflow({ program: withFallback, file: FILE, agent: 'a', input: { text: 'q' }, provider, processors: [mem] });
      assert.equal(r.status, 'error', provider.name);
      assert.equal(r.error?.kind, 'no_reply');
      assert.match(r.error!.message, /agent 'a'/);
      assert.ok(!mem.records.some((x) => x.type === 'event' && x.name === 'fallback'), 'no fallback event');
    }
    // A model that fails still falls back.
    const failing = new ScriptedProvider({ replies: { a: [{ $error: { status: 500 } }] } });
    const ok = await runWorkflow({ program: withFallback, file: FILE, agent: 'a', input: { text: 'q' }, provider: failing, timing: fastTiming() });
    assert.equal(ok.status, 'ok');
    assert.deepEqual(ok.output, { text: 'made up' });
  });
});
