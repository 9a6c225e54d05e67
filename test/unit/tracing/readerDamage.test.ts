import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { parseTrace, readTrace } from '../../../src/core/tracing/reader';

const run = (id: string) => JSON.stringify({ type: 'run', runId: id, workflow: 'w', file: 'a.agents.yaml', startedAt: '2026-01-01T00:00:00Z', input: {}, handoffVersion: '0.1.0' });
const start = (id: string, parent?: string) => JSON.stringify({ type: 'span', phase: 'start', spanId: id, ...(parent ? { parentId: parent } : {}), kind: 'step', name: id, start: 1, attributes: {} });
const end = (id: string, status = 'ok', at = 2) => JSON.stringify({ type: 'span', phase: 'end', spanId: id, end: at, status, attributes: {}, ...(status === 'ok' ? {} : { error: { message: status, kind: status } }) });
const runEnd = (status: string) => JSON.stringify({ type: 'run.end', status, ...(status === 'ok' ? { output: {} } : { error: { message: 'x', kind: 'x' } }) });
const reasons = (text: string) => parseTrace(text).damaged.map((d) => `${d.line}: ${d.reason}`);

test('a second run, a second run.end and a second end of a span are reported; the first of each wins', () => {
  const t = parseTrace([run('r1'), start('a'), end('a', 'error', 5), runEnd('error'), run('r2'), end('a', 'ok', 9), runEnd('ok')].join('\n'));
  assert.equal(t.run?.runId, 'r1');
  assert.equal(t.end?.status, 'error');
  assert.equal(t.spans.get('a')?.status, 'error');
  assert.equal(t.spans.get('a')?.end, 5);
  assert.deepEqual(t.damaged.map((d) => d.line), [5, 6, 7]);
  assert.match(t.damaged[0]!.reason, /a second run record \(run r2; the file's run r1 is at line 1\)/);
  assert.match(t.damaged[1]!.reason, /span a ended again \(first at line 3\)/);
  assert.match(t.damaged[2]!.reason, /a second run\.end \(the first, at line 4, says error\)/);
});

test('spans whose parents form a loop, or that name themselves, are shown at the top and reported', () => {
  const t = parseTrace([run('r'), start('root'), start('x', 'y'), start('y', 'x'), start('z', 'y'), start('me', 'me')].join('\n'));
  const top = t.roots.map((s) => s.id).sort();
  assert.ok(top.includes('me') && top.includes('root'), top.join());
  assert.equal(t.roots.length, 3, 'the loop is cut once');
  const seen = new Set<string>();
  const stack = [...t.roots];
  while (stack.length) {
    const s = stack.pop()!;
    seen.add(s.id);
    stack.push(...s.children);
  }
  assert.equal(seen.size, 5, 'every span is in the tree');
  assert.deepEqual(reasons([run('r'), start('me', 'me')].join('\n')), ['2: span me names itself as its parent; it is shown at the top']);
  assert.ok(t.damaged.some((d) => /name each other as parents in a loop/.test(d.reason)));
});

test('a missing parent is reported, unless the writer says it dropped records; dropped records are counted', () => {
  assert.deepEqual(reasons([run('r'), start('c', 'gone')].join('\n')), ["2: span c's parent gone is not in the trace; it is shown at the top"]);
  const dropped = JSON.stringify({ type: 'event', spanId: 'root', name: 'dropped', time: 3, attributes: { count: 5000 } });
  const t = parseTrace([run('r'), start('root'), start('c', 'gone'), dropped, end('lost')].join('\n'));
  assert.equal(t.dropped, 5000);
  assert.deepEqual(t.damaged, []);
});

test('a line too long to read is reported and the lines after it are read', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'handoff-long-'));
  const path = join(dir, 'long.trace.jsonl');
  const huge = JSON.stringify({ type: 'event', spanId: 'a', name: 'big', time: 1, attributes: { reply: 'x'.repeat(5000) } });
  writeFileSync(path, [run('r'), start('a'), huge, end('a'), runEnd('ok'), ''].join('\n'));
  const t = await readTrace(path, 1000);
  assert.equal(t.end?.status, 'ok');
  assert.equal(t.spans.get('a')?.status, 'ok');
  assert.deepEqual(t.damaged.map((d) => d.line), [3]);
  assert.match(t.damaged[0]!.reason, /^too long to read \(\d+ bytes; at most 1000\); it is left out$/);
  writeFileSync(path, [run('r'), huge].join('\n')); // the last line, with no newline after it
  assert.deepEqual((await readTrace(path, 1000)).damaged.map((d) => d.line), [2]);
});
