/**
 * The Handoff definition format, version 1, as zod schemas: one schema per concept, its
 * TypeScript type under the same name. This is the single source of truth for the format;
 * `handoff schema` (and `schemas/agents.schema.json`) are generated from it with
 * `z.toJSONSchema`. The reference is docs/definition-format.md.
 */
import { z } from 'zod';

/** A name of a contract, agent, workflow, model profile or step. */
export const Name = z
  .string()
  .regex(/^[A-Za-z_][A-Za-z0-9_-]*$/, 'a name starts with a letter or _ and holds letters, digits, _ and -');

/** A contract reference: `Name` (the current version) or `Name@version` (a pinned one). */
export const ContractRef = z
  .string()
  .regex(/^[A-Za-z_][A-Za-z0-9_-]*(@[1-9][0-9]*)?$/, 'a contract name, optionally pinned as Name@version');
export type ContractRef = z.infer<typeof ContractRef>;

/** The longest duration a timer can wait (about 24.8 days); a longer one would fire at once. */
export const MAX_DURATION_MS = 2 ** 31 - 1;

/** A duration written as text: a number and its unit (the unit is the second group). */
const DURATION_TEXT = /^\d+(\.\d+)?(ms|s|m|h)$/;

/** A duration: `250ms`, `30s`, `5m`, `1h`, or a number of seconds; from 1 ms to about 24 days. */
export const Duration = z
  .union([z.number().positive(), z.string().regex(DURATION_TEXT, 'a duration such as 500ms, 30s, 5m or 1h')])
  .refine((d) => {
    // zod runs this on a value the union refused too: what is no duration is reported as such.
    if (typeof d === 'string' && !DURATION_TEXT.test(d)) return true;
    if (typeof d !== 'string' && typeof d !== 'number') return true;
    const ms = durationMs(d);
    return ms >= 1 && ms <= MAX_DURATION_MS;
  }, 'a duration from 1ms to 24 days (596h)');
export type Duration = z.infer<typeof Duration>;

/** A JSON Schema (draft 2020-12) held as plain data; meta-validated by the checker. */
export const JsonSchemaValue = z.union([z.boolean(), z.record(z.string(), z.unknown())]);
export type JsonSchemaValue = z.infer<typeof JsonSchemaValue>;

export const ModelProfile = z
  .object({
    provider: z.string().optional().describe('openai (any OpenAI-compatible base URL), scripted, vscode-lm (in VS Code); replaying a recorded run is a command, not a provider'),
    model: z.string().optional(),
    base_url: z.string().optional(),
    temperature: z.number().min(0).max(2).optional(),
    max_tokens: z.number().int().positive().optional(),
  })
  .strict();
export type ModelProfile = z.infer<typeof ModelProfile>;

export const PreviousVersion = z
  .object({ schema: JsonSchemaValue, description: z.string().optional() })
  .strict();
export type PreviousVersion = z.infer<typeof PreviousVersion>;

export const Contract = z
  .object({
    version: z.number().int().min(1).describe('The current version; refer to an older one as Name@version.'),
    description: z.string().optional(),
    schema: JsonSchemaValue.describe('A JSON Schema (draft 2020-12); $ref: "#/contracts/Other" points at another contract.'),
    previous: z.record(z.string().regex(/^[1-9][0-9]*$/, 'a version number (1, 2, …)'), PreviousVersion).optional(),
  })
  .strict();
export type Contract = z.infer<typeof Contract>;

export const Reflect = z
  .object({ critic: Name, rounds: z.number().int().min(1).max(10).default(1) })
  .strict();
export type Reflect = z.infer<typeof Reflect>;

export const Agent = z
  .object({
    description: z.string().optional(),
    model: Name.optional(),
    input: ContractRef.optional().describe('The input contract: Name, or Name@version to pin one.'),
    output: ContractRef.optional().describe('The output contract; omitted for supervisors, planners and critics, whose output the engine supplies.'),
    instructions: z.string().optional().describe('The prompt; {{path}} reads a field of the input, and every path must exist in the input contract.'),
    retries: z.number().int().min(0).max(10).optional().describe('Extra attempts after a provider error or a contract violation.'),
    timeout: Duration.optional().describe('Per attempt: 500ms, 30s, 5m, 1h, or a number of seconds.'),
    fallback: z.unknown().optional().describe('The output used when attempts run out; must satisfy the output contract.'),
    reflect: Reflect.optional().describe('A critique loop by another agent, at most `rounds` times.'),
  })
  .strict();
export type Agent = z.infer<typeof Agent>;

/**
 * A value that flows somewhere: a reference string (`$input`, `$steps.x.output.a`), a
 * literal, or an object/array literal whose members may be references.
 */
export const Mapping = z.unknown();

export const GraphStep = z
  .object({
    description: z.string().optional(),
    agent: Name.optional().describe('The agent this step runs (or name a workflow instead).'),
    workflow: Name.optional().describe('The workflow this step runs (or name an agent instead).'),
    input: Mapping.optional().describe('What the step receives: $input, $steps.<step>.output.<path>, or an object of those; default $input.'),
    when: z.string().optional().describe('A condition such as $steps.triage.output.category == "billing"; a skipped step outputs null.'),
    after: z.array(Name).optional().describe('Steps to wait for without reading their output.'),
  })
  .strict();
export type GraphStep = z.infer<typeof GraphStep>;

const workflowCommon = {
  description: z.string().optional(),
  input: ContractRef,
  output: ContractRef,
};

export const GraphWorkflow = z
  .object({
    pattern: z.literal('graph').optional(),
    ...workflowCommon,
    steps: z.record(Name, GraphStep).describe('Steps by name; independent steps run in parallel.'),
    result: Mapping.optional().describe('The workflow output, usually $steps.<last>.output.'),
  })
  .strict();
export type GraphWorkflow = z.infer<typeof GraphWorkflow>;

export const SupervisorWorkflow = z
  .object({
    pattern: z.literal('supervisor'),
    ...workflowCommon,
    supervisor: Name.describe('The router agent: it answers { next, input, result } until next is FINISH.'),
    workers: z.array(Name).min(1).describe('Agents or workflows the supervisor may call.'),
    max_turns: z.number().int().min(1).max(1000).default(10),
  })
  .strict();
export type SupervisorWorkflow = z.infer<typeof SupervisorWorkflow>;

export const PlanWorkflow = z
  .object({
    pattern: z.literal('plan'),
    ...workflowCommon,
    planner: Name.describe('The planner agent: it answers { steps: [{ worker, input }] } up front.'),
    workers: z.array(Name).min(1).describe('Agents or workflows the planner may use.'),
    checkpoint: z.boolean().default(true),
    max_steps: z.number().int().min(1).max(1000).default(20),
  })
  .strict();
export type PlanWorkflow = z.infer<typeof PlanWorkflow>;

export const Workflow = z.union([GraphWorkflow, SupervisorWorkflow, PlanWorkflow]);
export type Workflow = z.infer<typeof Workflow>;

export const DefinitionFile = z
  .object({
    handoff: z.literal(1).describe('The format version: 1.'),
    description: z.string().optional(),
    imports: z.array(z.string()).optional().describe('Other definition files (relative paths) whose names become visible here.'),
    models: z.record(Name, ModelProfile).optional(),
    contracts: z.record(Name, Contract).optional(),
    agents: z.record(Name, Agent).optional(),
    workflows: z.record(Name, Workflow).optional(),
  })
  .strict();
export type DefinitionFile = z.infer<typeof DefinitionFile>;

/** The pattern of a workflow, with the graph default applied. */
export function patternOf(w: Workflow): 'graph' | 'supervisor' | 'plan' {
  return w.pattern ?? 'graph';
}

/** Parses a duration into milliseconds. */
export function durationMs(d: Duration): number {
  if (typeof d === 'number') return d * 1000;
  const m = DURATION_TEXT.exec(d);
  if (!m) throw new Error(`not a duration: ${d}`);
  const n = parseFloat(d);
  const unit = m[2] as 'ms' | 's' | 'm' | 'h';
  return n * { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[unit];
}

/** Splits `Name@3` into its name and pinned version. */
export function splitContractRef(ref: string): { name: string; version?: number } {
  const at = ref.indexOf('@');
  if (at < 0) return { name: ref };
  return { name: ref.slice(0, at), version: Number(ref.slice(at + 1)) };
}

/** The JSON Schema of the definition format, for editors with a YAML language server. */
export function definitionJsonSchema(): Record<string, unknown> {
  return {
    ...z.toJSONSchema(DefinitionFile, { target: 'draft-2020-12', io: 'input', unrepresentable: 'any' }),
    $id: 'https://handoff.dev/schemas/agents.schema.json',
    title: 'Handoff definition file (*.agents.yaml)',
  };
}
