/**
 * What a run can reach: the agents a workflow (or one agent) may call, found the way the
 * engine resolves names (a worker is an agent when one has the name, else a workflow). The
 * CLI binds each of them to a provider before the run starts, so a bad model profile is a
 * usage error before any model is called; a rerun from a step calls live only the agents its
 * downstream steps reach.
 */
import { patternOf, type GraphWorkflow, type PlanWorkflow, type SupervisorWorkflow } from '../model/definition';
import type { Program, ResolvedAgent } from '../model/program';

/** Collects the agents reachable from agents and workflows it is given, critics and nested workflows included. */
export class AgentReach {
  private readonly found = new Map<string, ResolvedAgent>();
  private readonly workflows = new Set<string>();

  constructor(private readonly program: Program) {}

  /** The agents found so far, each once. */
  get agents(): ResolvedAgent[] {
    return [...this.found.values()];
  }

  /** Adds the agent `name` (as seen from `from`) and its critics; false when no agent has the name. */
  addAgent(name: string, from: string): boolean {
    const a = this.program.agent(name, from);
    if (!a) return false;
    const key = `${a.file}\u0000${a.name}`;
    if (this.found.has(key)) return true;
    this.found.set(key, a);
    if (a.def.reflect) this.addAgent(a.def.reflect.critic, a.file);
    return true;
  }

  /** Adds every agent the workflow `name` (as seen from `from`) can call. */
  addWorkflow(name: string, from: string): void {
    const wf = this.program.workflow(name, from);
    if (!wf) return;
    const key = `${wf.file}\u0000${wf.name}`;
    if (this.workflows.has(key)) return;
    this.workflows.add(key);
    const pattern = patternOf(wf.def);
    if (pattern === 'graph') {
      for (const step of Object.values((wf.def as GraphWorkflow).steps)) this.addStep(step, wf.file);
      return;
    }
    const def = wf.def as SupervisorWorkflow | PlanWorkflow;
    this.addAgent(pattern === 'supervisor' ? (def as SupervisorWorkflow).supervisor : (def as PlanWorkflow).planner, wf.file);
    for (const w of def.workers) if (!this.addAgent(w, wf.file)) this.addWorkflow(w, wf.file);
  }

  /** Adds what one graph step runs: its workflow, or its agent. */
  addStep(step: { readonly agent?: string; readonly workflow?: string }, from: string): void {
    if (step.workflow) this.addWorkflow(step.workflow, from);
    else if (step.agent) this.addAgent(step.agent, from);
  }
}

/**
 * The agents a run can call: those of the workflow (its steps, supervisor or planner, workers,
 * nested workflows) or the one agent, with their critics.
 */
export function agentsOfRun(program: Program, file: string, workflow: string | undefined, agent: string | undefined): ResolvedAgent[] {
  const reach = new AgentReach(program);
  if (workflow) reach.addWorkflow(workflow, file);
  else if (agent) reach.addAgent(agent, file);
  return reach.agents;
}
