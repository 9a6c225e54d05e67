// Prompts in the trace: a span that continues a conversation records only what it adds,
// and resolving it gives back exactly the messages the model received.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { runWorkflow } from '../../../src/core/engine';
import { ScriptedProvider } from '../../../src/core/providers/scripted';
import { PROMPT, PROMPT_PREFIX_LENGTH, PROMPT_PREFIX_SPAN, resolvePrompt } from '../../../src/core/tracing/prompt';
import { parseTrace } from '../../../src/core/tracing/reader';
import type { Attributes, SpanStartRecord, TraceRecord } from '../../../src/core/tracing/records';
import { TraceFileWriter } from '../../../src/core/tracing/writer';
import { BASE, FILE, fastTiming, program, record } from '../../support/engine';

const P = program(`${BASE}
agents:
  a: { input: Msg, output: Msg, retries: 1 }
  lead: { input: Msg, instructions: "route {{text}}", retries: 1 }
  polished: { input: Msg, output: Msg, retries: 1, reflect: { critic: judge, rounds: 2 } }
  judge: { input: Msg, instructions: review }
workflows:
  sup:
    pattern: supervisor
    input: Msg
    output: Msg
    supervisor: lead
    workers: [a]
    max_turns: 50
`);
const IN = { text: 'in' };

function llmStarts(records: TraceRecord[]): SpanStartRecord[] {
  return records.filter((r): r is SpanStartRecord => r.type === 'span' && r.phase === 'start' && r.kind === 'llm');
}

function lookup(records: TraceRecord[]): (id: string) => Attributes | undefined {
  const byId = new Map(llmStarts(records).map((r) => [r.spanId, r.attributes]));
  return (id) => byId.get(id);
}

/** Every llm span, resolved, equals the messages its call sent (calls and spans in the same order per agent). */
function assertResolvesToCalls(records: TraceRecord[], p: ScriptedProvider): void {
  const get = lookup(records);
  const seen = new Map<string, number>();
  const starts = llmStarts(records);
  assert.equal(starts.length, p.calls.length, 'one llm span a call');
  for (const s of starts) {
    const agent = s.attributes['handoff.agent'] as string;
    const i = seen.get(agent) ?? 0;
    seen.set(agent, i + 1);
    const resolved = resolvePrompt(s.spanId, get);
    assert.ok(resolved, `span ${s.spanId} has a prompt`);
    assert.equal(resolved.missing, 0);
    assert.deepEqual(resolved.messages, p.callsFor(agent)[i]!.messages, `${agent} call ${i}`);
  }
}

const route = (text: string) => ({ next: 'a', input: { text }, result: null });
const finish = { next: 'FINISH', input: null, result: { text: 'done' } };

describe('prompts in the trace', () => {
  it('records each supervisor turn as what it adds to the conversation, and resolves to what the model received', async () => {
    const turns = 30;
    const lead = [...Array.from({ length: turns }, (_, i) => route(`t${i}`)), finish];
    // Turn 3's first reply breaks the route contract: a repair attempt in the middle.
    lead.splice(2, 0, { next: 'nobody', input: null, result: null } as never);
    const p = new ScriptedProvider({ replies: { lead, a: [{ text: 'A' }] } });
    const { result, records } = await record(P, p, { workflow: 'sup', input: IN });
    assert.equal(result.status, 'ok', result.error?.message);
    assertResolvesToCalls(records, p);
    const router = llmStarts(records).filter((s) => s.attributes['handoff.agent'] === 'lead');
    assert.equal(router.length, turns + 2);
    assert.equal(router[0]!.attributes[PROMPT_PREFIX_SPAN], undefined, 'the first turn records its whole prompt');
    for (const s of router.slice(1)) {
      assert.equal(typeof s.attributes[PROMPT_PREFIX_SPAN], 'string');
      assert.ok((s.attributes[PROMPT] as unknown[]).length <= 2, `turn span ${s.spanId} adds at most two messages`);
    }
    // Linear, not quadratic: the last turn's full prompt is 2 + 30 messages (one a turn), recorded once in pieces.
    const recorded = router.reduce((n, s) => n + (s.attributes[PROMPT] as unknown[]).length, 0);
    assert.ok(recorded < 3 * (turns + 2), `recorded ${recorded} messages in all`);
    assert.equal(resolvePrompt(router.at(-1)!.spanId, lookup(records))!.messages.length, 2 + turns);
  });

  it('records a repair and the reflection rounds as continuations of the first attempt', async () => {
    const p = new ScriptedProvider({
      replies: {
        polished: [{ $text: '{"text": 1}' }, { text: 'draft' }, { text: 'better' }],
        judge: [{ approved: false, feedback: 'more' }, { approved: true, feedback: 'ok' }],
      },
    });
    const { result, records } = await record(P, p, { agent: 'polished', input: IN });
    assert.deepEqual(result.output, { text: 'better' });
    assertResolvesToCalls(records, p);
    const polished = llmStarts(records).filter((s) => s.attributes['handoff.agent'] === 'polished');
    assert.equal(polished.length, 3);
    assert.equal(polished[1]!.attributes[PROMPT_PREFIX_LENGTH], 2, 'the repair continues the first attempt');
    assert.equal(polished[2]!.attributes[PROMPT_PREFIX_LENGTH], 4, 'the round continues the repair');
  });

  it('resolves the same from the trace file as from the live records', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'handoff-prompt-'));
    const path = join(dir, 'run.trace.jsonl');
    const writer = new TraceFileWriter(path);
    const p = new ScriptedProvider({ replies: { lead: [route('x'), route('y'), finish], a: [{ text: 'A' }] } });
    const r = await runWorkflow({ program: P, file: FILE, workflow: 'sup', input: IN, provider: p, processors: [writer], timing: fastTiming() });
    await writer.shutdown();
    assert.equal(r.status, 'ok');
    const t = parseTrace(readFileSync(path, 'utf8'));
    assertResolvesToCalls(t.records, p);
  });

  it('says how many messages are missing when the span they were on is not in the trace, and survives loops', () => {
    const spans = new Map<string, Attributes>([
      ['1', { [PROMPT]: [{ role: 'system', content: 's' }, { role: 'user', content: 'u' }] }],
      ['2', { [PROMPT]: [{ role: 'user', content: 'more' }], [PROMPT_PREFIX_SPAN]: '1', [PROMPT_PREFIX_LENGTH]: 2 }],
      ['3', { [PROMPT]: [{ role: 'user', content: 'x' }], [PROMPT_PREFIX_SPAN]: 'gone', [PROMPT_PREFIX_LENGTH]: 5 }],
      ['4', { [PROMPT]: [{ role: 'user', content: 'y' }], [PROMPT_PREFIX_SPAN]: '3', [PROMPT_PREFIX_LENGTH]: 3 }],
      ['5', { [PROMPT]: [], [PROMPT_PREFIX_SPAN]: '6', [PROMPT_PREFIX_LENGTH]: 1 }],
      ['6', { [PROMPT]: [{ role: 'user', content: 'z' }], [PROMPT_PREFIX_SPAN]: '5', [PROMPT_PREFIX_LENGTH]: 1 }],
      ['7', { [PROMPT]: 'not an array', [PROMPT_PREFIX_SPAN]: '1', [PROMPT_PREFIX_LENGTH]: 1.5 }],
      ['8', { [PROMPT]: [{ role: 'user', content: 'w' }], [PROMPT_PREFIX_SPAN]: '1', [PROMPT_PREFIX_LENGTH]: 99 }],
      ['9', { other: 1 }],
    ]);
    const get = (id: string) => spans.get(id);
    assert.deepEqual(resolvePrompt('2', get), { messages: [{ role: 'system', content: 's' }, { role: 'user', content: 'u' }, { role: 'user', content: 'more' }], missing: 0 });
    assert.deepEqual(resolvePrompt('3', get), { messages: [{ role: 'user', content: 'x' }], missing: 5 });
    assert.deepEqual(resolvePrompt('4', get), { messages: [{ role: 'user', content: 'y' }], missing: 3 }, 'the three come from before the lost span');
    const loop = resolvePrompt('5', get)!;
    assert.equal(loop.messages.length + loop.missing, 1, 'a loop is cut, not followed forever');
    assert.deepEqual(resolvePrompt('7', get), { messages: [], missing: 0 }, 'a bad length is no prefix');
    assert.equal(resolvePrompt('8', get)!.messages.length, 3, 'a prefix longer than the earlier prompt keeps what there is');
    assert.equal(resolvePrompt('9', get), undefined);
    assert.equal(resolvePrompt('nope', get), undefined);
  });
});
