/**
 * How the CLI gets a checked Program for a definition file: the checker loads the file and
 * what it imports and checks them all; `handoff run` refuses files with errors.
 */
import { resolve } from 'node:path';
import { loadProgram as checkAndLoad } from '../core/checker';
import type { Program } from '../core/model/program';

export async function loadProgram(file: string): Promise<Program> {
  return checkAndLoad([resolve(file)]);
}
