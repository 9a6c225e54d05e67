/** `handoff.revealDefinition` called as a command: `{ file, kind, name, workflow? }`. */
import * as vscode from 'vscode';
import { z } from 'zod';
import { resolveDefinitionFile, revealDefinition } from './reveal';

export const RevealArgs = z.object({
  file: z.string(),
  kind: z.enum(['workflow', 'step', 'agent', 'contract']),
  name: z.string(),
  workflow: z.string().optional(),
});

export async function revealFromCommand(arg: unknown): Promise<boolean> {
  const parsed = RevealArgs.safeParse(arg);
  if (!parsed.success) {
    void vscode.window.showErrorMessage('Handoff: Reveal in Definition needs { file, kind, name }.');
    return false;
  }
  const { file, kind, name, workflow } = parsed.data;
  const uri = await resolveDefinitionFile(file);
  if (!uri) {
    void vscode.window.showWarningMessage(`Handoff: cannot find the definition file ${file}.`);
    return false;
  }
  return revealDefinition(uri, kind, name, workflow);
}
