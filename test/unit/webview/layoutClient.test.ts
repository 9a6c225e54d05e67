// The Graph tab's layouts run in a Web Worker (layoutClient.ts): sent once it is ready,
// answered by id; when it cannot start, does not answer in time or dies, what waited for it
// and every later layout run on the main thread instead (logged once), never nothing.
import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import ELK from 'elkjs/lib/elk.bundled.js';
import { type FromLayoutWorker, type Laid, type LayoutFn, type LayoutInput, type ToLayoutWorker, elkGraph, laidOut, layoutInput } from '../../../webview/src/elkLayout';
import { type LayoutEnv, type LayoutWorker, LayoutClient } from '../../../webview/src/layoutClient';

const input = (n: number): LayoutInput => ({
  nodes: Array.from({ length: n }, (_, i) => ({ id: `s${i}` })),
  edges: Array.from({ length: Math.max(0, n - 1) }, (_, i) => ({ from: `s${i}`, to: `s${i + 1}` })),
});
const laidFor = (inp: LayoutInput, where: string): Laid => ({
  nodes: new Map(inp.nodes.map((n, i) => [n.id, { x: i, y: where === 'main' ? 1 : 0 }])),
  edges: [],
  width: inp.nodes.length,
  height: 1,
});
const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

/** A worker the test drives: what it was sent, and `answer`/`ready`/`crash`. */
class FakeWorker implements LayoutWorker {
  onmessage: ((e: { data: FromLayoutWorker }) => void) | null = null;
  onerror: ((e: { message?: string }) => void) | null = null;
  sent: ToLayoutWorker[] = [];
  terminated = false;
  released = false;
  postMessage(msg: ToLayoutWorker): void {
    this.sent.push(msg);
  }
  terminate(): void {
    this.terminated = true;
  }
  started(): void {
    this.released = true;
  }
  ready(): void {
    this.onmessage?.({ data: { ready: true } });
  }
  answer(i = 0): void {
    const m = this.sent[i]!;
    this.onmessage?.({ data: { id: m.id, laid: laidFor(m.input, 'worker') } });
  }
  crash(message: string): void {
    this.onerror?.({ message });
  }
}

function env(opts: { worker?: FakeWorker; startFails?: string; scriptFails?: boolean } = {}): LayoutEnv & { logs: string[]; scripts: number } {
  let main: LayoutFn | undefined;
  const e = {
    logs: [] as string[],
    scripts: 0,
    startWorker: async () => {
      if (opts.startFails) throw new Error(opts.startFails);
      return opts.worker!;
    },
    loadScript: async () => {
      e.scripts++;
      if (opts.scriptFails) throw new Error('elk could not be loaded');
      main = async (inp: LayoutInput) => laidFor(inp, 'main');
    },
    mainThreadLayout: () => main,
    log: (m: string) => void e.logs.push(m),
  };
  return e;
}

test('layouts go to the worker once it is ready, and each answer settles its own layout', async () => {
  const w = new FakeWorker();
  const e = env({ worker: w });
  const client = new LayoutClient('layout-worker.js', e);
  const first = client.layout(input(2));
  await tick();
  assert.equal(w.sent.length, 0, 'nothing is sent before the worker is ready');
  assert.equal(client.where, 'starting');
  w.ready();
  assert.equal(client.where, 'worker');
  assert.ok(w.released, 'the worker\'s script is released once it answered');
  assert.deepEqual(w.sent.map((m) => m.input.nodes.length), [2]);
  const second = client.layout(input(3));
  assert.deepEqual(w.sent.map((m) => m.input.nodes.length), [2, 3]);
  w.answer(1);
  w.answer(0);
  assert.equal((await second).nodes.size, 3);
  assert.equal((await first).nodes.size, 2);
  assert.equal(e.scripts, 0, 'elk is never loaded on the main thread');
  assert.deepEqual(e.logs, []);
});

test('an error the worker answers fails that layout only', async () => {
  const w = new FakeWorker();
  const client = new LayoutClient('layout-worker.js', env({ worker: w }));
  const bad = client.layout(input(2));
  await tick();
  w.ready();
  w.onmessage?.({ data: { id: w.sent[0]!.id, error: 'no such node' } });
  await assert.rejects(bad, /no such node/);
  const good = client.layout(input(2));
  w.answer(1);
  assert.equal((await good).nodes.size, 2);
  assert.equal(client.where, 'worker');
});

test('a worker that cannot start: the layouts run on the main thread, logged once', async () => {
  const e = env({ startFails: 'Refused to create a worker' });
  const client = new LayoutClient('layout-worker.js', e);
  const [a, b] = [client.layout(input(2)), client.layout(input(4))];
  assert.equal((await a).nodes.get('s1')?.y, 1, 'laid out on the main thread');
  assert.equal((await b).nodes.size, 4);
  assert.equal((await client.layout(input(5))).nodes.size, 5);
  assert.equal(client.where, 'main');
  assert.equal(e.scripts, 1, 'elk is loaded on the main thread once');
  assert.equal(e.logs.length, 1);
  assert.match(e.logs[0]!, /main thread.*Refused to create a worker/);
});

test('a worker that fails to load, dies with a layout in flight, or never answers: the main thread takes over', async () => {
  // Fails to load: its error comes before it is ready.
  let w = new FakeWorker();
  let e = env({ worker: w });
  let client = new LayoutClient('layout-worker.js', e);
  let p = client.layout(input(2));
  await tick();
  w.crash('SyntaxError');
  assert.equal((await p).nodes.get('s0')?.y, 1);
  assert.ok(w.terminated);
  assert.match(e.logs.join('\n'), /SyntaxError/);

  // Dies with a layout in flight: that layout is done again on the main thread; a late answer is ignored.
  w = new FakeWorker();
  e = env({ worker: w });
  client = new LayoutClient('layout-worker.js', e);
  p = client.layout(input(3));
  await tick();
  w.ready();
  w.crash('out of memory');
  w.answer(0);
  assert.equal((await p).nodes.get('s0')?.y, 1, 'the answer of the dead worker is dropped');
  assert.equal(e.logs.length, 1);

  // Never answers: after the timeout.
  w = new FakeWorker();
  e = env({ worker: w });
  client = new LayoutClient('layout-worker.js', e, 20);
  p = client.layout(input(2));
  assert.equal((await p).nodes.get('s0')?.y, 1);
  assert.match(e.logs[0]!, /did not start within/);
  w.ready();
  assert.equal(client.where, 'main', 'a worker ready after the timeout is not used');
});

test('when neither the worker nor the main thread can load elk, the layout fails (the graph says so)', async () => {
  const client = new LayoutClient('layout-worker.js', env({ startFails: 'blocked', scriptFails: true }));
  await assert.rejects(client.layout(input(2)), /elk could not be loaded/);
  await assert.rejects(new LayoutClient(undefined, env()).layout(input(2)), /elk is not loaded/);
});

test('the layout sent to elk keeps what the graph shows: first steps in the first column, a router\'s edges both ways', async () => {
  const data = {
    nodes: [
      { id: 'a', label: 'a', state: 'ok' },
      { id: 'side', label: 'side', state: 'ok' },
      { id: 'b', label: 'b', state: 'ok' },
      { id: 'c', label: 'c', state: 'ok' },
    ],
    edges: [{ from: 'a', to: 'b' }, { from: 'b', to: 'c' }, { from: 'side', to: 'c', both: true as const }],
  };
  const inp = layoutInput(data);
  assert.deepEqual(inp.nodes[0], { id: 'a' }, 'only what the layout needs');
  const laid = laidOut(await new ELK().layout(elkGraph(inp)), inp);
  assert.equal(laid.nodes.get('side')?.x, laid.nodes.get('a')?.x);
  assert.ok(laid.nodes.get('c')!.x > laid.nodes.get('b')!.x);
  assert.deepEqual(laid.edges.map((x) => x.both), [false, false, true]);
  assert.ok(laid.edges.every((x) => x.points.length >= 2));
  structuredClone(laid); // it crosses to the panel as a message
});
