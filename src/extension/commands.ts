/**
 * Command registration: each feature module registers the commands it implements, through
 * the typed ids of `commandIds.ts`. A contributed command that no module registers is a bug
 * the in-host test `every contributed command is registered` catches; there is no stand-in.
 */
import * as vscode from 'vscode';
import type { CommandId } from './commandIds';
import type { HandoffContext } from './context';

/** A feature module calls this to register a command it implements. */
export function registerCommand(ctx: HandoffContext, id: CommandId, handler: (...args: unknown[]) => unknown): void {
  ctx.extension.subscriptions.push(vscode.commands.registerCommand(id, handler));
}
