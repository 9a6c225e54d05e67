/**
 * Helpers for engine tests: a program from inline YAML, fast injectable timing, a run that
 * collects its records, and the invariants every recorded run must satisfy.
 */
import assert from 'node:assert/strict';
import { runWorkflow, type RunOptions, type RunResult } from '../../src/core/engine';
import type { Timing } from '../../src/core/engine/timing';
import { CancelledError } from '../../src/core/engine/errors';
import type { Program } from '../../src/core/model/program';
import type { ModelProvider } from '../../src/core/providers/types';
import { MemoryTraceProcessor } from '../../src/core/tracing/processor';
import type { TraceRecord } from '../../src/core/tracing/records';
import { errorsOf, programFrom } from './program';

export const FILE = '/virtual/test.agents.yaml';

/** A program from one inline file; throws when the checker finds errors in it. */
export function program(yaml: string): Program {
  const p = programFrom({ [FILE]: yaml });
  const errors = errorsOf(p);
  if (errors.length > 0) throw new Error(`the test definitions do not check:\n${errors.join('\n')}`);
  return p;
}

/** Sleeps that return at once (but still honour cancellation) and record what was asked. */
export function fastTiming(): Partial<Timing> & { slept: number[] } {
  const slept: number[] = [];
  return {
    slept,
    random: () => 0.5,
    baseDelayMs: 100,
    sleep: (ms, signal) => {
      slept.push(ms);
      return signal.aborted ? Promise.reject(new CancelledError()) : Promise.resolve();
    },
  };
}

export interface Recorded {
  result: RunResult;
  records: TraceRecord[];
  mem: MemoryTraceProcessor;
}

export async function record(
  prog: Program,
  provider: ModelProvider,
  opts: Partial<RunOptions> & { workflow?: string; agent?: string; input: unknown },
): Promise<Recorded> {
  const mem = new MemoryTraceProcessor();
  const result = await runWorkflow({ program: prog, file: FILE, provider, processors: [mem], timing: fastTiming(), ...opts });
  assertWellFormed(mem.records);
  return { result, records: mem.records, mem };
}

/** `run` first, exactly one `run.end` last, every started span ended once, parents known. */
export function assertWellFormed(records: readonly TraceRecord[]): void {
  assert.equal(records[0]?.type, 'run', 'the first record is the run line');
  const ends = records.filter((r) => r.type === 'run.end');
  assert.equal(ends.length, 1, 'exactly one run.end');
  assert.equal(records.at(-1)?.type, 'run.end', 'run.end is the last record');
  const started = new Map<string, TraceRecord>();
  const ended = new Set<string>();
  for (const r of records) {
    if (r.type === 'span' && r.phase === 'start') {
      assert.ok(!started.has(r.spanId), `span ${r.spanId} started twice`);
      if (r.parentId) assert.ok(started.has(r.parentId) && !ended.has(r.parentId), `span ${r.name}: parent ${r.parentId} not open`);
      started.set(r.spanId, r);
    } else if (r.type === 'span' && r.phase === 'end') {
      assert.ok(started.has(r.spanId), `span ${r.spanId} ended without a start`);
      assert.ok(!ended.has(r.spanId), `span ${r.spanId} ended twice`);
      ended.add(r.spanId);
    } else if (r.type === 'event') {
      if (r.name !== 'dropped') assert.ok(started.has(r.spanId) && !ended.has(r.spanId), `event ${r.name} on a span that is not open`);
    }
  }
  for (const id of started.keys()) assert.ok(ended.has(id), `span ${(started.get(id) as { name: string }).name} never ended`);
}

export function spans(records: readonly TraceRecord[], kind?: string): Extract<TraceRecord, { phase: 'start' }>[] {
  return records.filter((r): r is Extract<TraceRecord, { phase: 'start' }> => r.type === 'span' && r.phase === 'start' && (!kind || r.kind === kind));
}

export function endOf(records: readonly TraceRecord[], spanId: string): Extract<TraceRecord, { phase: 'end' }> {
  const e = records.find((r) => r.type === 'span' && r.phase === 'end' && r.spanId === spanId);
  assert.ok(e, `no end for ${spanId}`);
  return e as Extract<TraceRecord, { phase: 'end' }>;
}

export function runEnd(records: readonly TraceRecord[]): Extract<TraceRecord, { type: 'run.end' }> {
  return records.at(-1) as Extract<TraceRecord, { type: 'run.end' }>;
}

/** Contracts and agents most tests share: Msg in, Msg out. */
export const BASE = `
handoff: 1
models:
  default: { model: test-model }
contracts:
  Msg:
    version: 1
    schema:
      type: object
      required: [text]
      additionalProperties: false
      properties:
        text: { type: string }
        n: { type: integer, minimum: 0, maximum: 10 }
`;
