/**
 * The trace file (`*.trace.jsonl`): one JSON object a line. These schemas are the single
 * source of truth for what the engine writes, what `handoff trace` and the panel read,
 * and what the webview receives. Reference: docs/trace-format.md.
 */
import { z } from 'zod';

export const SpanKind = z.enum(['workflow', 'step', 'agent', 'llm', 'validation', 'tool']);
export type SpanKind = z.infer<typeof SpanKind>;

export const SpanStatus = z.enum(['ok', 'error', 'cancelled']);
export type SpanStatus = z.infer<typeof SpanStatus>;

export const Attributes = z.record(z.string(), z.unknown());
export type Attributes = z.infer<typeof Attributes>;

export const TraceError = z.object({ message: z.string(), kind: z.string() });
export type TraceError = z.infer<typeof TraceError>;

export const RunRecord = z.object({
  type: z.literal('run'),
  runId: z.string(),
  workflow: z.string().optional(),
  agent: z.string().optional(),
  file: z.string(),
  startedAt: z.string(),
  input: z.unknown(),
  handoffVersion: z.string(),
});
export type RunRecord = z.infer<typeof RunRecord>;

export const SpanStartRecord = z.object({
  type: z.literal('span'),
  phase: z.literal('start'),
  spanId: z.string(),
  parentId: z.string().optional(),
  kind: SpanKind,
  name: z.string(),
  start: z.number(),
  attributes: Attributes.default({}),
});
export type SpanStartRecord = z.infer<typeof SpanStartRecord>;

export const SpanEndRecord = z.object({
  type: z.literal('span'),
  phase: z.literal('end'),
  spanId: z.string(),
  end: z.number(),
  status: SpanStatus,
  attributes: Attributes.default({}),
  error: TraceError.optional(),
});
export type SpanEndRecord = z.infer<typeof SpanEndRecord>;

export const EventRecord = z.object({
  type: z.literal('event'),
  spanId: z.string(),
  name: z.string(),
  time: z.number(),
  attributes: Attributes.default({}),
});
export type EventRecord = z.infer<typeof EventRecord>;

export const RunEndRecord = z.object({
  type: z.literal('run.end'),
  status: SpanStatus,
  output: z.unknown().optional(),
  error: TraceError.optional(),
});
export type RunEndRecord = z.infer<typeof RunEndRecord>;

export const SpanRecord = z.discriminatedUnion('phase', [SpanStartRecord, SpanEndRecord]);
export const TraceRecord = z.union([RunRecord, SpanStartRecord, SpanEndRecord, EventRecord, RunEndRecord]);
export type TraceRecord = z.infer<typeof TraceRecord>;

/** The attributes of a `contract.violation` event. */
export const ViolationAttributes = z.object({
  contract: z.string(),
  version: z.number(),
  path: z.string(),
  message: z.string(),
  value: z.unknown().optional(),
});
export type ViolationAttributes = z.infer<typeof ViolationAttributes>;

/**
 * Attribute names: OpenTelemetry GenAI conventions where they exist, `handoff.` otherwise.
 * The engine's object literals spell these names out instead of `[Attr.x]:`: a computed key
 * makes V8 build a literal property by property, and those literals are made on every span.
 */
export const Attr = {
  providerName: 'gen_ai.provider.name',
  requestModel: 'gen_ai.request.model',
  inputTokens: 'gen_ai.usage.input_tokens',
  outputTokens: 'gen_ai.usage.output_tokens',
  finishReasons: 'gen_ai.response.finish_reasons',
  step: 'handoff.step',
  agent: 'handoff.agent',
  attempt: 'handoff.attempt',
  contract: 'handoff.contract',
} as const;
