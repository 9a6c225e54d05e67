/**
 * Activation: the VS Code glue only. Every feature lives in its own module and registers
 * itself here; the intelligence (checker, engine, tracing) is in src/core. Activation does
 * nothing heavy: the checker and engine load on first use. A failure is shown to the user,
 * never swallowed.
 */
import * as vscode from 'vscode';
import { registerLanguageFeatures } from './language';
import { registerPanel, type PanelApi } from './panel';
import { registerRunFeatures } from './run';
import { registerWorkflowsView } from './views/workflowsView';
import { HandoffContext } from './context';

export interface HandoffApi {
  /** For tests: the activation time in milliseconds and the ids of the commands registered. */
  readonly activationMs: number;
  readonly ctx: HandoffContext;
  /** The trace panel's live feed (what a run feeds; the panel benchmark drives it directly). */
  readonly panel: PanelApi;
}

export async function activate(context: vscode.ExtensionContext): Promise<HandoffApi> {
  const started = performance.now();
  const log = vscode.window.createOutputChannel('Handoff', { log: true });
  context.subscriptions.push(log);
  try {
    const ctx = new HandoffContext(context, log);
    context.subscriptions.push(ctx);
    registerWorkflowsView(ctx);
    const panel = registerPanel(ctx);
    registerLanguageFeatures(ctx);
    registerRunFeatures(ctx);
    const activationMs = performance.now() - started;
    log.info(`Handoff activated in ${activationMs.toFixed(1)} ms`);
    return { activationMs, ctx, panel };
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    log.error(`activation failed: ${err instanceof Error ? (err.stack ?? message) : message}`);
    void vscode.window.showErrorMessage(`Handoff failed to start: ${message}`, 'Show Log').then((pick) => {
      if (pick) log.show();
    });
    throw err;
  }
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
