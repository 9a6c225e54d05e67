/**
 * Rerun from here (asked by the trace panel): the recorded run's definition, target and
 * input, with the steps before the chosen one answered from the recording and the chosen
 * step and those after it sent to the configured providers. See src/core/runs/rerun.ts.
 */
import * as path from 'node:path';
import { liveAgentsForRerun } from '../../core/runs/rerun';
import { loadProgramFor } from './engine';
import type { RunHistory } from './history';
import { replayRequest } from './replay';
import type { RunRequest } from './runner';
import { isRefusal, refusal, type Refusal } from './trust';

export async function rerunRequest(trace: string, step: string, history: RunHistory): Promise<RunRequest | Refusal> {
  const replay = await replayRequest(trace, history);
  if (isRefusal(replay)) return replay;
  if (replay.target.kind !== 'workflow') {
    return refusal('invalid', `${path.basename(trace)} is a run of agent ${replay.target.name}; rerun from a step needs a workflow run.`);
  }
  const program = await loadProgramFor(replay.file);
  let live: Set<string>;
  try {
    live = liveAgentsForRerun(program, replay.file, replay.target.name, step);
  } catch (err) {
    return refusal('invalid', `Cannot rerun from ${step}: ${(err as Error).message}`);
  }
  return { file: replay.file, target: replay.target, input: replay.input, rerun: { recorded: replay.provider!, live, step } };
}
