/**
 * Traces: the records (records.ts, the source of truth), the live feed (`TraceProcessor`),
 * the file writer, the tolerant reader and redaction. The OTLP exporter is imported from
 * './otlp' directly (it loads OpenTelemetry).
 */
export * from './records';
export { MemoryTraceProcessor, callbackProcessor, type TraceProcessor } from './processor';
export { Tracer, Span, wallClock, type Clock } from './tracer';
export { TraceFileWriter, type TraceFileWriterOptions } from './writer';
export { parseTrace, readTrace, attributesOf, type LoadedTrace, type SpanView, type DamagedLine } from './reader';
export { redactText, redactValue, REDACTED } from './redact';
export { resolvePrompt, PROMPT, PROMPT_PREFIX_LENGTH, PROMPT_PREFIX_SPAN, type ResolvedPrompt } from './prompt';
