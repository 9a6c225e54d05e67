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

/** The checked program that `file` sees (it and everything it imports). */
export async function loadProgramFor(_file: string): Promise<Program> {
  throw new Error('the checker is not in this build yet');
}
