/** The checker: the workspace model, the Program it builds, and symbol queries for the editor. */
export { Workspace } from './workspace';
export { WorkspaceProgram } from './program';
export { loadProgram, loadWorkspace, type ReadFile } from './load';
export { FileModel, SECTIONS, type SymbolDef, type SymbolKind, type ImportEntry } from './fileModel';
export { Resolver } from './resolver';
export * from './symbols';
export { nearest } from './suggest';
