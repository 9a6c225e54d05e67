/**
 * Replay Run…: runs a recorded run again with every model call answered from its trace
 * (no network, no key): the same definition file, target and input as the recording.
 */
import * as path from 'node:path';
import { readFile } from 'node:fs/promises';
import { readTraceLines } from '../../core/runs/traceLines';
import { summarizeRun } from '../../core/runs/summary';
import type { ModelProvider } from '../../core/providers/types';
import type { RunHistory } from './history';
import type { RunRequest } from './runner';
import { refusal, type Refusal } from './trust';

export async function replayRequest(trace: string, history: RunHistory): Promise<RunRequest | Refusal> {
  let text: string;
  try {
    text = await readFile(trace, 'utf8');
  } catch (err) {
    return refusal('invalid', `Cannot read the trace ${trace}: ${(err as Error).message}`);
  }
  const lines = readTraceLines(text);
  const run = summarizeRun(lines);
  if (!run) {
    // Spans but no run line: a Handoff trace that lost it, which nothing can say whose run it records.
    const why = lines.some((l) => l.record.type === 'span') ? 'its run line is missing or damaged, so nothing says which workflow or agent it records' : 'it holds no run record';
    return refusal('invalid', `${path.basename(trace)} cannot be replayed: ${why}.`);
  }
  // A trace holds the file as the run was given it: absolute, or relative to where it ran.
  const file = path.isAbsolute(run.file) ? run.file : path.resolve(history.rootFor(trace), run.file);
  let provider: ModelProvider;
  try {
    provider = await replayProvider(text);
  } catch (err) {
    return refusal('invalid', `Cannot replay ${path.basename(trace)}: ${(err as Error).message}`);
  }
  return { file, target: run.target, input: run.input, provider };
}

async function replayProvider(text: string): Promise<ModelProvider> {
  const [{ ReplayProvider }, { parseTrace }] = await Promise.all([import('../../core/providers/replay'), import('../../core/tracing/reader')]);
  return new ReplayProvider(parseTrace(text));
}
