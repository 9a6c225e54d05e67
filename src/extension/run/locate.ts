/**
 * Where a run-time violation goes: the name key of the contract and of the agent, in the
 * file that defines each (found through the program, so imports are followed).
 */
import { readFileSync } from 'node:fs';
import type { Program } from '../../core/model/program';
import type { SourceRange } from '../../core/model/diagnostic';
import { entryRange, outlineDefinition, type OutlineKind } from '../../core/runs/outline';
import type { ViolationLocator } from '../../core/runs/violations';

export function programLocator(program: Program, fromFile: string): ViolationLocator {
  const outlines = new Map<string, ReturnType<typeof outlineDefinition>>();
  const find = (file: string, kind: OutlineKind, name: string): SourceRange | undefined => {
    let outline = outlines.get(file);
    if (!outline) {
      try {
        outline = outlineDefinition(readFileSync(file, 'utf8'));
      } catch {
        outline = [];
      }
      outlines.set(file, outline);
    }
    const e = outline.find((x) => x.kind === kind && x.name === name);
    return e && entryRange(file, e);
  };
  return {
    contract(name, version) {
      const c = program.contract(`${name}@${version}`, fromFile) ?? program.contract(name, fromFile);
      return c ? (find(c.file, 'contract', name) ?? c.range) : undefined;
    },
    agent(name) {
      const a = program.agent(name, fromFile);
      return a ? (find(a.file, 'agent', name) ?? a.range) : undefined;
    },
  };
}
