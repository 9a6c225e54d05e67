/**
 * Checkpoints of plan workflows (`.handoff/checkpoints/<runId>.json`): the plan and the
 * output of every finished step, written atomically (a temp file, then rename) after each
 * step, so `handoff run --resume <runId>` continues without repeating finished steps or
 * their model calls.
 */
import { renameSync, writeFileSync } from 'node:fs';
import { fsReason, makeDirs, MAX_CHECKPOINT_BYTES, readTextFile } from '../files';
import { parseJsonText } from '../jsonParse';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import { RunError } from './errors';

export const PlannedStep = z.object({ worker: z.string(), input: z.unknown() });
export type PlannedStep = z.infer<typeof PlannedStep>;

export const Checkpoint = z
  .object({
    version: z.literal(1),
    runId: z.string(),
    file: z.string(),
    workflow: z.string(),
    input: z.unknown(),
    plan: z.array(PlannedStep).optional(),
    /** Outputs of finished steps, by index in the plan. */
    done: z.array(z.unknown()),
    status: z.enum(['running', 'ok', 'error', 'cancelled']),
  })
  .refine((cp) => cp.plan === undefined || cp.done.length <= cp.plan.length, { message: 'more finished steps than the plan has', path: ['done'] });
export type Checkpoint = z.infer<typeof Checkpoint>;

export function checkpointPath(cwd: string, runId: string): string {
  if (!/^[A-Za-z0-9_.-]+$/.test(runId)) throw new RunError('checkpoint', `not a run id: ${runId}`);
  return join(cwd, '.handoff', 'checkpoints', `${runId}.json`);
}

let seq = 0;
export function writeCheckpoint(path: string, cp: Checkpoint): void {
  try {
    makeDirs(dirname(path));
    const tmp = `${path}.${process.pid}.${++seq}.tmp`;
    writeFileSync(tmp, JSON.stringify(cp, null, 1));
    renameSync(tmp, path);
  } catch (err) {
    throw new RunError('checkpoint', `cannot write checkpoint ${path}: ${(err as Error).message}`, { cause: err });
  }
}

/** The checkpoint at `path`; with `runId`, it must be that run's (a file copied or renamed by hand is refused). */
export function readCheckpoint(path: string, runId?: string): Checkpoint {
  let text: string;
  try {
    text = readTextFile(path, MAX_CHECKPOINT_BYTES);
  } catch (err) {
    throw new RunError('checkpoint', `cannot read checkpoint ${path}: ${(err as NodeJS.ErrnoException).code ? fsReason(err) : (err as Error).message}`, { cause: err });
  }
  const parsed = parseJsonText(text);
  if (!parsed.ok) throw new RunError('checkpoint', `checkpoint ${path}:${parsed.line}:${parsed.column} is not JSON (${parsed.message}): it was damaged; the run cannot be resumed from it`);
  const json = parsed.value;
  const r = Checkpoint.safeParse(json);
  if (!r.success) {
    const issue = r.error.issues[0];
    const at = issue && issue.path.length > 0 ? ` at ${issue.path.join('.')}` : '';
    throw new RunError('checkpoint', `${path} is not a Handoff checkpoint${at}: ${issue?.message ?? 'unexpected content'}`);
  }
  if (runId !== undefined && r.data.runId !== runId) {
    throw new RunError('checkpoint', `${path} holds the checkpoint of run ${r.data.runId}, not of run ${runId}: resume with --resume ${r.data.runId} from where it was written, or rename the file back`);
  }
  return r.data;
}
