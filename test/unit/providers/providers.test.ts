import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { KeyMasker, OpenAIProvider } from '../../../src/core/providers/openai';
import { containsPartial, loadScript, ScriptedProvider, scriptAgents } from '../../../src/core/providers/scripted';
import { parseRetryAfter, ProviderError, type ModelRequest } from '../../../src/core/providers/types';
import { startFakeOpenAI } from '../../support/fake-openai';

const never = new AbortController().signal;
const req = (over: Partial<ModelRequest> = {}): ModelRequest => ({
  messages: [{ role: 'user', content: 'hi' }],
  model: 'm',
  agent: 'a',
  input: { id: 'T-1', nested: { k: 1 } },
  attempt: 0,
  signal: never,
  ...over,
});
const headers = (h: Record<string, string>) => ({ get: (n: string) => h[n.toLowerCase()] ?? null });

describe('KeyMasker', () => {
  it('masks a key split at any point, and holds back no more than a possible start of it', () => {
    const key = 'sk-abcdefgh12';
    const text = `a ${key} b s${key}sk-abc`;
    for (let cut = 0; cut <= text.length; cut++) {
      for (let cut2 = cut; cut2 <= text.length; cut2 += 3) {
        const m = new KeyMasker(key);
        const out = [m.push(text.slice(0, cut)), m.push(text.slice(cut, cut2)), m.push(text.slice(cut2)), m.end()];
        assert.equal(out.join(''), 'a [redacted] b s[redacted]sk-abc', `cuts ${cut}, ${cut2}`);
        for (const piece of out) assert.ok(!piece.includes('abcdefgh'), piece);
      }
    }
    const m = new KeyMasker(key);
    assert.equal(m.push('hello s'), 'hello ', "'s' may start the key: held");
    assert.equal(m.push('x'), 'sx', 'and passed on once it cannot');
    assert.equal(new KeyMasker('short').push('short'), 'short', 'no key shorter than 8 characters is masked, as in replies');
  });
});

describe('Retry-After', () => {
  it('reads seconds, an HTTP date and retry-after-ms', () => {
    assert.equal(parseRetryAfter(headers({ 'retry-after': '3' })), 3000);
    assert.equal(parseRetryAfter(headers({ 'retry-after-ms': '250' })), 250);
    const now = Date.parse('2026-01-01T00:00:00Z');
    assert.equal(parseRetryAfter(headers({ 'retry-after': 'Thu, 01 Jan 2026 00:00:05 GMT' }), now), 5000);
    assert.equal(parseRetryAfter(headers({ 'retry-after': 'soon' })), undefined);
    assert.equal(parseRetryAfter(headers({})), undefined);
  });
});

describe('the scripted provider', () => {
  it('answers each agent from its list in order, the last repeating', async () => {
    const p = new ScriptedProvider({ replies: { a: [{ n: 1 }, { n: 2 }] } });
    const texts = [];
    for (let i = 0; i < 3; i++) texts.push((await p.complete(req())).text);
    assert.deepEqual(texts, ['{"n":1}', '{"n":2}', '{"n":2}']);
    assert.equal(p.calls.length, 3);
  });

  it('lets match entries take precedence when the input contains the partial input', async () => {
    const p = new ScriptedProvider({ replies: { a: [{ n: 1 }] }, match: [{ agent: 'a', input: { nested: { k: 1 } }, reply: { matched: true } }] });
    assert.equal((await p.complete(req())).text, '{"matched":true}');
    assert.equal((await p.complete(req({ input: { nested: { k: 2 } } }))).text, '{"n":1}');
    assert.ok(containsPartial({ a: [1, 2], b: 1 }, { a: [1, 2] }));
    assert.ok(!containsPartial({ a: [1, 2] }, { a: [1] }));
  });

  it('scripts raw text, truncation, refusals and faults', async () => {
    const p = new ScriptedProvider({
      replies: { a: [{ $text: 'raw' }, { $text: '{"x', $finish: 'length' }, { $refusal: 'no' }, { $error: { status: 429, retryAfter: 2 } }, { $error: { status: 400 } }] },
    });
    const raw = await p.complete(req());
    assert.equal(raw.text, 'raw');
    assert.equal(raw.usage, undefined, 'a script has no tokens to report');
    assert.equal((await p.complete(req())).finishReason, 'length');
    assert.equal((await p.complete(req())).refusal, 'no');
    await assert.rejects(p.complete(req()), (e: ProviderError) => e.kind === 'rate_limit' && e.retryable && e.retryAfterMs === 2000);
    await assert.rejects(p.complete(req()), (e: ProviderError) => e.kind === 'client' && !e.retryable);
  });

  it('reads a script file and says what is wrong with a bad one', () => {
    const dir = mkdtempSync(join(tmpdir(), 'handoff-script-'));
    writeFileSync(join(dir, 'ok.json'), JSON.stringify({ replies: { a: [{}] } }));
    assert.deepEqual(loadScript(join(dir, 'ok.json')).replies, { a: [{}] });
    const bad: [unknown, string][] = [
      [{ replies: { a: {} } }, 'at replies.a: expected a list of replies'],
      [{ replies: [] }, 'at replies: Invalid input: expected record, received array'],
      [{ match: {} }, 'at match: expected a list of { agent, input, reply }'],
      [{ match: [{ agent: 'a', input: {} }] }, 'at match.0: "reply" is missing'],
      [{ match: [{ agent: 'a', reply: 1 }, { agnet: 'a', reply: 1 }] }, 'at match.1: "agent" is missing'],
      [{ match: [{ agent: 'a', reply: 1, inptu: {} }] }, 'at match.0: unknown key "inptu" (an entry has "agent", "input" and "reply")'],
      [{ reply: { a: [1] } }, 'unknown key "reply" (a script has "replies" and "match"; notes go under keys that start with $)'],
      [[1], 'expected an object with "replies" and/or "match"'],
    ];
    for (const [json, message] of bad) {
      const f = join(dir, 'bad.json');
      writeFileSync(f, JSON.stringify(json));
      assert.throws(() => loadScript(f), { message: `script ${f}: ${message}` }, JSON.stringify(json));
    }
    // Notes under $ keys are not the script's business.
    writeFileSync(join(dir, 'noted.json'), JSON.stringify({ $comment: 'x', replies: { a: [1] }, match: [{ $why: 'y', agent: 'a', reply: 2 }] }));
    assert.deepEqual(scriptAgents(loadScript(join(dir, 'noted.json'))), ['a']);
    assert.throws(() => loadScript(join(dir, 'missing.json')), /cannot read script/);
  });
});

describe('the openai provider against a real HTTP server', () => {
  it('returns text, finish reason and usage; streams chunks when asked', async () => {
    const fake = await startFakeOpenAI([{ reply: { ok: true }, usage: { prompt: 12, completion: 3 } }, { reply: { streamed: 'yes, a longer reply' } }]);
    try {
      const p = new OpenAIProvider({ apiKey: 'k', baseURL: fake.url });
      const r = await p.complete(req({ responseSchema: { name: 'Out@1', schema: { type: 'object' }, strict: false } }));
      assert.deepEqual({ text: r.text, finish: r.finishReason, usage: r.usage }, { text: '{"ok":true}', finish: 'stop', usage: { inputTokens: 12, outputTokens: 3 } });
      assert.equal((fake.requests[0]!.body['response_format'] as { json_schema: { name: string } }).json_schema.name, 'Out_1');
      const chunks: string[] = [];
      const s = await p.complete(req({ onChunk: (c) => chunks.push(c) }));
      assert.equal(s.text, '{"streamed":"yes, a longer reply"}');
      assert.ok(chunks.length > 1);
      assert.equal(chunks.join(''), s.text);
      assert.equal(fake.requests[1]!.body['stream'], true);
    } finally {
      await fake.close();
    }
  });

  it('masks the key in streamed chunks before they are passed on, even when it is split over chunks', async () => {
    const KEY = 'gsk_LiveKey0123456789abcdefXYZ';
    const fake = await startFakeOpenAI([{ reply: { echoed: `my key is ${KEY}, again ${KEY}!`, gsk_: 'gsk_Live' } }]);
    try {
      const p = new OpenAIProvider({ apiKey: KEY, baseURL: fake.url });
      const chunks: string[] = [];
      const s = await p.complete(req({ onChunk: (c) => chunks.push(c) }));
      assert.equal(s.text, '{"echoed":"my key is [redacted], again [redacted]!","gsk_":"gsk_Live"}');
      assert.ok(chunks.length > 4);
      assert.equal(chunks.join(''), s.text, 'what was shown adds up to the recorded reply');
      for (const c of chunks) assert.ok(!/gsk_LiveK|0123456789abc/.test(c), c);
    } finally {
      await fake.close();
    }
  });

  it('maps statuses to kinds, reads Retry-After, and sends exactly one request per call (SDK retries off)', async () => {
    const cases: [object, string, boolean, number | undefined][] = [
      [{ status: 429, retryAfter: '4' }, 'rate_limit', true, 4000],
      [{ status: 429, retryAfterMs: '1500' }, 'rate_limit', true, 1500],
      [{ status: 503 }, 'server', true, undefined],
      [{ status: 400 }, 'client', false, undefined],
      [{ status: 401 }, 'auth', false, undefined],
      [{ reset: true }, 'connection', true, undefined],
    ];
    for (const [b, kind, retryable, after] of cases) {
      const fake = await startFakeOpenAI([b as never]);
      try {
        const p = new OpenAIProvider({ apiKey: 'k', baseURL: fake.url });
        await assert.rejects(p.complete(req()), (e: ProviderError) => {
          assert.equal(e.kind, kind);
          assert.equal(e.retryable, retryable);
          assert.equal(e.retryAfterMs, after);
          return true;
        });
        assert.equal(fake.requests.length, 1);
      } finally {
        await fake.close();
      }
    }
  });

  it('aborts a stalled request promptly when the signal fires', async () => {
    const fake = await startFakeOpenAI([{ stall: true }]);
    try {
      const p = new OpenAIProvider({ apiKey: 'k', baseURL: fake.url });
      const ac = new AbortController();
      const pending = p.complete(req({ signal: ac.signal }));
      await fake.waitForRequests(1);
      ac.abort();
      await assert.rejects(pending, (e: ProviderError) => e.kind === 'cancelled');
    } finally {
      await fake.close();
    }
  });

  it('names the server and the reason when it cannot be reached, or is not OpenAI-compatible', async () => {
    const { createServer } = await import('node:http');
    // A port nothing listens on: a server started and closed again.
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const port = (closed.address() as { port: number }).port;
    await new Promise<void>((r) => closed.close(() => r()));
    const gone = new OpenAIProvider({ apiKey: 'k', baseURL: `http://127.0.0.1:${port}/v1` });
    await assert.rejects(gone.complete(req()), (e: ProviderError) => {
      assert.equal(e.kind, 'connection');
      assert.equal(e.message, `connection failed to http://127.0.0.1:${port}/v1: ECONNREFUSED`);
      return true;
    });
    // A web page answers 200: a server error that says what came, not a TypeError.
    const page = createServer((_q, r) => {
      r.setHeader('content-type', 'text/html');
      r.end('<html><body>hello</body></html>');
    });
    await new Promise<void>((r) => page.listen(0, '127.0.0.1', r));
    try {
      const url = `http://127.0.0.1:${(page.address() as { port: number }).port}/v1`;
      await assert.rejects(new OpenAIProvider({ apiKey: 'k', baseURL: url }).complete(req()), (e: ProviderError) => {
        assert.equal(e.kind, 'server');
        assert.equal(e.message, `${url} did not answer with a chat completion (no "choices" in the reply): is it an OpenAI-compatible endpoint?`);
        return true;
      });
    } finally {
      await new Promise<void>((r) => page.close(() => r()));
    }
  });
});
