/**
 * The trace panel's requests and what it is told: "Rerun from here" follows whether a run is
 * feeding the view (init is sent again when that changes), and a request whose handler
 * fails is answered with the failure instead of never.
 */
import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { Channel } from '../../../src/extension/panel/channel';
import { TraceSession, rerunState } from '../../../src/extension/panel/session';
import { type FromWebview, type ToWebview } from '../../../src/shared/protocol';
import { recorder } from '../../support/panel';

const inits = (sent: ToWebview[]) => sent.filter((m): m is Extract<ToWebview, { type: 'init' }> => m.type === 'init');

test('Rerun from here is off while a run feeds the view, and on once it has ended, without a reload', () => {
  const s: TraceSession = new TraceSession(() => ({ type: 'init', mode: 'live', prices: {}, rerun: rerunState(s) }));
  const ch = recorder();
  s.attach(ch);
  s.onReady();
  s.begin({ title: 'support', source: '/w/.handoff/runs/support-1.trace.jsonl' }, true);
  assert.equal(inits(ch.sent).at(-1)?.rerun.enabled, false, 'live: the trace is not complete yet');
  s.end();
  assert.equal(inits(ch.sent).at(-1)?.rerun.enabled, true, 'the run ended: init says so again');
  s.dispose();
});

test('Rerun from here is off for a live feed without a trace file', () => {
  assert.equal(rerunState({ isLive: false, current: { title: 'bench' } }).enabled, false);
  assert.equal(rerunState({ isLive: false, current: { title: 't', source: 'file:///w/a.trace.jsonl' } }).enabled, true);
  assert.equal(rerunState({ isLive: false, current: { title: 't', source: 'vscode-remote://h/w/a.trace.jsonl' } }).enabled, false);
});

function fakeWebview() {
  let listener: ((data: unknown) => void) | undefined;
  const posted: ToWebview[] = [];
  let answered: () => void = () => {};
  const reply = new Promise<void>((resolve) => (answered = resolve));
  const webview = {
    onDidReceiveMessage: (l: (data: unknown) => void) => {
      listener = l;
      return { dispose: () => (listener = undefined) };
    },
    postMessage: (msg: ToWebview) => {
      posted.push(msg);
      answered();
      return Promise.resolve(true);
    },
  };
  return { webview, posted, reply, send: (m: FromWebview) => listener?.(m) };
}

const log = { warn: () => {}, error: () => {}, info: () => {} };

for (const [how, handler] of [
  ['rejects', () => Promise.reject(new Error('EACCES: permission denied, scandir /w/.handoff/runs'))],
  ['throws', () => {
    throw new Error('EACCES: permission denied, scandir /w/.handoff/runs');
  }],
] as const) {
  // Without a reply the request would wait for ever: the timeout makes that a failure.
  test(`a request whose handler ${how} gets a failed reply naming the error`, { timeout: 5000 }, async () => {
    const w = fakeWebview();
    const channel = new Channel(w.webview as never, log as never, handler);
    w.send({ type: 'requestHistory', messageId: 7 });
    await w.reply;
    assert.deepEqual(w.posted.map((m) => m.type), ['reply']);
    const r = w.posted[0] as Extract<ToWebview, { type: 'reply' }>;
    assert.equal(r.inReplyTo, 7);
    assert.equal(r.ok, false);
    assert.match(r.message ?? '', /EACCES: permission denied/);
    channel.dispose();
  });
}

test('a settings change (handoff.prices) reaches a shown view as a new init; an unchanged one sends nothing', () => {
  let prices: Record<string, { input?: number; output?: number }> = { 'gpt-4.1-mini': { input: 0.4, output: 1.6 } };
  const s: TraceSession = new TraceSession(() => ({ type: 'init', mode: 'live', prices, rerun: rerunState(s) }));
  const ch = recorder();
  s.attach(ch);
  s.onReady();
  s.sendInit();
  assert.equal(inits(ch.sent).length, 1, 'nothing changed');
  prices = { 'gpt-4.1-mini': { input: 0.5, output: 2 } };
  s.sendInit();
  assert.deepEqual(inits(ch.sent).at(-1)?.prices, prices);
  s.dispose();
});
