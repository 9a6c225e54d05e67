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
 * The checked program that `file` sees (it and everything it imports), read from disk by the
 * same checker `handoff run` uses, so the editor refuses exactly what the CLI refuses.
 */
export async function loadProgramFor(file: string): Promise<Program> {
  const { loadProgram } = await import('../../core/checker');
  return loadProgram([file]);
}
