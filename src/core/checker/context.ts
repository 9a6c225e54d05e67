/** What every check of one file gets: the file, the resolver, and where diagnostics go. */
import type { Diagnostic } from '../model/diagnostic';
import type { FileModel } from './fileModel';
import type { Resolver } from './resolver';

export interface CheckContext {
  readonly file: FileModel;
  readonly resolver: Resolver;
  readonly out: Diagnostic[];
}

/** Reads a string member of a raw definition (format errors may leave anything there). */
export function str(v: Record<string, unknown>, key: string): string | undefined {
  const x = v[key];
  return typeof x === 'string' ? x : undefined;
}

export function strList(v: Record<string, unknown>, key: string): string[] {
  const x = v[key];
  return Array.isArray(x) ? x.filter((s): s is string => typeof s === 'string') : [];
}
