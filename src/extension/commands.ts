/**
 * Commands that no feature module has claimed yet answer with a clear message instead of
 * doing nothing. Feature modules register their own commands; this file registers the rest.
 */
import * as vscode from 'vscode';
import { Commands, type CommandId } from './commandIds';
import type { HandoffContext } from './context';

const claimed = new Set<CommandId>();

/** A feature module calls this to register a command it implements. */
export function registerCommand(
  ctx: HandoffContext,
  id: CommandId,
  handler: (...args: unknown[]) => unknown,
): void {
  claimed.add(id);
  ctx.extension.subscriptions.push(vscode.commands.registerCommand(id, handler));
}

/** Registers a "not built yet" answer for every contributed command no module claimed. */
export function registerCommands(ctx: HandoffContext): void {
  // Deferred so that feature modules registered after this call claim theirs first.
  queueMicrotask(() => {
    for (const id of Object.values(Commands)) {
      if (claimed.has(id)) continue;
      ctx.extension.subscriptions.push(
        vscode.commands.registerCommand(id, () => {
          const message = `Handoff: "${id}" is not built yet in this version.`;
          void vscode.window.showInformationMessage(message);
          return { notImplemented: true, message };
        }),
      );
    }
  });
}
