/**
 * Model providers behind one interface (types.ts). The extension implements its own
 * (`vscode.lm`) against `ModelProvider`; the `openai` provider is imported from
 * './openai' directly, so that code which does not need the SDK does not load it.
 */
export * from './types';
export { ScriptedProvider, loadScript, containsPartial, type Script, type ScriptReply, type ScriptFunction } from './scripted';
export { ReplayProvider, stableJson } from './replay';
