/**
 * `handoff trace FILE [--json]`: summarises a recorded run: the span tree with status,
 * duration, tokens and violations. A damaged or torn file is read as far as it goes (the
 * damage is reported); exit 1 only when the file cannot be read at all or holds no trace
 * record (empty, or another kind of file).
 */
import { TraceModel } from '../core/traceview/model';
import { computeTotals } from '../core/traceview/totals';
import { attributesOf, notATrace, readTrace, type LoadedTrace, type SpanView } from '../core/tracing/reader';
import { oneLine } from './oneLine';
import { statSync } from 'node:fs';
import { fsReason } from '../core/files';

interface SpanSummary {
  kind: string;
  name: string;
  status: string;
  durationMs?: number;
  /** The end was recorded before the start: the duration is shown as 0. */
  endBeforeStart?: boolean;
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
    // A trace is a file: a device or a pipe (/dev/zero) could be read for ever.
    const st = statSync(files[0]!);
    if (st.isDirectory()) throw Object.assign(new Error('it is a folder'), { code: 'EISDIR' });
    if (!st.isFile()) throw new Error('it is not a regular file (a device or a pipe)');
    t = await readTrace(files[0]!);
  } catch (e) {
    err(`handoff trace: cannot read ${oneLine(files[0]!)}: ${fsReason(e)}\n`);
    return 1;
  }
  if (t.records.length === 0) {
    err(`handoff trace: ${files[0]} holds no run to summarise: ${notATrace(t) ?? 'the file is empty'}\n`);
    return 1;
  }
  const tree = summariseAll(t.roots);
  // The panel's totals: tokens are summed over the model calls that reported usage, and
  // `callsWithUsage` says how many did.
  const sum = computeTotals(TraceModel.from(t.records), {});
  const totals = { spans: t.spans.size, inputTokens: sum.tokens?.input ?? 0, outputTokens: sum.tokens?.output ?? 0, llmCalls: sum.llmCalls, callsWithUsage: sum.callsWithUsage, violations: sum.violations };
  if (json) {
    const head = JSON.stringify({ run: t.run ?? null, end: t.end ?? null, totals, damaged: t.damaged, tornTail: t.tornTail, dropped: t.dropped });
    out(`${head.slice(0, -1)},"spans":`);
    writeTree(tree, out);
    out('}\n');
    return 0;
  }
  const r = t.run;
  // Everything printed from the trace is one line per item: a name with a newline or an
  // escape sequence in a hostile trace cannot forge a line or drive the terminal.
  out(oneLine(`run ${r?.runId ?? '? (the trace has no run line)'}  ${r?.workflow ? `workflow ${r.workflow}` : r?.agent ? `agent ${r.agent}` : ''}  ${r?.startedAt ?? ''}`) + '\n');
  out(oneLine(`status ${t.end?.status ?? 'unfinished (no run.end line)'}${t.end?.error ? ` — ${t.end.error.kind}: ${t.end.error.message}` : ''}`) + '\n');
  const tokens =
    totals.callsWithUsage === 0
      ? totals.llmCalls ? 'tokens not reported' : 'no model calls'
      : `tokens in ${totals.inputTokens} out ${totals.outputTokens}${totals.callsWithUsage < totals.llmCalls ? ` (${totals.callsWithUsage} of ${totals.llmCalls} calls reported usage)` : ''}`;
  out(`spans ${totals.spans}  ${tokens}  violations ${totals.violations}\n\n`);
  // Depth first with a stack: a tree thousands of levels deep must not overflow the call stack.
  const stack: { s: SpanSummary; depth: number }[] = tree.map((s) => ({ s, depth: 0 })).reverse();
  while (stack.length) {
    const { s, depth } = stack.pop()!;
    const flags = [s.skipped && 'skipped', s.fallback && 'fallback', s.repaired && 'repaired', s.unapproved && 'not approved by its critic', s.attempt !== undefined && `attempt ${s.attempt + 1}`, s.endBeforeStart && 'end recorded before start'].filter(Boolean).join(', ');
    const tokens = s.inputTokens !== undefined || s.outputTokens !== undefined ? `  tokens ${s.inputTokens ?? 0}/${s.outputTokens ?? 0}` : '';
    const dur = s.durationMs !== undefined ? `  ${s.durationMs.toFixed(s.durationMs < 10 ? 1 : 0)} ms` : '';
    const indent = '  '.repeat(Math.min(depth, 200));
    out(`${indent}${oneLine(`${s.status.padEnd(9)} ${s.kind} ${s.name}${dur}${tokens}${flags ? `  (${flags})` : ''}${s.error ? `  ${s.error.kind}: ${s.error.message}` : ''}`)}\n`);
    for (const v of s.violations ?? []) out(`${indent}  ${oneLine(`violation ${v.contract}@${Number.isFinite(v.version) ? v.version : '?'} at ${v.path || '/'}: ${v.message}`)}\n`);
    for (let i = s.children.length - 1; i >= 0; i--) stack.push({ s: s.children[i]!, depth: depth + 1 });
  }
  if (t.dropped > 0) err(`the writer dropped ${t.dropped} record${t.dropped === 1 ? '' : 's'} (its queue was full): the trace is incomplete\n`);
  for (const d of t.damaged) err(`${oneLine(`line ${d.line}: ${d.reason}`)}\n`);
  if (t.tornTail) err('the last line was cut short and was skipped\n');
  return 0;
}

/** The span trees as summaries, built without recursion. */
function summariseAll(roots: readonly SpanView[]): SpanSummary[] {
  const tree = roots.map(summarise);
  const stack: { view: SpanView; summary: SpanSummary }[] = roots.map((view, i) => ({ view, summary: tree[i]! }));
  while (stack.length) {
    const { view, summary } = stack.pop()!;
    for (const c of view.children) {
      const child = summarise(c);
      summary.children.push(child);
      stack.push({ view: c, summary: child });
    }
  }
  return tree;
}

/** Writes the trees as JSON without recursion (JSON.stringify of a tree 3,000 deep overflows the stack). */
function writeTree(tree: readonly SpanSummary[], out: (s: string) => void): void {
  type Frame = { items: readonly SpanSummary[]; next: number };
  const stack: Frame[] = [{ items: tree, next: 0 }];
  let text = '[';
  while (stack.length) {
    const f = stack[stack.length - 1]!;
    if (f.next === f.items.length) {
      stack.pop();
      text += stack.length ? ']}' : ']';
      continue;
    }
    const s = f.items[f.next++]!;
    const { children, ...fields } = s;
    text += `${f.next > 1 ? ',' : ''}${JSON.stringify(fields).slice(0, -1)},"children":[`;
    stack.push({ items: children, next: 0 });
    if (text.length > 1 << 16) {
      out(text);
      text = '';
    }
  }
  out(text);
}

function summarise(s: SpanView): SpanSummary {
  const a = attributesOf(s);
  const out: SpanSummary = { kind: s.kind, name: s.name, status: s.status ?? 'open', children: [] };
  if (s.end !== undefined) {
    const d = s.end - s.start;
    out.durationMs = Number.isFinite(d) && d >= 0 ? d : 0;
    if (!(d >= 0)) out.endBeforeStart = true;
  }
  const count = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : undefined);
  const input = count(a['gen_ai.usage.input_tokens']);
  const output = count(a['gen_ai.usage.output_tokens']);
  if (input !== undefined) out.inputTokens = input;
  if (output !== undefined) out.outputTokens = output;
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
