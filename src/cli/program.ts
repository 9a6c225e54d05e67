/**
 * How the CLI gets a checked Program for a definition file: the checker loads the file and
 * what it imports and checks them all; `handoff run` refuses files with errors.
 */
import { resolve } from 'node:path';
import { loadWorkspace } from '../core/checker';
import type { Program } from '../core/model/program';

/** The checked program of a definition file; throws an Error that says why when the file itself cannot be read (no permission, not UTF-8). */
export async function loadProgram(file: string): Promise<Program> {
  const ws = loadWorkspace([resolve(file)]);
  const why = ws.unreadableReason(file);
  if (why !== undefined) throw new Error(why);
  return ws.check();
}
