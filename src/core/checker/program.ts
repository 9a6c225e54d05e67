/** The Program of a checked workspace: resolved contracts, agents and workflows by name. */
import { resolve } from 'node:path';
import type { Diagnostic } from '../model/diagnostic';
import type { Program, ResolvedAgent, ResolvedContract, ResolvedWorkflow } from '../model/program';
import type { FileModel } from './fileModel';
import type { Resolver } from './resolver';

export class WorkspaceProgram implements Program {
  constructor(
    readonly resolver: Resolver,
    readonly files: readonly string[],
    readonly diagnostics: readonly Diagnostic[],
  ) {}

  contract(ref: string, fromFile: string): ResolvedContract | undefined {
    return this.resolver.contract(ref, resolve(fromFile));
  }
  agent(name: string, fromFile: string): ResolvedAgent | undefined {
    return this.resolver.agent(name, resolve(fromFile));
  }
  workflow(name: string, fromFile: string): ResolvedWorkflow | undefined {
    return this.resolver.workflow(name, resolve(fromFile));
  }
  agentNames(fromFile: string): string[] {
    return this.resolver.names('agent', resolve(fromFile));
  }
  workflowNames(fromFile: string): string[] {
    return this.resolver.names('workflow', resolve(fromFile));
  }
  contractNames(fromFile: string): string[] {
    return this.resolver.names('contract', resolve(fromFile));
  }
  modelNames(fromFile: string): string[] {
    return this.resolver.names('model', resolve(fromFile));
  }
  /** The parsed file (node tree, line index, symbols) for editor features. */
  fileModel(path: string): FileModel | undefined {
    return this.resolver.files.get(resolve(path));
  }
}
