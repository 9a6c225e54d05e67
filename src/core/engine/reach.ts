/**
 * What a run can reach: the agents a workflow (or one agent) may call, found the way the
 * engine resolves names. The CLI binds each of them to a provider before the run starts, so
 * a bad model profile is a usage error before any model is called.
 */
import { patternOf, type GraphWorkflow, type PlanWorkflow, type SupervisorWorkflow } from '../model/definition';
import type { Program, ResolvedAgent } from '../model/program';

/**
 * The agents a run can call: those of the workflow (its steps, supervisor or planner, workers,
 * nested workflows) or the one agent, with their critics. Names resolve as the engine resolves them.
 */
export function agentsOfRun(program: Program, file: string, workflow: string | undefined, agent: string | undefined): ResolvedAgent[] {
  const agents = new Map<string, ResolvedAgent>();
  const workflows = new Set<string>();
  const visitAgent = (name: string, from: string): boolean => {
    const a = program.agent(name, from);
    if (!a) return false;
    const key = `${a.file}\u0000${a.name}`;
    if (agents.has(key)) return true;
    agents.set(key, a);
    if (a.def.reflect) visitAgent(a.def.reflect.critic, a.file);
    return true;
  };
  const visitWorkflow = (name: string, from: string): void => {
    const wf = program.workflow(name, from);
    if (!wf) return;
    const key = `${wf.file}\u0000${wf.name}`;
    if (workflows.has(key)) return;
    workflows.add(key);
    const pattern = patternOf(wf.def);
    if (pattern === 'graph') {
      for (const step of Object.values((wf.def as GraphWorkflow).steps)) {
        if (step.workflow) visitWorkflow(step.workflow, wf.file);
        else if (step.agent) visitAgent(step.agent, wf.file);
      }
      return;
    }
    const def = wf.def as SupervisorWorkflow | PlanWorkflow;
    visitAgent(pattern === 'supervisor' ? (def as SupervisorWorkflow).supervisor : (def as PlanWorkflow).planner, wf.file);
    for (const w of def.workers) if (!visitAgent(w, wf.file)) visitWorkflow(w, wf.file);
  };
  if (workflow) visitWorkflow(workflow, file);
  else if (agent) visitAgent(agent, file);
  return [...agents.values()];
}
