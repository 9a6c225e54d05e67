/**
 * A fast check of one trace record, equivalent to `TraceRecord.safeParse` of records.ts
 * (same accepted set, same output: unknown keys dropped, `attributes` defaulting to `{}`).
 * The webview runs zod without its JIT (the CSP forbids eval), where checking 200,000
 * records costs seconds; this check is plugged into the protocol's zod schema with
 * `z.custom`, and a property test holds it to the zod schema.
 */
import type { SpanKind, SpanStatus, TraceRecord } from '../tracing/records';

const KINDS = new Set(['workflow', 'step', 'agent', 'llm', 'validation', 'tool']);
const STATUSES = new Set(['ok', 'error', 'cancelled']);

type Obj = Record<string, unknown>;

function isObj(x: unknown): x is Obj {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}
const isStr = (x: unknown): x is string => typeof x === 'string';
const isNum = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x);
const optStr = (x: unknown): boolean => x === undefined || isStr(x);

function attrs(x: unknown): Obj | undefined {
  if (x === undefined) return {};
  if (!isObj(x)) return undefined;
  // JSON.parse makes `"__proto__"` an own key; it is dropped (zod drops it too, but by
  // setting the object's prototype to its value, which this does not do).
  if (Object.prototype.hasOwnProperty.call(x, '__proto__')) {
    const copy: Obj = {};
    for (const k of Object.keys(x)) if (k !== '__proto__') copy[k] = x[k];
    return copy;
  }
  return x;
}

function traceError(x: unknown): { message: string; kind: string } | undefined | false {
  if (x === undefined) return undefined;
  if (!isObj(x) || !isStr(x['message']) || !isStr(x['kind'])) return false;
  return { message: x['message'], kind: x['kind'] };
}

/** The record, normalised as zod would, or undefined when it is not a valid record. */
export function checkRecord(x: unknown): TraceRecord | undefined {
  if (!isObj(x)) return undefined;
  switch (x['type']) {
    case 'run': {
      if (!isStr(x['runId']) || !optStr(x['workflow']) || !optStr(x['agent']) || !isStr(x['file']) || !isStr(x['startedAt']) || !isStr(x['handoffVersion']) || !('input' in x)) return undefined;
      return {
        type: 'run',
        runId: x['runId'],
        ...(x['workflow'] !== undefined ? { workflow: x['workflow'] as string } : {}),
        ...(x['agent'] !== undefined ? { agent: x['agent'] as string } : {}),
        file: x['file'],
        startedAt: x['startedAt'],
        input: x['input'],
        handoffVersion: x['handoffVersion'],
      };
    }
    case 'span': {
      const a = attrs(x['attributes']);
      if (!a || !isStr(x['spanId'])) return undefined;
      if (x['phase'] === 'start') {
        if (!optStr(x['parentId']) || !isStr(x['kind']) || !KINDS.has(x['kind']) || !isStr(x['name']) || !isNum(x['start'])) return undefined;
        return {
          type: 'span', phase: 'start', spanId: x['spanId'],
          ...(x['parentId'] !== undefined ? { parentId: x['parentId'] as string } : {}),
          kind: x['kind'] as SpanKind, name: x['name'], start: x['start'], attributes: a,
        };
      }
      if (x['phase'] === 'end') {
        const err = traceError(x['error']);
        if (!isNum(x['end']) || !isStr(x['status']) || !STATUSES.has(x['status']) || err === false) return undefined;
        return {
          type: 'span', phase: 'end', spanId: x['spanId'], end: x['end'], status: x['status'] as SpanStatus, attributes: a,
          ...(err ? { error: err } : {}),
        };
      }
      return undefined;
    }
    case 'event': {
      const a = attrs(x['attributes']);
      if (!a || !isStr(x['spanId']) || !isStr(x['name']) || !isNum(x['time'])) return undefined;
      return { type: 'event', spanId: x['spanId'], name: x['name'], time: x['time'], attributes: a };
    }
    case 'run.end': {
      const err = traceError(x['error']);
      if (!isStr(x['status']) || !STATUSES.has(x['status']) || err === false) return undefined;
      return {
        type: 'run.end', status: x['status'] as SpanStatus,
        ...('output' in x ? { output: x['output'] } : {}),
        ...(err ? { error: err } : {}),
      };
    }
    default:
      return undefined;
  }
}
