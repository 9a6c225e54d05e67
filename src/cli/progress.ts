/**
 * Progress of a run on stderr, one line per finished step, agent or workflow, and per
 * contract violation, indented by depth. An agent's line says how many model calls it took
 * when it took more than one, and whether a violation was repaired or the fallback used.
 * A line is written when its span ends; the violations found inside an agent's call are
 * written right under its line (they are held until then), so they never come before the
 * line they belong to. Stdout stays for the output.
 */
import { oneLine } from './oneLine';
import type { TraceProcessor } from '../core/tracing/processor';
import type { TraceRecord } from '../core/tracing/records';

interface OpenSpan {
  readonly kind: string;
  readonly name: string;
  readonly start: number;
  readonly depth: number;
  readonly parentId: string | undefined;
  /** Model calls (llm spans) directly under it. */
  calls: number;
  /** Violation lines to write under its line, once it ends. */
  pending?: string[];
}

export function stderrProgress(write: (s: string) => void = (s) => process.stderr.write(s)): TraceProcessor {
  const open = new Map<string, OpenSpan>();
  return {
    onRecord(r: TraceRecord): void {
      if (r.type === 'span' && r.phase === 'start') {
        const parent = r.parentId ? open.get(r.parentId) : undefined;
        if (parent && r.kind === 'llm') parent.calls++;
        open.set(r.spanId, { kind: r.kind, name: r.name, start: r.start, depth: parent ? parent.depth + 1 : 0, parentId: r.parentId, calls: 0 });
      } else if (r.type === 'span' && r.phase === 'end') {
        const s = open.get(r.spanId);
        open.delete(r.spanId);
        if (!s || !printed(s.kind)) return;
        const skipped = r.attributes['handoff.skipped'] === true;
        const fallback = r.attributes['handoff.fallback'] === true;
        const mark = skipped ? 'skip' : r.status === 'ok' ? (fallback ? 'fallback' : 'ok') : r.status;
        const facts = skipped ? [] : [`${Math.round(r.end - s.start)} ms`];
        if (s.calls > 1) facts.push(`${s.calls} model calls`);
        if (r.attributes['handoff.repaired'] === true) facts.push('repaired');
        // Names come from the definition and messages from servers and models: one line each, no terminal escapes.
        write(`${'  '.repeat(s.depth)}${`${mark} `.padEnd(9)}${s.kind} ${oneLine(s.name)}${facts.length ? ` (${facts.join(', ')})` : ''}${r.error ? `: ${oneLine(r.error.message)}` : ''}\n`);
        for (const line of s.pending ?? []) write(line);
      } else if (r.type === 'event' && r.name === 'contract.violation') {
        const a = r.attributes;
        // Under the line of the span it happened on: a model call's (not printed itself) is its agent's.
        let on = open.get(r.spanId);
        while (on && !printed(on.kind)) on = on.parentId ? open.get(on.parentId) : undefined;
        const line = `${'  '.repeat(on ? on.depth + 1 : 1)}violation ${oneLine(`${String(a['contract'])}@${String(a['version'])} at ${String(a['path']) || '/'}: ${String(a['message'])}`)}\n`;
        if (on) (on.pending ??= []).push(line);
        else write(line);
      }
    },
    flush: async () => {},
    shutdown: async () => {},
  };
}

/** Model calls and validations have no line of their own; their agent's line speaks for them. */
function printed(kind: string): boolean {
  return kind !== 'llm' && kind !== 'validation';
}
