import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { runWorkflow } from '../../../src/core/engine';
import { ScriptedProvider } from '../../../src/core/providers/scripted';
import { parseTrace, readTrace, readTraceSync } from '../../../src/core/tracing/reader';
import type { TraceRecord } from '../../../src/core/tracing/records';
import { redactText, redactValue } from '../../../src/core/tracing/redact';
import { Tracer } from '../../../src/core/tracing/tracer';
import { TraceFileWriter } from '../../../src/core/tracing/writer';
import { BASE, FILE, program } from '../../support/engine';

const P = program(`${BASE}
agents:
  a: { input: Msg, output: Msg, retries: 1 }
  b: { input: Msg, output: Msg }
workflows:
  two:
    input: Msg
    output: Msg
    steps:
      first: { agent: a, input: $input }
      second: { agent: b, input: $steps.first.output }
`);

async function recordedFile(): Promise<{ path: string; text: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'handoff-trace-'));
  const path = join(dir, 'run.trace.jsonl');
  const writer = new TraceFileWriter(path);
  const p = new ScriptedProvider({ replies: { a: [{ text: 'é 漢字 🙂', n: 99 }, { text: 'ünïcode 🙂' }], b: [{ text: 'B' }] } });
  const r = await runWorkflow({ program: P, file: FILE, workflow: 'two', input: { text: 'hi' }, provider: p, processors: [writer] });
  await writer.shutdown();
  assert.equal(r.status, 'ok');
  return { path, text: readFileSync(path, 'utf8') };
}

describe('the trace writer and reader', () => {
  it('writes run first and run.end last, one record a line, that the reader joins into a span tree', async () => {
    const { text } = await recordedFile();
    const t = parseTrace(text);
    assert.deepEqual(t.damaged, []);
    assert.equal(t.tornTail, false);
    assert.equal(t.records[0]!.type, 'run');
    assert.equal(t.records.at(-1)!.type, 'run.end');
    assert.equal(t.roots.length, 1);
    assert.equal(t.roots[0]!.kind, 'workflow');
    assert.deepEqual(t.roots[0]!.children.map((c) => c.name), ['first', 'second']);
    const llm = t.roots[0]!.children[0]!.children[0]!.children[0]!;
    assert.equal(llm.kind, 'llm');
    assert.equal(llm.events[0]!.name, 'contract.violation');
  });

  it('loads everything before the cut when the file is cut at any byte offset', async () => {
    const { text } = await recordedFile();
    const bytes = Buffer.from(text, 'utf8');
    const full = parseTrace(text).records;
    for (let cut = 0; cut <= bytes.length; cut++) {
      const part = bytes.subarray(0, cut).toString('utf8');
      const t = parseTrace(part);
      assert.deepEqual(t.damaged, [], `cut at ${cut}: no damage reported`);
      const completeLines = part.split('\n').length - 1;
      assert.ok(t.records.length === completeLines || t.records.length === completeLines + 1, `cut at ${cut}`);
      assert.deepEqual(t.records, full.slice(0, t.records.length), `cut at ${cut}: the records are the prefix`);
    }
  });

  it('reports a damaged line elsewhere with its number and keeps going', async () => {
    const { text } = await recordedFile();
    const lines = text.split('\n');
    lines[2] = '{"type": "span", "phase": "sta';
    lines[4] = '{"type": "nonsense"}';
    const t = parseTrace(lines.join('\n'));
    const unread = t.damaged.filter((d) => !d.unjoined);
    assert.deepEqual(unread.map((d) => d.line), [3, 5]);
    assert.equal(unread[0]!.reason, 'not JSON');
    // The spans whose starts were on lines 3 and 5: their events and ends are reported, not
    // joined to nothing, and so is the span on line 4, whose parent started on line 3.
    const lost = [2, 4].map((i) => JSON.parse(text.split('\n')[i]!) as { phase: string; spanId: string });
    assert.deepEqual(lost.map((r) => r.phase), ['start', 'start']);
    const child = JSON.parse(text.split('\n')[3]!) as { spanId: string; parentId: string };
    assert.equal(child.parentId, lost[0]!.spanId);
    const joins = t.damaged.filter((d) => d.unjoined);
    assert.ok(joins.length > 1);
    assert.deepEqual(joins.filter((d) => d.line === 4).map((d) => d.reason), [`span ${child.spanId}'s parent ${lost[0]!.spanId} is not in the trace; it is shown at the top`]);
    for (const d of joins.filter((d) => d.line !== 4)) assert.match(d.reason, new RegExp(`span (${lost[0]!.spanId}|${lost[1]!.spanId}), a span that never started`));
    assert.equal(t.records.length, parseTrace(text).records.length - 2);
    assert.equal(t.records.at(-1)!.type, 'run.end');
  });

  it('keeps the run header when the file starts with a byte-order mark', async () => {
    const { text } = await recordedFile();
    const t = parseTrace(`\uFEFF${text}`);
    assert.deepEqual(t.damaged, []);
    assert.equal(t.run?.runId, parseTrace(text).run?.runId);
    assert.ok(t.run);
  });

  it('names the field that makes a line no trace record', () => {
    const lines = [
      '{"type":"run","runId":"r","file":"f","startedAt":"now","input":{},"handoffVersion":"x"}',
      '{"type":"span","phase":"start","spanId":"s","kind":"step","name":"a","start":1}',
      '{"type":"span","phase":"end","spanId":"s","end":2,"status":"fine"}',
      '{"type":"event","spanId":"s","name":"e"}',
      '{"type":"span","phase":"middle","spanId":"s"}',
      '{"type":"spam"}',
      '[1,2]',
      '{"type":"run.end","status":"ok"}',
      '',
    ];
    const t = parseTrace(lines.join('\n'));
    assert.deepEqual(
      t.damaged.map((d) => [d.line, d.reason]),
      [
        [3, 'not a trace record: span end: status: Invalid option: expected one of "ok"|"error"|"cancelled"'],
        [4, 'not a trace record: event: time: Invalid input: expected number, received undefined'],
        [5, 'not a trace record: a span line has phase "start" or "end", not "middle"'],
        [6, 'not a trace record: type is run, span, event or run.end, not "spam"'],
        [7, 'not a trace record: a line holds a JSON object, not an array'],
      ],
    );
  });

  it('joins an end recorded before its start and says so; an end or event of a span that never started is reported', () => {
    const run = '{"type":"run","runId":"r","file":"f","startedAt":"now","input":{},"handoffVersion":"x"}';
    const start = '{"type":"span","phase":"start","spanId":"s","kind":"step","name":"a","start":1}';
    const endS = '{"type":"span","phase":"end","spanId":"s","end":5,"status":"ok"}';
    const ghost = '{"type":"span","phase":"end","spanId":"ghost","end":5,"status":"ok"}';
    const ghostEvent = '{"type":"event","spanId":"ghost","name":"note","time":3}';
    const t = parseTrace([run, endS, start, ghost, ghostEvent, start, ''].join('\n'));
    assert.equal(t.spans.get('s')?.status, 'ok');
    assert.equal(t.spans.get('s')?.end, 5);
    assert.deepEqual(
      t.damaged.map((d) => [d.line, d.reason]),
      [
        [2, 'end of span s comes before its start (line 3); joined all the same'],
        [4, 'end of span ghost, a span that never started; it is left out'],
        [5, 'event note of span ghost, a span that never started; it is left out'],
        [6, 'span s started again (first at line 3); this start is ignored'],
      ],
    );
    // When the writer says it dropped records, lost starts are expected: not reported line by line.
    const dropped = '{"type":"event","spanId":"s","name":"dropped","time":4,"attributes":{"count":1}}';
    assert.deepEqual(parseTrace([run, start, dropped, ghost, endS, ''].join('\n')).damaged, []);
  });

  it('reads a file in chunks with the same result as reading it whole, lines longer than a chunk included', async () => {
    const { path, text } = await recordedFile();
    const whole = parseTrace(text);
    const streamed = await readTrace(path);
    assert.deepEqual(streamed.records, whole.records);
    assert.deepEqual(streamed.damaged, []);
    const long = join(mkdtempSync(join(tmpdir(), 'handoff-trace-')), 'long.trace.jsonl');
    const big = '漢'.repeat(800_000); // 2.4 MB in UTF-8, split across chunks mid-character
    const lines = text.split('\n');
    lines.splice(1, 0, JSON.stringify({ type: 'event', spanId: 'nowhere', name: 'big', time: 0, attributes: { big } }));
    lines.push('{"type":"spa'); // a torn tail
    writeFileSync(long, `\uFEFF${lines.join('\n')}`);
    const t = await readTrace(long);
    assert.equal(t.tornTail, true);
    assert.ok(t.run);
    assert.equal(t.records.length, whole.records.length + 1);
    const ev = t.records[1]!;
    assert.equal(ev.type === 'event' && ev.attributes['big'], big);
    assert.deepEqual(t.damaged.map((d) => d.line), [2]); // the event of a span that never started
    // The synchronous reader (replay's) reads the same, its buffer reused chunk after chunk.
    const sync = readTraceSync(long, 1024);
    assert.deepEqual(sync.records, t.records);
    assert.deepEqual(sync.damaged, t.damaged);
    assert.equal(sync.tornTail, true);
    const capped = readTraceSync(long, 1024, 100_000); // lines over 100 kB are reported, not held
    assert.deepEqual(capped.damaged.map((d) => [d.line, d.reason.replace(/\d+ bytes/, 'N bytes')]), [[2, 'too long to read (N bytes; at most 100000); it is left out']]);
    assert.equal(capped.records.length, whole.records.length);
    assert.throws(() => readTraceSync('/dev/zero', 3 * 1024 * 1024), { message: '/dev/zero is longer than the 3 MiB it may be' });
  });

  it('never blocks: when the queue is full it drops records and writes a dropped event with the count', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'handoff-trace-'));
    const path = join(dir, 'drop.trace.jsonl');
    const writer = new TraceFileWriter(path, { maxQueue: 10 });
    const tracer = new Tracer([writer]);
    tracer.startRun({ runId: 'r', workflow: 'w', file: FILE, startedAt: new Date().toISOString(), input: {}, handoffVersion: 'test' });
    const root = tracer.startSpan('workflow', 'w', undefined);
    for (let i = 0; i < 1000; i++) tracer.startSpan('step', `s${i}`, root).end('ok');
    root.end('ok');
    tracer.endRun('ok', { output: {} });
    await writer.shutdown();
    const t = parseTrace(readFileSync(path, 'utf8'));
    const dropped = t.records.filter((r): r is Extract<TraceRecord, { type: 'event' }> => r.type === 'event' && r.name === 'dropped');
    const lost = dropped.reduce((n, e) => n + Number(e.attributes['count']), 0);
    assert.ok(lost > 0);
    assert.equal(lost, writer.droppedTotal);
    assert.equal(t.records.length + lost - dropped.length, 1 + 2 + 2000 + 1);
    assert.equal(t.records[0]!.type, 'run');
    assert.equal(t.records.at(-1)!.type, 'run.end');
  });

  it('reports a file it cannot open in `error`, and the run goes on without its trace', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'handoff-trace-'));
    const writer = new TraceFileWriter(dir); // a directory: opening it for appending fails
    const r = await runWorkflow({ program: P, file: FILE, workflow: 'two', input: { text: 'hi' }, provider: new ScriptedProvider({ replies: { a: [{ text: 'A' }], b: [{ text: 'B' }] } }), processors: [writer] });
    await writer.shutdown();
    assert.equal(r.status, 'ok');
    assert.equal((writer.error as NodeJS.ErrnoException | undefined)?.code, 'EISDIR');
  });

  it('leaves a readable file when the process dies mid-run', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'handoff-trace-'));
    const path = join(dir, 'crash.trace.jsonl');
    const script = join(dir, 'crash.ts');
    writeFileSync(
      script,
      `import { Tracer } from ${JSON.stringify(join(process.cwd(), 'src/core/tracing/tracer'))};
import { TraceFileWriter } from ${JSON.stringify(join(process.cwd(), 'src/core/tracing/writer'))};
const w = new TraceFileWriter(${JSON.stringify(path)});
const t = new Tracer([w]);
t.startRun({ runId: 'r', file: 'f', startedAt: 'now', input: {}, handoffVersion: 'x' });
const root = t.startSpan('workflow', 'w', undefined);
for (let i = 0; i < 100; i++) t.startSpan('step', 's' + i, root);
process.exit(3);
`,
    );
    const { spawnSync } = await import('node:child_process');
    const r = spawnSync(process.execPath, ['--import', 'tsx', script], { cwd: process.cwd() });
    assert.equal(r.status, 3, r.stderr.toString());
    const t = parseTrace(readFileSync(path, 'utf8'));
    assert.deepEqual(t.damaged, []);
    assert.equal(t.records.length, 102);
    assert.equal(t.end, undefined);
  });

  it('never records keys or authorization headers', () => {
    assert.equal(redactText('HTTP 401: Incorrect API key provided: sk-proj-abcdefghijklmnop'), 'HTTP 401: Incorrect API key provided: [redacted]');
    assert.equal(redactText('Authorization: Bearer abcdefghijklmnopqrstuvwxyz'), 'Authorization: [redacted]');
    assert.deepEqual(redactValue({ headers: { Authorization: 'x', 'x-api-key': 'y', accept: 'json' } }), { headers: { Authorization: '[redacted]', 'x-api-key': '[redacted]', accept: 'json' } });
    const tracer = new Tracer([{ onRecord: (r) => recs.push(r), flush: async () => {}, shutdown: async () => {} }]);
    const recs: TraceRecord[] = [];
    tracer.startSpan('llm', 'm', undefined, { api_key: 'secret-value', 'gen_ai.usage.input_tokens': 3 }).end('ok');
    assert.equal((recs[0] as { attributes: Record<string, unknown> }).attributes['api_key'], '[redacted]');
    assert.equal((recs[0] as { attributes: Record<string, unknown> }).attributes['gen_ai.usage.input_tokens'], 3);
  });
});
