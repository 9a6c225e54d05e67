import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MemoryTraceProcessor } from '../../../src/core/tracing/processor';
import { Tracer } from '../../../src/core/tracing/tracer';

describe('the tracer', () => {
  it('ends the spans still open at the end of the run, innermost first, whichever ended before', () => {
    const mem = new MemoryTraceProcessor();
    let t = 0;
    const tracer = new Tracer([mem], () => ++t);
    tracer.startRun({ runId: 'r', workflow: 'w', file: 'f', startedAt: '2026-01-01T00:00:00Z', input: null, handoffVersion: '0' });
    const root = tracer.startSpan('workflow', 'w', undefined);
    const a = tracer.startSpan('step', 'a', root);
    const b = tracer.startSpan('step', 'b', root);
    const c = tracer.startSpan('agent', 'c', b);
    const d = tracer.startSpan('step', 'd', root);
    b.end('ok'); // from the middle of the open spans
    d.end('ok'); // the newest
    a.end('ok'); // the one before a span that ended
    const e = tracer.startSpan('step', 'e', root);
    tracer.endRun('cancelled', {});
    const ends = mem.records.filter((r) => r.type === 'span' && r.phase === 'end').map((r) => (r.type === 'span' ? r.spanId : ''));
    assert.deepEqual(ends, [b.id, d.id, a.id, e.id, c.id, root.id]);
    for (const s of [e, c, root]) assert.equal(s.isEnded, true);
    const last = mem.records.at(-1)!;
    assert.equal(last.type, 'run.end');
    const before = mem.records.length;
    tracer.startSpan('step', 'late', root).end('ok');
    assert.equal(mem.records.length, before, 'nothing is recorded after run.end');
  });
});
