/**
 * Contract violations seen at run time, as plain data: collected from trace records (each
 * with the agent and step it happened in and the trace line that recorded it), then mapped
 * to diagnostics on the contract and on the agent. The editor only converts the result to
 * its own types; everything that decides what a diagnostic says lives here.
 */
import { Attr, ViolationAttributes } from '../tracing/records';
import type { SourceRange } from '../model/diagnostic';
import type { LineRecord } from './traceLines';

export interface RuntimeViolation {
  readonly contract: string;
  readonly version: number;
  /** JSON pointer into the offending value ("" for the value itself). */
  readonly path: string;
  readonly message: string;
  readonly value: unknown;
  readonly agent?: string;
  readonly step?: string;
  /** The trace line of the event, 1-based. */
  readonly line: number;
  /** How the agent call ended: a retry `repaired` it, its `fallback` was used, or it `failed` (or the run ended first). */
  readonly outcome: 'repaired' | 'fallback' | 'failed';
}

interface SpanInfo {
  kind: string;
  name: string;
  parentId?: string;
  agent?: string;
  step?: string;
  status?: string;
  fallback?: boolean;
}

/**
 * Every `contract.violation` event: each attempt's counts (three attempts that broke the
 * contract the same way are three violations, as the trace panel and `handoff trace` count
 * them). A copy on the agent span of a violation recorded on a span under it (older traces
 * recorded one on the validation span and again on its agent span) counts once.
 */
export function collectViolations(lines: readonly LineRecord[]): RuntimeViolation[] {
  const spans = new Map<string, SpanInfo>();
  const found: { v: Omit<RuntimeViolation, 'outcome'>; agentSpan?: string; key: string; onAgent: boolean }[] = [];
  /** Keys (agent span + what was violated) recorded on a span under the agent span. */
  const below = new Set<string>();
  /** Keys of events seen on their own span, so a line written twice counts once. */
  const seen = new Set<string>();
  for (const { line, record } of lines) {
    if (record.type === 'span' && record.phase === 'start') {
      const a = record.attributes;
      spans.set(record.spanId, {
        kind: record.kind,
        name: record.name,
        parentId: record.parentId,
        agent: typeof a[Attr.agent] === 'string' ? (a[Attr.agent] as string) : undefined,
        step: typeof a[Attr.step] === 'string' ? (a[Attr.step] as string) : undefined,
      });
    } else if (record.type === 'span' && record.phase === 'end') {
      const s = spans.get(record.spanId);
      if (s) {
        s.status = record.status;
        s.fallback = record.attributes['handoff.fallback'] === true;
      }
    } else if (record.type === 'event' && record.name === 'contract.violation') {
      const attrs = ViolationAttributes.safeParse(record.attributes);
      if (!attrs.success) continue;
      const { agentSpan, agent, step } = ancestry(spans, record.spanId);
      const v = { ...attrs.data, value: attrs.data.value, agent, step, line };
      const what = [v.contract, v.version, v.path, v.message, JSON.stringify(v.value)].join('\u0000');
      const own = `${record.spanId}\u0000${what}`;
      if (seen.has(own)) continue;
      seen.add(own);
      const key = `${agentSpan ?? record.spanId}\u0000${what}`;
      const onAgent = agentSpan === undefined || agentSpan === record.spanId;
      if (!onAgent) below.add(key);
      found.push({ v, agentSpan, key, onAgent });
    }
  }
  return found
    .filter((f) => !(f.onAgent && below.has(f.key)))
    .map(({ v, agentSpan }) => {
      const s = agentSpan === undefined ? undefined : spans.get(agentSpan);
      const outcome = s?.status !== 'ok' ? 'failed' : s.fallback ? 'fallback' : 'repaired';
      return { ...v, outcome };
    });
}

function ancestry(spans: Map<string, SpanInfo>, spanId: string): { agentSpan?: string; agent?: string; step?: string } {
  let agentSpan: string | undefined;
  let agent: string | undefined;
  let step: string | undefined;
  for (let id: string | undefined = spanId, guard = 0; id && guard < 1000; guard++) {
    const s = spans.get(id);
    if (!s) break;
    if (s.kind === 'agent' && agentSpan === undefined) {
      agentSpan = id;
      agent = s.agent ?? s.name;
    }
    if (s.kind === 'step' && step === undefined) step = s.step ?? s.name;
    agent ??= s.agent;
    id = s.parentId;
  }
  return { agentSpan, agent, step };
}

/** A short, one-line rendering of a value for a message: JSON, cut to `max` characters. */
export function preview(value: unknown, max = 80): string {
  let text: string;
  try {
    text = value === undefined ? 'undefined' : (JSON.stringify(value) ?? String(value));
  } catch {
    text = String(value);
  }
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

export interface ViolationLocator {
  contract(name: string, version: number): SourceRange | undefined;
  agent(name: string): SourceRange | undefined;
}

export interface RuntimeDiagnostic {
  readonly range: SourceRange;
  /** What the range marks, so that the editor can find it again after edits. */
  readonly anchor: { readonly kind: 'contract' | 'agent'; readonly name: string };
  readonly severity: 'error' | 'warning';
  readonly message: string;
  /** Where the trace recorded it: the trace file and the event's line. */
  readonly trace: { readonly file: string; readonly line: number };
  readonly related: { readonly range: SourceRange; readonly message: string }[];
}

/**
 * One diagnostic on the contract and one on the agent for every violation whose place is
 * known. Repaired violations (a retry then passed) are warnings; the rest (the fallback was
 * used, or the call failed) are errors.
 */
export function violationDiagnostics(violations: readonly RuntimeViolation[], locate: ViolationLocator, traceFile: string): RuntimeDiagnostic[] {
  const out: RuntimeDiagnostic[] = [];
  // The same violation in several attempts of one call is one diagnostic that says how many.
  const groups = new Map<string, { v: RuntimeViolation; times: number }>();
  for (const v of violations) {
    const key = [v.contract, v.version, v.path, v.message, preview(v.value), v.agent, v.step, v.outcome].join('\u0000');
    const g = groups.get(key);
    if (g) g.times++;
    else groups.set(key, { v, times: 1 });
  }
  for (const { v, times } of groups.values()) {
    const where = v.path === '' ? 'the value' : v.path;
    const by = v.agent ? ` (agent ${v.agent}${v.step && v.step !== v.agent ? `, step ${v.step}` : ''})` : '';
    const outcome = v.outcome === 'repaired' ? ' — repaired by a retry' : v.outcome === 'fallback' ? ' — the agent’s fallback was used' : '';
    const message = `Run-time violation of ${v.contract}@${v.version} at ${where}: ${v.message}; got ${preview(v.value)}${by}${times > 1 ? `, ${times} times` : ''}${outcome}`;
    const severity = v.outcome === 'repaired' ? 'warning' : 'error';
    const trace = { file: traceFile, line: v.line };
    const contractRange = locate.contract(v.contract, v.version);
    const agentRange = v.agent ? locate.agent(v.agent) : undefined;
    if (contractRange) {
      const related = agentRange ? [{ range: agentRange, message: `produced by agent ${v.agent}` }] : [];
      out.push({ range: contractRange, anchor: { kind: 'contract', name: v.contract }, severity, message, trace, related });
    }
    if (agentRange) {
      const related = contractRange ? [{ range: contractRange, message: `contract ${v.contract}@${v.version}` }] : [];
      out.push({ range: agentRange, anchor: { kind: 'agent', name: v.agent! }, severity, message, trace, related });
    }
  }
  return out;
}

/**
 * The diagnostics of `file` moved to where their contract or agent is in its new text (an
 * edit moved lines); those whose name is gone are dropped. Other files' are kept as they are.
 */
export function relocate(diags: readonly RuntimeDiagnostic[], file: string, outline: readonly { kind: string; name: string; line: number; column: number }[]): RuntimeDiagnostic[] {
  const out: RuntimeDiagnostic[] = [];
  // The outline's entries by kind and name (the first of a name), built once, not searched per diagnostic.
  let byName: Map<string, (typeof outline)[number]> | undefined;
  const key = (kind: string, name: string): string => `${kind}:${name}`;
  for (const d of diags) {
    if (d.range.file !== file) {
      out.push(d);
      continue;
    }
    if (!byName) {
      byName = new Map();
      for (const x of outline) if (!byName.has(key(x.kind, x.name))) byName.set(key(x.kind, x.name), x);
    }
    const e = byName.get(key(d.anchor.kind, d.anchor.name));
    if (!e) continue;
    const start = { line: e.line + 1, column: e.column + 1 };
    out.push({ ...d, range: { file, start, end: { line: start.line, column: start.column + e.name.length } } });
  }
  return out;
}
