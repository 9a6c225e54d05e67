/**
 * Every provider fault × {single agent, chain, fan-out, supervisor}, through the real
 * OpenAI provider against a real HTTP server: exactly one recorded terminal state within
 * the deadline, every started span ended, no unhandled rejection, and non-retryable
 * errors send exactly one request.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { OpenAIProvider } from '../../../src/core/providers/openai';
import { startFakeOpenAI, type Behaviour, type FakeOpenAI } from '../../support/fake-openai';
import { BASE, FILE, fastTiming, program, record, spans } from '../../support/engine';

const P = program(`${BASE}
agents:
  a: { input: Msg, output: Msg, retries: 1 }
  b: { input: Msg, output: Msg, retries: 1 }
  c: { input: Msg, output: Msg, retries: 1 }
  lead: { input: Msg, retries: 1 }
workflows:
  chain:
    input: Msg
    output: Msg
    steps:
      s1: { agent: a, input: $input }
      s2: { agent: b, input: $steps.s1.output }
  fan:
    input: Msg
    output: Msg
    steps:
      x: { agent: a, input: $input }
      y: { agent: b, input: $input }
      z: { agent: c, input: { text: $steps.x.output.text }, after: [y] }
  sup:
    pattern: supervisor
    input: Msg
    output: Msg
    supervisor: lead
    workers: [a]
`);

const FAULTS: { name: string; b: () => Behaviour; kind: string; retryable: boolean }[] = [
  { name: '429 Retry-After seconds', b: () => ({ status: 429, retryAfter: '1' }), kind: 'rate_limit', retryable: true },
  { name: '429 Retry-After HTTP date', b: () => ({ status: 429, retryAfter: new Date(Date.now() + 3000).toUTCString() }), kind: 'rate_limit', retryable: true },
  { name: '500', b: () => ({ status: 500 }), kind: 'server', retryable: true },
  { name: '502', b: () => ({ status: 502 }), kind: 'server', retryable: true },
  { name: '503', b: () => ({ status: 503 }), kind: 'server', retryable: true },
  { name: '400', b: () => ({ status: 400 }), kind: 'client', retryable: false },
  { name: '401', b: () => ({ status: 401 }), kind: 'auth', retryable: false },
  { name: 'malformed body', b: () => ({ malformed: true }), kind: 'server', retryable: true },
  { name: 'reply breaks the contract', b: () => ({ reply: { wrong: true } }), kind: 'contract', retryable: true },
  { name: 'reply is not JSON', b: () => ({ text: 'Sure! Here you go: {' }), kind: 'contract', retryable: true },
  { name: 'truncated (length)', b: () => ({ text: '{"text": "aaa', finish: 'length' }), kind: 'truncated', retryable: true },
  { name: 'refusal', b: () => ({ refusal: 'I cannot help with that.' }), kind: 'refusal', retryable: true },
  { name: 'stall', b: () => ({ stall: true }), kind: 'timeout', retryable: true },
  { name: 'reset connection', b: () => ({ reset: true }), kind: 'connection', retryable: true },
];

const SHAPES: { name: string; run: { workflow?: string; agent?: string } }[] = [
  { name: 'single agent', run: { agent: 'a' } },
  { name: 'chain', run: { workflow: 'chain' } },
  { name: 'fan-out', run: { workflow: 'fan' } },
  { name: 'supervisor', run: { workflow: 'sup' } },
];

const DEADLINE_MS = 5000;

function within<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let t: NodeJS.Timeout;
  return Promise.race([p, new Promise<T>((_r, reject) => (t = setTimeout(() => reject(new Error(`${what}: no terminal state within ${ms} ms`)), ms)))]).finally(() => clearTimeout(t));
}

describe('provider faults end in exactly one terminal state', () => {
  const unhandled: unknown[] = [];
  const onUnhandled = (e: unknown) => unhandled.push(e);
  let srv: FakeOpenAI;
  before(async () => {
    process.on('unhandledRejection', onUnhandled);
    srv = await startFakeOpenAI();
  });
  after(async () => {
    await srv.close();
    process.off('unhandledRejection', onUnhandled);
    assert.deepEqual(unhandled, [], 'no unhandled rejection');
  });

  for (const stream of [false, true]) {
    for (const fault of FAULTS) {
      for (const shape of SHAPES) {
        it(`${fault.name} × ${shape.name}${stream ? ' (streaming)' : ''}`, async () => {
          const fake = await startFakeOpenAI([fault.b()]);
          try {
            const provider = new OpenAIProvider({ apiKey: 'sk-test-secret-key-123456', baseURL: fake.url, stream });
            // A short attempt limit only where the server stalls, so a loaded machine does not flake.
            const timing = Object.assign(fastTiming(), { attemptTimeoutMs: fault.name === 'stall' ? 300 : 20_000 });
            const { result, records } = await within(record(P, provider, { ...shape.run, input: { text: 'hi' }, timing }), DEADLINE_MS, fault.name);
            assert.equal(result.status, 'error');
            assert.equal(result.error?.kind, fault.kind, result.error?.message);
            if (!fault.retryable && shape.name !== 'fan-out') assert.equal(fake.requests.length, 1, 'one request for a non-retryable error');
            if (!fault.retryable && shape.name === 'fan-out') assert.ok(fake.requests.length <= 2);
            if (fault.retryable && shape.name === 'single agent') assert.equal(fake.requests.length, 2, 'retries: 1 → two attempts');
            if (fault.name.startsWith('429') && shape.name === 'single agent') {
              assert.equal(timing.slept.length, 1);
              assert.ok(timing.slept[0]! >= 1000 && timing.slept[0]! <= 3000, `honours Retry-After: ${timing.slept[0]}`);
            }
            assert.ok(spans(records, 'llm').length >= 1);
            assert.ok(!JSON.stringify(records).includes('sk-test-secret-key-123456'), 'the key is never recorded');
            assert.equal(fake.requests[0]!.headers['authorization'], 'Bearer sk-test-secret-key-123456');
          } finally {
            await fake.close();
          }
        });
      }
    }
  }

  it('recovers from each retryable fault when the next attempt succeeds', async () => {
    for (const fault of FAULTS.filter((f) => f.retryable)) {
      const fake = await startFakeOpenAI([fault.b(), { reply: { text: 'fine' } }]);
      try {
        const provider = new OpenAIProvider({ apiKey: 'k', baseURL: fake.url });
        const timing = Object.assign(fastTiming(), { attemptTimeoutMs: fault.name === 'stall' ? 300 : 20_000 });
        const { result } = await record(P, provider, { agent: 'a', input: { text: 'hi' }, timing });
        assert.equal(result.status, 'ok', `${fault.name}: ${result.error?.message}`);
        assert.deepEqual(result.output, { text: 'fine' });
        assert.equal(fake.requests.length, 2);
      } finally {
        await fake.close();
      }
    }
  });

  it('sends the contract as response_format json_schema, strict when the contract allows, with maxRetries off', async () => {
    const fake = await startFakeOpenAI([{ reply: { text: 'x' } }]);
    try {
      await record(P, new OpenAIProvider({ apiKey: 'k', baseURL: fake.url }), { agent: 'a', input: { text: 'hi' } });
      const body = fake.requests[0]!.body;
      const rf = body['response_format'] as { type: string; json_schema: { name: string; strict: boolean; schema: unknown } };
      assert.equal(rf.type, 'json_schema');
      assert.equal(rf.json_schema.name, 'Msg');
      assert.equal(rf.json_schema.strict, P.contract('Msg', FILE)!.strictCompatible, 'strict exactly when the checker says the contract allows it');
      assert.equal(rf.json_schema.strict, false, 'Msg has an optional field, which strict mode cannot express');
      assert.equal(body['model'], 'test-model');
    } finally {
      await fake.close();
    }
  });
});
