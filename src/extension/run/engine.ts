/**
 * The engine, the checker and the trace writer are loaded on first use, not at activation:
 * esbuild keeps dynamically imported modules uninitialised until the first `import()`.
 */
import type { Program } from '../../core/model/program';

export function loadEngine() {
  return import('../../core/engine');
}

export function loadTracing() {
  return Promise.all([import('../../core/tracing/writer'), import('../../core/tracing/processor')]).then(([writer, processor]) => ({ ...writer, ...processor }));
}

/**
 * The program that `file` sees (it and everything it imports). Until src/core/checker lands
 * this is the interim builder `handoff run` uses too (format errors only, no static checks).
 */
export async function loadProgramFor(file: string): Promise<Program> {
  const { loadInterimProgram } = await import('../../cli/interimProgram');
  return loadInterimProgram(file);
}
