/**
 * Checkpoints of plan workflows (`.handoff/checkpoints/<runId>.json`): the plan and the
 * output of every finished step, written atomically (a temp file, then rename) after each
 * step, so `handoff run --resume <runId>` continues without repeating finished steps or
 * their model calls.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { RunError } from './errors';

export interface PlannedStep {
  readonly worker: string;
  readonly input: unknown;
}

export interface Checkpoint {
  readonly version: 1;
  readonly runId: string;
  readonly file: string;
  readonly workflow: string;
  readonly input: unknown;
  plan?: PlannedStep[];
  /** Outputs of finished steps, by index in the plan. */
  done: unknown[];
  status: 'running' | 'ok' | 'error' | 'cancelled';
}

export function checkpointPath(cwd: string, runId: string): string {
  if (!/^[A-Za-z0-9_.-]+$/.test(runId)) throw new RunError('checkpoint', `not a run id: ${runId}`);
  return join(cwd, '.handoff', 'checkpoints', `${runId}.json`);
}

let seq = 0;
export function writeCheckpoint(path: string, cp: Checkpoint): void {
  try {
    mkdirSync(dirname(path), { recursive: true });
    const tmp = `${path}.${process.pid}.${++seq}.tmp`;
    writeFileSync(tmp, JSON.stringify(cp, null, 1));
    renameSync(tmp, path);
  } catch (err) {
    throw new RunError('checkpoint', `cannot write checkpoint ${path}: ${(err as Error).message}`, { cause: err });
  }
}

export function readCheckpoint(path: string): Checkpoint {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new RunError('checkpoint', `cannot read checkpoint ${path}: ${(err as Error).message}`, { cause: err });
  }
  const cp = json as Partial<Checkpoint>;
  if (cp?.version !== 1 || typeof cp.runId !== 'string' || typeof cp.workflow !== 'string' || !Array.isArray(cp.done)) {
    throw new RunError('checkpoint', `${path} is not a Handoff checkpoint`);
  }
  return cp as Checkpoint;
}
