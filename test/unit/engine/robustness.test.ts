/**
 * Run-time edge cases a second review reproduced: values that break a validator, a provider
 * that says "cancelled" when nothing cancelled the run, keys in a reply's model name,
 * unreadable Retry-After values, inherited names in instructions, a missing input, a long
 * chain written last step first, and a wide semaphore cancelled at once.
 */
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, it } from 'node:test';
import { CancelledError } from '../../../src/core/engine/errors';
import { Semaphore } from '../../../src/core/engine/semaphore';
import { renderTemplate } from '../../../src/core/engine/template';
import { OpenAIProvider } from '../../../src/core/providers/openai';
import { ScriptedProvider } from '../../../src/core/providers/scripted';
import { parseRetryAfter } from '../../../src/core/providers/types';
import { BASE, FILE, program, record, spans } from '../../support/engine';
import { programFrom } from '../../support/program';

describe('run-time edge cases', () => {
  it('a reply that would make validation throw (an own valueOf against an enum of objects) is a violation to repair', async () => {
    const P = program(`
handoff: 1
models:
  default: { model: test-model }
contracts:
  In: { version: 1, schema: { type: object } }
  Out: { version: 1, schema: { type: object, properties: { mode: { enum: [{ kind: fast }, { kind: slow }] } } } }
agents:
  a: { input: In, output: Out, retries: 2 }
`);
    const p = new ScriptedProvider({ replies: { a: [{ mode: { valueOf: 1 } }, { mode: { kind: 'slow' } }] } });
    const { result, records } = await record(P, p, { agent: 'a', input: {} });
    assert.equal(result.status, 'ok', JSON.stringify(result.error));
    assert.deepEqual(result.output, { mode: { kind: 'slow' } });
    assert.equal(p.calls.length, 2);
    const v = records.find((r) => r.type === 'event' && r.name === 'contract.violation');
    assert.equal(v?.type === 'event' && v.attributes['path'], '/mode');
  });

  it('a provider that reports "cancelled" when nothing cancelled the run fails the call: the fallback stands in, a graph fails', async () => {
    const P = program(`${BASE}
agents:
  a: { input: Msg, output: Msg, fallback: { text: fallback } }
  b: { input: Msg, output: Msg }
workflows:
  g:
    input: Msg
    output: Msg
    steps:
      x: { agent: b }
      z: { agent: b, input: $steps.x.output }
    result: $steps.z.output
`);
    const fault = { $error: { status: 499, kind: 'cancelled' } };
    const one = await record(P, new ScriptedProvider({ replies: { a: [fault] } }), { agent: 'a', input: { text: 'hi' } });
    assert.equal(one.result.status, 'ok');
    assert.deepEqual(one.result.output, { text: 'fallback' });
    const graph = await record(P, new ScriptedProvider({ replies: { b: [fault] } }), { workflow: 'g', input: { text: 'hi' } });
    assert.equal(graph.result.status, 'error', 'not ok without step z, not cancelled');
    assert.match(graph.result.error?.message ?? '', /reported the call as cancelled, but nothing cancelled the run/);
  });

  for (const stream of [false, true]) {
    it(`masks the key a server puts in the reply's model name (${stream ? 'streamed' : 'plain'})`, async () => {
      const KEY = 'handoff-test-key-0123456789';
      const P = program(`${BASE}\nagents:\n  a: { input: Msg, output: Msg }\n`);
      const reply = (o: object) => JSON.stringify({ id: 'x', created: 0, model: `echo:${KEY}`, ...o });
      const server = createServer((req, res) => {
        req.resume();
        req.on('end', () => {
          if (!stream) {
            res.writeHead(200, { 'content-type': 'application/json' });
            res.end(reply({ object: 'chat.completion', choices: [{ index: 0, message: { role: 'assistant', content: '{"text":"ok"}', refusal: null }, finish_reason: 'stop' }] }));
          } else {
            res.writeHead(200, { 'content-type': 'text/event-stream' });
            res.write(`data: ${reply({ object: 'chat.completion.chunk', choices: [{ index: 0, delta: { content: '{"text":"ok"}' }, finish_reason: 'stop' }] })}\n\n`);
            res.end('data: [DONE]\n\n');
          }
        });
      });
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
      try {
        const provider = new OpenAIProvider({ apiKey: KEY, baseURL: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`, stream });
        const { result, records } = await record(P, provider, { agent: 'a', input: { text: 'hi' } });
        assert.equal(result.status, 'ok');
        const text = JSON.stringify(records);
        assert.ok(!text.includes(KEY), 'the key is not in the trace');
        assert.match(text, /"gen_ai\.response\.model":"echo:\[redacted\]"/);
      } finally {
        server.closeAllConnections();
        server.close();
      }
    });
  }

  it('reads a Retry-After that is neither seconds nor an HTTP date as none (backoff applies), not as a date long past', () => {
    const h = (v: string) => ({ get: (n: string) => (n === 'retry-after' ? v : null) });
    for (const v of ['-1', '3 4', 'soon 1', '1.5.2', 'Mon, soon']) assert.equal(parseRetryAfter(h(v)), undefined, v);
    const now = Date.parse('2026-01-01T00:00:00Z');
    assert.equal(parseRetryAfter(h('Thu, 01 Jan 2026 00:00:05 GMT'), now), 5000);
    assert.equal(parseRetryAfter(h('Thursday, 01-Jan-26 00:00:05 GMT'), now), 5000, 'the obsolete RFC 850 form');
    assert.equal(parseRetryAfter(h('Wed, 31 Dec 2025 23:00:00 GMT'), now), 0, 'a date past: at once');
  });

  it('renders only the input\'s own fields: {{constructor}} or {{toString}} is nothing', () => {
    assert.equal(renderTemplate('a{{constructor}}b{{toString}}c{{x.hasOwnProperty}}d{{x.y}}', { x: { y: 1 } }), 'abcd1');
  });

  it('sends a missing input ($input.n of an input without n) as JSON null: a message always has content', async () => {
    const P = program(`${BASE}
  Open: { version: 1, schema: { type: object, properties: { n: { type: integer } } } }
agents:
  loose: { output: Msg, instructions: go }
workflows:
  w:
    input: Open
    output: Msg
    steps:
      s: { agent: loose, input: $input.n }
`);
    const p = new ScriptedProvider({ replies: { loose: [{ text: 'ok' }] } });
    const { result } = await record(P, p, { workflow: 'w', input: {} });
    assert.equal(result.status, 'ok', JSON.stringify(result.error));
    assert.deepEqual(p.calls[0]!.messages.map((m) => [m.role, m.content]), [['system', 'go'], ['user', 'null']]);
  });

  it('checks and runs a chain of 5,000 steps written last step first (the recursive walks overflowed the stack)', async () => {
    const n = 5000;
    let y = `${BASE}\nagents:\n  a: { input: Msg, output: Msg }\nworkflows:\n  c:\n    input: Msg\n    output: Msg\n    steps:\n      early: { agent: a, input: $input }\n`;
    for (let i = n - 1; i >= 0; i--) y += `      s${i}: { agent: a, input: ${i === 0 ? '$steps.early.output' : `$steps.s${i - 1}.output`} }\n`;
    y += `    result: $steps.s${n - 1}.output\n`;
    const P = programFrom({ [FILE]: y });
    assert.deepEqual(P.diagnostics.filter((d) => d.severity === 'error').map((d) => d.message), []);
    const p = new ScriptedProvider({ replies: { a: [{ text: 'x' }] } });
    const { result, records } = await record(P, p, { workflow: 'c', input: { text: 'in' } });
    assert.equal(result.status, 'ok', JSON.stringify(result.error));
    assert.equal(p.calls.length, n + 1);
    assert.equal(spans(records, 'step').length, n + 1);
  });

  it('a semaphore serves waiters first come, first served, and a cancelled waiter leaves the queue', async () => {
    const s = new Semaphore(1);
    const release = await s.acquire(new AbortController().signal);
    const order: string[] = [];
    const cancel = new AbortController();
    const waits = ['a', 'b', 'c'].map((name) =>
      s.acquire(name === 'b' ? cancel.signal : new AbortController().signal).then(
        (r) => (order.push(name), r),
        (e: unknown) => void order.push(`${name}:${e instanceof CancelledError ? 'cancelled' : 'error'}`),
      ),
    );
    cancel.abort();
    await waits[1];
    release();
    const a = await waits[0];
    (a as () => void)();
    const c = await waits[2];
    (c as () => void)();
    assert.deepEqual(order, ['b:cancelled', 'a', 'c']);
    const again = await s.acquire(new AbortController().signal); // the permit came back
    again();
  });

  it('a semaphore gives a free slot at once with tryAcquire, none when all are taken, and refuses a cancelled run', async () => {
    const s = new Semaphore(1);
    const run = new AbortController();
    const held = s.tryAcquire(run.signal);
    assert.equal(typeof held, 'function');
    assert.equal(s.tryAcquire(run.signal), undefined, 'taken');
    const waiting = s.acquire(run.signal);
    held!();
    const next = await waiting; // the waiter got it, not a later tryAcquire
    assert.equal(s.tryAcquire(run.signal), undefined);
    next();
    const cancelled = new AbortController();
    cancelled.abort();
    assert.throws(() => s.tryAcquire(cancelled.signal), CancelledError);
    const last = s.tryAcquire(run.signal);
    assert.equal(typeof last, 'function', 'the slot came back');
    last!();
  });
});
