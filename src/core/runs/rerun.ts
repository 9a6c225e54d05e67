/**
 * Rerun from here: a recorded graph run is run again from one step. The steps before it are
 * answered from the recording (the replay provider, matched by agent and input, so they
 * produce the outputs they produced then), and only the chosen step and the steps that
 * depend on it, directly or through others, call a model. The new run is recorded like any
 * other: its trace shows which calls were replayed (`gen_ai.provider.name: replay`).
 */
import { planGraph } from '../engine/graph';
import { AgentReach } from '../engine/reach';
import { patternOf, type GraphWorkflow } from '../model/definition';
import type { Program } from '../model/program';

/** The step and every step that depends on it, directly or through others. */
export function downstreamSteps(def: GraphWorkflow, from: string): Set<string> {
  const plans = planGraph(def);
  const out = new Set<string>([from]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const p of plans) {
      if (out.has(p.name)) continue;
      if (p.deps.some((d) => out.has(d))) {
        out.add(p.name);
        grew = true;
      }
    }
  }
  return out;
}

/**
 * The agents whose calls must reach a model when `workflow` reruns from `step`: the agents
 * of the downstream steps, their critics, and every agent of a sub-workflow such a step
 * runs. Throws with a message a person can act on when the rerun is not possible.
 */
export function liveAgentsForRerun(program: Program, file: string, workflow: string, step: string): Set<string> {
  const wf = program.workflow(workflow, file);
  if (!wf) throw new Error(`no workflow named '${workflow}' is visible from ${file}`);
  const pattern = patternOf(wf.def);
  if (pattern !== 'graph') throw new Error(`rerun from a step needs a graph workflow; '${workflow}' is a ${pattern} workflow`);
  const def = wf.def as GraphWorkflow;
  if (!(step in def.steps)) throw new Error(`workflow '${workflow}' has no step '${step}'`);
  const reach = new AgentReach(program);
  for (const name of downstreamSteps(def, step)) reach.addStep(def.steps[name]!, wf.file);
  return new Set(reach.agents.map((a) => a.name));
}
