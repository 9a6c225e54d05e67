/**
 * Loading a program from disk: the root files and everything they import, transitively.
 * A missing import is a diagnostic on the import entry (the workspace reports it).
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { utf8Text } from '../files';
import type { Program } from '../model/program';
import { Workspace } from './workspace';

export type ReadFile = (path: string, encoding: 'utf8') => string;

/** A definition file's text; bytes that are not UTF-8 are an error that says where (not U+FFFD). */
const readUtf8: ReadFile = (path) => utf8Text(path, readFileSync(path));

export function loadWorkspace(rootFiles: readonly string[], readFile: ReadFile = readUtf8): Workspace {
  const ws = new Workspace();
  const queue = rootFiles.map((f) => resolve(f));
  const seen = new Set<string>();
  while (queue.length > 0) {
    const p = queue.shift() as string;
    if (seen.has(p)) continue;
    seen.add(p);
    let text: string;
    try {
      text = readFile(p, 'utf8');
    } catch (err) {
      // An import that names a folder, or a file that cannot be read, says why (a missing
      // one is "cannot find").
      const e = err as NodeJS.ErrnoException;
      if (e.code !== 'ENOENT') ws.setUnreadable(p, e.code === 'EISDIR' ? 'it is a folder' : e.code === 'EACCES' || e.code === 'EPERM' ? 'permission denied' : e.code === 'EUTF8' ? `it is ${(e as { reason?: string }).reason}` : e.message);
      continue;
    }
    ws.setFile(p, text);
    for (const imp of ws.model(p)?.imports ?? []) queue.push(imp.target);
  }
  return ws;
}

export function loadProgram(rootFiles: readonly string[], readFile: ReadFile = readUtf8): Program {
  return loadWorkspace(rootFiles, readFile).check();
}
