/**
 * Progress of a run on stderr, one line per finished step, agent or workflow, and per
 * contract violation. Stdout stays for the output.
 */
import type { TraceProcessor } from '../core/tracing/processor';
import type { TraceRecord } from '../core/tracing/records';

export function stderrProgress(write: (s: string) => void = (s) => process.stderr.write(s)): TraceProcessor {
  const open = new Map<string, { kind: string; name: string; start: number; depth: number }>();
  return {
    onRecord(r: TraceRecord): void {
      if (r.type === 'span' && r.phase === 'start') {
        const depth = r.parentId ? (open.get(r.parentId)?.depth ?? 0) + 1 : 0;
        open.set(r.spanId, { kind: r.kind, name: r.name, start: r.start, depth });
      } else if (r.type === 'span' && r.phase === 'end') {
        const s = open.get(r.spanId);
        if (!s || s.kind === 'llm' || s.kind === 'validation') return;
        const skipped = r.attributes['handoff.skipped'] === true;
        const mark = skipped ? 'skip' : r.status === 'ok' ? (r.attributes['handoff.fallback'] ? 'fallback' : 'ok') : r.status;
        const ms = Math.round(r.end - s.start);
        write(`${'  '.repeat(s.depth)}${mark.padEnd(9)}${s.kind} ${s.name}${skipped ? '' : ` (${ms} ms)`}${r.error ? `: ${r.error.message}` : ''}\n`);
      } else if (r.type === 'event' && r.name === 'contract.violation') {
        const a = r.attributes;
        write(`  violation ${String(a['contract'])}@${String(a['version'])} at ${String(a['path']) || '/'}: ${String(a['message'])}\n`);
      }
    },
    flush: async () => {},
    shutdown: async () => {},
  };
}
