/**
 * The trace panel's message protocol: one zod schema per message, a `type` discriminant,
 * separate unions for each direction. Both sides validate every message on receipt with
 * `parseToWebview` / `parseFromWebview`; an invalid message is logged and dropped, never
 * acted on. A message that wants an answer carries `messageId`; the answer carries
 * `inReplyTo` with the same id.
 */
import { z } from 'zod';
import { checkRecord } from '../core/traceview/fastRecord';
import type { TraceRecord as TraceRecordT } from '../core/tracing/records';

const MessageId = z.number().int().nonnegative();

/**
 * One trace record: the same check as records.ts's `TraceRecord` schema (held to it by a
 * property test), done by `checkRecord` because zod without its JIT (the webview's CSP
 * forbids eval) takes seconds over 200,000 records.
 */
export const TraceRecord = z.unknown().transform((x, ctx): TraceRecordT => {
  const r = checkRecord(x);
  if (!r) {
    ctx.addIssue({ code: 'custom', message: 'not a trace record' });
    return z.NEVER;
  }
  return r;
});

export const PriceTable = z.record(z.string(), z.object({ input: z.number().optional(), output: z.number().optional() }));

export const PlanStepMsg = z.object({
  name: z.string(),
  agent: z.string().optional(),
  dependsOn: z.array(z.string()),
  /** A supervisor's router, a planner, or their worker (core/traceview/graph.ts `PlanRole`); absent for a graph step. */
  role: z.enum(['supervisor', 'planner', 'worker']).optional(),
});

/** What the host tells the webview about where it is shown and what it may offer. */
export const InitMsg = z.object({
  type: z.literal('init'),
  mode: z.enum(['live', 'file']),
  prices: PriceTable,
  /** Rerun from here: enabled when the engine is available; the reason when it is not. */
  rerun: z.object({ enabled: z.boolean(), reason: z.string() }),
  /** The trace file an editor tab is loading (its name), said while it loads. */
  file: z.string().max(1000).optional(),
});

/** Starts a new trace in the view: everything before is forgotten. */
export const ResetMsg = z.object({
  type: z.literal('reset'),
  title: z.string(),
  /** The trace file, when there is one (for history and reveal). */
  source: z.string().optional(),
  live: z.boolean(),
  plan: z.array(PlanStepMsg).optional(),
});

/** More records of the current trace, in order. */
export const RecordsMsg = z.object({
  type: z.literal('records'),
  records: z.array(TraceRecord),
  /** True when this batch completes a trace the host sent in chunks. */
  done: z.boolean().optional(),
});

/**
 * Records of a trace file as its own text (JSON lines, cut at line ends): a string crosses
 * to the webview far faster than the same records as objects. The webview checks every
 * line as a trace record and skips (and counts) the ones that are not.
 */
export const RecordsTextMsg = z.object({
  type: z.literal('recordsText'),
  text: z.string(),
  done: z.boolean().optional(),
  /**
   * The file goes on after this text with a last line cut short (no newline, not a whole
   * record), not sent: a run still writing it, or one stopped while writing it.
   */
  cutShort: z.boolean().optional(),
});

export const HistoryRun = z.object({
  source: z.string(),
  runId: z.string(),
  startedAt: z.string(),
  status: z.enum(['ok', 'error', 'cancelled', 'running']),
  latencyMs: z.number(),
  /** Absent when no model call of the run reported token usage. */
  tokens: z.number().optional(),
  violations: z.number(),
  /**
   * The run's model calls were answered from a recorded trace: `all` of them (Replay Run…: no
   * new observation, left out of reliability and anomaly baselines), or `some` (Rerun from
   * here: only its live calls count). Absent for a run with no replayed call.
   */
  replay: z.enum(['all', 'some']).optional(),
  anomalies: z.array(z.object({
    metric: z.enum(['latencyMs', 'tokens', 'violations']),
    value: z.number(),
    median: z.number(),
    low: z.number(),
    high: z.number(),
    anomalous: z.boolean(),
  })),
});
export type HistoryRun = z.infer<typeof HistoryRun>;

const Rates = {
  firstTry: z.number(),
  repaired: z.number(),
  fallback: z.number(),
  failed: z.number(),
};

export const HistoryMsg = z.object({
  type: z.literal('history'),
  inReplyTo: MessageId.optional(),
  workflow: z.string(),
  runs: z.array(HistoryRun),
  agents: z.array(z.object({ agent: z.string(), total: z.number(), successRate: z.number(), firstTryRate: z.number(), ...Rates })),
  estimate: z.object({
    firstTry: z.number(),
    withRetries: z.number(),
    withFallback: z.number(),
    factors: z.array(z.object({ name: z.string(), agent: z.string(), firstTry: z.number(), withRetries: z.number(), withFallback: z.number() })),
    /** Steps whose agent has no recorded outcome: left out of the product, which is then an upper bound. */
    unknown: z.array(z.string()).optional(),
  }),
});

/** Two recorded runs for comparison (the webview computes the diff). */
export const CompareMsg = z.object({
  type: z.literal('compare'),
  inReplyTo: MessageId.optional(),
  a: z.object({ label: z.string(), records: z.array(TraceRecord) }),
  b: z.object({ label: z.string(), records: z.array(TraceRecord) }),
});

/** The answer to a request that has no other answer: done, or why not. */
export const ReplyMsg = z.object({
  type: z.literal('reply'),
  inReplyTo: MessageId,
  ok: z.boolean(),
  message: z.string().optional(),
});

export const ToWebview = z.discriminatedUnion('type', [InitMsg, ResetMsg, RecordsMsg, RecordsTextMsg, HistoryMsg, CompareMsg, ReplyMsg]);
export type ToWebview = z.infer<typeof ToWebview>;

export const ReadyMsg = z.object({ type: z.literal('ready') });

export const RevealMsg = z.object({
  type: z.literal('reveal'),
  kind: z.enum(['workflow', 'step', 'agent', 'contract']),
  name: z.string().max(500),
  /** The workflow the step belongs to. */
  workflow: z.string().max(500).optional(),
});

export const OpenDiffMsg = z.object({
  type: z.literal('openDiff'),
  title: z.string().max(500),
  left: z.object({ label: z.string().max(500), value: z.unknown() }),
  right: z.object({ label: z.string().max(500), value: z.unknown() }),
});

export const RerunMsg = z.object({
  type: z.literal('rerunFrom'),
  messageId: MessageId,
  step: z.string().max(500),
});

export const RequestHistoryMsg = z.object({ type: z.literal('requestHistory'), messageId: MessageId });

export const RequestCompareMsg = z.object({
  type: z.literal('requestCompare'),
  messageId: MessageId,
  a: z.string().max(4096),
  b: z.string().max(4096),
});

export const OpenSourceMsg = z.object({ type: z.literal('openSource'), source: z.string().max(4096) });

/** The empty panel's "Open a Recorded Run…": the extension runs Open Trace…. */
export const OpenRecordedMsg = z.object({ type: z.literal('openRecorded') });

export const LogMsg = z.object({ type: z.literal('log'), level: z.enum(['info', 'warn', 'error']), message: z.string().max(10_000) });

export const FromWebview = z.discriminatedUnion('type', [
  ReadyMsg, RevealMsg, OpenDiffMsg, RerunMsg, RequestHistoryMsg, RequestCompareMsg, OpenSourceMsg, OpenRecordedMsg, LogMsg,
]);
export type FromWebview = z.infer<typeof FromWebview>;

export type Parsed<T> = { ok: true; msg: T } | { ok: false; error: string };

function parseWith<T>(schema: z.ZodType<T>, data: unknown): Parsed<T> {
  const r = schema.safeParse(data);
  if (r.success) return { ok: true, msg: r.data };
  const first = r.error.issues[0];
  const where = first ? first.path.join('.') : '';
  return { ok: false, error: `invalid message${where ? ` at ${where}` : ''}: ${first?.message ?? 'unknown'}` };
}

export function parseToWebview(data: unknown): Parsed<ToWebview> {
  return parseWith(ToWebview, data);
}

export function parseFromWebview(data: unknown): Parsed<FromWebview> {
  return parseWith(FromWebview, data);
}

/** Records are sent in chunks of this many, so no single message is huge. */
export const RECORDS_CHUNK = 5000;
/** Trace text is sent in chunks of about this many characters (cut at a line end). */
export const TEXT_CHUNK = 8 * 1024 * 1024;

/** Cuts JSON-lines text into chunks of about `size` characters, each ending at a line end. */
export function splitLines(text: string, size = TEXT_CHUNK): string[] {
  const out: string[] = [];
  let pos = 0;
  while (pos < text.length) {
    let end = Math.min(text.length, pos + size);
    if (end < text.length) {
      const nl = text.indexOf('\n', end);
      end = nl < 0 ? text.length : nl + 1;
    }
    out.push(text.slice(pos, end));
    pos = end;
  }
  return out;
}
/** The live feed is coalesced to at most this many messages a second. */
export const LIVE_MESSAGES_PER_SECOND = 20;
