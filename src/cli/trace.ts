/**
 * `handoff trace FILE [--json]`: summarises a recorded run: the span tree with status,
 * duration, tokens and violations. A damaged or torn file is read as far as it goes (the
 * damage is reported); exit 1 only when the file cannot be read at all or holds no trace
 * record (empty, or another kind of file).
 */
import { TraceModel } from '../core/traceview/model';
import { computeTotals } from '../core/traceview/totals';
import { attributesOf, notATrace, readTrace, type LoadedTrace, type SpanView } from '../core/tracing/reader';

interface SpanSummary {
  kind: string;
  name: string;
  status: string;
  durationMs?: number;
  inputTokens?: number;
  outputTokens?: number;
  attempt?: number;
  skipped?: boolean;
  fallback?: boolean;
  repaired?: boolean;
  /** The critic's rounds ran out without its approval. */
  unapproved?: boolean;
  error?: { message: string; kind: string };
  violations?: { contract: string; version: number; path: string; message: string }[];
  children: SpanSummary[];
}

export async function traceCommand(args: string[], out: (s: string) => void = (s) => process.stdout.write(s), err: (s: string) => void = (s) => process.stderr.write(s)): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    out('Usage: handoff trace FILE [--json]\n  summarises a recorded run: the span tree with status, duration, tokens, violations\n');
    return 0;
  }
  const json = args.includes('--json');
  const files = args.filter((a) => !a.startsWith('--'));
  const unknown = args.filter((a) => a.startsWith('--') && a !== '--json');
  if (files.length !== 1 || unknown.length) {
    err(`handoff trace: ${unknown.length ? `unknown option ${unknown[0]}` : 'name one trace file'}\nUsage: handoff trace FILE [--json]\n`);
    return 2;
  }
  let t: LoadedTrace;
  try {
    t = await readTrace(files[0]!);
  } catch (e) {
    err(`handoff trace: cannot read ${files[0]}: ${(e as Error).message}\n`);
    return 1;
  }
  if (t.records.length === 0) {
    err(`handoff trace: ${files[0]} holds no run to summarise: ${notATrace(t) ?? 'the file is empty'}\n`);
    return 1;
  }
  const tree = t.roots.map(summarise);
  // The panel's totals: tokens are summed over the model calls that reported usage, and
  // `callsWithUsage` says how many did.
  const sum = computeTotals(TraceModel.from(t.records), {});
  const totals = { spans: t.spans.size, inputTokens: sum.tokens?.input ?? 0, outputTokens: sum.tokens?.output ?? 0, llmCalls: sum.llmCalls, callsWithUsage: sum.callsWithUsage, violations: sum.violations };
  if (json) {
    out(`${JSON.stringify({ run: t.run ?? null, end: t.end ?? null, totals, damaged: t.damaged, tornTail: t.tornTail, spans: tree })}\n`);
    return 0;
  }
  const r = t.run;
  out(`run ${r?.runId ?? '?'}  ${r?.workflow ? `workflow ${r.workflow}` : r?.agent ? `agent ${r.agent}` : ''}  ${r?.startedAt ?? ''}\n`);
  out(`status ${t.end?.status ?? 'unfinished (no run.end line)'}${t.end?.error ? ` — ${t.end.error.kind}: ${t.end.error.message}` : ''}\n`);
  const tokens =
    totals.callsWithUsage === 0
      ? totals.llmCalls ? 'tokens not reported' : 'no model calls'
      : `tokens in ${totals.inputTokens} out ${totals.outputTokens}${totals.callsWithUsage < totals.llmCalls ? ` (${totals.callsWithUsage} of ${totals.llmCalls} calls reported usage)` : ''}`;
  out(`spans ${totals.spans}  ${tokens}  violations ${totals.violations}\n\n`);
  const print = (s: SpanSummary, depth: number): void => {
    const flags = [s.skipped && 'skipped', s.fallback && 'fallback', s.repaired && 'repaired', s.unapproved && 'not approved by its critic', s.attempt !== undefined && `attempt ${s.attempt}`].filter(Boolean).join(', ');
    const tokens = s.inputTokens !== undefined || s.outputTokens !== undefined ? `  tokens ${s.inputTokens ?? 0}/${s.outputTokens ?? 0}` : '';
    const dur = s.durationMs !== undefined ? `  ${s.durationMs.toFixed(s.durationMs < 10 ? 1 : 0)} ms` : '';
    out(`${'  '.repeat(depth)}${s.status.padEnd(9)} ${s.kind} ${s.name}${dur}${tokens}${flags ? `  (${flags})` : ''}${s.error ? `  ${s.error.kind}: ${s.error.message}` : ''}\n`);
    for (const v of s.violations ?? []) out(`${'  '.repeat(depth + 1)}violation ${v.contract}@${v.version} at ${v.path || '/'}: ${v.message}\n`);
    for (const c of s.children) print(c, depth + 1);
  };
  for (const s of tree) print(s, 0);
  for (const d of t.damaged) err(`line ${d.line}: ${d.reason}\n`);
  if (t.tornTail) err('the last line was cut short and was skipped\n');
  return 0;
}

function summarise(s: SpanView): SpanSummary {
  const a = attributesOf(s);
  const out: SpanSummary = { kind: s.kind, name: s.name, status: s.status ?? 'open', children: s.children.map(summarise) };
  if (s.end !== undefined) out.durationMs = s.end - s.start;
  if (a['gen_ai.usage.input_tokens'] !== undefined) out.inputTokens = Number(a['gen_ai.usage.input_tokens']);
  if (a['gen_ai.usage.output_tokens'] !== undefined) out.outputTokens = Number(a['gen_ai.usage.output_tokens']);
  if (s.kind === 'llm' && typeof a['handoff.attempt'] === 'number') out.attempt = a['handoff.attempt'];
  if (a['handoff.skipped'] === true) out.skipped = true;
  if (a['handoff.fallback'] === true) out.fallback = true;
  if (a['handoff.repaired'] === true) out.repaired = true;
  if (a['handoff.reflection.approved'] === false) out.unapproved = true;
  if (s.error) out.error = s.error;
  const v = s.events.filter((e) => e.name === 'contract.violation');
  if (v.length) out.violations = v.map((e) => ({ contract: String(e.attributes['contract']), version: Number(e.attributes['version']), path: String(e.attributes['path']), message: String(e.attributes['message']) }));
  return out;
}
