import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RunCache, scanRuns } from '../../../src/core/runs/history';
import { completeLines } from '../../../src/core/runs/traceTail';

const runLine = (id: string, at: string) =>
  `{"type":"run","runId":"${id}","workflow":"support","file":"support.agents.yaml","startedAt":"${at}","input":{},"handoffVersion":"0.1.0"}\n`;
const endLine = (status: string) => `{"type":"run.end","status":"${status}"${status === 'error' ? ',"error":{"message":"x","kind":"step"}' : ''}}\n`;

test('a cached scan reads a trace again only when its size or time changed', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'handoff-runcache-'));
  const a = join(dir, 'a.trace.jsonl');
  const b = join(dir, 'b.trace.jsonl');
  writeFileSync(a, runLine('a', '2026-01-01T10:00:00.000Z') + endLine('ok'));
  writeFileSync(b, runLine('b', '2026-01-02T10:00:00.000Z'));
  const mtime = new Date('2026-01-01T10:00:01.000Z');
  utimesSync(a, mtime, mtime);
  const cache = new RunCache();
  const first = await scanRuns(dir, 50, cache);
  assert.deepEqual(first.map((r) => [r.runId, r.status]), [['b', 'running'], ['a', 'ok']]);
  assert.deepEqual(await scanRuns(dir, 50, cache), first, 'the same answer as the scan before');

  // Same size, same time: not read again (the cache still answers what the file said before).
  writeFileSync(a, runLine('a', '2026-01-01T10:00:00.000Z') + endLine('no'));
  utimesSync(a, mtime, mtime);
  assert.equal((await scanRuns(dir, 50, cache)).find((r) => r.trace === a)?.status, 'ok', 'an unchanged file was read again');
  assert.equal((await scanRuns(dir)).find((r) => r.trace === a)?.status, 'running', 'without a cache the file is read (its last line is no record now)');

  // A trace that grows (a run ending) is read again.
  appendFileSync(b, endLine('error'));
  const after = await scanRuns(dir, 50, cache);
  assert.equal(after.find((r) => r.runId === 'b')?.status, 'error');
  assert.deepEqual(after.map((r) => r.runId), ['b', 'a']);

  // A deleted trace is gone from the answer and from the cache.
  rmSync(b);
  assert.deepEqual((await scanRuns(dir, 50, cache)).map((r) => r.runId), ['a']);
  assert.equal(cache.size, 1);
});

test('the cache keeps at most its limit of traces, the least recently read going first', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'handoff-runcache-'));
  for (let i = 0; i < 5; i++) writeFileSync(join(dir, `t${i}.trace.jsonl`), runLine(`r${i}`, `2026-01-0${i + 1}T10:00:00.000Z`));
  const cache = new RunCache(3);
  assert.equal((await scanRuns(dir, 50, cache)).length, 5);
  assert.equal(cache.size, 3);
});

test('following a trace: only complete lines are shown, a torn last line is read again', () => {
  const enc = new TextEncoder();
  const whole = runLine('a', '2026-01-01T10:00:00.000Z');
  const torn = '{"type":"run.end","sta';
  const first = completeLines(enc.encode(whole + torn), true);
  assert.equal(first.text, whole);
  assert.equal(first.consumed, enc.encode(whole).length);
  // A last record written without its newline is shown now.
  const noNl = completeLines(enc.encode(whole + '{"type":"run.end","status":"ok"}'), true);
  assert.equal(noNl.text, whole + '{"type":"run.end","status":"ok"}');
  // Multi-byte text and a byte order mark at the start of the file.
  const bom = completeLines(Uint8Array.from([0xef, 0xbb, 0xbf, ...enc.encode('{"x":"é"}\n{"y":')]), true);
  assert.equal(bom.text, '{"x":"é"}\n');
  assert.equal(bom.consumed, 3 + enc.encode('{"x":"é"}\n').length);
  assert.deepEqual(completeLines(enc.encode('{"type":'), false), { text: '', consumed: 0 });
});
