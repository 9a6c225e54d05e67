/** Programs for engine tests: the real checker over in-memory definition files. */
import { resolve } from 'node:path';
import { loadProgram } from '../../src/core/checker';
import type { Program } from '../../src/core/model/program';

export function programFrom(files: Record<string, string>): Program {
  const byPath = new Map(Object.entries(files).map(([p, text]) => [resolve(p), text]));
  return loadProgram([...byPath.keys()], (p) => {
    const text = byPath.get(resolve(p));
    if (text === undefined) throw new Error(`no such file: ${p}`);
    return text;
  });
}

/** The checker's errors, for tests that expect a program that checks. */
export function errorsOf(p: Program): string[] {
  return p.diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.range.start.line}:${d.range.start.column} ${d.code} ${d.message}`);
}
