/**
 * Optional OTLP/HTTP export of a run's spans (`handoff run --otlp URL`), with
 * OpenTelemetry's own packages. The same spans and attributes as the trace file (GenAI
 * names where they exist); object values are sent as JSON text. Secrets are already
 * redacted by the tracer.
 */
import { context, SpanStatusCode, trace, type Span as OtelSpan } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, BatchSpanProcessor, type SpanExporter } from '@opentelemetry/sdk-trace-base';
import { HANDOFF_VERSION } from '../version';
import type { TraceProcessor } from './processor';
import { PROMPT, PROMPT_PREFIX_LENGTH, PROMPT_PREFIX_SPAN, resolvePrompt } from './prompt';
import type { Attributes, TraceRecord } from './records';

type AttrValue = string | number | boolean | string[] | number[] | boolean[];

function otelAttributes(attrs: Record<string, unknown>): Record<string, AttrValue> {
  const out: Record<string, AttrValue> = {};
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null) continue;
    if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') out[k] = v;
    else if (Array.isArray(v) && v.every((x) => typeof x === 'string')) out[k] = v as string[];
    else out[k] = JSON.stringify(v);
  }
  return out;
}

/** A processor that exports to OTLP; `error` is why an export failed, if one did (the run itself goes on). */
export interface OtlpProcessor extends TraceProcessor {
  readonly error: string | undefined;
}

export function otlpProcessor(url: string, serviceName = 'handoff'): OtlpProcessor {
  let error: string | undefined;
  // A bounded wait: an endpoint that hangs or refuses must not hold the command's exit for long.
  const exporter = new OTLPTraceExporter({ url, timeoutMillis: 5000 });
  // The exporter reports a failed export only to its callback: keep the first reason.
  const watched: SpanExporter = {
    export: (batch, done) =>
      exporter.export(batch, (result) => {
        if (result.code !== 0) error ??= result.error?.message || 'the export failed';
        done(result);
      }),
    shutdown: () => exporter.shutdown(),
    forceFlush: () => exporter.forceFlush(),
  };
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ 'service.name': serviceName, 'service.version': HANDOFF_VERSION }),
    spanProcessors: [new BatchSpanProcessor(watched)],
  });
  const tracer = provider.getTracer('handoff', HANDOFF_VERSION);
  const spans = new Map<string, OtelSpan>();
  let runAttrs: Record<string, AttrValue> = {};
  /** Start attributes of the run's llm spans: an exported span carries its whole prompt, not the file's delta. */
  const llmAttrs = new Map<string, Attributes>();
  const exported = (r: { spanId: string; kind: string; attributes: Attributes }): Attributes => {
    if (r.kind !== 'llm') return r.attributes;
    llmAttrs.set(r.spanId, r.attributes);
    if (r.attributes[PROMPT_PREFIX_SPAN] === undefined) return r.attributes;
    const { [PROMPT_PREFIX_SPAN]: _span, [PROMPT_PREFIX_LENGTH]: _length, ...rest } = r.attributes;
    return { ...rest, [PROMPT]: resolvePrompt(r.spanId, (id) => llmAttrs.get(id))?.messages };
  };
  return {
    onRecord(r: TraceRecord): void {
      if (r.type === 'run') {
        runAttrs = otelAttributes({ 'handoff.run_id': r.runId, 'handoff.file': r.file });
        llmAttrs.clear();
      }
      else if (r.type === 'span' && r.phase === 'start') {
        const parent = r.parentId ? spans.get(r.parentId) : undefined;
        const ctx = parent ? trace.setSpan(context.active(), parent) : context.active();
        const name = r.kind === 'llm' ? `chat ${String(r.attributes['gen_ai.request.model'] ?? r.name)}` : `${r.kind} ${r.name}`;
        const s = tracer.startSpan(name, { startTime: r.start, attributes: { ...runAttrs, ...otelAttributes(exported(r)), 'handoff.kind': r.kind } }, ctx);
        spans.set(r.spanId, s);
      } else if (r.type === 'span' && r.phase === 'end') {
        const s = spans.get(r.spanId);
        if (!s) return;
        s.setAttributes(otelAttributes(r.attributes));
        if (r.status === 'ok') s.setStatus({ code: SpanStatusCode.OK });
        else {
          s.setStatus({ code: SpanStatusCode.ERROR, message: r.error?.message });
          s.setAttribute('error.type', r.error?.kind ?? r.status);
        }
        s.end(r.end);
        spans.delete(r.spanId);
      } else if (r.type === 'event') {
        spans.get(r.spanId)?.addEvent(r.name, otelAttributes(r.attributes), r.time);
      }
    },
    flush: () => provider.forceFlush(),
    shutdown: () => provider.shutdown(),
    get error() {
      return error;
    },
  };
}
