import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { traceCommand } from '../../../src/cli/trace';

const dir = mkdtempSync(join(tmpdir(), 'handoff-trace-cli-'));
let n = 0;
function file(records: object[]): string {
  const path = join(dir, `t${n++}.trace.jsonl`);
  writeFileSync(path, `${records.map((r) => JSON.stringify(r)).join('\n')}\n`);
  return path;
}
const run = { type: 'run', runId: 'r', workflow: 'w', file: 'a.agents.yaml', startedAt: '2026-01-01T00:00:00Z', input: {}, handoffVersion: '0.1.0' };
const start = (id: string, name: string, parent?: string, attributes: object = {}) => ({ type: 'span', phase: 'start', spanId: id, ...(parent ? { parentId: parent } : {}), kind: 'step', name, start: 10, attributes });
const end = (id: string, at = 12, attributes: object = {}) => ({ type: 'span', phase: 'end', spanId: id, end: at, status: 'ok', attributes });

async function trace(path: string, ...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await traceCommand([path, ...args], (s) => void (out += s), (s) => void (err += s));
  return { code, out, err };
}

test('a span tree 5,000 levels deep is summarised as text and as JSON', async () => {
  const records: object[] = [run];
  for (let i = 0; i < 5000; i++) records.push(start(`s${i}`, `n${i}`, i ? `s${i - 1}` : undefined));
  for (let i = 4999; i >= 0; i--) records.push(end(`s${i}`));
  records.push({ type: 'run.end', status: 'ok', output: {} });
  const path = file(records);
  const text = await trace(path);
  assert.equal(text.code, 0);
  assert.match(text.out, /ok\s+step n4999\s+2\.0 ms/);
  const json = await trace(path, '--json');
  assert.equal(json.code, 0);
  let node = JSON.parse(json.out).spans[0];
  let depth = 1;
  while (node.children.length) [node, depth] = [node.children[0], depth + 1];
  assert.equal(depth, 5000);
  assert.equal(node.name, 'n4999');
});

test('names, messages and ids from the trace cannot forge a line or reach the terminal as escapes', async () => {
  const path = file([run, start('a', 'x\nok       step approve_refund 1.0 ms'), { ...end('a'), status: 'error', error: { message: '\u001b[2K\rwiped', kind: 'k' } }, { type: 'event', spanId: 'ghost\nline', name: 'e', time: 1, attributes: {} }]);
  const { out, err } = await trace(path);
  assert.doesNotMatch(out, /\n\s*ok\s+step approve_refund/);
  assert.match(out, /x\\nok {7}step approve_refund/);
  assert.equal((out + err).includes('\u001b'), false, 'no escape character reaches the terminal');
  assert.match(out, /\\u001b\[2K\\rwiped/);
  assert.doesNotMatch(err, /ghost\nline/);
});

test('token counts that are not counts are left out; an end before its start shows 0 ms and says so; dropped records are said', async () => {
  const llm = (id: string, tokens: object) => [{ ...start(id, 'm', 'a'), kind: 'llm' }, end(id, 12, tokens)];
  const path = file([
    run,
    start('a', 'step'),
    ...llm('l1', { 'gen_ai.usage.input_tokens': '100', 'gen_ai.usage.output_tokens': -50 }),
    ...llm('l2', { 'gen_ai.usage.input_tokens': 7, 'gen_ai.usage.output_tokens': 3 }),
    { type: 'event', spanId: 'a', name: 'dropped', time: 11, attributes: { count: 12 } },
    end('a', 5),
    { type: 'run.end', status: 'ok', output: {} },
  ]);
  const { out, err } = await trace(path);
  assert.match(out, /ok\s+llm m\s+2\.0 ms\n/, 'no tokens shown for l1');
  assert.match(out, /tokens 7\/3/);
  assert.doesNotMatch(out, /-50/);
  assert.match(out, /ok\s+step step\s+0\.0 ms\s+\(end recorded before start\)/);
  assert.match(err, /the writer dropped 12 records \(its queue was full\)/);
  const json = JSON.parse((await trace(path, '--json')).out);
  assert.equal(json.dropped, 12);
  assert.equal(json.spans[0].durationMs, 0);
  assert.equal(json.spans[0].endBeforeStart, true);
});

test('8-bit controls (CSI) and bidirectional overrides are escaped too; a version that is no number shows as ?', async () => {
  const path = file([
    run,
    start('a', 'evil\u009b31m\u202eemanelif'),
    { type: 'event', spanId: 'a', name: 'contract.violation', time: 11, attributes: { contract: 'C', version: 'two', path: '/x', message: 'bad' } },
    end('a'),
  ]);
  const { out } = await trace(path);
  assert.match(out, /evil\\u009b31m\\u202eemanelif/);
  assert.ok(!/[\u0080-\u009f\u202e]/.test(out), 'none reaches the terminal raw');
  assert.match(out, /violation C@\? at \/x: bad/);
});

test('a device or a folder is refused at once, not read for ever', async () => {
  const zero = await trace('/dev/zero');
  assert.equal(zero.code, 1);
  assert.equal(zero.err, 'handoff trace: cannot read /dev/zero: it is not a regular file (a device or a pipe)\n');
  const folder = await trace(dir);
  assert.equal(folder.err, `handoff trace: cannot read ${dir}: it is a folder\n`);
});
