/**
 * What an `imports:` entry may be: a path, relative to the file that writes it, to another
 * definition file (`./shared.agents.yaml`, `../common/types.agents.yml`). An absolute path or
 * a URL would make a definition depend on the machine it was written on (and let a file read
 * any file of that machine); a file that is not a definition file cannot be one.
 */

/** Why `spec` cannot be an import, or undefined when it can. */
export function importProblem(spec: string): string | undefined {
  if (/^(?:[/\\]|[A-Za-z]:|[A-Za-z][A-Za-z0-9+.-]+:)/.test(spec)) {
    return `an import is a path relative to this file, such as ./shared.agents.yaml, not '${spec}'`;
  }
  if (!/\.agents\.ya?ml$/.test(spec)) return `an import names a definition file (*.agents.yaml), not '${spec}'`;
  return undefined;
}
