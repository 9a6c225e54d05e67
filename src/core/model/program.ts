/**
 * The checked, resolved view of a workspace of definition files: what the engine runs and
 * the editor queries. Implemented by src/core/checker (the `Workspace` class builds it);
 * consumed by src/core/engine, src/cli and src/extension.
 *
 * Name visibility: a file sees its own names and those of the files it imports
 * (transitively). Lookups take the file asking, so two files may use the same name.
 */
import type { Agent, ModelProfile, Workflow } from './definition';
import type { Diagnostic, SourceRange } from './diagnostic';

/** A JSON Schema as plain data. */
export type JsonSchema = boolean | { [key: string]: unknown };

export interface ResolvedContract {
  readonly name: string;
  readonly version: number;
  /** True for the contract's current version, false for one from `previous`. */
  readonly current: boolean;
  /**
   * Self-contained: every `$ref` to another contract is bundled under `$defs`, so a
   * validator or a provider's `response_format` can take it as it is.
   */
  readonly schema: JsonSchema;
  /** Whether OpenAI's strict structured outputs can enforce this schema as written. */
  readonly strictCompatible: boolean;
  readonly file: string;
  readonly range?: SourceRange;
}

export interface ResolvedAgent {
  readonly name: string;
  readonly file: string;
  readonly def: Agent;
  readonly input?: ResolvedContract;
  /** Absent for agents whose output the engine supplies (supervisors, planners, critics). */
  readonly output?: ResolvedContract;
  /** The agent's model profile (`default` when it names none); undefined when neither the file nor settings define it. */
  readonly model?: ModelProfile & { name: string };
  readonly range?: SourceRange;
}

export interface ResolvedWorkflow {
  readonly name: string;
  readonly file: string;
  readonly def: Workflow;
  readonly input: ResolvedContract;
  readonly output: ResolvedContract;
  readonly range?: SourceRange;
}

export interface Program {
  /** Absolute paths of every file loaded (the roots and what they import). */
  readonly files: readonly string[];
  /** Every diagnostic of every loaded file. */
  readonly diagnostics: readonly Diagnostic[];
  contract(ref: string, fromFile: string): ResolvedContract | undefined;
  agent(name: string, fromFile: string): ResolvedAgent | undefined;
  workflow(name: string, fromFile: string): ResolvedWorkflow | undefined;
  /** Names visible from a file, for pickers and completion. */
  agentNames(fromFile: string): string[];
  workflowNames(fromFile: string): string[];
  contractNames(fromFile: string): string[];
}
