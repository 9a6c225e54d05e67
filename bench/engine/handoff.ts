/**
 * The Handoff side of the engine benchmark: the three shapes as definition files, run by
 * the real engine with an instant provider, tracing (to a file) and validation on.
 * Bundled by run.mjs with esbuild.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadProgram } from '../../src/core/checker';
import { runWorkflow } from '../../src/core/engine';
import { compileValidator } from '../../src/core/schema/validator';
import type { ModelProvider, ModelRequest, ModelResponse } from '../../src/core/providers/types';
import type { TraceProcessor } from '../../src/core/tracing/processor';
import { TraceFileWriter } from '../../src/core/tracing/writer';

const FILE = '/bench/bench.agents.yaml';
const HEAD = `handoff: 1
models:
  default: { model: instant }
contracts:
  Msg:
    version: 1
    schema:
      type: object
      required: [text, n]
      additionalProperties: false
      properties:
        text: { type: string }
        n: { type: integer }
agents:
  w: { input: Msg, output: Msg, instructions: "step {{n}}" }
  lead: { input: Msg, instructions: route }
`;

function definitions(): string {
  const chain = Array.from({ length: 200 }, (_, i) => `      s${i}: { agent: w, input: ${i === 0 ? '$input' : `$steps.s${i - 1}.output`} }`).join('\n');
  const fan = Array.from({ length: 100 }, (_, i) => `      p${i}: { agent: w, input: $input }`).join('\n');
  const after = Array.from({ length: 100 }, (_, i) => `p${i}`).join(', ');
  return `${HEAD}workflows:
  chain:
    input: Msg
    output: Msg
    steps:
${chain}
    result: $steps.s199.output
  fan:
    input: Msg
    output: Msg
    steps:
${fan}
      join: { agent: w, input: $steps.p0.output, after: [${after}] }
    result: $steps.join.output
  sup:
    pattern: supervisor
    input: Msg
    output: Msg
    supervisor: lead
    workers: [w]
    max_turns: 1000
`;
}

const program = loadProgram([FILE], () => definitions());
const errors = program.diagnostics.filter((d) => d.severity === 'error');
if (errors.length) throw new Error(`bench definitions do not check: ${errors.map((e) => e.message).join('; ')}`);

const WORKER_REPLY = '{"text":"x","n":1}';
const ROUTE = '{"next":"w","input":{"text":"go","n":1},"result":null}';
const FINISH = '{"next":"FINISH","input":null,"result":{"text":"done","n":1}}';

/** Answers at once (or after `latencyMs`): the worker echoes, the router routes `turns` times then finishes. */
class InstantProvider implements ModelProvider {
  readonly name = 'instant';
  private routed = 0;
  constructor(
    private readonly turns: number,
    private readonly latencyMs = 0,
  ) {}
  complete(req: ModelRequest): Promise<ModelResponse> {
    let text = WORKER_REPLY;
    if (req.agent === 'lead') text = this.routed++ < this.turns ? ROUTE : FINISH;
    const res: ModelResponse = { text, finishReason: 'stop', model: 'instant', usage: { inputTokens: 1, outputTokens: 1 } };
    if (this.latencyMs > 0) return new Promise((resolve) => setTimeout(() => resolve(res), this.latencyMs));
    return Promise.resolve(res);
  }
}

const dir = mkdtempSync(join(tmpdir(), 'handoff-bench-'));
let seq = 0;

export async function runShape(shape: 'chain' | 'fan' | 'supervisor', opts: { trace?: boolean; latencyMs?: number } = {}): Promise<{ spans: number }> {
  const trace = opts.trace ?? true;
  let spans = 0;
  const counter: TraceProcessor = { onRecord: (r) => void (r.type === 'span' && r.phase === 'start' && spans++), flush: async () => {}, shutdown: async () => {} };
  const writer = trace ? new TraceFileWriter(join(dir, `run-${seq++}.trace.jsonl`)) : undefined;
  const processors = writer ? [writer, counter] : [counter];
  const workflow = shape === 'supervisor' ? 'sup' : shape;
  const r = await runWorkflow({ program, file: FILE, workflow, input: { text: 'in', n: 0 }, provider: new InstantProvider(199, opts.latencyMs), processors, concurrency: 100 });
  if (writer) await writer.shutdown();
  if (r.status !== 'ok') throw new Error(`handoff ${shape}: ${r.error?.message}`);
  return { spans };
}

export function traceDir(): string {
  return dir;
}

export function cleanup(): void {
  rmSync(dir, { recursive: true, force: true });
}

/** Values a second that a compiled validator of a ten-field contract checks. */
export function validationRate(count = 1_000_000): number {
  const props: Record<string, unknown> = {};
  const required: string[] = [];
  for (let i = 0; i < 10; i++) {
    const k = `f${i}`;
    required.push(k);
    props[k] = i % 3 === 0 ? { type: 'string', maxLength: 100 } : i % 3 === 1 ? { type: 'integer', minimum: 0, maximum: 1000 } : { enum: ['a', 'b', 'c'] };
  }
  const v = compileValidator({ type: 'object', required, additionalProperties: false, properties: props });
  const values = Array.from({ length: 1000 }, (_, j) => {
    const o: Record<string, unknown> = {};
    for (let i = 0; i < 10; i++) o[`f${i}`] = i % 3 === 0 ? `value ${j}` : i % 3 === 1 ? j % 1000 : 'b';
    return o;
  });
  let ok = 0;
  const t0 = performance.now();
  for (let i = 0; i < count; i++) if (v(values[i % 1000]).ok) ok++;
  const s = (performance.now() - t0) / 1000;
  if (ok !== count) throw new Error('validation bench: values should be valid');
  return count / s;
}
