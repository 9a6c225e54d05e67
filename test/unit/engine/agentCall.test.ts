import assert from 'node:assert/strict';
import { getEventListeners } from 'node:events';
import { describe, it } from 'node:test';
import { AttemptRequest } from '../../../src/core/engine/attempts';
import { ScriptedProvider } from '../../../src/core/providers/scripted';
import { ProviderError, type ModelProvider } from '../../../src/core/providers/types';
import { BASE, endOf, fastTiming, program, record, runEnd, spans } from '../../support/engine';

const P = program(`${BASE}
agents:
  echo:
    input: Msg
    output: Msg
    instructions: "Say {{text}} back. Count: {{n}}"
    retries: 2
  safe:
    input: Msg
    output: Msg
    retries: 1
    fallback: { text: fallback }
  once:
    input: Msg
    output: Msg
    retries: 0
  polished:
    input: Msg
    output: Msg
    reflect: { critic: judge, rounds: 2 }
  guarded:
    input: Msg
    output: Msg
    reflect: { critic: judge }
    fallback: { text: fallback }
  judge:
    input: Msg
    instructions: review
`);
const IN = { text: 'hi', n: 1 };

describe('an agent call', () => {
  it('renders the instructions from the input and asks for the output contract', async () => {
    const p = new ScriptedProvider({ replies: { echo: [{ text: 'hi' }] } });
    const { result, records } = await record(P, p, { agent: 'echo', input: IN });
    assert.equal(result.status, 'ok');
    assert.deepEqual(result.output, { text: 'hi' });
    const req = p.calls[0]!;
    assert.equal(req.messages[0]!.content, 'Say hi back. Count: 1');
    assert.deepEqual(JSON.parse(req.messages[1]!.content), IN);
    assert.equal(req.responseSchema?.name, 'Msg');
    assert.equal(req.model, 'test-model');
    const llm = spans(records, 'llm')[0]!;
    assert.equal(llm.attributes['handoff.attempt'], 0);
    assert.equal(llm.attributes['handoff.agent'], 'echo');
    assert.deepEqual(llm.attributes['handoff.prompt'], req.messages);
    assert.equal(endOf(records, llm.spanId).attributes['handoff.reply'], '{"text":"hi"}');
    const agent = spans(records, 'agent')[0]!;
    assert.equal(agent.attributes['handoff.contract'], 'Msg@1');
  });

  it('takes a reply nested thousands of levels deep as a violation to repair, not a crash', async () => {
    // Deep enough to exhaust the stack of recursive code (serialising, validating); the run
    // asks again and takes the next reply, and the trace stays whole.
    const deep = `${'['.repeat(20_000)}${']'.repeat(20_000)}`;
    const p = new ScriptedProvider({ replies: { echo: [{ $text: `{"text":"x","deep":${deep}}` }, { text: 'ok' }] } });
    const { result, records } = await record(P, p, { agent: 'echo', input: IN });
    assert.equal(result.status, 'ok', JSON.stringify(result.error));
    assert.deepEqual(result.output, { text: 'ok' });
    const violation = records.find((r) => r.type === 'event' && r.name === 'contract.violation');
    assert.equal(violation?.type === 'event' && violation.attributes['message'], 'the reply nests more than 256 levels deep');
    assert.equal(p.calls.length, 2);
  });

  it('takes a number too large for JSON as a violation (it would be written as null), in a reply and in the input', async () => {
    const N = program(`${BASE}
  Num:
    version: 1
    schema: { type: object, properties: { x: { type: number, maximum: 10 }, any: {} } }
agents:
  num: { input: Num, output: Num, retries: 1 }
`);
    const p = new ScriptedProvider({ replies: { num: [{ $text: '{"x": -1e999, "any": [2e400]}' }, { $text: '{"x": 1.5e3}' }] } });
    const { result, records } = await record(N, p, { agent: 'num', input: { x: 1 } });
    assert.equal(result.status, 'error', 'the second reply breaks maximum');
    const violations = records.filter((r) => r.type === 'event' && r.name === 'contract.violation').map((r) => (r.type === 'event' ? `${String(r.attributes['path'])}: ${String(r.attributes['message'])}` : ''));
    assert.deepEqual(violations.slice(0, 2), ['/x: is a number too large for JSON (it would be written as null)', '/x: must be number']);
    assert.equal(violations.length, 3);
    const input = await record(N, new ScriptedProvider({ replies: { num: [{ x: 1 }] } }), { agent: 'num', input: { x: Number.NEGATIVE_INFINITY } });
    assert.equal(input.result.error?.kind, 'input', 'ajv strictNumbers: -Infinity is no number of a contract');
  });

  it('validates a recursive contract (a $ref to its own root) in the input and the reply, as a violation to repair', async () => {
    const T = program(`${BASE}
  Tree:
    version: 1
    schema:
      type: object
      required: [name, children]
      properties:
        name: { type: string }
        children: { type: array, items: { $ref: "#" } }
agents:
  tree: { input: Tree, output: Tree, retries: 1 }
`);
    assert.deepEqual(T.diagnostics.filter((d) => d.severity === 'error'), []);
    const p = new ScriptedProvider({ replies: { tree: [{ name: 'r', children: [{ name: 'a', children: [{ name: 7, children: [] }] }] }, { name: 'r', children: [{ name: 'a', children: [] }] }] } });
    const { result, records } = await record(T, p, { agent: 'tree', input: { name: 'in', children: [{ name: 'x', children: [] }] } });
    assert.equal(result.status, 'ok', JSON.stringify(result.error));
    assert.deepEqual(result.output, { name: 'r', children: [{ name: 'a', children: [] }] });
    const violation = records.find((r) => r.type === 'event' && r.name === 'contract.violation');
    assert.equal(violation?.type === 'event' && violation.attributes['path'], '/children/0/children/0/name', 'the nested child breaks the contract');
    const bad = await record(T, new ScriptedProvider({ replies: { tree: [{ name: 'r', children: [] }] } }), { agent: 'tree', input: { name: 'in', children: [{ children: [] }] } });
    assert.equal(bad.result.error?.kind, 'input');
  });

  it('repairs a violation by asking again with the errors, and marks the agent repaired', async () => {
    const p = new ScriptedProvider({ replies: { echo: [{ text: 'x', n: 99 }, { text: 'x', n: 9 }] } });
    const { result, records } = await record(P, p, { agent: 'echo', input: IN });
    assert.equal(result.status, 'ok');
    assert.equal(p.calls.length, 2);
    const repairMsg = p.calls[1]!.messages.at(-1)!.content;
    assert.match(repairMsg, /at \/n: must be <= 10/);
    const violation = records.find((r) => r.type === 'event' && r.name === 'contract.violation');
    assert.ok(violation && violation.type === 'event');
    assert.deepEqual(
      { ...violation.attributes },
      { contract: 'Msg', version: 1, path: '/n', message: 'must be <= 10', value: 99 },
    );
    const agent = spans(records, 'agent')[0]!;
    assert.equal(endOf(records, agent.spanId).attributes['handoff.repaired'], true);
    const llms = spans(records, 'llm');
    assert.deepEqual(llms.map((s) => s.attributes['handoff.attempt']), [0, 1]);
    assert.equal(endOf(records, llms[0]!.spanId).error?.kind, 'contract');
  });

  it('reports a reply that is not JSON as a violation at the root', async () => {
    const p = new ScriptedProvider({ replies: { once: [{ $text: 'not json {' }] } });
    const { result } = await record(P, p, { agent: 'once', input: IN });
    assert.equal(result.status, 'error');
    assert.equal(result.error?.kind, 'contract');
    assert.match(result.error!.message, /not JSON/);
  });

  it('reports finish_reason length as truncated, not as a schema error', async () => {
    const p = new ScriptedProvider({ replies: { once: [{ $text: '{"text": "cut', $finish: 'length' }] } });
    const { result, records } = await record(P, p, { agent: 'once', input: IN });
    assert.equal(result.error?.kind, 'truncated');
    assert.equal(records.filter((r) => r.type === 'event' && r.name === 'contract.violation').length, 0);
  });

  it('retries a refusal and reports it when attempts run out', async () => {
    const p = new ScriptedProvider({ replies: { echo: [{ $refusal: 'no' }] } });
    const { result } = await record(P, p, { agent: 'echo', input: IN });
    assert.equal(result.error?.kind, 'refusal');
    assert.equal(p.calls.length, 3);
  });

  it('retries server errors with full-jitter backoff, honouring Retry-After', async () => {
    const timing = fastTiming();
    const p = new ScriptedProvider({ replies: { echo: [{ $error: { status: 503 } }, { $error: { status: 429, retryAfter: 7 } }, { text: 'ok' }] } });
    const { result } = await record(P, p, { agent: 'echo', input: IN, timing });
    assert.equal(result.status, 'ok');
    assert.deepEqual(timing.slept, [50, 7000]); // random 0.5 × base 100; then Retry-After 7 s
  });

  it('fails at once on a Retry-After over the 60 s limit, saying why', async () => {
    const p = new ScriptedProvider({ replies: { echo: [{ $error: { status: 429, retryAfter: 120 } }, { text: 'never' }] } });
    const { result } = await record(P, p, { agent: 'echo', input: IN });
    assert.equal(result.error?.kind, 'rate_limit');
    assert.match(result.error!.message, /retry after 120 s, more than the 60 s limit/);
    assert.equal(p.calls.length, 1);
  });

  it('does not retry other 4xx: exactly one request', async () => {
    for (const status of [400, 401, 404]) {
      const p = new ScriptedProvider({ replies: { echo: [{ $error: { status } }, { text: 'never' }] } });
      const { result } = await record(P, p, { agent: 'echo', input: IN });
      assert.equal(p.calls.length, 1, `status ${status}`);
      assert.equal(result.error?.kind, status === 401 ? 'auth' : 'client');
    }
  });

  it('uses the fallback when attempts run out, and says so on the agent span', async () => {
    const p = new ScriptedProvider({ replies: { safe: [{ $error: { status: 500 } }] } });
    const { result, records } = await record(P, p, { agent: 'safe', input: IN });
    assert.equal(result.status, 'ok');
    assert.deepEqual(result.output, { text: 'fallback' });
    assert.equal(p.calls.length, 2);
    const agent = spans(records, 'agent')[0]!;
    assert.equal(endOf(records, agent.spanId).attributes['handoff.fallback'], true);
  });

  it('checks the input against the input contract before calling the model', async () => {
    const p = new ScriptedProvider({ replies: { echo: [{ text: 'x' }] } });
    const { result, records } = await record(P, p, { agent: 'echo', input: { text: 1 } });
    assert.equal(result.error?.kind, 'input');
    assert.equal(p.calls.length, 0);
    assert.ok(records.some((r) => r.type === 'event' && r.name === 'contract.violation' && r.attributes['path'] === '/text'));
  });

  it('times out a slow attempt per the agent timeout and retries it', async () => {
    const P2 = program(`${BASE}
agents:
  slow: { input: Msg, output: Msg, timeout: 30ms, retries: 1 }
`);
    let n = 0;
    const p = new ScriptedProvider((req) => {
      if (n++ === 0) return new Promise((_r, reject) => req.signal.addEventListener('abort', () => reject(new Error('aborted'))));
      return { text: 'second' };
    });
    const { result, records } = await record(P2, p, { agent: 'slow', input: IN });
    assert.equal(result.status, 'ok');
    const first = spans(records, 'llm')[0]!;
    assert.equal(endOf(records, first.spanId).error?.kind, 'timeout');
  });

  it("makes an attempt's signal only when the provider reads it, counting the time limit from the attempt's start", async () => {
    const P2 = program(`${BASE}
agents:
  slow: { input: Msg, output: Msg, timeout: 5ms, retries: 1 }
`);
    const timers = () => process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
    const seen: { timersBefore: number; timersAfter: number; aborted: boolean }[] = [];
    const provider: ModelProvider = {
      name: 'late-reader',
      async complete(req) {
        const timersBefore = timers();
        if (req.attempt === 0) {
          const t0 = performance.now();
          while (performance.now() - t0 < 20); // busy past the 5 ms limit before reading the signal
        }
        const aborted = req.signal.aborted;
        seen.push({ timersBefore, timersAfter: timers(), aborted });
        if (aborted) throw new ProviderError('cancelled', 'aborted');
        return { text: '{"text":"late"}', finishReason: 'stop', model: 'm' };
      },
    };
    const { result, records } = await record(P2, provider, { agent: 'slow', input: IN });
    assert.equal(result.status, 'ok');
    // Attempt 0 read the signal after its time had run out: aborted at once, as a timeout, and no timer was set for it.
    assert.equal(seen[0]!.aborted, true);
    assert.equal(seen[0]!.timersAfter, seen[0]!.timersBefore);
    assert.equal(endOf(records, spans(records, 'llm')[0]!.spanId).error?.kind, 'timeout');
    // Attempt 1 read it in time: one timer for its limit from then on, cleared when the attempt ended.
    assert.equal(seen[1]!.aborted, false);
    assert.equal(seen[1]!.timersAfter, seen[1]!.timersBefore + 1);
    assert.equal(timers(), seen[1]!.timersBefore);
  });

  it("links an attempt's signal to the run's only once read, and unlinks it when the attempt ends", () => {
    const run = new AbortController();
    const make = () => new AttemptRequest(run.signal, [], 'm', 'a', {}, 0, 60_000, {});
    const unread = make();
    assert.equal(getEventListeners(run.signal, 'abort').length, 0);
    unread.dispose();
    const read = make();
    const signal = read.signal;
    assert.equal(read.signal, signal, 'one signal per attempt');
    assert.equal(getEventListeners(run.signal, 'abort').length, 1);
    read.dispose();
    assert.equal(getEventListeners(run.signal, 'abort').length, 0);
    const live = make();
    const liveSignal = live.signal;
    run.abort();
    assert.equal(liveSignal.aborted, true);
    assert.equal(live.timedOut, false, 'cancelled, not timed out');
    live.dispose();
    const late = make();
    assert.equal(late.signal.aborted, true, 'read after the run was cancelled: aborted at once');
    assert.equal(late.timedOut, false);
    const run2 = new AbortController();
    const ended = new AttemptRequest(run2.signal, [], 'm', 'a', {}, 0, 60_000, {});
    ended.dispose();
    const timers = process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
    assert.equal(ended.signal.aborted, true, 'read after the attempt ended: aborted, the attempt is over');
    assert.equal(getEventListeners(run2.signal, 'abort').length, 0, 'and nothing left listening');
    assert.equal(process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length, timers, 'nor a timer');
  });

  it('runs the critic loop: at most `rounds` rounds, each traced, feedback in the conversation', async () => {
    const p = new ScriptedProvider({
      replies: {
        polished: [{ text: 'draft' }, { text: 'better' }, { text: 'best' }],
        judge: [{ approved: false, feedback: 'more' }, { approved: false, feedback: 'still more' }],
      },
    });
    const { result, records } = await record(P, p, { agent: 'polished', input: IN });
    assert.deepEqual(result.output, { text: 'best' });
    assert.equal(p.callsFor('judge').length, 2);
    const rounds = records.filter((r) => r.type === 'event' && r.name === 'reflection.round');
    assert.equal(rounds.length, 2);
    assert.match(p.callsFor('polished')[1]!.messages.at(-1)!.content, /more/);
    assert.deepEqual(p.callsFor('judge')[0]!.input, { text: 'draft' });
    // The last answer was asked for after the last round: the span says it was never approved.
    const agent = spans(records, 'agent').find((s) => s.name === 'polished')!;
    assert.equal(endOf(records, agent.spanId).attributes['handoff.reflection.approved'], false);
  });

  it('fails with the critic\'s error when the critic fails: the agent\'s fallback stands in for its own model, not the critic', async () => {
    const p = new ScriptedProvider({ replies: { guarded: [{ text: 'good' }], judge: [{ $error: { status: 400 } }] } });
    const { result, records } = await record(P, p, { agent: 'guarded', input: IN });
    assert.equal(result.status, 'error');
    assert.match(result.error!.message, /judge/);
    assert.equal(records.some((r) => r.type === 'event' && r.name === 'fallback'), false, 'no fallback taken');
  });

  it('stops the critic loop when the critic approves', async () => {
    const p = new ScriptedProvider({ replies: { polished: [{ text: 'draft' }], judge: [{ approved: true, feedback: 'fine' }] } });
    const { result, records } = await record(P, p, { agent: 'polished', input: IN });
    assert.deepEqual(result.output, { text: 'draft' });
    assert.equal(p.callsFor('judge').length, 1);
    const agent = spans(records, 'agent').find((s) => s.name === 'polished')!;
    assert.equal(endOf(records, agent.spanId).attributes['handoff.reflection.approved'], undefined, 'approved: nothing to say');
    assert.equal(runEnd((await record(P, p, { agent: 'polished', input: IN })).records).status, 'ok');
  });

  it('names the agent when the script has no reply for it', async () => {
    const p = new ScriptedProvider({ replies: {} });
    const { result } = await record(P, p, { agent: 'echo', input: IN });
    assert.equal(result.error?.kind, 'no_reply');
    assert.match(result.error!.message, /'echo'/);
  });
});
