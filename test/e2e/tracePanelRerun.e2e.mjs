// Rerun from here, clicked in the real trace viewer: a run of the support example recorded
// by `handoff run` (the same engine and trace writer as the editor) opens in the viewer; its
// `answer` step is rerun from the details pane; the rerun finishes and says so.
import assert from 'node:assert/strict';
import { quickOpen, recordRun, traceUi } from './workbench.mjs';

export async function rerunFromHereInTheTraceViewer({ page, repo, workspace, screenshot }) {
  const { trace, file, remove } = recordRun({ repo, workspace }, 'support-rerun-e2e', ['support.agents.yaml', '--workflow', 'support', '--input', '@inputs/ticket-billing.json']);
  try {
    await quickOpen(page, trace, file);
    const ui = traceUi(page);
    const step = ui.locator('.row', { hasText: 'answer' }).first();
    await step.waitFor({ state: 'visible', timeout: 30_000 });
    await step.click();
    const button = ui.locator('.details button', { hasText: 'Rerun from here' });
    await button.waitFor({ state: 'visible', timeout: 10_000 });
    assert.notEqual(await button.getAttribute('aria-disabled'), 'true', `the button is disabled: ${await button.getAttribute('title')}`);
    await button.click();
    // The rerun reports like any run: a notification with its summary.
    const done = page.locator('.notification-toast', { hasText: 'workflow support (rerun from answer) — ok' });
    await done.waitFor({ state: 'visible', timeout: 30_000 });
    // And its progress notification closes.
    await page.locator('.notification-toast', { hasText: 'running workflow support (rerun from answer)' }).waitFor({ state: 'hidden', timeout: 15_000 });
    await screenshot('trace-rerun-from-here');
  } finally {
    remove();
  }
}
