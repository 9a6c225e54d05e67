/**
 * How the CLI gets a checked Program for a definition file. Interim: the builder in
 * interimProgram.ts (YAML and format only) until src/core/checker's Workspace lands; then
 * this switches to the checker, and `handoff run` refuses files with checker errors.
 */
import { resolve } from 'node:path';
import type { Program } from '../core/model/program';
import { loadInterimProgram } from './interimProgram';

export async function loadProgram(file: string): Promise<Program> {
  return loadInterimProgram(resolve(file));
}
